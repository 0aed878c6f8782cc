/**
 * HardenedDeployment: a Deployment with its dedicated ServiceAccount, ClusterIP Service, NetworkPolicy and
 * (with more than one replica) PodDisruptionBudget.
 */
import { PropsError } from '../errors';
import { isInt32, propNames } from './prop-types';
import type { BuiltWorkload } from './workload';
import {
  buildNetworkPolicy, buildPodDisruptionBudget, buildService, buildWorkloadPodTemplate,
  enforceWorkload, HardenedWorkloadProps, resolveWorkload, spreadOverNodes, supportingObjects, WORKLOAD_PROP_NAMES,
} from './workload';

/** Props of a hardened Deployment. */
export interface HardenedDeploymentProps extends HardenedWorkloadProps {
  /**
   * Number of pods. With more than one, the pods are spread over nodes and a PodDisruptionBudget keeps one up.
   * @default 2
   */
  readonly replicas?: number;
}

const DEPLOYMENT_PROP_NAMES = [...WORKLOAD_PROP_NAMES, ...propNames<Omit<HardenedDeploymentProps, keyof HardenedWorkloadProps>>()('replicas')];

/** Builds the objects of a hardened Deployment; `where` names the construct in errors. */
export function buildHardenedDeployment(where: string, id: string, props: HardenedDeploymentProps): BuiltWorkload {
  const w = resolveWorkload(where, id, props, { propsType: 'HardenedDeploymentProps', propNames: DEPLOYMENT_PROP_NAMES });
  const replicas = props.replicas ?? 2;
  if (!isInt32(replicas)) {
    throw new PropsError(where, `replicas ${JSON.stringify(props.replicas)} is invalid. Fix: use a whole number of pods, 0 or more.`);
  }
  const template = buildWorkloadPodTemplate(w, props, { extraSpec: replicas > 1 ? { affinity: spreadOverNodes(w.selector) } : {} });
  const objects = supportingObjects(w, props);
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: w.metadata('Deployment'),
    spec: { replicas, selector: { matchLabels: { ...w.selector } }, template },
  });
  if (w.ports.length > 0) objects.push(buildService(w, props));
  objects.push(buildNetworkPolicy(w, props, template));
  if (replicas > 1) objects.push(buildPodDisruptionBudget(w));
  enforceWorkload(w, objects, props);
  return { name: w.name, objects, overrides: w.overrides };
}
