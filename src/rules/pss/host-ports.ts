/**
 * HostPorts must be forbidden.
 *
 * Restricted fields: `spec.containers[*].ports[*].hostPort`, `spec.initContainers[*].ports[*].hostPort`,
 * `spec.ephemeralContainers[*].ports[*].hostPort`.
 *
 * Allowed values: `0`, undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, listAt, numberAt } from './fields';
import { containerList, pluralize, sortedUnique } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

interface HostPortUse {
  readonly port: number;
  readonly path: string;
}

function hostPortsOf(ports: readonly unknown[], containerPointer: string): HostPortUse[] {
  const uses: HostPortUse[] = [];
  ports.forEach((entry, index) => {
    const port = numberAt(entry, 'hostPort');
    if (port !== undefined && port !== 0) uses.push({ port, path: pointer(containerPointer, 'ports', index, 'hostPort') });
  });
  return uses;
}

function hostPortsV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const names: string[] = [];
  const uses: HostPortUse[] = [];
  for (const container of containersOf(view)) {
    const found = hostPortsOf(listAt(container.container, 'ports') ?? [], container.pointer);
    if (found.length === 0) continue;
    names.push(containerNameOf(container));
    uses.push(...found);
  }
  if (names.length === 0) return undefined;
  const ports = sortedUnique(uses.map((use) => String(use.port)));
  return {
    reason: 'hostPort',
    detail: `${containerList(names)} ${pluralize('uses', 'use', names.length)} ${pluralize('hostPort', 'hostPorts', ports.length)} ${ports.join(', ')}`,
    path: uses[0].path,
  };
}

/** Baseline check `hostPorts` (v1.0+). */
export const hostPorts: PssCheck = {
  id: 'hostPorts',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: hostPortsV1Dot0 }],
};
