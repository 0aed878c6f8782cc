/**
 * Containers must be required to run as non-root users.
 *
 * Restricted fields: `spec.securityContext.runAsNonRoot`, `spec.containers[*].securityContext.runAsNonRoot`,
 * `spec.initContainers[*].securityContext.runAsNonRoot`, `spec.ephemeralContainers[*].securityContext.runAsNonRoot`.
 *
 * Allowed values: `true`; undefined/null at container level when the pod level is `true`.
 *
 * From v1.35, pods in a user namespace (`spec.hostUsers: false`) are exempt.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { booleanAt, containerNameOf, isUserNamespacePod, podSecurityContextOf, securityContextOf } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const REASON = 'runAsNonRoot != true';

function runAsNonRootV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const podPath = pointer(view.specPointer, 'securityContext', 'runAsNonRoot');
  const podValue = booleanAt(podSecurityContextOf(view), 'runAsNonRoot');
  const badSetters: Array<{ name: string; path: string }> = podValue === false ? [{ name: 'pod', path: podPath }] : [];
  const explicitlyBad: Array<{ name: string; path: string }> = [];
  const implicitlyBad: string[] = [];
  for (const container of containersOf(view)) {
    const value = booleanAt(securityContextOf(container), 'runAsNonRoot');
    if (value === false) {
      explicitlyBad.push({ name: containerNameOf(container), path: pointer(container.pointer, 'securityContext', 'runAsNonRoot') });
    } else if (value === undefined && podValue !== true) {
      implicitlyBad.push(containerNameOf(container));
    }
  }
  if (explicitlyBad.length > 0) {
    badSetters.push({ name: containerList(explicitlyBad.map((c) => c.name)), path: explicitlyBad[0].path });
  }
  if (badSetters.length > 0) {
    return {
      reason: REASON,
      detail: `${badSetters.map((s) => s.name).join(' and ')} must not set securityContext.runAsNonRoot=false`,
      path: badSetters[0].path,
    };
  }
  if (implicitlyBad.length > 0) {
    return {
      reason: REASON,
      detail: `pod or ${containerList(implicitlyBad)} must set securityContext.runAsNonRoot=true`,
      path: podPath,
    };
  }
  return undefined;
}

function runAsNonRootV1Dot35(view: PodTemplateView): PssCheckFailure | undefined {
  return isUserNamespacePod(view) ? undefined : runAsNonRootV1Dot0(view);
}

/** Restricted check `runAsNonRoot` (v1.0+, user-namespace pods exempt from v1.35). */
export const runAsNonRoot: PssCheck = {
  id: 'runAsNonRoot',
  level: 'restricted',
  versions: [
    { minimumVersion: 0, check: runAsNonRootV1Dot0 },
    { minimumVersion: 35, check: runAsNonRootV1Dot35 },
  ],
};
