/**
 * What every hardened workload shares: props, overrides handling, its ServiceAccount, Service,
 * NetworkPolicy and PodDisruptionBudget, and the final audit.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { findRule, RULE_IDS } from '../../rules/registry';
import { enforceHardening } from '../enforce';
import { PropsError } from '../errors';
import { isDnsSubdomain, objectName } from '../names';
import { Override, todayIso, validateOverrides } from '../overrides';
import { hasPodSpec } from '../pod-spec';
import { KubeObject } from '../types';
import { CONTAINER_PROP_NAMES, ContainerProps, containerPorts } from './container';
import { checkMetadata, MetadataProps, objectMetadata, selectorLabels } from './metadata';
import { buildWorkloadNetworkPolicy, containerPortKeys, NetworkPeer } from './network-policy';
import { buildPodTemplate, POD_PROP_NAMES, POD_PROP_TYPES, PodProps, PodTemplateInputs } from './pod';
import { aList, aNamespaceName, aString, aStringList, aStringMap, checkKnownProps, checkPropTypes, propNames } from './prop-types';
import { planSecretMounts, SecretMountPlan } from './secret-mount';

/** Service types; anything but ClusterIP needs a justified `no-external-exposure` override. */
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** Props every hardened workload takes: its main container, pod settings, metadata, network and overrides. */
export interface HardenedWorkloadProps extends ContainerProps, PodProps, MetadataProps {
  /**
   * Name of every object the workload emits.
   * @default - the construct id, lower-cased, invalid characters replaced by '-'
   */
  readonly name?: string;
  /**
   * Run as an existing ServiceAccount instead of a dedicated one.
   * @default - a dedicated ServiceAccount named like the workload, with automountServiceAccountToken: false
   */
  readonly serviceAccountName?: string;
  /**
   * Type of the Service (rule `no-external-exposure`). NodePort and LoadBalancer need a justified override.
   * @default 'ClusterIP'
   */
  readonly serviceType?: ServiceType;
  /**
   * Peers allowed to reach the workload's ports. Nothing else may connect.
   * @default [] (no ingress)
   */
  readonly allowIngressFrom?: readonly NetworkPeer[];
  /**
   * Destinations the workload may reach besides the cluster DNS.
   * @default [] (DNS only)
   */
  readonly allowEgressTo?: readonly NetworkPeer[];
  /**
   * Justified exceptions to the catalogue's rules; each weakened default needs one. Recorded in the
   * `kubeharden.io/overrides` annotation.
   * @default []
   */
  readonly overrides?: readonly Override[];
  /**
   * Registries images must come from (rule `trusted-registry`), e.g. `registry.example.com`.
   * @default - any explicit registry
   */
  readonly allowedRegistries?: readonly string[];
}

/** What a builder returns: the objects, their common name and the validated overrides. */
export interface BuiltWorkload {
  readonly name: string;
  readonly objects: KubeObject[];
  readonly overrides: readonly Override[];
}

/** The shared parts of a workload, resolved from its props. */
export interface ResolvedWorkload {
  readonly where: string;
  readonly name: string;
  readonly overrides: readonly Override[];
  readonly selector: Readonly<Record<string, string>>;
  readonly serviceAccountName: string;
  readonly ports: ReturnType<typeof containerPorts>;
  /** The annotations for a pod template (the pod rules' overrides). */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** The pod's secrets: what the pod template mounts, and the objects (ExternalSecret, SecretProviderClass) to emit. */
  readonly secretMounts: SecretMountPlan;
  /** Metadata for an object of `kind`, with the overrides whose rule applies to that kind. */
  metadata(kind: string, name?: string): KubeObject['metadata'];
}

/** Options of {@link resolveWorkload} that depend on the workload kind. */
export interface ResolveOptions {
  /** The name of the kind's props type, for errors (`HardenedDeploymentProps`). */
  readonly propsType: string;
  /** Every prop the kind takes: {@link WORKLOAD_PROP_NAMES} and its own (`replicas`). */
  readonly propNames: readonly string[];
  /** The pods run to completion (Jobs, CronJobs). */
  readonly runsToCompletion?: boolean;
}

