import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { claimObjectNames } from './object-names';
import { buildRuntimeMonitoring, RuntimeMonitoringProps } from '../core/build/runtime-monitoring';
import type { KubeObject } from '../core/types';

/**
 * Runtime security monitoring: Falco rules (a shell in a container, writes below system directories, reads of
 * sensitive files and service-account tokens, and, given the internal tier, its outbound connections) as a ConfigMap
 * for the Falco chart's rules directory, and a Kubernetes API server audit policy (exec, attach, port-forward and
 * debug at `RequestResponse`, Secrets and ConfigMaps at `Metadata` only).
 *
 * Load the rules by mounting the ConfigMap into Falco's `/etc/falco/rules.d` (chart values `mounts.volumes` and
 * `mounts.volumeMounts`), or pass {@link RuntimeMonitoring.falcoHelmValues} to the chart as values.
 *
 * The audit policy is emitted as a ConfigMap (key `audit-policy.yaml`, namespace `kube-system`) and exposed as the
 * standalone {@link RuntimeMonitoring.auditPolicy} object: the API server reads it from a file on the control plane
 * (`--audit-policy-file`), never from the cluster, so copy it there; managed control planes use their own policy.
 *
 * @example new RuntimeMonitoring(chart, 'runtime', { internalNamespaces: ['payments'] });
 * @see https://falco.org/docs/concepts/rules/
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
export class RuntimeMonitoring extends Construct {
  /** The Falco rules ConfigMap. */
  public readonly falcoRulesConfigMap: ApiObject;
  /** The audit policy ConfigMap (absent with `auditPolicyConfigMap: false`). */
  public readonly auditPolicyConfigMap?: ApiObject;
  /** The Falco rules file (YAML). */
  public readonly falcoRulesYaml: string;
  /** Falco Helm chart values that load the rules: `{ customRules: { 'kubeharden_rules.yaml': … } }`. */
  public readonly falcoHelmValues: { readonly customRules: Readonly<Record<string, string>> };
  /** The `audit.k8s.io/v1` `Policy`, for `kube-apiserver --audit-policy-file` (not part of the synthesized manifest). */
  public readonly auditPolicy: KubeObject;
  /** The audit policy as YAML. */
  public readonly auditPolicyYaml: string;

  constructor(scope: Construct, id: string, props: RuntimeMonitoringProps = {}) {
    super(scope, id);
    const built = buildRuntimeMonitoring(this.node.path, id, props);
    claimObjectNames(this, built.objects);
    const [rules, audit] = built.objects;
    this.falcoRulesConfigMap = new ApiObject(this, 'Resource', rules);
    if (audit) this.auditPolicyConfigMap = new ApiObject(this, 'AuditPolicy', audit);
    this.falcoRulesYaml = built.falcoRulesYaml;
    this.falcoHelmValues = built.falcoHelmValues;
    this.auditPolicy = built.auditPolicy;
    this.auditPolicyYaml = built.auditPolicyYaml;
  }
}
