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
  'help': { type: 'boolean', short: 'h' },
} as const;

const PSS_VERSION = /^(v1\.(0|[1-9]\d*)|latest)$/;

/** Parses `argv` (the words after `audit`); accepts `--opt value` and `--opt=value`. Throws {@link UsageError}. */
export function parseAuditArgs(argv: readonly string[]): AuditArgs {
  const { values, positionals } = parseStrict(argv);
  if (values.help) {
    return { paths: positionals, rules: 'all', format: 'text', failOn: DEFAULT_FAIL_ON, help: true };
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
    help: false,
  };
}

function parseStrict(argv: readonly string[]): { values: { [K in keyof typeof OPTIONS]?: K extends 'help' ? boolean : string }; positionals: string[] } {
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

function checkPaths(paths: string[]): string[] {
  if (paths.length === 0) throw new UsageError('no path given: name files or directories to audit, or - for standard input');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be given only once');
  return paths;
}

function listOf(values: readonly string[]): string {
  return values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
