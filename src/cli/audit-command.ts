/**
 * `kubeharden audit`: audits Kubernetes manifests and exits 0 (nothing at or above `--fail-on`),
 * 1 (findings at or above it) or 2 (bad usage or unreadable input, with a one-line reason on stderr).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { FailOn, parseAuditArgs, UsageError } from './args';
import { completeReport, planAudit, startVulnerabilityGate } from './audit-plan';
import { CliIo, OutputError, USAGE } from './main';
import { AuditOptionsError, Auditor, InvalidObjectError } from '../audit/engine';
import { JsonReportWriter } from '../audit/format-json';
import { shouldColor, textPieces } from '../audit/format-text';
import { findSources } from '../audit/inputs';
import { describeLocation, InputError, streamInputs } from '../audit/load';
import type { AuditReport, AuditSummary } from '../audit/types';
import { VulnerabilityReportError } from '../audit/vulnerabilities';
import { SEVERITIES, Severity } from '../rules/rule';

/** Exit code: nothing at or above `--fail-on`. */
export const EXIT_OK = 0;
/** Exit code: findings at or above `--fail-on`. */
export const EXIT_FINDINGS = 1;
/** Exit code: bad usage, or input that cannot be read or audited. */
export const EXIT_ERROR = 2;

/** Runs `kubeharden audit` with `argv` (the words after `audit`); resolves to the exit code and never throws. */
export async function runAudit(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await auditCommand(argv, io);
  } catch (e) {
    io.stderr(`kubeharden: ${errorLine(e).split('\n')[0]}\n`);
    return EXIT_ERROR;
  }
}

async function auditCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseAuditArgs(argv);
  if (args.help) {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  // The configuration file under the command line; Dockerfiles apart from manifests (see audit-plan.ts, inputs.ts).
  const plan = await planAudit(args);
  // JSON is rendered as each object's findings become final: the report keeps text, not findings.
  const json = args.format === 'json' ? new JsonReportWriter(plan.severity) : undefined;
  const audit = new Auditor(plan.auditOptions).start(json);
  const gate = startVulnerabilityGate(plan);
  const sources = findSources(args.paths);
  // Each object is audited as its document is read, then dropped; input errors still come before audit errors.
  const loadOptions = { readStdin: () => io.readStdin(), mayHoldNoObjects: sources.mayHoldNoObjects };
  const { notes } = await streamInputs(sources.manifests, loadOptions, (input) => {
    audit.add(input);
    gate.add(input);
  });
  for (const note of [...plan.notes, ...sources.notes, ...notes]) io.stderr(`kubeharden: note: ${note}\n`);
  const engineReport = audit.finish();
  const report = await completeReport(plan, engineReport, { vulnerabilities: gate.findings() }, sources.dockerfiles, json);
  if (json) {
    if (io.stdoutVector) io.stdoutVector(json.pieces(report.summary));
    else for (const chunk of json.chunks(report.summary)) io.stdout(chunk);
  } else if (args.format === 'sarif') {
    for (const piece of await sarifPiecesOf(report, plan.severity)) io.stdout(piece);
  } else {
    for (const piece of textPieces(report, { color: shouldColor(io.isTty) })) io.stdout(piece);
  }
  return failsOn(report.summary, plan.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** Whether a report with `summary` has a finding at or above `threshold`. Exemptions never fail an audit. */
export function failsOn(summary: AuditSummary, threshold: FailOn): boolean {
  if (threshold === 'never') return false;
  return SEVERITIES.slice(0, SEVERITIES.indexOf(threshold) + 1).some((severity) => summary.bySeverity[severity] > 0);
}

/** The report as SARIF, in pieces (its modules are loaded only for this format), the rules at the configured `severity`. */
async function sarifPiecesOf(report: AuditReport, severity: Readonly<Record<string, Severity>> | undefined): Promise<Iterable<string>> {
  const [{ sarifPieces }, { AUDIT_RULES }] = await Promise.all([import('../audit/format-sarif'), import('../audit/catalogue')]);
  const pkg = packageInfo();
  return sarifPieces(report, {
    rules: AUDIT_RULES, version: pkg.version, informationUri: pkg.homepage, rulesUri: pkg.rulesUri, ...(severity ? { severity } : {}),
  });
}

/** One line for any error: usage and input errors as they are, anything else as an internal error. */
function errorLine(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}. Run kubeharden --help for usage.`;
  if (error instanceof InputError) return error.describe();
  if (error instanceof InvalidObjectError) return describeLocation(error.file, error.line, error.message);
  if (error instanceof AuditOptionsError) return error.message;
  if (error instanceof OutputError) return error.message;
  if (error instanceof VulnerabilityReportError) return error.message;
  if (isNamed(error, 'InvalidDockerfileError')) return describeLocation(error.file, error.line, error.reason);
  if (isNamed(error, 'InvalidConfigError')) return configErrorLine(error.filepath, error.problems);
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Whether `error` is one of the errors of the modules loaded on demand (the Dockerfile parser, the configuration
 * loader), told by name so that this module does not load them.
 */
function isNamed<N extends keyof LazyErrors>(error: unknown, name: N): error is LazyErrors[N] {
  return error instanceof Error && error.name === name;
}

interface LazyErrors {
  InvalidDockerfileError: { file: string; line?: number; reason: string };
  InvalidConfigError: { filepath: string; problems: ReadonlyArray<{ message: string }> };
}

/** An invalid configuration in one line: the file, then every problem (each names its field and fix). */
function configErrorLine(filepath: string, problems: ReadonlyArray<{ message: string }>): string {
  if (problems.length === 1) return `${filepath}: ${problems[0].message}`;
  return `${filepath}: ${problems.length} problems in the kubeharden configuration: ${problems.map((p) => p.message).join(' ')}`;
}

/** Where the package is published when package.json names no repository or homepage. */
const NPM_PAGE = 'https://www.npmjs.com/package/kubeharden';

interface PackageInfo {
  readonly version: string;
  readonly homepage: string;
  readonly rulesUri: string;
}

/** The version and documentation links from package.json. */
function packageInfo(): PackageInfo {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
    homepage?: string;
    repository?: string | { url?: string };
  };
  const repository = repositoryUrl(pkg.repository);
  return {
    version: pkg.version,
    homepage: pkg.homepage ?? repository ?? NPM_PAGE,
    rulesUri: repository?.startsWith('https://github.com/') ? `${repository}/blob/HEAD/RULES.md` : `https://unpkg.com/kubeharden@${pkg.version}/RULES.md`,
  };
}

/** An https URL for package.json's `repository` (`git+https://…/x.git` or `github:owner/name`). */
function repositoryUrl(repository: string | { url?: string } | undefined): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const github = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (github) return `https://github.com/${github[1].replace(/\.git$/, '')}`;
  const url = /^(?:git\+)?(https:\/\/[^\s]+?)(?:\.git)?$/.exec(raw);
  return url?.[1];
}
