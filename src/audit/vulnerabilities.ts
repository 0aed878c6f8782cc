/**
 * The vulnerability gate: reads Trivy JSON reports (`trivy image --format json`) and reports every workload whose
 * image has vulnerabilities at or above a severity threshold (rule `no-critical-vulnerabilities`), so CI can block
 * deployments of images with CRITICAL or HIGH vulnerabilities.
 *
 * Accepted risks belong in the scan itself (`.trivyignore`, `--ignore-policy`): the gate trusts the report.
 */
import { readFileSync } from 'fs';
import type { AuditInput } from './engine';
import type { Finding } from './types';
import { parseImageReference } from '../core/image';
import { containersOf, hasPodSpec, podTemplateOf } from '../core/pod-spec';
import { isRecord, KubeObject, pointer, resourceRef } from '../core/types';
import type { RuleMetadata, Severity } from '../rules/rule';

/** Trivy's severities, from the most to the least severe. */
export const TRIVY_SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;

/** A Trivy severity. */
export type TrivySeverity = (typeof TRIVY_SEVERITIES)[number];

/** Metadata of the rule the gate reports, in the shape of the catalogue's rules. */
export const NO_CRITICAL_VULNERABILITIES: RuleMetadata = {
  id: 'no-critical-vulnerabilities',
  title: 'Deployed images have no vulnerabilities at or above the threshold',
  rationale: 'A known CRITICAL or HIGH vulnerability in a running image is the easiest way in: exploits are public and scanners find them'
    + ' as fast as attackers do.',
  guide: 'Scan images, block CRITICAL/HIGH',
  /** The most severe a finding can be; each finding takes the severity of its worst vulnerability. */
  severity: 'critical',
  fix: 'Rebuild on a patched base image or upgrade the packages to their fixed versions, rescan, and deploy the new digest.',
  default: 'threshold HIGH: CRITICAL and HIGH vulnerabilities block the deployment',
  references: ['https://trivy.dev/latest/docs/configuration/reporting/#json', 'https://kubernetes.io/docs/concepts/security/'],
};

/** One vulnerability of one package, as Trivy reports it. */
export interface ImageVulnerability {
  /** CVE or advisory id (`CVE-2024-1234`, `GHSA-…`). */
  readonly id: string;
  readonly severity: TrivySeverity;
  readonly packageName: string;
  readonly installedVersion: string;
  /** The version that fixes it, when one exists. */
  readonly fixedVersion?: string;
  /** Trivy's `Target` (the OS or the lock file the package was found in). */
  readonly target: string;
}

/** The scan of one image. */
export interface ImageScan {
  /** Trivy's `ArtifactName` (the reference that was scanned). */
  readonly artifactName: string;
  /** The `sha256:…` digests the image is known by (from `Metadata.RepoDigests` and the artifact name). */
  readonly digests: readonly string[];
  /** Normalised references it is known by (artifact name and `Metadata.RepoTags`), e.g. `docker.io/library/nginx:1.27`. */
  readonly references: readonly string[];
  readonly vulnerabilities: readonly ImageVulnerability[];
  /** The report file. */
  readonly file: string;
}

/** Scans indexed by digest and by reference. */
export interface VulnerabilityIndex {
  readonly scans: readonly ImageScan[];
  /** The scan of an image digest (`sha256:…`). */
  readonly byDigest: ReadonlyMap<string, ImageScan>;
  /** The scan of a normalised reference. */
  readonly byReference: ReadonlyMap<string, ImageScan>;
}

/** A report that cannot be read or is not a Trivy image report. The message names the file. */
export class VulnerabilityReportError extends Error {
  constructor(public readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'VulnerabilityReportError';
  }
}

/**
 * Reads Trivy JSON reports: each file holds one report (`{ "ArtifactName": …, "Results": … }`), a JSON array of
 * reports, or several reports one after the other (as `trivy image … >> report.json` appends them).
 * Throws {@link VulnerabilityReportError} naming the file.
 */
