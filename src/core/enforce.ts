/**
 * Defense in depth: the constructs audit their own objects and refuse any weakening that no justified
 * override covers.
 */
import type { Override } from './overrides';
import { todayIso } from './overrides';
import type { KubeObject } from './types';
import { describeResource } from './types';
import { Auditor } from '../audit/engine';
import type { Finding } from '../audit/types';
import { SEVERITIES, Severity } from '../rules/rule';

/** Findings at or above this severity stop a construct; lower ones are reported by `kubeharden audit` only. */
export const ENFORCED_SEVERITY: Severity = 'medium';

/** A construct's objects break rules that no override justifies. */
export class HardeningError extends Error {
  constructor(message: string, public readonly findings: readonly Finding[]) {
    super(message);
    this.name = 'HardeningError';
  }
}

/** Options of {@link enforceHardening}. */
export interface EnforceOptions {
  /** The construct path or resource name, prefixed to the message as `[where]`; omit when the caller adds its own. */
  readonly where?: string;
  /** The overrides the user wrote for these objects. */
  readonly overrides: readonly Override[];
  /** Registries images must come from. */
  readonly allowedRegistries?: readonly string[];
  /** Also fail on overrides that exempt nothing (only meaningful on final objects). */
  readonly rejectUnusedOverrides?: boolean;
}

/**
 * Audits `objects` (with the restricted Pod Security Standard, latest version, and every rule) and throws a
 * {@link HardeningError} listing every finding at or above {@link ENFORCED_SEVERITY} that no override covers,
 * each with its rule id, the field and the fix.
 */
export function enforceHardening(objects: readonly KubeObject[], options: EnforceOptions): void {
  const report = auditorFor(options.allowedRegistries).run(objects);
  const limit = SEVERITIES.indexOf(ENFORCED_SEVERITY);
  const blocking = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
  const problems = blocking.map((f) =>
    `${f.rule}: ${describeResource(f.resource)} ${f.message} (at ${f.path}). Fix: ${f.fix} `
    + `Or, to accept the risk, add an override { rule: '${f.rule}', justification: '<why, at least 20 characters>' }.`);
  if (options.rejectUnusedOverrides) {
    const used = new Set(report.exemptions.map((e) => e.rule));
    for (const override of options.overrides) {
      if (!used.has(override.rule)) {
        problems.push(`override for rule "${override.rule}" is not needed: nothing weakens it. Fix: remove the override.`);
      }
    }
  }
  if (problems.length > 0) {
    const list = problems.length === 1 ? problems[0] : problems.map((p) => `\n  - ${p}`).join('');
    throw new HardeningError(options.where ? `[${options.where}] ${list}` : list, blocking);
  }
}

/** Auditors already prepared, by day and allowed registries (constructs audit thousands of times with a few). */
const AUDITORS = new Map<string, Auditor>();

/** The auditor for today with the restricted Pod Security Standard, latest version, every rule and `allowedRegistries`. */
function auditorFor(allowedRegistries: readonly string[] | undefined): Auditor {
  const today = todayIso();
  const key = `${today} ${JSON.stringify(allowedRegistries ?? [])}`;
  let auditor = AUDITORS.get(key);
  if (!auditor) {
    if (AUDITORS.size >= 16) AUDITORS.clear();
    auditor = new Auditor({ pss: 'restricted', pssVersion: 'latest', allowedRegistries, today });
    AUDITORS.set(key, auditor);
  }
  return auditor;
}
