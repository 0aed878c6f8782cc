/**
 * Containers must not set runAsUser to 0.
 *
 * Restricted fields: `spec.securityContext.runAsUser`, `spec.containers[*].securityContext.runAsUser`,
 * `spec.initContainers[*].securityContext.runAsUser`, `spec.ephemeralContainers[*].securityContext.runAsUser`.
 *
 * Allowed values: non-zero values, undefined/null.
 *
 * From v1.35, pods in a user namespace (`spec.hostUsers: false`) are exempt.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, isUserNamespacePod, numberAt, podSecurityContextOf, securityContextOf } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

function runAsUserV1Dot23(view: PodTemplateView): PssCheckFailure | undefined {
  const badSetters: Array<{ name: string; path: string }> = [];
  if (numberAt(podSecurityContextOf(view), 'runAsUser') === 0) {
    badSetters.push({ name: 'pod', path: pointer(view.specPointer, 'securityContext', 'runAsUser') });
  }
  const badContainers = containersOf(view).filter((c) => numberAt(securityContextOf(c), 'runAsUser') === 0);
  if (badContainers.length > 0) {
    badSetters.push({
      name: containerList(badContainers.map(containerNameOf)),
      path: pointer(badContainers[0].pointer, 'securityContext', 'runAsUser'),
    });
  }
  if (badSetters.length === 0) return undefined;
  return {
    reason: 'runAsUser=0',
    detail: `${badSetters.map((s) => s.name).join(' and ')} must not set runAsUser=0`,
    path: badSetters[0].path,
  };
}

function runAsUserV1Dot35(view: PodTemplateView): PssCheckFailure | undefined {
  return isUserNamespacePod(view) ? undefined : runAsUserV1Dot23(view);
}

/** Restricted check `runAsUser` (v1.23+, user-namespace pods exempt from v1.35). */
export const runAsUser: PssCheck = {
  id: 'runAsUser',
  level: 'restricted',
  versions: [
    { minimumVersion: 23, check: runAsUserV1Dot23 },
    { minimumVersion: 35, check: runAsUserV1Dot35 },
  ],
};
