/**
 * The audit report as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
 * @see https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { createHash } from 'crypto';
import { isAbsolute, relative, resolve, sep } from 'path';
import type { AuditReport, Exemption, Finding } from './types';
import { describeResource, reportedResource } from '../core/types';
import type { Severity } from '../rules/rule';

/** The `$schema` of the SARIF log. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF result levels by severity: critical and high are errors, medium a warning, low a note. */
export const SARIF_LEVELS: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error', high: 'error', medium: 'warning', low: 'note',
};

/** GitHub code scanning's `security-severity` scores (critical > 9, high 7–8.9, medium 4–6.9, low < 4). */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5', high: '8.0', medium: '5.5', low: '3.0',
};

/** Key of the partial fingerprint each result carries, stable across line moves. */
export const FINGERPRINT_KEY = 'kubeharden/v1';

/** What the SARIF log says of a rule: a rule of the catalogue (`Rule`), a Dockerfile rule or the vulnerability gate. */
export interface SarifRule {
  readonly id: string;
  readonly title: string;
  readonly rationale: string;
  readonly fix: string;
  readonly severity: Severity;
  readonly pssChecks?: readonly string[];
  /**
   * The rule's tags.
   * @default - `security` and `kubernetes`, and `pod-security-standards` for a rule with Pod Security Standards checks
   */
  readonly tags?: readonly string[];
}