/** The names of the props every workload takes: {@link HardenedWorkloadProps}. */
export const WORKLOAD_PROP_NAMES: readonly string[] = [
  ...CONTAINER_PROP_NAMES,
  ...POD_PROP_NAMES,
  ...propNames<MetadataProps>()('namespace', 'labels', 'annotations'),
  ...propNames<Omit<HardenedWorkloadProps, keyof ContainerProps | keyof PodProps | keyof MetadataProps>>()(
    'serviceAccountName', 'serviceType', 'allowIngressFrom', 'allowEgressTo', 'overrides', 'allowedRegistries',
  ),
];

/** Validates the common props and resolves names, selectors, overrides and secrets. */
export function resolveWorkload(where: string, id: string, props: HardenedWorkloadProps, options: ResolveOptions): ResolvedWorkload {
  if (props === null || typeof props !== 'object') {
    throw new PropsError(where, 'props are missing. Fix: pass at least { image, port }.');
  }
  checkKnownProps(where, props, options.propNames, options.propsType);
  checkPropTypes(where, props, WORKLOAD_PROP_TYPES);
  checkMetadata(where, props);
  const name = objectName(where, id, props.name);
  const overrides = validateOverrides(props.overrides, { knownRules: RULE_IDS, today: todayIso(), where: `[${where}]` });
  if (props.serviceType !== undefined && !['ClusterIP', 'NodePort', 'LoadBalancer'].includes(props.serviceType)) {
    throw new PropsError(where, `serviceType ${JSON.stringify(props.serviceType)} is invalid. Fix: use ClusterIP (or NodePort/LoadBalancer with a justified override).`);
  }
  const ports = containerPorts(where, props);
  if (props.serviceAccountName !== undefined && !isDnsSubdomain(props.serviceAccountName)) {
    throw new PropsError(where, `serviceAccountName ${JSON.stringify(props.serviceAccountName)} is not a valid ServiceAccount name. Fix: use lower-case letters, digits, '-' and '.' (e.g. "api").`);
  }
  const serviceAccountName = props.serviceAccountName ?? name;
  const metadata = (kind: string, objectNameOverride?: string) =>
    objectMetadata(objectNameOverride ?? name, props, overridesFor(kind, overrides));
  const podOverrides = overridesFor('Pod', overrides);
  const podAnnotations = (objectMetadata(name, {}, podOverrides).annotations ?? {}) as Record<string, string>;
  const containerNames = [name, ...[...(props.initContainers ?? []), ...(props.sidecars ?? [])].map((c) => c?.name).filter((n): n is string => typeof n === 'string')];
  const secretMounts = planSecretMounts(
    { where, workloadName: name, metadata: props, containerNames, runsToCompletion: options.runsToCompletion }, props.secrets,
  );
  return { where, name, overrides, selector: selectorLabels(name), serviceAccountName, ports, metadata, podAnnotations, secretMounts };
}

/** The JSON types of the workload props read before the pod is built (the pod's own are checked with it). */
const WORKLOAD_PROP_TYPES = {
  name: aString('"api"'),
  namespace: aNamespaceName,
  labels: aStringMap('{ team: "payments" }'),
  annotations: aStringMap('{ "example.com/owner": "payments" }'),
  serviceAccountName: aString('"api"'),
  allowIngressFrom: aList('[{ workload: "frontend", ports: [8080] }]'),
  allowEgressTo: aList('[{ workload: "database", ports: [5432] }]'),
  allowedRegistries: aStringList('["registry.example.com"]'),
  initContainers: POD_PROP_TYPES.initContainers,
  sidecars: POD_PROP_TYPES.sidecars,
};

