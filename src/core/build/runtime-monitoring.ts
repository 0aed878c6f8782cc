/**
 * RuntimeMonitoring: Falco rules for the runtime threats the guide names, as a ConfigMap for the Falco chart's rules
 * directory, and an API server audit policy for exec, attach, port-forward and Secret access.
 */
import { dump } from 'js-yaml';
import { PropsError } from '../errors';
import { isDnsLabel, objectName } from '../names';
import type { KubeObject } from '../types';
import { isLabelValue, isQualifiedName, objectMetadata } from './metadata';
import { aBoolean, aStringList, aStringMap, checkKnownProps, checkPropTypes, propNames } from './prop-types';
import { auditPolicy } from '../../runtime/audit-policy';
import { FalcoEntry, falcoRules, falcoRulesYaml } from '../../runtime/falco-rules';

/** Props of {@link buildRuntimeMonitoring}. */
export interface RuntimeMonitoringProps {
  /**
   * Base name of the emitted ConfigMaps (`<name>-falco-rules`, `<name>-audit-policy`).
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * Namespace Falco runs in, where the rules ConfigMap goes.
   * @default 'falco'
   */
  readonly falcoNamespace?: string;
  /**
   * Key of the rules file in the ConfigMap (the file name under `/etc/falco/rules.d`).
   * @default 'kubeharden_rules.yaml'
   */
  readonly rulesFileName?: string;
  /**
   * Namespaces of the internal tier: their pods must not connect outside `clusterNetworks`.
   * @default - none; with neither this nor `internalPodLabels`, the outbound-connection rule is not emitted
   */
  readonly internalNamespaces?: readonly string[];
  /**
   * Pod labels marking the internal tier (a pod carrying any one of them is internal), e.g. `{ tier: 'internal' }`.
   * @default - none
   */
  readonly internalPodLabels?: Readonly<Record<string, string>>;
  /**
   * Networks the internal tier may reach: the cluster's pod, service and node CIDRs.
   * @default ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] (RFC 1918)
   */
  readonly clusterNetworks?: readonly string[];
  /**
   * Image repositories allowed to start a shell (e.g. `registry.example.com/debug-toolbox`).
   * @default - none
   */
  readonly shellAllowedImages?: readonly string[];
  /**
   * Process names allowed to read the service-account token (e.g. an operator that calls the API server).
   * @default - none
   */
  readonly tokenReaders?: readonly string[];
  /**
   * Emit the API server audit policy as a ConfigMap (key `audit-policy.yaml`) besides exposing it as an object.
   * The API server reads the policy from a file only (`--audit-policy-file`): the ConfigMap carries it to whatever
   * writes that file on the control plane.
   * @default true
   */
  readonly auditPolicyConfigMap?: boolean;
  /**
   * Namespace of the audit policy ConfigMap.
   * @default 'kube-system'
   */
  readonly auditPolicyNamespace?: string;
  /**
   * Audit level of `pods/exec`, `pods/attach`, `pods/portforward` and `pods/ephemeralcontainers`. The command run by
   * `kubectl exec` is in the logged request URI at either level.
   * @default 'RequestResponse'
   */
  readonly execAuditLevel?: 'Metadata' | 'RequestResponse';
  /**
   * Audit level of every other request (Secrets and ConfigMaps are always `Metadata`).
   * @default 'Metadata'
   */
  readonly defaultAuditLevel?: 'None' | 'Metadata';
}

/** What {@link buildRuntimeMonitoring} produces. */
export interface BuiltRuntimeMonitoring {
  readonly name: string;
  /** The Falco rules ConfigMap, then (unless disabled) the audit policy ConfigMap. */
  readonly objects: KubeObject[];
  /** The Falco rules file's entries. */
  readonly falcoRules: readonly FalcoEntry[];
  /** The Falco rules file (YAML). */
  readonly falcoRulesYaml: string;
  /** Values for the Falco Helm chart that load the rules without the ConfigMap: `{ customRules: { <file>: <yaml> } }`. */
  readonly falcoHelmValues: { readonly customRules: Readonly<Record<string, string>> };
  /** The `audit.k8s.io/v1` `Policy`, for `kube-apiserver --audit-policy-file`. */
  readonly auditPolicy: KubeObject;
  /** The audit policy as YAML. */
  readonly auditPolicyYaml: string;
}

