/**
 * `kubeharden audit`: audits Kubernetes manifests and exits 0 (nothing at or above `--fail-on`),
 * 1 (findings at or above it) or 2 (bad usage or unreadable input, with a one-line reason on stderr).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { AuditArgs, FailOn, parseAuditArgs, UsageError } from './args';
import { CliIo, USAGE } from './main';
import { AuditOptionsError, Auditor, InvalidObjectError } from '../audit/engine';
import { formatJson } from '../audit/format-json';
import { formatSarif } from '../audit/format-sarif';
import { formatText, shouldColor } from '../audit/format-text';
import { describeLocation, InputError, loadInputs } from '../audit/load';
import type { AuditReport } from '../audit/types';
import { RULES } from '../rules/registry';
import { SEVERITIES } from '../rules/rule';

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
  const auditor = new Auditor({
    rules: args.rules,
    ...(args.pss ? { pss: args.pss } : {}),
    ...(args.pssVersion ? { pssVersion: args.pssVersion } : {}),
  });
  const { inputs, notes } = await loadInputs(args.paths, { readStdin: () => io.readStdin() });
  for (const note of notes) io.stderr(`kubeharden: note: ${note}\n`);
  const report = auditor.run(inputs);
  io.stdout(render(report, args, io));
  return failsOn(report, args.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

/** Whether `report` has a finding at or above `threshold`. Exemptions never fail an audit. */
export function failsOn(report: AuditReport, threshold: FailOn): boolean {
  if (threshold === 'never') return false;
  const limit = SEVERITIES.indexOf(threshold);
  return report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= limit);
}

function render(report: AuditReport, args: AuditArgs, io: CliIo): string {
  switch (args.format) {
    case 'json':
      return formatJson(report);
    case 'sarif': {
      const pkg = packageInfo();
      return formatSarif(report, { rules: RULES, version: pkg.version, informationUri: pkg.homepage, rulesUri: pkg.rulesUri });
    }
    default:
      return formatText(report, { color: shouldColor(io.isTty) });
  }
}

/** One line for any error: usage and input errors as they are, anything else as an internal error. */
function errorLine(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}. Run kubeharden --help for usage.`;
  if (error instanceof InputError) return error.describe();
  if (error instanceof InvalidObjectError) return describeLocation(error.file, error.line, error.message);
  if (error instanceof AuditOptionsError) return error.message;
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
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
