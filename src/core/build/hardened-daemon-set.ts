/**
 * HardenedDaemonSet: one hardened pod per node, with its dedicated ServiceAccount and NetworkPolicy.
 */
import type { Toleration } from 'kubernetes-types/core/v1';
import { PropsError } from '../errors';
import { isRecord } from '../types';
import {
  buildNetworkPolicy, buildService, buildWorkloadPodTemplate, BuiltWorkload,
  enforceWorkload, HardenedWorkloadProps, resolveWorkload, supportingObjects,
} from './workload';

/** Props of a hardened DaemonSet. */
export interface HardenedDaemonSetProps extends HardenedWorkloadProps {
  /**
   * Emit a Service over the pods' ports. Node agents are usually reached per pod (e.g. scraped through pod
   * discovery), so there is none by default.
   * @default false
   */
  readonly service?: boolean;
  /**
   * Tolerations, e.g. to also run on control-plane nodes.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * Pods that may be unavailable during a rolling update.
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/** Builds the objects of a hardened DaemonSet; `where` names the construct in errors. */
export function buildHardenedDaemonSet(where: string, id: string, props: HardenedDaemonSetProps): BuiltWorkload {
  const w = resolveWorkload(where, id, props);
  if (props.serviceType !== undefined && !props.service) {
    throw new PropsError(where, 'serviceType is set but service is not. Fix: set service: true, or remove serviceType.');
  }
  if (props.service && w.ports.length === 0) {
    throw new PropsError(where, 'service is true but the container has no port. Fix: declare port or ports, or remove service.');
  }
  const maxUnavailable = props.maxUnavailable ?? 1;
  if (!Number.isInteger(maxUnavailable) || maxUnavailable < 1) {
    throw new PropsError(where, `maxUnavailable ${JSON.stringify(props.maxUnavailable)} is invalid. Fix: use a whole number of pods, 1 or more.`);
  }
  if (props.tolerations !== undefined && (!Array.isArray(props.tolerations) || !props.tolerations.every(isRecord))) {
    throw new PropsError(where, 'tolerations must be a list of { key?, operator?, value?, effect? } objects.');
  }
  const template = buildWorkloadPodTemplate(w, props, {
    extraSpec: props.tolerations ? { tolerations: props.tolerations.map((t) => ({ ...t })) } : {},
  });
  const objects = supportingObjects(w, props);
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: w.metadata('DaemonSet'),
    spec: {
      selector: { matchLabels: { ...w.selector } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
      template,
    },
  });
  if (props.service) objects.push(buildService(w, props));
  objects.push(buildNetworkPolicy(w, props));
  enforceWorkload(w, objects, props);
  return { name: w.name, objects, overrides: w.overrides };
}