export function loadVulnerabilityReports(paths: readonly string[]): VulnerabilityIndex {
  const scans: ImageScan[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new VulnerabilityReportError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    scans.push(...parseVulnerabilityReports(text, path));
  }
  return indexScans(scans);
}

/** Parses the Trivy JSON `text` read from `file` (see {@link loadVulnerabilityReports}). */
export function parseVulnerabilityReports(text: string, file: string): ImageScan[] {
  const documents = parseJsonDocuments(text, file);
  const reports = documents.flatMap((d) => (Array.isArray(d) ? d : [d]));
  if (reports.length === 0) throw new VulnerabilityReportError(file, 'holds no Trivy report');
  return reports.map((report, index) => readReport(report, file, reports.length > 1 ? `report ${index + 1}: ` : ''));
}

/** Indexes scans by digest and by reference; a later scan of the same image replaces an earlier one. */
export function indexScans(scans: readonly ImageScan[]): VulnerabilityIndex {
  const byDigest = new Map<string, ImageScan>();
  const byReference = new Map<string, ImageScan>();
  for (const scan of scans) {
    for (const digest of scan.digests) byDigest.set(digest, scan);
    for (const reference of scan.references) byReference.set(reference, scan);
  }
  return { scans, byDigest, byReference };
}

/** Options of {@link vulnerabilityFindings}. */
export interface VulnerabilityGateOptions {
  /**
   * The least severe vulnerability that blocks a deployment.
   * @default 'HIGH' (CRITICAL and HIGH block)
   */
  readonly threshold?: TrivySeverity;
  /**
   * Skip vulnerabilities that have no fixed version yet (Trivy's `--ignore-unfixed`).
   * @default false
   */
  readonly ignoreUnfixed?: boolean;
  /**
   * Report images that no report covers, so an unscanned image cannot slip through.
   * @default false
   */
  readonly requireScan?: boolean;
}

/** At most this many vulnerabilities are named in a finding's message. */
const NAMED_IN_MESSAGE = 3;

/**
 * A `no-critical-vulnerabilities` finding for every container (init, regular, ephemeral) of every Pod and pod
 * template whose image has vulnerabilities at or above the threshold. An image pinned by digest is matched by
 * digest only (a scan of the same tag with another digest is another image); other images by reference.
 * The finding's severity is that of its worst vulnerability (CRITICAL → critical … LOW → low).
 */
export function vulnerabilityFindings(
  inputs: Iterable<AuditInput | KubeObject>, index: VulnerabilityIndex, options: VulnerabilityGateOptions = {},
): Finding[] {
  const threshold = options.threshold ?? 'HIGH';
  if (!(TRIVY_SEVERITIES as readonly string[]).includes(threshold)) {
    throw new Error(`invalid vulnerability threshold "${threshold}": use one of ${TRIVY_SEVERITIES.join(', ')}`);
  }
  const limit = rank(threshold);
  const findings: Finding[] = [];
  for (const input of inputs) {
    const item = isAuditInput(input) ? input : { object: input };
    if (!hasPodSpec(item.object)) continue;
    const view = podTemplateOf(item.object);
    if (!view) continue;
    const location = { ...(item.file !== undefined ? { file: item.file } : {}), ...(item.line !== undefined ? { line: item.line } : {}) };
    for (const container of containersOf(view)) {
      const image = container.container.image;
      if (typeof image !== 'string' || image === '') continue;
      const name = String(container.container.name ?? '');
      const path = pointer(container.pointer, 'image');
      const scan = findScan(index, image);
      if (!scan) {
        if (options.requireScan) {
          findings.push({
            rule: NO_CRITICAL_VULNERABILITIES.id,
            severity: 'high',
            message: `container "${name}" image "${image}" has no vulnerability scan`,
            fix: 'Scan the image (trivy image --format json <image>@<digest>) and pass the report.',
            ...location,
            resource: resourceRef(item.object),
            path,
          });
        }
        continue;
      }
      const blocking = scan.vulnerabilities.filter((v) => rank(v.severity) <= limit && !(options.ignoreUnfixed && !v.fixedVersion));
      if (blocking.length === 0) continue;
      findings.push({
        rule: NO_CRITICAL_VULNERABILITIES.id,
        severity: severityOf(blocking),
        message: `container "${name}" image "${image}" ${describeVulnerabilities(blocking, threshold)}`,
        fix: NO_CRITICAL_VULNERABILITIES.fix,
        ...location,
        resource: resourceRef(item.object),
        path,
      });
    }
  }
  return findings;
}

