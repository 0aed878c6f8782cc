/**
 * RestrictedNamespace: a Namespace that enforces the restricted Pod Security Standard at a pinned version,
 * denies all traffic by default (DNS excepted), bounds its resources and pod count, and gives containers the
 * guide's default requests and limits.
 *
 * Kubernetes has no per-pod pids limit: the only pids bound is the kubelet's `podPidsLimit`, set per node.
 * Within a namespace, the number of processes is therefore bounded by the ResourceQuota's pod count times the
 * nodes' `podPidsLimit`.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { FIRST_COMPLETE_PSS_MINOR, missingGuideChecks } from '../../rules/namespace/pss-namespace-labels';
import { fillResourceDefaults } from '../../rules/pod/resource-limits';
import { LATEST_PSS_MINOR } from '../../rules/pss/registry';
import { RULE_IDS } from '../../rules/registry';
import { enforceHardening } from '../enforce';
import { PropsError } from '../errors';
import { objectName } from '../names';
import { Override, todayIso, validateOverrides } from '../overrides';
import { isNonNegativeQuantity, isQuantity, parseQuantity } from '../quantity';
import { isRecord, KubeObject } from '../types';
import { checkResourceLists, RESOURCE_LIST_TYPES } from './container';
import { checkMetadata, objectMetadata, RESERVED_LABELS } from './metadata';
import { DNS_EGRESS } from './network-policy';
import { aStringMap, checkKnownProps, checkPropTypes, propNames } from './prop-types';
import { overridesFor } from './workload';

/** Pod Security Standards levels a namespace can enforce, audit or warn. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** The version every Pod Security label is pinned to unless told otherwise. */
export const DEFAULT_PSS_VERSION = 'v1.35';

/** Label prefix of Pod Security Admission. */
export const PSS_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/** Namespace-wide totals of the ResourceQuota. */
export interface NamespaceQuota {
  /**
   * Total cpu requested by the namespace's pods.
   * @default '8'
   */
  readonly requestsCpu?: string;
  /**
   * Total memory requested.
   * @default '16Gi'
   */
  readonly requestsMemory?: string;
  /**
   * Total cpu limit.
   * @default '16'
   */
  readonly limitsCpu?: string;
  /**
   * Total memory limit.
   * @default '32Gi'
   */
  readonly limitsMemory?: string;
  /**
   * Number of pods: with the nodes' `podPidsLimit`, the bound on the namespace's processes.
   * @default 50
   */
  readonly pods?: number;
  /**
   * LoadBalancer Services allowed (rule `no-external-exposure`). Above 0 needs a justified override.
   * @default 0
   */
  readonly loadBalancers?: number;
  /**
   * NodePort Services allowed (rule `no-external-exposure`). Above 0 needs a justified override.
   * @default 0
   */
  readonly nodePorts?: number;
}

/** Props of a RestrictedNamespace. */
export interface RestrictedNamespaceProps {
  /**
   * Name of the Namespace.
   * @default - the construct id, lower-cased, invalid characters replaced by '-'
   */
  readonly name?: string;
  /**
   * Level enforced by Pod Security Admission (rule `pss-namespace-labels`). A weaker level needs a justified override.
   * @default 'restricted'
   * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Level audited (recorded in the API server's audit log). A weaker level needs a justified override.
   * @default 'restricted'
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Level warned about (returned to `kubectl`). A weaker level needs a justified override.
   * @default 'restricted'
   */
  readonly warn?: PodSecurityLevel;
  /**
   * Pod Security Standards version the `enforce-version`, `audit-version` and `warn-version` labels pin, `v1.N`
   * (rule `pss-namespace-labels`); `latest` is refused because a cluster upgrade would change what is allowed, and so
   * is a version newer than the newest kubeharden checks, which Kubernetes reads as `latest`.
   * @default 'v1.35'
   * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/#pod-security-admission-labels-for-namespaces
   */
  readonly version?: string;
  /**
   * Namespace-wide totals (ResourceQuota, rule `resource-limits`), including the pod count that bounds the
   * number of processes (Kubernetes has no per-pod pids limit).
   * @default - requests 8 cpu / 16Gi, limits 16 cpu / 32Gi, 50 pods, no LoadBalancer or NodePort Service
   * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
   */
  readonly quota?: NamespaceQuota;
  /**
   * Requests and limits given to containers that set none (LimitRange, rule `resource-limits`).
   * @default - the guide's values: requests cpu 250m, memory 128Mi, ephemeral-storage 64Mi; limits cpu 1, memory 512Mi, ephemeral-storage 1Gi
   * @see https://kubernetes.io/docs/concepts/policy/limit-range/
   */
  readonly containerDefaults?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  /**
   * Extra labels on the Namespace (and its objects).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the Namespace (and its objects).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Justified exceptions: `pss-namespace-labels` for a weaker level, `no-external-exposure` for LoadBalancer or
   * NodePort quota above 0.
   * @default []
   */
  readonly overrides?: readonly Override[];
}

