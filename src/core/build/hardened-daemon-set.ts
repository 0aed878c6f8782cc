/**
 * HardenedDaemonSet: one hardened pod per node, with its dedicated ServiceAccount and NetworkPolicy.
 */
import type { Toleration } from 'kubernetes-types/core/v1';
import { PropsError } from '../errors';
import { isRecord } from '../types';
import { isLabelValue, isQualifiedName } from './metadata';
import { checkKnownFields, isInt32, propNames } from './prop-types';
import {
  buildNetworkPolicy, buildService, buildWorkloadPodTemplate, BuiltWorkload,
  enforceWorkload, HardenedWorkloadProps, resolveWorkload, supportingObjects, WORKLOAD_PROP_NAMES,
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

const DAEMON_SET_PROP_NAMES = [
  ...WORKLOAD_PROP_NAMES,
  ...propNames<Omit<HardenedDaemonSetProps, keyof HardenedWorkloadProps>>()('service', 'tolerations', 'maxUnavailable'),
];

const TOLERATION_FIELDS = propNames<Toleration>()('key', 'operator', 'value', 'effect', 'tolerationSeconds');
const TOLERATION_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Fails for a toleration the API server rejects. */
function checkToleration(where: string, field: string, toleration: Toleration): void {
  checkKnownFields(where, toleration, TOLERATION_FIELDS, 'Toleration', `${field}.`);
  const { key, operator = 'Equal', value, effect, tolerationSeconds } = toleration;
  if (operator !== 'Equal' && operator !== 'Exists') {
    throw new PropsError(where, `${field}.operator ${JSON.stringify(operator)} is invalid. Fix: use Equal or Exists (capitalised).`);
  }
  if (key !== undefined && key !== '' && (typeof key !== 'string' || !isQualifiedName(key))) {
    throw new PropsError(where, `${field}.key ${JSON.stringify(key)} is not a taint key. Fix: use a label key such as "node-role.kubernetes.io/control-plane".`);
  }
  if (value !== undefined && (typeof value !== 'string' || !isLabelValue(value))) {
    throw new PropsError(where, `${field}.value ${JSON.stringify(value)} is not a taint value. Fix: use at most 63 letters, digits, '-', '_' and '.', such as "gpu".`);
  }
  if (tolerationSeconds !== undefined && !Number.isSafeInteger(tolerationSeconds)) {
    throw new PropsError(where, `${field}.tolerationSeconds ${JSON.stringify(tolerationSeconds)} is not a whole number of seconds. Fix: use a number such as 300.`);
  }
  if (operator === 'Exists' && value !== undefined && value !== '') {
    throw new PropsError(where, `${field} has operator Exists and a value. Fix: remove value, or use operator Equal.`);
  }
  if ((key === undefined || key === '') && operator !== 'Exists') {
    throw new PropsError(where, `${field} has no key, which only operator Exists allows (tolerating every taint). Fix: set key, or operator: 'Exists'.`);
  }
  if (effect !== undefined && effect !== '' && !TOLERATION_EFFECTS.includes(effect)) {
    throw new PropsError(where, `${field}.effect ${JSON.stringify(effect)} is invalid. Fix: use ${TOLERATION_EFFECTS.join(', ')}, or leave it out for all.`);
  }
  if (tolerationSeconds !== undefined && effect !== 'NoExecute') {
    throw new PropsError(where, `${field}.tolerationSeconds only applies to effect NoExecute. Fix: set effect: 'NoExecute', or remove tolerationSeconds.`);
  }
}

/** Builds the objects of a hardened DaemonSet; `where` names the construct in errors. */
export function buildHardenedDaemonSet(where: string, id: string, props: HardenedDaemonSetProps): BuiltWorkload {
  const w = resolveWorkload(where, id, props, { propsType: 'HardenedDaemonSetProps', propNames: DAEMON_SET_PROP_NAMES });
  if (props.serviceType !== undefined && !props.service) {
    throw new PropsError(where, 'serviceType is set but service is not. Fix: set service: true, or remove serviceType.');
  }
  if (props.service && w.ports.length === 0) {
    throw new PropsError(where, 'service is true but the container has no port. Fix: declare port or ports, or remove service.');
  }
  const maxUnavailable = props.maxUnavailable ?? 1;
  if (!isInt32(maxUnavailable, 1)) {
    throw new PropsError(where, `maxUnavailable ${JSON.stringify(props.maxUnavailable)} is invalid. Fix: use a whole number of pods, 1 or more.`);
  }
  if (props.tolerations !== undefined && (!Array.isArray(props.tolerations) || !props.tolerations.every(isRecord))) {
    throw new PropsError(where, 'tolerations must be a list of { key?, operator?, value?, effect? } objects.');
  }
  (props.tolerations ?? []).forEach((toleration, i) => checkToleration(where, `tolerations[${i}]`, toleration));
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
  objects.push(buildNetworkPolicy(w, props, template));
  enforceWorkload(w, objects, props);
  return { name: w.name, objects, overrides: w.overrides };
}
