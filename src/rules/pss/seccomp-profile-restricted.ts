/**
 * Seccomp profiles must be specified, and only runtime default and localhost profiles are allowed.
 *
 * Restricted fields: `spec.securityContext.seccompProfile.type`, `spec.containers[*].securityContext.seccompProfile.type`,
 * `spec.initContainers[*].securityContext.seccompProfile.type`, `spec.ephemeralContainers[*].securityContext.seccompProfile.type`.
 *
 * Allowed values: `RuntimeDefault`, `Localhost`; container-level fields may be undefined when the pod level is set.
 *
 * From v1.25, pods with `spec.os.name: windows` are exempt. Overrides `seccompProfile_baseline`.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, isWindowsPod } from './fields';
import { containerList } from './format';
import {
  containerSeccompProfile, explicitlyBadSeccomp, explicitlyBadSeccompDetail, isAllowedSeccompType, podSeccompProfile,
} from './seccomp-profile';
import { SECCOMP_PROFILE_BASELINE_ID } from './seccomp-profile-baseline';
import { containersOf } from '../../core/pod-spec';
import type { PodTemplateView } from '../../core/pod-spec';
import { pointer } from '../../core/types';

function seccompProfileRestrictedV1Dot19(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = explicitlyBadSeccomp(view);
  if (bad.path) return { reason: 'seccompProfile', detail: explicitlyBadSeccompDetail(bad), path: bad.path };
  const pod = podSeccompProfile(view);
  if (pod && isAllowedSeccompType(pod.type)) return undefined;
  const unset = containersOf(view).filter((c) => !containerSeccompProfile(c)).map(containerNameOf);
  if (unset.length === 0) return undefined;
  return {
    reason: 'seccompProfile',
    detail: `pod or ${containerList(unset)} must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"`,
    path: pointer(view.specPointer, 'securityContext', 'seccompProfile', 'type'),
  };
}

function seccompProfileRestrictedV1Dot25(view: PodTemplateView): PssCheckFailure | undefined {
  return isWindowsPod(view) ? undefined : seccompProfileRestrictedV1Dot19(view);
}

/** Restricted check `seccompProfile_restricted` (v1.19+, Windows pods exempt from v1.25). */
export const seccompProfileRestricted: PssCheck = {
  id: 'seccompProfile_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: 19, check: seccompProfileRestrictedV1Dot19, overrides: [SECCOMP_PROFILE_BASELINE_ID] },
    { minimumVersion: 25, check: seccompProfileRestrictedV1Dot25, overrides: [SECCOMP_PROFILE_BASELINE_ID] },
  ],
};
