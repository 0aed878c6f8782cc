/**
 * Privilege escalation (such as via set-user-ID or set-group-ID file mode) should not be allowed.
 *
 * Restricted fields: `spec.containers[*].securityContext.allowPrivilegeEscalation`,
 * `spec.initContainers[*].securityContext.allowPrivilegeEscalation`,
 * `spec.ephemeralContainers[*].securityContext.allowPrivilegeEscalation`.
 *
 * Allowed values: `false` (it must be set).
 *
 * From v1.25, pods with `spec.os.name: windows` are exempt.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { booleanAt, containerNameOf, isWindowsPod, securityContextOf } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

function allowPrivilegeEscalationV1Dot8(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = containersOf(view).filter((c) => booleanAt(securityContextOf(c), 'allowPrivilegeEscalation') !== false);
  if (bad.length === 0) return undefined;
  return {
    reason: 'allowPrivilegeEscalation != false',
    detail: `${containerList(bad.map(containerNameOf))} must set securityContext.allowPrivilegeEscalation=false`,
    path: pointer(bad[0].pointer, 'securityContext', 'allowPrivilegeEscalation'),
  };
}

function allowPrivilegeEscalationV1Dot25(view: PodTemplateView): PssCheckFailure | undefined {
  return isWindowsPod(view) ? undefined : allowPrivilegeEscalationV1Dot8(view);
}

/** Restricted check `allowPrivilegeEscalation` (v1.8+, Windows pods exempt from v1.25). */
export const allowPrivilegeEscalation: PssCheck = {
  id: 'allowPrivilegeEscalation',
  level: 'restricted',
  versions: [
    { minimumVersion: 8, check: allowPrivilegeEscalationV1Dot8 },
    { minimumVersion: 25, check: allowPrivilegeEscalationV1Dot25 },
  ],
};
