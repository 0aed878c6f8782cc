/**
 * The host field of probes and lifecycle handlers must not be set, so that the kubelet cannot be made to reach
 * other hosts on the pod's behalf.
 *
 * Restricted fields, for `spec.containers[*]`, `spec.initContainers[*]` and `spec.ephemeralContainers[*]`:
 * `livenessProbe`, `readinessProbe` and `startupProbe` `.httpGet.host` and `.tcpSocket.host`;
 * `lifecycle.postStart` and `lifecycle.preStop` `.httpGet.host` and `.tcpSocket.host`.
 *
 * Allowed values: `""`, undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, recordAt, stringAt } from './fields';
import { containerList, joinQuote, pluralize, sortedUnique } from './format';
import type { ContainerView, PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const LIFECYCLE_HANDLERS = ['postStart', 'preStop'] as const;
const ACTIONS = ['httpGet', 'tcpSocket'] as const;

interface HostUse {
  readonly host: string;
  readonly path: string;
}

function hostsOfHandler(handler: Record<string, unknown> | undefined, handlerPointer: () => string, uses: HostUse[]): void {
  if (!handler) return;
  for (const action of ACTIONS) {
    const host = stringAt(recordAt(handler, action), 'host');
    if (host) uses.push({ host, path: pointer(handlerPointer(), action, 'host') });
  }
}

function hostsOfContainer(container: ContainerView): HostUse[] {
  const uses: HostUse[] = [];
  for (const probe of PROBES) {
    hostsOfHandler(recordAt(container.container, probe), () => pointer(container.pointer, probe), uses);
  }
  const lifecycle = recordAt(container.container, 'lifecycle');
  for (const handler of LIFECYCLE_HANDLERS) {
    hostsOfHandler(recordAt(lifecycle, handler), () => pointer(container.pointer, 'lifecycle', handler), uses);
  }
  return uses;
}

function hostProbesAndHostLifecycleV1Dot34(view: PodTemplateView): PssCheckFailure | undefined {
  const names: string[] = [];
  const uses: HostUse[] = [];
  for (const container of containersOf(view)) {
    const found = hostsOfContainer(container);
    if (found.length === 0) continue;
    names.push(containerNameOf(container));
    uses.push(...found);
  }
  if (uses.length === 0) return undefined;
  const containers = sortedUnique(names);
  const hosts = sortedUnique(uses.map((use) => use.host));
  return {
    reason: 'probe or lifecycle host',
    detail: `${containerList(containers)} ${pluralize('uses', 'use', containers.length)} `
      + `${pluralize('probe or lifecycle host', 'probe or lifecycle hosts', hosts.length)} ${joinQuote(hosts)}`,
    path: uses[0].path,
  };
}

/** Baseline check `hostProbesAndHostLifecycle` (v1.34+). */
export const hostProbesAndHostLifecycle: PssCheck = {
  id: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  versions: [{ minimumVersion: 34, check: hostProbesAndHostLifecycleV1Dot34 }],
};