/** The RFC 1918 private networks, where cluster networks usually live. */
export const RFC1918_NETWORKS: readonly string[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

const CIDR_V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const FALCO_WORD = /^[A-Za-z0-9][A-Za-z0-9._/:-]*$/;
const RULES_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml$/;

const RUNTIME_MONITORING_PROP_NAMES = propNames<RuntimeMonitoringProps>()(
  'name', 'falcoNamespace', 'rulesFileName', 'internalNamespaces', 'internalPodLabels', 'clusterNetworks', 'shellAllowedImages',
  'tokenReaders', 'auditPolicyConfigMap', 'auditPolicyNamespace', 'execAuditLevel', 'defaultAuditLevel',
);

/** Builds the objects; `where` names the construct in errors. Throws {@link PropsError} for invalid props. */
export function buildRuntimeMonitoring(where: string, id: string, props: RuntimeMonitoringProps = {}): BuiltRuntimeMonitoring {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) throw new PropsError(where, 'props must be an object (or omitted).');
  checkKnownProps(where, props, RUNTIME_MONITORING_PROP_NAMES, 'RuntimeMonitoringProps');
  checkPropTypes(where, props, {
    internalNamespaces: aStringList('["payments"]'),
    internalPodLabels: aStringMap('{ tier: "internal" }'),
    clusterNetworks: aStringList('["10.0.0.0/8"]'),
    shellAllowedImages: aStringList('["registry.example.com/debug"]'),
    tokenReaders: aStringList('["vault-agent"]'),
    auditPolicyConfigMap: aBoolean,
  });
  const name = objectName(where, id, props.name);
  const falcoNamespace = namespace(where, 'falcoNamespace', props.falcoNamespace ?? 'falco');
  const auditNamespace = namespace(where, 'auditPolicyNamespace', props.auditPolicyNamespace ?? 'kube-system');
  const rulesFileName = props.rulesFileName ?? 'kubeharden_rules.yaml';
  if (!RULES_FILE.test(rulesFileName)) {
    throw new PropsError(where, `rulesFileName ${JSON.stringify(rulesFileName)} is not a YAML file name. Fix: e.g. 'kubeharden_rules.yaml'.`);
  }
  const internalNamespaces = (props.internalNamespaces ?? []).map((ns, i) => namespace(where, `internalNamespaces[${i}]`, ns));
  const internalPodLabels = props.internalPodLabels ?? {};
  for (const [key, value] of Object.entries(internalPodLabels)) {
    if (!isQualifiedName(key)) throw new PropsError(where, `internalPodLabels key ${JSON.stringify(key)} is not a label key.`);
    if (typeof value !== 'string' || value === '' || !isLabelValue(value)) {
      throw new PropsError(where, `internalPodLabels["${key}"] ${JSON.stringify(value)} is not a label value. Fix: use letters, digits, '-', '_' and '.'.`);
    }
  }
  const clusterNetworks = props.clusterNetworks ?? RFC1918_NETWORKS;
  if (clusterNetworks.length === 0) throw new PropsError(where, 'clusterNetworks is empty. Fix: list the pod, service and node CIDRs of the cluster.');
  clusterNetworks.forEach((cidr, i) => {
    if (!isIpv4Cidr(cidr)) throw new PropsError(where, `clusterNetworks[${i}] ${JSON.stringify(cidr)} is not an IPv4 CIDR. Fix: e.g. '10.0.0.0/8'.`);
  });
  const shellAllowedImages = words(where, 'shellAllowedImages', props.shellAllowedImages ?? []);
  const tokenReaders = words(where, 'tokenReaders', props.tokenReaders ?? []);
  const execLevel = props.execAuditLevel ?? 'RequestResponse';
  if (execLevel !== 'Metadata' && execLevel !== 'RequestResponse') {
    throw new PropsError(where, `execAuditLevel ${JSON.stringify(execLevel)} is invalid. Fix: use 'Metadata' or 'RequestResponse'.`);
  }
  const defaultLevel = props.defaultAuditLevel ?? 'Metadata';
  if (defaultLevel !== 'None' && defaultLevel !== 'Metadata') {
    throw new PropsError(where, `defaultAuditLevel ${JSON.stringify(defaultLevel)} is invalid. Fix: use 'None' or 'Metadata'.`);
  }

  const entries = falcoRules({ internalNamespaces, internalPodLabels, clusterNetworks, shellAllowedImages, tokenReaders });
  const rulesYaml = falcoRulesYaml(entries);
  const policy = auditPolicy({ execLevel, defaultLevel });
  const policyYaml = dump(policy, { lineWidth: -1, noRefs: true, sortKeys: false });
  const objects: KubeObject[] = [{
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMetadata(`${name}-falco-rules`, { namespace: falcoNamespace }),
    data: { [rulesFileName]: rulesYaml },
  }];
  if (props.auditPolicyConfigMap ?? true) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: objectMetadata(`${name}-audit-policy`, { namespace: auditNamespace }),
      data: { 'audit-policy.yaml': policyYaml },
    });
  }
  return {
    name,
    objects,
    falcoRules: entries,
    falcoRulesYaml: rulesYaml,
    falcoHelmValues: { customRules: { [rulesFileName]: rulesYaml } },
    auditPolicy: policy,
    auditPolicyYaml: policyYaml,
  };
}

function namespace(where: string, field: string, value: unknown): string {
  if (!isDnsLabel(value)) throw new PropsError(where, `${field} ${JSON.stringify(value)} is not a namespace name.`);
  return value;
}

/** Values spliced into Falco conditions: plain words only, so a prop cannot change a rule's logic. */
function words(where: string, field: string, values: readonly string[]): string[] {
  values.forEach((value, i) => {
    if (typeof value !== 'string' || !FALCO_WORD.test(value)) {
      throw new PropsError(where, `${field}[${i}] ${JSON.stringify(value)} is invalid. Fix: use an image repository or process name without spaces or quotes.`);
    }
  });
  return [...values];
}

function isIpv4Cidr(text: unknown): boolean {
  const match = typeof text === 'string' ? CIDR_V4.exec(text) : null;
  return !!match && match.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(match[5]) <= 32;
}
