/**
 * The arguments of `kubeharden audit`, parsed strictly: unknown options, missing values and bad values are
 * a {@link UsageError} with a one-line reason.
 */
import { parseArgs } from 'util';
import type { RuleSelection } from '../audit/engine';
import type { PssLevel, Severity } from '../rules/rule';
import { SEVERITIES } from '../rules/rule';

/** Output formats of `kubeharden audit`. */
export const FORMATS = ['text', 'json', 'sarif'] as const;

/** An output format. */
export type OutputFormat = (typeof FORMATS)[number];

/** The severity threshold of `--fail-on`: findings at or above it fail the audit; `never` fails on none. */
export type FailOn = Severity | 'never';

/** Values of `--fail-on`. */
export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'never'];

/** Values of `--pss`. */
export const PSS_LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

/** Default of `--fail-on`. */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** Default of `--vulnerability-threshold`: CRITICAL and HIGH vulnerabilities fail the gate. */
export const DEFAULT_VULNERABILITY_THRESHOLD: Severity = 'high';

/** Parsed `kubeharden audit` arguments. */
export interface AuditArgs {
  /** Files, directories, or `-` for standard input, as given. */
  readonly paths: readonly string[];
  /** `--pss`, when given. */
  readonly pss?: PssLevel;
  /** `--pss-version`, when given. */
  readonly pssVersion?: string;
  /** `--rules`. */
  readonly rules: RuleSelection;
  /** `--format`. */
  readonly format: OutputFormat;
  /** `--fail-on`. */
  readonly failOn: FailOn;
  /** `--vulnerabilities`: Trivy JSON reports (the option repeated and/or comma-separated), in order, without repeats. */
  readonly vulnerabilities: readonly string[];
  /** `--vulnerability-threshold`: the least severe vulnerability that fails rule no-critical-vulnerabilities. */
  readonly vulnerabilityThreshold: Severity;
  /** `--require-scan`: an image that no report covers is a finding. */
  readonly requireScan: boolean;
  /** `--ignore-unfixed`: vulnerabilities without a fixed version do not count. */
  readonly ignoreUnfixed: boolean;
  /** The configuration file: a path (`--config`), `false` to read none (`--no-config`), else `undefined` to look for one. */
  readonly config?: string | false;
  /** The options given on the command line, by long name (`fail-on`, `rules`…): the configuration file supplies the others. */
  readonly given: ReadonlySet<string>;
  /** `--help` was given: print the usage and do nothing else. */
  readonly help: boolean;
}

/** Bad command-line usage. The message is one line, without the program name. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const OPTIONS = {
  'pss': { type: 'string' },
  'pss-version': { type: 'string' },
  'rules': { type: 'string' },
  'format': { type: 'string' },
  'fail-on': { type: 'string' },
  'vulnerabilities': { type: 'string', multiple: true },
  'vulnerability-threshold': { type: 'string' },
  'require-scan': { type: 'boolean' },
  'ignore-unfixed': { type: 'boolean' },
  'config': { type: 'string' },
  'no-config': { type: 'boolean' },
  'help': { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** The parsed value of each option: a boolean for a flag, a list for a repeatable option, else a string. */
type OptionValues = {
  [K in OptionName]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : (typeof OPTIONS)[K] extends { multiple: true } ? string[] : string;
};

const PSS_VERSION = /^(v1\.(0|[1-9]\d*)|latest)$/;

/** Parses `argv` (the words after `audit`); accepts `--opt value` and `--opt=value`. Throws {@link UsageError}. */
export function parseAuditArgs(argv: readonly string[]): AuditArgs {
  const { values, positionals } = parseStrict(argv);
  const given = new Set(Object.keys(values));
  if (values.help) {
    return {
      paths: positionals,
      rules: 'all',
      format: 'text',
      failOn: DEFAULT_FAIL_ON,
      vulnerabilities: [],
      vulnerabilityThreshold: DEFAULT_VULNERABILITY_THRESHOLD,
      requireScan: false,
      ignoreUnfixed: false,
      given,
      help: true,
    };
  }
  const pss = values.pss === undefined ? undefined : oneOf('--pss', values.pss, PSS_LEVELS);
  const pssVersion = values['pss-version'];
  if (pssVersion !== undefined && !PSS_VERSION.test(pssVersion)) {
    throw new UsageError(`invalid value "${pssVersion}" for --pss-version: use v1.N (e.g. v1.30) or latest`);
  }
  return {
    paths: checkPaths(positionals),
    ...(pss ? { pss } : {}),
    ...(pssVersion !== undefined ? { pssVersion } : {}),
    rules: parseRules(values.rules),
    format: values.format === undefined ? 'text' : oneOf('--format', values.format, FORMATS),
    failOn: values['fail-on'] === undefined ? DEFAULT_FAIL_ON : oneOf('--fail-on', values['fail-on'], FAIL_ON_VALUES),
    vulnerabilities: parseReportPaths(values.vulnerabilities),
    vulnerabilityThreshold: values['vulnerability-threshold'] === undefined
      ? DEFAULT_VULNERABILITY_THRESHOLD
      : oneOf('--vulnerability-threshold', values['vulnerability-threshold'], SEVERITIES),
    requireScan: values['require-scan'] ?? false,
    ignoreUnfixed: values['ignore-unfixed'] ?? false,
    ...parseConfigChoice(values.config, values['no-config']),
    given,
    help: false,
  };
}

function parseStrict(argv: readonly string[]): { values: OptionValues; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(parseErrorReason(e as Error & { code?: string }));
  }
}

/** A one-line reason for an error of `util.parseArgs`, whose own messages span lines and suggest `--`. */
function parseErrorReason(error: Error & { code?: string }): string {
  const name = /'(-[^' ,]*)/.exec(error.message)?.[1] ?? 'option';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return error.message.includes('does not take an argument') ? `option ${longName(error.message)} takes no value` : `option ${name} needs a value`;
    default:
      return error.message.split('\n')[0];
  }
}

function longName(message: string): string {
  return /--[a-z-]+/.exec(message)?.[0] ?? 'option';
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value "${value}" for ${option}: use ${listOf(allowed)}`);
}

function parseRules(value: string | undefined): RuleSelection {
  if (value === undefined || value === 'all') return 'all';
  if (value === 'pss') return 'pss';
  const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) throw new UsageError(`invalid value "${value}" for --rules: use all, pss or a comma-separated list of rule ids`);
  return [...new Set(ids)];
}

/** The report files of every `--vulnerabilities`, each a path or a comma-separated list of paths. */
function parseReportPaths(values: readonly string[] | undefined): string[] {
  const paths: string[] = [];
  for (const value of values ?? []) {
    const listed = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
    if (listed.length === 0) throw new UsageError(`invalid value "${value}" for --vulnerabilities: name a Trivy JSON report (trivy image --format json)`);
    paths.push(...listed);
  }
  return [...new Set(paths)];
}

function parseConfigChoice(path: string | undefined, none: boolean | undefined): { config?: string | false } {
  if (path !== undefined && none) throw new UsageError('--config and --no-config cannot be used together');
  if (path === '') throw new UsageError('invalid value "" for --config: name a kubeharden configuration file');
  if (none) return { config: false };
  return path === undefined ? {} : { config: path };
}

function checkPaths(paths: string[]): string[] {
  if (paths.length === 0) throw new UsageError('no path given: name files or directories to audit, or - for standard input');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  return paths;
}

function listOf(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
