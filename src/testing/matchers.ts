/**
 * Jest matchers that audit Kubernetes objects with the rule catalogue: `toBeHardened` and `toHaveNoFindings`.
 */
import { formatFindings } from './format';
import { AuditSubject, objectsOf } from './subjects';
import { audit, AuditOptions, RuleSelection } from '../audit/engine';
import type { AuditReport } from '../audit/types';
import { applySeverities, isAtOrAbove } from '../config/apply';
import { ENFORCED_SEVERITY } from '../core/enforce';
import type { PssLevel, Severity } from '../rules/rule';

/** Options of `toBeHardened`. */
export interface HardenedMatcherOptions {
  /**
   * Pod Security Standards level the pods must pass.
   * @default 'restricted'
   */
  readonly level?: PssLevel;
  /**
   * Pod Security Standards version, `v1.N` or `latest`.
   * @default 'latest'
   */
  readonly pssVersion?: string;
  /**
   * Rules to run: `all`, `pss`, or a list of rule ids (RULES.md).
   * @default 'all'
   */
  readonly rules?: RuleSelection;
  /**
   * Registries images must come from (rule `trusted-registry`).
   * @default - any explicit registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Findings at or above this severity fail the matcher; lower ones are tolerated.
   * @default 'medium' - what kubeharden's constructs refuse at synth
   */
  readonly failOn?: Severity;
  /**
   * Severity per rule id, replacing the catalogue's (as in the configuration file).
   * @default - the catalogue's severities
   */
  readonly severity?: Readonly<Record<string, Severity>>;
  /**
   * Today as `YYYY-MM-DD`, for override expiry.
   * @default - the current UTC date
   */
  readonly today?: string;
}

/** The result shape jest expects from a matcher. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** The parts of jest's matcher context the matchers use. */
export interface MatcherContextLike {
  readonly isNot?: boolean;
  readonly utils?: { matcherHint(name: string, received?: string, expected?: string, options?: { isNot?: boolean }): string };
}

/**
 * Passes when `received` has no finding at or above `failOn` (default `medium`) against the restricted Pod
 * Security Standard (latest version) and every rule: what kubeharden's own constructs accept. Justified
 * `kubeharden.io/overrides` annotations are honoured.
 *
 * @example expect(chart).toBeHardened();
 * @example expect(yamlText).toBeHardened({ level: 'baseline', allowedRegistries: ['registry.example.com'] });
 */
export function toBeHardened(this: unknown, received: AuditSubject, options: HardenedMatcherOptions = {}): MatcherResult {
  const failOn = options.failOn ?? ENFORCED_SEVERITY;
  const level = options.level ?? 'restricted';
  const version = options.pssVersion ?? 'latest';
  const auditOptions: AuditOptions = {
    pss: level,
    pssVersion: version,
    ...(options.rules !== undefined ? { rules: options.rules } : {}),
    ...(options.allowedRegistries !== undefined ? { allowedRegistries: options.allowedRegistries } : {}),
    ...(options.today !== undefined ? { today: options.today } : {}),
  };
  const standard = `${level} Pod Security Standard ${version}; findings at or above ${failOn} fail`;
  return check(this, 'toBeHardened', received, auditOptions, options.severity, failOn, standard);
}

/**
 * Passes when `received` has no finding at all, of any severity, with the audit `options` (the defaults of
 * `kubeharden audit`: each namespace's Pod Security level, else restricted; every rule).
 *
 * @example expect(Testing.synth(chart)).toHaveNoFindings({ rules: ['image-digest-pinned'] });
 */
export function toHaveNoFindings(this: unknown, received: AuditSubject, options: AuditOptions = {}): MatcherResult {
  return check(this, 'toHaveNoFindings', received, options, undefined, 'low', 'any finding fails');
}

function check(
  context: unknown,
  name: string,
  received: AuditSubject,
  options: AuditOptions,
  severity: Readonly<Record<string, Severity>> | undefined,
  failOn: Severity,
  standard: string,
): MatcherResult {
  const hint = matcherHint(context, name);
  let report: AuditReport;
  try {
    report = applySeverities(audit(objectsOf(received), options), severity);
  } catch (e) {
    const reason = (e as Error).message;
    if (/^Validation failed/.test(reason)) {
      return { pass: false, message: () => `${hint}\n\nThe cdk8s app failed its synth-time validation:\n${reason}` };
    }
    throw new Error(`${hint}\n\n${reason}`);
  }
  const failing = report.findings.filter((f) => isAtOrAbove(f.severity, failOn));
  const objects = plural(report.summary.objects, 'object');
  if (failing.length === 0) {
    const exempt = report.summary.exemptions > 0 ? `; ${plural(report.summary.exemptions, 'finding')} exempted by kubeharden.io/overrides` : '';
    return { pass: true, message: () => `${hint}\n\nNo finding fails in ${objects} (${standard})${exempt}.` };
  }
  return {
    pass: false,
    message: () => `${hint}\n\n${plural(failing.length, 'finding')} in ${objects} (${standard}):\n${formatFindings(failing, '  ')}`,
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function matcherHint(context: unknown, name: string): string {
  const jestContext = (typeof context === 'object' && context !== null ? context : {}) as MatcherContextLike;
  const isNot = !!jestContext.isNot;
  return jestContext.utils?.matcherHint(name, undefined, '', { isNot }) ?? `expect(received)${isNot ? '.not' : ''}.${name}()`;
}

/** The matchers, for `expect.extend`. */
export const kubehardenMatchers = { toBeHardened, toHaveNoFindings };

/** Something with jest's `expect.extend` (jest, `@jest/globals`, vitest). */
export interface ExtensibleExpect {
  extend(matchers: Record<string, (...args: any[]) => any>): void;
}

/**
 * Registers `toBeHardened` and `toHaveNoFindings` on `expect`. `import 'kubeharden/testing'` already does it
 * when `expect` is a global; call this with the `expect` you import otherwise.
 *
 * @example import { expect } from '@jest/globals'; registerMatchers(expect);
 */
export function registerMatchers(expect: ExtensibleExpect): void {
  expect.extend(kubehardenMatchers);
}