/** The scan of `image`: by digest when it is pinned, else by its normalised reference. */
export function findScan(index: VulnerabilityIndex, image: string): ImageScan | undefined {
  const reference = parseImageReference(image);
  if (!reference) return undefined;
  if (reference.digest) return index.byDigest.get(reference.digest);
  const normalised = normaliseReference(image);
  return normalised ? index.byReference.get(normalised) : undefined;
}

/**
 * The canonical form of a tag reference: explicit registry (`docker.io`), `library/` for official images and the
 * `latest` tag when none is given (`nginx` → `docker.io/library/nginx:latest`). The digest, if any, is dropped.
 */
export function normaliseReference(image: string): string | undefined {
  const reference = parseImageReference(image);
  if (!reference) return undefined;
  let registry = reference.registry ?? 'docker.io';
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  const repository = registry === 'docker.io' && !reference.repository.includes('/') ? `library/${reference.repository}` : reference.repository;
  return `${registry}/${repository}:${reference.tag ?? 'latest'}`;
}

/** 0 for CRITICAL … 4 for UNKNOWN. */
function rank(severity: TrivySeverity): number {
  return TRIVY_SEVERITIES.indexOf(severity);
}

function severityOf(vulnerabilities: readonly ImageVulnerability[]): Severity {
  const worst = Math.min(...vulnerabilities.map((v) => rank(v.severity)));
  return (['critical', 'high', 'medium', 'low', 'low'] as const)[worst];
}

function describeVulnerabilities(vulnerabilities: readonly ImageVulnerability[], threshold: TrivySeverity): string {
  const sorted = [...vulnerabilities].sort((a, b) => rank(a.severity) - rank(b.severity) || a.id.localeCompare(b.id));
  const counts = TRIVY_SEVERITIES.map((s) => [s, sorted.filter((v) => v.severity === s).length] as const).filter(([, n]) => n > 0);
  const named = sorted.slice(0, NAMED_IN_MESSAGE).map((v) => `${v.id} ${v.severity} in ${v.packageName} ${v.installedVersion}`
    + (v.fixedVersion ? ` (fixed in ${v.fixedVersion})` : ' (no fix yet)'));
  const more = sorted.length > NAMED_IN_MESSAGE ? `, and ${sorted.length - NAMED_IN_MESSAGE} more` : '';
  const noun = sorted.length === 1 ? 'vulnerability' : 'vulnerabilities';
  return `has ${sorted.length} ${noun} at or above ${threshold} (${counts.map(([s, n]) => `${n} ${s}`).join(', ')}): ${named.join(', ')}${more}`;
}

function isAuditInput(value: AuditInput | KubeObject): value is AuditInput {
  return isRecord((value as AuditInput).object) && (value as KubeObject).kind === undefined;
}

