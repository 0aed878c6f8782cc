/**
 * Privileged Pods disable most security mechanisms and must be disallowed.
 *
 * Restricted fields: `spec.containers[*].securityContext.privileged`,
 * `spec.initContainers[*].securityContext.privileged`, `spec.ephemeralContainers[*].securityContext.privileged`.
 *
 * Allowed values: `false`, undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { booleanAt, containerNameOf, securityContextOf } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

function privilegedV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = containersOf(view).filter((c) => booleanAt(securityContextOf(c), 'privileged') === true);
  if (bad.length === 0) return undefined;
  return {
    reason: 'privileged',
    detail: `${containerList(bad.map(containerNameOf))} must not set securityContext.privileged=true`,
    path: pointer(bad[0].pointer, 'securityContext', 'privileged'),
  };
}

/** Baseline check `privileged` (v1.0+). */
export const privileged: PssCheck = {
  id: 'privileged',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: privilegedV1Dot0 }],
};