/** The overrides whose rule examines objects of `kind`. */
export function overridesFor(kind: string, overrides: readonly Override[]): Override[] {
  const probe = { apiVersion: 'v1', kind };
  return overrides.filter((o) => {
    const rule = findRule(o.rule);
    return !!rule && rule.appliesTo.some((k) => k === '*' || k === kind || (k === 'pod-workloads' && hasPodSpec(probe)));
  });
}

/** The workload's hardened pod template; `options` adds what its kind needs (restartPolicy, affinity, native sidecars). */
export function buildWorkloadPodTemplate(
  w: ResolvedWorkload, props: HardenedWorkloadProps, options: Pick<PodTemplateInputs, 'extraSpec' | 'nativeSidecars'> = {},
): PodTemplateSpec {
  return buildPodTemplate({
    where: w.where,
    name: w.name,
    main: props,
    pod: props,
    selectorLabels: w.selector,
    serviceAccountName: w.serviceAccountName,
    annotations: w.podAnnotations,
    secretMounts: w.secretMounts,
    ...options,
  });
}

/** The objects a workload needs before its own: its dedicated ServiceAccount (unless it names one) and its secrets' sources. */
export function supportingObjects(w: ResolvedWorkload, props: HardenedWorkloadProps): KubeObject[] {
  return [...(props.serviceAccountName === undefined ? [buildServiceAccount(w)] : []), ...w.secretMounts.objects];
}

/** The dedicated ServiceAccount, token not automounted. */
export function buildServiceAccount(w: ResolvedWorkload): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: w.metadata('ServiceAccount'), automountServiceAccountToken: false };
}

/** The workload's Service over its ports (ClusterIP unless the props say otherwise). */
export function buildService(w: ResolvedWorkload, props: HardenedWorkloadProps, extraSpec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: w.metadata('Service'),
    spec: {
      type: props.serviceType ?? 'ClusterIP',
      selector: { ...w.selector },
      ports: w.ports.map((p) => ({ name: p.name, port: p.servicePort ?? p.port, targetPort: p.name, protocol: p.protocol ?? 'TCP' })),
      ...extraSpec,
    },
  };
}

/** The workload's own NetworkPolicy, for the pods of `template`. */
export function buildNetworkPolicy(w: ResolvedWorkload, props: HardenedWorkloadProps, template: PodTemplateSpec): KubeObject {
  const ports: NetworkPolicyPort[] = w.ports.map((p) => ({ protocol: p.protocol ?? 'TCP', port: p.port }));
  return buildWorkloadNetworkPolicy({
    where: w.where,
    metadata: w.metadata('NetworkPolicy'),
    selectorLabels: w.selector,
    ports,
    listenedPorts: containerPortKeys([...(template.spec!.initContainers ?? []), ...template.spec!.containers]),
    allowIngressFrom: props.allowIngressFrom,
    allowEgressTo: props.allowEgressTo,
  });
}

/** A PodDisruptionBudget keeping at least one ready pod up during voluntary disruptions (pods that are not ready may be evicted). */
export function buildPodDisruptionBudget(w: ResolvedWorkload): KubeObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: w.metadata('PodDisruptionBudget'),
    // AlwaysAllow: a node drain may evict pods that are not ready (a crash-looping pod protects nothing); the
    // budget still keeps one ready pod. Kubernetes recommends it; the field is served from 1.27 on.
    spec: { minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { ...w.selector } } },
  };
}

/** Spreads replicas over nodes (preferred, so scheduling never blocks). */
export function spreadOverNodes(selector: Readonly<Record<string, string>>): Record<string, unknown> {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{
        weight: 100,
        podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { ...selector } } },
      }],
    },
  };
}

/** Audits the built objects; throws on any weakening no override justifies. */
export function enforceWorkload(w: ResolvedWorkload, objects: readonly KubeObject[], props: HardenedWorkloadProps): void {
  enforceHardening(objects, { where: w.where, overrides: w.overrides, allowedRegistries: props.allowedRegistries });
}
