/**
 * The default /proc masks are set up to reduce attack surface, and should be required.
 *
 * Restricted fields: `spec.containers[*].securityContext.procMount`, `spec.initContainers[*].securityContext.procMount`,
 * `spec.ephemeralContainers[*].securityContext.procMount`.
 *
 * Allowed values: undefined/null, `Default`.
 *
 * From v1.35, the baseline check allows any value for pods in a user namespace (`spec.hostUsers: false`);
 * `procMount_restricted` keeps the restriction for them at the restricted level.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, isUserNamespacePod, securityContextOf, stringAt } from './fields';
import { containerList, joinQuote, sortedUnique } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

/** Id of the baseline check, which `procMount_restricted` overrides. */
export const PROC_MOUNT_ID = 'procMount';

/** Forbids any `procMount` other than `Default`, whatever the pod's user namespace. */
export function procMountV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = containersOf(view)
    .map((container) => ({ container, type: stringAt(securityContextOf(container), 'procMount') }))
    .filter(({ type }) => type !== undefined && type !== 'Default');
  if (bad.length === 0) return undefined;
  const types = sortedUnique(bad.map(({ type }) => type ?? ''));
  return {
    reason: 'procMount',
    detail: `${containerList(bad.map(({ container }) => containerNameOf(container)))} must not set securityContext.procMount to ${joinQuote(types)}`,
    path: pointer(bad[0].container.pointer, 'securityContext', 'procMount'),
  };
}

function procMountV1Dot35(view: PodTemplateView): PssCheckFailure | undefined {
  return isUserNamespacePod(view) ? undefined : procMountV1Dot0(view);
}

/** Baseline check `procMount` (v1.0+, user-namespace pods exempt from v1.35). */
export const procMount: PssCheck = {
  id: PROC_MOUNT_ID,
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: procMountV1Dot0 },
    { minimumVersion: 35, check: procMountV1Dot35 },
  ],
};
