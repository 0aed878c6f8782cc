/**
 * Validation of a kubeharden configuration against {@link CONFIG_SCHEMA}, with messages that name the file,
 * the field and the fix.
 */
import { basename } from 'path';
import type AjvType from 'ajv';
import type { ValidateFunction } from 'ajv';
import { ruleDocsLink } from './rule-docs';
import { CONFIG_RULE_IDS } from './rule-ids';
import { CONFIG_KEYS, CONFIG_SCHEMA, FAIL_ON_VALUES, KubehardenConfig, REGISTRY_PATTERN } from './schema';
import { didYouMean } from '../core/did-you-mean';
import { describeType } from '../core/types';
import { SEVERITIES } from '../rules/rule';

/** One problem of a configuration. */
export interface ConfigProblem {
  /** The field, as written in the file (`failOn`, `rules[2]`, `severity.trusted-registry`); empty for the whole file. */
  readonly field: string;
  /** What is wrong and the fix, in one line. */
  readonly message: string;
}

/** A configuration file is invalid. The message names the file, each field and its fix. */
export class InvalidConfigError extends Error {
  constructor(
    /** The file (or the place) the configuration came from. */
    public readonly filepath: string,
    /** Every problem found. */
    public readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.length === 1
      ? `${filepath}: ${problems[0].message}`
      : `${filepath}: ${problems.length} problems in the kubeharden configuration:${problems.map((p) => `\n  - ${p.message}`).join('')}`);
    this.name = 'InvalidConfigError';
  }
}

/** Options of {@link validateConfig}. */
export interface ValidateConfigOptions {
  /**
   * Prefix of field names in messages, for a configuration nested in another file.
   * @default - `kubeharden.` for a package.json, else none
   */
  readonly fieldPrefix?: string;
  /**
   * Other fields the caller takes beside the configuration (and removed before validating it), named in the fix of an
   * unknown field.
   * @default []
   */
  readonly otherFields?: readonly string[];
}

let compiled: ValidateFunction | undefined;

/**
 * Checks `value` against {@link CONFIG_SCHEMA} and returns it typed. Unknown keys, unknown rule ids and bad
 * values are an {@link InvalidConfigError} listing every problem, each with its field and fix.
 *
 * @param value the parsed configuration
 * @param filepath where it came from, for messages
 */
export function validateConfig(value: unknown, filepath: string, options: ValidateConfigOptions = {}): KubehardenConfig {
  compiled ??= new (loadAjv())({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  if (compiled(value)) return value as KubehardenConfig;
  const prefix = options.fieldPrefix ?? (basename(filepath) === 'package.json' ? 'kubeharden.' : '');
  const problems = describeProblems(value, prefix, compiled.errors ?? [], options.otherFields ?? []);
  throw new InvalidConfigError(filepath, problems);
}

/**
 * Ajv, loaded on first use: it takes longer to load than a small audit takes to run, and `kubeharden audit`
 * needs it only when there is a configuration file.
 */
function loadAjv(): typeof AjvType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('ajv') as { default: typeof AjvType }).default;
}

interface SchemaError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

function describeProblems(value: unknown, prefix: string, errors: readonly SchemaError[], otherFields: readonly string[]): ConfigProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{
      field: '',
      message: `the configuration must be a mapping of settings, not ${describeType(value)}. Fix: write settings such as { "failOn": "high" } (see docs/ecosystem.md).`,
    }];
  }
  const config = value as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) {
      const known = [...CONFIG_KEYS.filter((k) => k !== '$schema'), ...otherFields];
      problems.push({
        field: prefix + key,
        message: `unknown field "${prefix}${key}". Fix: remove it, or use one of ${known.join(', ')}${didYouMean(key, known)}.`,
      });
    }
  }
  const invalid = new Set(errors.map((e) => e.instancePath.split('/')[1]).filter((k): k is string => !!k));
  for (const key of CONFIG_KEYS) {
    if (!invalid.has(key)) continue;
    const found = describeField(key, config[key], prefix);
    const fallback = errors.filter((e) => e.instancePath.split('/')[1] === key)
      .map((e) => ({ field: prefix + key, message: `field "${prefix + key}${e.instancePath.split('/').slice(2).map((t) => `/${t}`).join('')}" ${e.message}.` }));
    problems.push(...(found.length > 0 ? found : fallback.slice(0, 1)));
  }
  return problems;
}

