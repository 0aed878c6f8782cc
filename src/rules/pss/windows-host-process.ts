/**
 * Windows pods offer the ability to run HostProcess containers, which give privileged access to the Windows node.
 * The pod and its containers must not set hostProcess to true.
 *
 * Restricted fields: `spec.securityContext.windowsOptions.hostProcess`,
 * `spec.containers[*].securityContext.windowsOptions.hostProcess`,
 * `spec.initContainers[*].securityContext.windowsOptions.hostProcess`,
 * `spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess`.
 *
 * Allowed values: `false`, undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { booleanAt, containerNameOf, podSecurityContextOf, recordAt, securityContextOf } from './fields';
import { containerList } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

function setsHostProcess(securityContext: Record<string, unknown> | undefined): boolean {
  return booleanAt(recordAt(securityContext, 'windowsOptions'), 'hostProcess') === true;
}

function windowsHostProcessV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const setters: Array<{ name: string; path: string }> = [];
  if (setsHostProcess(podSecurityContextOf(view))) {
    setters.push({ name: 'pod', path: pointer(view.specPointer, 'securityContext', 'windowsOptions', 'hostProcess') });
  }
  const bad = containersOf(view).filter((c) => setsHostProcess(securityContextOf(c)));
  if (bad.length > 0) {
    setters.push({ name: containerList(bad.map(containerNameOf)), path: pointer(bad[0].pointer, 'securityContext', 'windowsOptions', 'hostProcess') });
  }
  if (setters.length === 0) return undefined;
  return {
    reason: 'hostProcess',
    detail: `${setters.map((s) => s.name).join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`,
    path: setters[0].path,
  };
}

/** Baseline check `windowsHostProcess` (v1.0+). */
export const windowsHostProcess: PssCheck = {
  id: 'windowsHostProcess',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: windowsHostProcessV1Dot0 }],
};
