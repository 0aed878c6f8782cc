import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { HardenedComponentResource } from './hardened-component';
import { BuiltRuntimeMonitoring, buildRuntimeMonitoring, RuntimeMonitoringProps } from '../core/build/runtime-monitoring';
import type { KubeObject } from '../core/types';

/** Args of {@link RuntimeMonitoring}: the props of the cdk8s `RuntimeMonitoring`. */
export type RuntimeMonitoringArgs = RuntimeMonitoringProps;

/**
 * Runtime security monitoring: Falco rules (a shell in a container, writes below system directories, reads of
 * sensitive files and service-account tokens, and, given the internal tier, its outbound connections) as a ConfigMap
 * for the Falco chart's rules directory, and a Kubernetes API server audit policy (exec, attach, port-forward and
 * debug at `RequestResponse`, Secrets and ConfigMaps at `Metadata` only). Emits exactly the objects of the cdk8s
 * `RuntimeMonitoring` for the same props.
 *
 * Load the rules by mounting the ConfigMap into Falco's `/etc/falco/rules.d`, or pass
 * {@link RuntimeMonitoring.falcoHelmValues} to a `k8s.helm.v4.Chart` of Falco as values. The API server reads the
 * audit policy from a file on the control plane (`--audit-policy-file`), never from the cluster: copy
 * {@link RuntimeMonitoring.auditPolicyYaml} there; managed control planes use their own policy.
 *
 * @example new RuntimeMonitoring('runtime', { internalNamespaces: ['payments'] });
 * @see https://falco.org/docs/concepts/rules/
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
export class RuntimeMonitoring extends HardenedComponentResource<BuiltRuntimeMonitoring> {
  /** The Falco rules ConfigMap. */
  public readonly falcoRulesConfigMap: k8s.core.v1.ConfigMap;
  /** The audit policy ConfigMap (absent with `auditPolicyConfigMap: false`). */
  public readonly auditPolicyConfigMap?: k8s.core.v1.ConfigMap;
  /** The Falco rules file (YAML). */
  public readonly falcoRulesYaml: string;
  /** Falco Helm chart values that load the rules: `{ customRules: { 'kubeharden_rules.yaml': … } }`. */
  public readonly falcoHelmValues: { readonly customRules: Readonly<Record<string, string>> };
  /** The `audit.k8s.io/v1` `Policy`, for `kube-apiserver --audit-policy-file` (not created in the cluster). */
  public readonly auditPolicy: KubeObject;
  /** The audit policy as YAML. */
  public readonly auditPolicyYaml: string;

  constructor(name: string, args: RuntimeMonitoringArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:RuntimeMonitoring', name, args, opts, {
      build: (props: RuntimeMonitoringProps) => buildRuntimeMonitoring(name, name, props),
    });
    const built = this.children.planned;
    this.falcoRulesConfigMap = this.resources[0] as k8s.core.v1.ConfigMap;
    this.auditPolicyConfigMap = this.resources[1] as k8s.core.v1.ConfigMap | undefined;
    this.falcoRulesYaml = built.falcoRulesYaml;
    this.falcoHelmValues = built.falcoHelmValues;
    this.auditPolicy = built.auditPolicy;
    this.auditPolicyYaml = built.auditPolicyYaml;
  }
}