function describeField(key: string, value: unknown, prefix: string): ConfigProblem[] {
  const field = prefix + key;
  const problem = (name: string, message: string): ConfigProblem => ({ field: name, message: `field "${name}" ${message}` });
  switch (key) {
    case '$schema':
      return [problem(field, `must be a string (the URL or path of the schema), not ${describeType(value)}. Fix: remove it or write a URL.`)];
    case 'allowedRegistries':
      return describeRegistries(field, value, problem);
    case 'pss':
      return [problem(field, `${describeValue(value)} is not a Pod Security Standards level. Fix: use "baseline" or "restricted"${suggest(value, ['baseline', 'restricted'])}.`)];
    case 'pssVersion':
      return [problem(field, `${describeValue(value)} is not a Pod Security Standards version. Fix: use v1.N (e.g. "v1.30") or "latest".`)];
    case 'failOn':
      return [problem(field, `${describeValue(value)} is not a severity. Fix: use one of ${FAIL_ON_VALUES.join(', ')}${suggest(value, FAIL_ON_VALUES)}.`)];
    case 'rules':
      return describeRules(field, value, problem);
    case 'severity':
      return describeSeverities(field, value, problem);
    default:
      return [];
  }
}

type ProblemFactory = (field: string, message: string) => ConfigProblem;

function describeRegistries(field: string, value: unknown, problem: ProblemFactory): ConfigProblem[] {
  if (!Array.isArray(value)) {
    return [problem(field, `must be a list of registries, not ${describeType(value)}. Fix: write e.g. ["registry.example.com", "ghcr.io/acme"].`)];
  }
  const pattern = new RegExp(REGISTRY_PATTERN);
  const problems: ConfigProblem[] = [];
  const seen = new Set<unknown>();
  value.forEach((entry, i) => {
    const name = `${field}[${i}]`;
    if (typeof entry !== 'string' || !pattern.test(entry)) {
      problems.push(problem(name, `${describeValue(entry)} is not a registry. Fix: write a registry host with an optional path, without scheme or wildcard (e.g. "ghcr.io/acme").`));
    } else if (seen.has(entry)) {
      problems.push(problem(name, `repeats "${entry}". Fix: list each registry once.`));
    }
    seen.add(entry);
  });
  return problems;
}

function describeRules(field: string, value: unknown, problem: ProblemFactory): ConfigProblem[] {
  if (typeof value === 'string') {
    return [problem(field, `"${value}" is not a rule selection. Fix: use "all", "pss" or a list of rule ids from RULES.md${suggest(value, ['all', 'pss', ...CONFIG_RULE_IDS])}.`)];
  }
  if (!Array.isArray(value)) {
    return [problem(field, `must be "all", "pss" or a list of rule ids, not ${describeType(value)}. Fix: write e.g. ["run-as-non-root", "image-digest-pinned"].`)];
  }
  if (value.length === 0) {
    return [problem(field, 'is an empty list, which would run no rule. Fix: list rule ids from RULES.md, or remove the field to run all rules.')];
  }
  const problems: ConfigProblem[] = [];
  const seen = new Set<unknown>();
  value.forEach((id, i) => {
    const name = `${field}[${i}]`;
    if (typeof id !== 'string') {
      problems.push(problem(name, `must be a rule id, not ${describeType(id)}. Fix: write a rule id from RULES.md as a string.`));
    } else if (!CONFIG_RULE_IDS.has(id)) {
      problems.push(problem(name, `names unknown rule "${id}". Fix: use a rule id from RULES.md${didYouMean(id, CONFIG_RULE_IDS)}.`));
    } else if (seen.has(id)) {
      problems.push(problem(name, `repeats rule "${id}". Fix: list each rule once.`));
    }
    seen.add(id);
  });
  return problems;
}

function describeSeverities(field: string, value: unknown, problem: ProblemFactory): ConfigProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [problem(field, `must map rule ids to severities, not ${describeType(value)}. Fix: write e.g. { "trusted-registry": "high" }.`)];
  }
  const problems: ConfigProblem[] = [];
  for (const [id, severity] of Object.entries(value)) {
    if (!CONFIG_RULE_IDS.has(id)) {
      problems.push(problem(field, `names unknown rule "${id}". Fix: use a rule id from RULES.md${didYouMean(id, CONFIG_RULE_IDS)}.`));
    } else if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
      problems.push(problem(`${field}.${id}`, `${describeValue(severity)} is not a severity. Fix: use one of ${SEVERITIES.join(', ')}${suggest(severity, SEVERITIES)} (see ${ruleDocsLink(id)}).`));
    }
  }
  return problems;
}

function suggest(value: unknown, candidates: Iterable<string>): string {
  return typeof value === 'string' ? didYouMean(value, candidates) : '';
}

function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