/** What {@link buildRestrictedNamespace} returns. */
export interface BuiltNamespace {
  readonly name: string;
  readonly objects: KubeObject[];
  readonly overrides: readonly Override[];
}

const NAMESPACE_PROP_NAMES = propNames<RestrictedNamespaceProps>()(
  'name', 'enforce', 'audit', 'warn', 'version', 'quota', 'containerDefaults', 'labels', 'annotations', 'overrides',
);
const QUOTA_PROP_NAMES = propNames<NamespaceQuota>()(
  'requestsCpu', 'requestsMemory', 'limitsCpu', 'limitsMemory', 'pods', 'loadBalancers', 'nodePorts',
);

/** The labels kubeharden sets on a namespace: those of every object, and the Pod Security labels from the level props. */
const NAMESPACE_RESERVED_LABELS = [
  ...RESERVED_LABELS,
  { key: PSS_LABEL_PREFIX, instead: 'set the enforce, audit, warn and version props, which kubeharden writes there' },
];

const LEVELS: readonly string[] = ['restricted', 'baseline', 'privileged'];
const NAMESPACE_RULES: readonly string[] = ['pss-namespace-labels', 'no-external-exposure'];
const PINNED_VERSION = /^v1\.(0|[1-9]\d{0,2})$/;

/** Builds the Namespace, its default-deny NetworkPolicy, ResourceQuota, LimitRange and `default` ServiceAccount. */
export function buildRestrictedNamespace(where: string, id: string, props: RestrictedNamespaceProps = {}): BuiltNamespace {
  if (!isRecord(props)) throw new PropsError(where, 'props must be an object (or omitted).');
  checkKnownProps(where, props, NAMESPACE_PROP_NAMES, 'RestrictedNamespaceProps');
  checkPropTypes(where, props, { labels: aStringMap('{ team: "payments" }'), annotations: aStringMap('{ "example.com/owner": "payments" }') });
  checkMetadata(where, props, { labels: 'labels', annotations: 'annotations', reservedLabels: NAMESPACE_RESERVED_LABELS });
  const name = objectName(where, id, props.name);
  if (name.startsWith('kube-')) {
    throw new PropsError(where, `name "${name}" is a Kubernetes system namespace (the kube- prefix is reserved); restricting it would break the cluster's own pods. Fix: use a namespace of your own, such as "shop".`);
  }
  const overrides = validateOverrides(props.overrides, { knownRules: RULE_IDS, today: todayIso(), where: `[${where}]` });
  const overridden = new Set(overrides.map((o) => o.rule));
  const foreign = overrides.find((o) => !NAMESPACE_RULES.includes(o.rule));
  if (foreign) {
    throw new PropsError(where, `override for rule "${foreign.rule}" does not apply to a namespace. Fix: write it on the workload it justifies; a namespace takes overrides for ${NAMESPACE_RULES.join(' and ')} only.`);
  }
  const version = props.version ?? DEFAULT_PSS_VERSION;
  if (typeof version !== 'string' || !PINNED_VERSION.test(version)) {
    throw new PropsError(where, `version ${JSON.stringify(version)} is not a pinned Pod Security Standards version. Fix: use v1.N, e.g. "${DEFAULT_PSS_VERSION}" (not "latest").`);
  }
  const minor = Number(PINNED_VERSION.exec(version)![1]);
  if (minor > LATEST_PSS_MINOR) {
    throw new PropsError(where, `version "${version}" is newer than the newest Pod Security Standards version kubeharden checks (v1.${LATEST_PSS_MINOR}), `
      + `and Kubernetes reads a version newer than itself as latest. Fix: use v1.${LATEST_PSS_MINOR} or earlier (the default is ${DEFAULT_PSS_VERSION}).`);
  }
  // A version before the restricted policy checked all of the guide's items weakens it, as a weaker level does.
  const missingChecks = missingGuideChecks(minor);
  if (missingChecks !== '' && !overridden.has('pss-namespace-labels')) {
    throw new PropsError(where, `version "${version}" pins a restricted policy that does not check ${missingChecks} (rule pss-namespace-labels). `
      + `Fix: use v1.${FIRST_COMPLETE_PSS_MINOR} or later (the default is ${DEFAULT_PSS_VERSION}), `
      + 'or add an override { rule: \'pss-namespace-labels\', justification: \'<why, at least 20 characters>\' }.');
  }
  const labels: Record<string, string> = {};
  let weakened = missingChecks !== '';
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = props[mode] ?? 'restricted';
    if (!LEVELS.includes(level)) {
      throw new PropsError(where, `${mode} ${JSON.stringify(level)} is not a Pod Security level. Fix: use restricted (or baseline/privileged with a justified override).`);
    }
    if (level !== 'restricted' && !overridden.has('pss-namespace-labels')) {
      throw new PropsError(where, `${mode} "${level}" weakens the restricted Pod Security Standard (rule pss-namespace-labels). Fix: keep ${mode}: 'restricted', or add an override { rule: 'pss-namespace-labels', justification: '<why, at least 20 characters>' }.`);
    }
    weakened ||= level !== 'restricted';
    labels[`${PSS_LABEL_PREFIX}${mode}`] = level;
    labels[`${PSS_LABEL_PREFIX}${mode}-version`] = version;
  }
  if (overridden.has('pss-namespace-labels') && !weakened) {
    throw new PropsError(where, `override for rule "pss-namespace-labels" is not needed: enforce, audit and warn are all restricted at ${version}. Fix: remove the override.`);
  }
  const quota = resourceQuotaHard(where, props.quota ?? {}, overridden);
  const exposure = overrides.filter((o) => o.rule === 'no-external-exposure');
  const limitRange = containerDefaults(where, props.containerDefaults ?? {});
  const common = { namespace: name, labels: props.labels, annotations: props.annotations };
  const metadata = (kind: string, objectNameOverride = name) => ({
    ...objectMetadata(name, common, overridesFor(kind, overrides)),
    name: objectNameOverride,
  });
  const namespaceMetadata = objectMetadata(name, { labels: props.labels, annotations: props.annotations }, overridesFor('Namespace', overrides));
  const objects: KubeObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { ...namespaceMetadata, labels: { ...namespaceMetadata.labels, ...labels } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: defaultDenyMetadata(metadata('NetworkPolicy', 'default-deny')),
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [DNS_EGRESS] },
    },
    { apiVersion: 'v1', kind: 'ResourceQuota', metadata: objectMetadata(name, common, exposure), spec: { hard: quota } },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: metadata('LimitRange'), spec: { limits: [limitRange] } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: metadata('ServiceAccount', 'default'), automountServiceAccountToken: false },
  ];
  // The objects as built pass the catalogue, or fail here: the cdk8s synth audit trusts builders that audit.
  enforceHardening(objects, { where, overrides });
  return { name, objects, overrides };
}