/** Options of {@link formatSarif}. */
export interface SarifOptions {
  /** The rule catalogue; every rule is listed in `tool.driver.rules`. */
  readonly rules: readonly SarifRule[];
  /** The kubeharden version. */
  readonly version: string;
  /** Where the tool is documented. */
  readonly informationUri: string;
  /** The URI of RULES.md; each rule's `helpUri` is `<rulesUri>#<rule id>`. */
  readonly rulesUri: string;
  /**
   * The severities the configuration sets (rule id → severity) in place of the catalogue's, as for
   * `applySeverities`: each rule's `defaultConfiguration.level` and `security-severity` follow them.
   * @default - every rule at its catalogue severity
   */
  readonly severity?: Readonly<Record<string, Severity>>;
  /**
   * Directory that artifact URIs are made relative to.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/** Renders `report` as a SARIF 2.1.0 log (pretty-printed JSON, one run). */
export function formatSarif(report: AuditReport, options: SarifOptions): string {
  return [...sarifPieces(report, options)].join('');
}

/**
 * {@link formatSarif}'s text in pieces of about `size` characters, for writing one by one: each result is rendered
 * when its piece is, so a large log is never held as one object or one string.
 */
export function* sarifPieces(report: AuditReport, options: SarifOptions, size = PIECE_SIZE): Generator<string> {
  const results = sarifResults(report, options);
  let next = results.next();
  if (next.done) {
    yield JSON.stringify(sarifLog(options, []), null, 2) + '\n';
    return;
  }
  // The log around one placeholder result, split there: the results are rendered in its place, at its indentation.
  const frame = JSON.stringify(sarifLog(options, [RESULTS_PLACEHOLDER]), null, 2);
  const at = frame.indexOf(RENDERED_PLACEHOLDER);
  const indent = '\n' + frame.slice(frame.lastIndexOf('\n', at) + 1, at);
  let piece = frame.slice(0, at);
  let first = true;
  while (!next.done) {
    // JSON strings hold no raw line breaks, so every one in a rendered result is a line of its layout.
    piece += (first ? '' : ',' + indent) + JSON.stringify(next.value, null, 2).replace(/\n/g, indent);
    first = false;
    if (piece.length >= size) {
      yield piece;
      piece = '';
    }
    next = results.next();
  }
  yield piece + frame.slice(at + RENDERED_PLACEHOLDER.length) + '\n';
}

/** About how many characters {@link sarifPieces} yields at a time. */
const PIECE_SIZE = 1024 * 1024;
/** Stands for the results while the rest of the log is rendered (no rule or option text holds a NUL). */
const RESULTS_PLACEHOLDER = '\u0000kubeharden:results';
const RENDERED_PLACEHOLDER = JSON.stringify(RESULTS_PLACEHOLDER);

/** The SARIF 2.1.0 log of `report`: findings as results, exemptions as results with an external suppression. */
export function toSarif(report: AuditReport, options: SarifOptions): Record<string, unknown> {
  return sarifLog(options, [...sarifResults(report, options)]);
}

/** The SARIF results of `report`, one at a time: findings, then exemptions. */
function* sarifResults(report: AuditReport, options: SarifOptions): Generator<Record<string, unknown>> {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const cwd = options.cwd ?? process.cwd();
  // Every result of a file has its URI: made once per file.
  const uris = new Map<string, string>();
  const uriOf = (file: string): string => {
    let uri = uris.get(file);
    if (uri === undefined) {
      uri = artifactUri(file, cwd);
      uris.set(file, uri);
    }
    return uri;
  };
  for (const f of report.findings) yield result(f, ruleIndex, uriOf);
  for (const e of report.exemptions) {
    yield {
      ...result(e, ruleIndex, uriOf),
      suppressions: [{ kind: 'external', status: 'accepted', justification: e.justification, ...(e.expires ? { properties: { expires: e.expires } } : {}) }],
    };
  }
}

/** The log of one run of kubeharden with `results`. */
function sarifLog(options: SarifOptions, results: readonly unknown[]): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kubeharden',
          version: options.version,
          semanticVersion: options.version,
          informationUri: options.informationUri,
          rules: options.rules.map((rule) => ruleDescriptor(rule, options.rulesUri, options.severity?.[rule.id] ?? rule.severity)),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/**
 * The reporting descriptor of `rule` at `severity`, its severity in this run. GitHub code scanning ranks alerts by
 * the descriptor's `security-severity` (it reads that property on rules only); a result whose own severity differs
 * says so with its `level` and `properties.severity`.
 */
function ruleDescriptor(rule: SarifRule, rulesUri: string, severity: Severity): Record<string, unknown> {
  const helpUri = `${rulesUri}#${rule.id}`;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: rule.fix,
      markdown: `**Fix:** ${rule.fix}\n\n${rule.rationale}\n\nSee [${rule.id}](${helpUri}).`,
    },
    helpUri,
    defaultConfiguration: { level: SARIF_LEVELS[severity] },
    properties: {
      'tags': rule.tags ?? ['security', 'kubernetes', ...(rule.pssChecks?.length ? ['pod-security-standards'] : [])],
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
}

function result(entry: Finding | Exemption, ruleIndex: ReadonlyMap<string, number>, uriOf: (file: string) => string): Record<string, unknown> {
  const index = ruleIndex.get(entry.rule);
  const location: Record<string, unknown> = {
    logicalLocations: [{
      name: entry.resource.name,
      fullyQualifiedName: describeResource(entry.resource),
      kind: 'resource',
    }],
  };
  if (entry.file !== undefined && entry.file !== '-') {
    location.physicalLocation = {
      artifactLocation: { uri: uriOf(entry.file) },
      ...(entry.line !== undefined && entry.line >= 1 ? { region: { startLine: entry.line } } : {}),
    };
  }
  return {
    ruleId: entry.rule,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: SARIF_LEVELS[entry.severity],
    message: { text: `${describeResource(entry.resource)}: ${entry.message}` },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(entry) },
    properties: {
      severity: entry.severity,
      path: entry.path,
      resource: reportedResource(entry.resource),
      ...(entry.pssCheck ? { pssCheck: entry.pssCheck } : {}),
    },
  };
}

/** A hash of what identifies a finding (rule, file, resource, field), without the line, so results dedupe across edits. */
function fingerprint(entry: Finding | Exemption): string {
  const { apiVersion, kind, namespace, name } = entry.resource;
  const key = [entry.rule, entry.file ?? '', apiVersion, kind, namespace ?? '', name, entry.path].join('\u0000');
  return createHash('sha256').update(key).digest('hex');
}

/**
 * The artifact URI of `file`: a relative reference with forward slashes when the file is under `cwd`, a
 * `file://` URI otherwise. Each segment is percent-encoded.
 */
export function artifactUri(file: string, cwd: string): string {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
    return `file://${encodePath(absolute.split(sep).join('/')).replace(/^(?!\/)/, '/')}`;
  }
  return encodePath(rel.split(sep).join('/'));
}

function encodePath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

function pascalCase(id: string): string {
  return id.split('-').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
