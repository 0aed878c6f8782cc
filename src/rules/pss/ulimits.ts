/**
 * Container ulimits are only allowed by the privileged level.
 *
 * Restricted fields: `spec.containers[*].securityContext.ulimits`, `spec.initContainers[*].securityContext.ulimits`,
 * `spec.ephemeralContainers[*].securityContext.ulimits`.
 *
 * Allowed values: undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, isSet, securityContextOf } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

function ulimitsV1Dot37(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = containersOf(view).filter((c) => isSet(securityContextOf(c), 'ulimits'));
  if (bad.length === 0) return undefined;
  return {
    reason: 'ulimits',
    detail: `${containerList(bad.map(containerNameOf))} must not set securityContext.ulimits`,
    path: pointer(bad[0].pointer, 'securityContext', 'ulimits'),
  };
}

/** Baseline check `ulimits` (v1.37+). */
export const ulimits: PssCheck = {
  id: 'ulimits',
  level: 'baseline',
  versions: [{ minimumVersion: 37, check: ulimitsV1Dot37 }],
};
