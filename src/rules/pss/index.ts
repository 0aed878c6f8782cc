/**
 * The Pod Security Standards, check by check and version by version as Kubernetes' pod-security-admission
 * implements them.
 */
import type { PodTemplateView } from '../../core/pod-spec';
import type { PssLevel } from '../rule';
import type { PssCheckFailure } from './check';
import { ApplicableCheck, applicableChecks } from './registry';
import { parsePssVersion } from './version';

export { PSS_CHECK_IDS } from './registry';
export { LATEST_PSS_VERSION, parsePssVersion, PssVersionError } from './version';

/** One violation of one check, on one pod spec. */
export interface PssViolation {
  /** Kubernetes check id, exactly (e.g. `capabilities_restricted`). */
  readonly check: string;
  /** The check's level. */
  readonly level: PssLevel;
  /** Like pod-security-admission: `<reason> (<detail>)`. */
  readonly message: string;
  /** JSON pointer to the first offending field inside the whole object (or where a missing value must be set). */
  readonly path: string;
}

/** Evaluate every check of `level` at `version` ('v1.N' | 'latest') on one pod template. */
export function evaluatePodSecurity(view: PodTemplateView, level: PssLevel, version: string): PssViolation[] {
  if (level !== 'baseline' && level !== 'restricted') {
    throw new Error(`invalid Pod Security Standards level "${String(level)}": use baseline or restricted`);
  }
  const minor = parsePssVersion(version);
  const violations: PssViolation[] = [];
  for (const applicable of applicableChecks(level, minor)) {
    const failure = applicable.check(view);
    if (!failure) continue;
    violations.push(toViolation(applicable, failure));
    // The decision is the overriding check's; a baseline check it overrides is named too when it also fails.
    for (const replaced of applicable.overridden) {
      const also = replaced.check(view);
      if (also) violations.push(toViolation(replaced, also));
    }
  }
  return violations;
}

function toViolation(applicable: ApplicableCheck, failure: PssCheckFailure): PssViolation {
  return {
    check: applicable.id,
    level: applicable.level,
    message: failure.detail ? `${failure.reason} (${failure.detail})` : failure.reason,
    path: failure.path,
  };
}
