/**
 * Every Pod Security Standards check, validated when the module loads, and the checks that apply at each
 * level and policy version (pod-security-admission's check registry).
 */
import type { PssLevel } from '../rule';
import { allowPrivilegeEscalation } from './allow-privilege-escalation';
import { appArmorProfile } from './app-armor-profile';
import { capabilitiesBaseline } from './capabilities-baseline';
import { capabilitiesRestricted } from './capabilities-restricted';
import { cgroupOptionsRestricted } from './cgroup-options-restricted';
import type { PssCheck, PssCheckFn } from './check';
import { hostNamespaces } from './host-namespaces';
import { hostPathVolumes } from './host-path-volumes';
import { hostPorts } from './host-ports';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle';
import { privileged } from './privileged';
import { procMount } from './proc-mount';
import { procMountRestricted } from './proc-mount-restricted';
import { restrictedVolumes } from './restricted-volumes';
import { runAsNonRoot } from './run-as-non-root';
import { runAsUser } from './run-as-user';
import { seLinuxOptions } from './se-linux-options';
import { seccompProfileBaseline } from './seccomp-profile-baseline';
import { seccompProfileRestricted } from './seccomp-profile-restricted';
import { sysctls } from './sysctls';
import { ulimits } from './ulimits';
import { windowsHostProcess } from './windows-host-process';

const LEVELS: readonly string[] = ['baseline', 'restricted'];

/**
 * Checks that a set of checks is well formed: unique ids, known levels, at least one version each, with
 * whole non-negative minimum versions in strictly increasing order, and overrides only from restricted checks to
 * baseline checks. Throws an Error naming the first problem.
 */
export function validatePssChecks(checks: readonly PssCheck[]): void {
  const levels = new Map<string, string>();
  for (const check of checks) {
    if (levels.has(check.id)) throw new Error(`multiple Pod Security checks registered for id "${check.id}"`);
    levels.set(check.id, check.level);
    if (!LEVELS.includes(check.level)) throw new Error(`Pod Security check "${check.id}": invalid level "${check.level}"`);
    if (check.versions.length === 0) throw new Error(`Pod Security check "${check.id}": no versions`);
    let previous = -1;
    for (const version of check.versions) {
      if (!Number.isInteger(version.minimumVersion) || version.minimumVersion < 0) {
        throw new Error(`Pod Security check "${check.id}": invalid minimum version ${version.minimumVersion}`);
      }
      if (version.minimumVersion <= previous) {
        throw new Error(`Pod Security check "${check.id}": versions must be strictly increasing (v1.${version.minimumVersion} after v1.${previous})`);
      }
      previous = version.minimumVersion;
    }
  }
  for (const check of checks) {
    for (const version of check.versions) {
      for (const overridden of version.overrides ?? []) {
        if (check.level !== 'restricted') throw new Error(`Pod Security check "${check.id}": only restricted checks may override checks`);
        const level = levels.get(overridden);
        if (level === undefined) throw new Error(`Pod Security check "${check.id}": overrides unknown check "${overridden}"`);
        if (level !== 'baseline') throw new Error(`Pod Security check "${check.id}": overrides ${level} check "${overridden}"`);
      }
    }
  }
}

/** Every check, as pod-security-admission registers them by default. */
export const PSS_CHECKS: readonly PssCheck[] = [
  allowPrivilegeEscalation,
  appArmorProfile,
  capabilitiesBaseline,
  capabilitiesRestricted,
  cgroupOptionsRestricted,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  privileged,
  procMount,
  procMountRestricted,
  restrictedVolumes,
  runAsNonRoot,
  runAsUser,
  seLinuxOptions,
  seccompProfileBaseline,
  seccompProfileRestricted,
  sysctls,
  ulimits,
  windowsHostProcess,
];

validatePssChecks(PSS_CHECKS);