/** Reads one report object. */
function readReport(report: unknown, file: string, prefix: string): ImageScan {
  const fail = (reason: string) => new VulnerabilityReportError(file, `${prefix}${reason}`);
  if (!isRecord(report)) throw fail('is not a Trivy JSON report (expected an object with ArtifactName and Results)');
  if (Array.isArray(report.Resources) || report.ClusterName !== undefined) {
    throw fail('is a Trivy Kubernetes report (trivy k8s), which does not say which image each result is for: scan each image with trivy image --format json');
  }
  if (typeof report.ArtifactName !== 'string' || report.ArtifactName === '') throw fail('has no ArtifactName: is it a Trivy JSON report (trivy image --format json)?');
  if (report.ArtifactType !== undefined && report.ArtifactType !== 'container_image') {
    throw fail(`is a scan of a ${String(report.ArtifactType)}, not of a container image`);
  }
  const metadata = isRecord(report.Metadata) ? report.Metadata : {};
  const repoDigests = stringList(metadata.RepoDigests, () => fail('Metadata.RepoDigests must be a list of strings'));
  const repoTags = stringList(metadata.RepoTags, () => fail('Metadata.RepoTags must be a list of strings'));
  const digests = new Set<string>();
  for (const ref of [report.ArtifactName, ...repoDigests]) {
    const digest = parseImageReference(ref)?.digest;
    if (digest) digests.add(digest);
  }
  const references = new Set<string>();
  for (const ref of [report.ArtifactName, ...repoTags]) {
    if (parseImageReference(ref)?.digest) continue;
    const normalised = normaliseReference(ref);
    if (normalised) references.add(normalised);
  }
  if (report.Results !== undefined && report.Results !== null && !Array.isArray(report.Results)) throw fail('Results must be a list');
  const vulnerabilities: ImageVulnerability[] = [];
  ((report.Results as unknown[] | null | undefined) ?? []).forEach((result, r) => {
    if (!isRecord(result)) throw fail(`Results[${r}] must be an object`);
    const list = result.Vulnerabilities;
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw fail(`Results[${r}].Vulnerabilities must be a list`);
    list.forEach((v, i) => vulnerabilities.push(readVulnerability(v, String(result.Target ?? ''), (reason) => fail(`Results[${r}].Vulnerabilities[${i}] ${reason}`))));
  });
  return { artifactName: report.ArtifactName, digests: [...digests], references: [...references], vulnerabilities, file };
}

function readVulnerability(value: unknown, target: string, fail: (reason: string) => Error): ImageVulnerability {
  if (!isRecord(value)) throw fail('must be an object');
  if (typeof value.VulnerabilityID !== 'string' || value.VulnerabilityID === '') throw fail('has no VulnerabilityID');
  const severity = typeof value.Severity === 'string' ? value.Severity.toUpperCase() : '';
  if (!(TRIVY_SEVERITIES as readonly string[]).includes(severity)) {
    throw fail(`has an unknown Severity ${JSON.stringify(value.Severity)} (expected ${TRIVY_SEVERITIES.join(', ')})`);
  }
  const text = (field: unknown) => (typeof field === 'string' ? field : '');
  return {
    id: value.VulnerabilityID,
    severity: severity as TrivySeverity,
    packageName: text(value.PkgName),
    installedVersion: text(value.InstalledVersion),
    ...(text(value.FixedVersion) ? { fixedVersion: text(value.FixedVersion) } : {}),
    target,
  };
}

function stringList(value: unknown, fail: () => Error): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw fail();
  return value;
}

/** The JSON values in `text`: one value, or several written one after the other. */
function parseJsonDocuments(text: string, file: string): unknown[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new VulnerabilityReportError(file, 'is empty');
  try {
    return [JSON.parse(trimmed)];
  } catch (first) {
    const documents: unknown[] = [];
    for (const chunk of splitJsonValues(trimmed)) {
      try {
        documents.push(JSON.parse(chunk));
      } catch {
        throw new VulnerabilityReportError(file, `is not valid JSON (${(first as Error).message})`);
      }
    }
    if (documents.length < 2) throw new VulnerabilityReportError(file, `is not valid JSON (${(first as Error).message})`);
    return documents;
  }
}

/** Splits concatenated top-level JSON objects or arrays (`{…}{…}` or one per line). */
function splitJsonValues(text: string): string[] {
  const chunks: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        chunks.push(text.slice(start, i + 1));
        start = -1;
      }
      if (depth < 0) return [];
    } else if (depth === 0 && !/\s/.test(char)) {
      return [];
    }
  }
  return depth === 0 ? chunks : [];
}