/**
 * The default-deny policy's metadata. It selects every pod of the namespace, those to come included; kube-score's
 * `networkpolicy-targets-pod` looks for a selected pod in the files it is given, and reports a namespace scored
 * without its workloads as critical, so the policy carries kube-score's own annotation for skipping that check.
 */
function defaultDenyMetadata(metadata: ObjectMeta): ObjectMeta {
  return { ...metadata, annotations: { ...metadata.annotations, 'kube-score/ignore': 'networkpolicy-targets-pod' } };
}

function resourceQuotaHard(where: string, quota: NamespaceQuota, overridden: ReadonlySet<string>): Record<string, string> {
  if (!isRecord(quota)) throw new PropsError(where, 'quota must be an object such as { pods: 50 }.');
  checkKnownProps(where, quota, QUOTA_PROP_NAMES, 'NamespaceQuota', 'quota.');
  const quantities = {
    'requests.cpu': quota.requestsCpu ?? '8',
    'requests.memory': quota.requestsMemory ?? '16Gi',
    'limits.cpu': quota.limitsCpu ?? '16',
    'limits.memory': quota.limitsMemory ?? '32Gi',
  };
  const fields: Record<string, string> = {
    'requests.cpu': 'requestsCpu', 'requests.memory': 'requestsMemory', 'limits.cpu': 'limitsCpu', 'limits.memory': 'limitsMemory',
  };
  for (const [resource, value] of Object.entries(quantities)) {
    if (!isNonNegativeQuantity(value)) {
      const problem = isQuantity(value) ? 'is negative, which the API server rejects' : 'is not a Kubernetes quantity';
      throw new PropsError(where, `quota.${fields[resource]} ${JSON.stringify(value)} ${problem}. Fix: use values like "8", "500m", "16Gi".`);
    }
  }
  const counts = { pods: quota.pods ?? 50, loadBalancers: quota.loadBalancers ?? 0, nodePorts: quota.nodePorts ?? 0 };
  for (const [field, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new PropsError(where, `quota.${field} ${JSON.stringify(value)} is not a count. Fix: use a whole number, 0 or more.`);
    }
  }
  if (counts.pods === 0) {
    throw new PropsError(where, 'quota.pods is 0, so no pod could ever run in the namespace. Fix: allow at least 1 pod.');
  }
  if (overridden.has('no-external-exposure') && counts.loadBalancers === 0 && counts.nodePorts === 0) {
    throw new PropsError(where, 'override for rule "no-external-exposure" is not needed: the quota allows no LoadBalancer or NodePort Service. Fix: remove the override.');
  }
  for (const field of ['loadBalancers', 'nodePorts'] as const) {
    if (counts[field] > 0 && !overridden.has('no-external-exposure')) {
      throw new PropsError(where, `quota.${field} ${counts[field]} lets Services be exposed outside the cluster (rule no-external-exposure). Fix: keep it 0 and publish through an Ingress, or add an override { rule: 'no-external-exposure', justification: '<why, at least 20 characters>' }.`);
    }
  }
  return {
    ...quantities,
    'pods': String(counts.pods),
    'services.loadbalancers': String(counts.loadBalancers),
    'services.nodeports': String(counts.nodePorts),
  };
}

