/**
 * Writable cgroups grant a container read-write access to its own cgroup subtree, which the restricted level forbids.
 *
 * Restricted fields: `spec.containers[*].securityContext.cgroupOptions.mountMode`,
 * `spec.initContainers[*].securityContext.cgroupOptions.mountMode`,
 * `spec.ephemeralContainers[*].securityContext.cgroupOptions.mountMode`.
 *
 * Allowed values: undefined/null, `ReadOnly`.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, recordAt, securityContextOf, stringAt } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const WRITABLE = 'Writable';

function cgroupOptionsRestrictedV1Dot38(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = containersOf(view).filter((c) => stringAt(recordAt(securityContextOf(c), 'cgroupOptions'), 'mountMode') === WRITABLE);
  if (bad.length === 0) return undefined;
  return {
    reason: 'cgroupOptions',
    detail: `${containerList(bad.map(containerNameOf))} must not set securityContext.cgroupOptions.mountMode to "${WRITABLE}"`,
    path: pointer(bad[0].pointer, 'securityContext', 'cgroupOptions', 'mountMode'),
  };
}

/** Restricted check `cgroupOptions_restricted` (v1.38+). */
export const cgroupOptionsRestricted: PssCheck = {
  id: 'cgroupOptions_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: 38, check: cgroupOptionsRestrictedV1Dot38 }],
};