/** The newest policy version (minor of v1.N) that any check changed in; later versions evaluate as this one. */
export const LATEST_PSS_MINOR: number = Math.max(...PSS_CHECKS.map((c) => c.versions[c.versions.length - 1].minimumVersion));

/** A check as it applies at one level and version. */
export interface ApplicableCheck {
  readonly id: string;
  readonly level: PssLevel;
  readonly check: PssCheckFn;
  /**
   * The baseline checks this restricted check overrides at this version. Kubernetes does not run them; they are
   * evaluated only to name them too when this check fails, so every violated check id is reported.
   */
  readonly overridden: readonly ApplicableCheck[];
}

function byId(a: PssCheck, b: PssCheck): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Baseline checks first, then restricted ones, each sorted by id (the order pod-security-admission reports in). */
const ORDERED_CHECKS: readonly PssCheck[] = [
  ...PSS_CHECKS.filter((c) => c.level === 'baseline').sort(byId),
  ...PSS_CHECKS.filter((c) => c.level === 'restricted').sort(byId),
];

/** Every check id, baseline checks first, each group sorted. */
export const PSS_CHECK_IDS: readonly string[] = ORDERED_CHECKS.map((c) => c.id);

/** The version of `check` that applies at policy version `minor`, or `undefined` when the check is newer. */
function versionAt(check: PssCheck, minor: number) {
  return [...check.versions].reverse().find((v) => v.minimumVersion <= minor);
}

/** The baseline check ids that check `id` overrides at policy version `minor` (none for baseline checks). */
export function overridesOf(id: string, minor: number): readonly string[] {
  const check = PSS_CHECKS.find((c) => c.id === id);
  return (check && versionAt(check, minor)?.overrides) ?? [];
}

/** The baseline check ids that the restricted checks applying at `minor` override. */
export function overriddenAt(minor: number): ReadonlySet<string> {
  const overridden = new Set<string>();
  for (const check of PSS_CHECKS) {
    if (check.level === 'restricted') versionAt(check, minor)?.overrides?.forEach((id) => overridden.add(id));
  }
  return overridden;
}

function computeApplicableChecks(level: PssLevel, minor: number): ApplicableCheck[] {
  const overridden = level === 'restricted' ? overriddenAt(minor) : new Set<string>();
  const atVersion = (check: PssCheck): ApplicableCheck | undefined => {
    const version = versionAt(check, minor);
    if (!version) return undefined;
    const replaced = level === 'restricted' ? (version.overrides ?? []) : [];
    return {
      id: check.id,
      level: check.level,
      check: version.check,
      overridden: replaced.flatMap((id) => {
        const target = PSS_CHECKS.find((c) => c.id === id);
        const applicable = target && atVersion(target);
        return applicable ? [applicable] : [];
      }),
    };
  };
  const result: ApplicableCheck[] = [];
  for (const check of ORDERED_CHECKS) {
    if (check.level === 'restricted' && level === 'baseline') continue;
    if (overridden.has(check.id)) continue;
    const applicable = atVersion(check);
    if (applicable) result.push(applicable);
  }
  return result;
}

const APPLICABLE: Readonly<Record<PssLevel, readonly (readonly ApplicableCheck[])[]>> = {
  baseline: Array.from({ length: LATEST_PSS_MINOR + 1 }, (_, minor) => computeApplicableChecks('baseline', minor)),
  restricted: Array.from({ length: LATEST_PSS_MINOR + 1 }, (_, minor) => computeApplicableChecks('restricted', minor)),
};

/**
 * The checks that run at `level` and policy version `minor` (clamped to {@link LATEST_PSS_MINOR}): at restricted,
 * every baseline check not overridden plus the restricted checks; each at its newest version not after `minor`.
 */
export function applicableChecks(level: PssLevel, minor: number): readonly ApplicableCheck[] {
  return APPLICABLE[level][Math.min(Math.max(minor, 0), LATEST_PSS_MINOR)];
}