function containerDefaults(where: string, defaults: NonNullable<RestrictedNamespaceProps['containerDefaults']>): Record<string, unknown> {
  if (!isRecord(defaults)) throw new PropsError(where, 'containerDefaults must be an object { requests?, limits? }.');
  checkKnownProps(where, defaults, ['requests', 'limits'], 'RestrictedNamespaceProps', 'containerDefaults.');
  checkPropTypes(where, defaults, RESOURCE_LIST_TYPES, 'containerDefaults.');
  const requests: Record<string, unknown> = { ...defaults.requests };
  const limits: Record<string, unknown> = { ...defaults.limits };
  checkResourceLists(where, 'containerDefaults', requests, limits);
  for (const resource of ['cpu', 'memory']) {
    if (limits[resource] !== undefined && parseQuantity(limits[resource])! <= 0) {
      throw new PropsError(where, `containerDefaults.limits.${resource} ${JSON.stringify(limits[resource])} limits nothing: containers that set no limit would run `
        + 'without one (rule resource-limits). Fix: use a limit above 0, such as "1" or "512Mi".');
    }
  }
  // As for a workload's containers: a default limit is raised to a larger default request, and the other way round.
  fillResourceDefaults(requests, limits);
  return { type: 'Container', default: limits, defaultRequest: requests };
}
