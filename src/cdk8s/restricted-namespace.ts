import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { checkAdmissionAtSynth } from './namespace-admission';
import { emitHardened, objectOfKind } from './workload';
import { buildRestrictedNamespace, RestrictedNamespaceProps } from '../core/build/restricted-namespace';

/**
 * A Namespace hardened by default: Pod Security Admission enforces, audits and warns the restricted standard at
 * a pinned version (`v1.35`); a default-deny NetworkPolicy blocks all ingress and egress except DNS; a
 * ResourceQuota bounds cpu, memory and the pod count and forbids LoadBalancer and NodePort Services; a
 * LimitRange gives containers the guide's requests and limits; the `default` ServiceAccount does not mount
 * its token.
 *
 * At synth, the app's workloads that run in it are checked against the level it enforces (a chart with a namespace
 * of the same name of its own is checked by that one alone): one that breaks it (a weakening justified by an override,
 * which Pod Security Admission does not read) fails synthesis, naming the checks, since the cluster would refuse its pods.
 *
 * Kubernetes has no per-pod pids limit (only the kubelet's node-wide `podPidsLimit`): the number of processes in
 * the namespace is bounded by the quota's pod count times the nodes' `podPidsLimit`.
 *
 * @example new RestrictedNamespace(chart, 'shop');
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class RestrictedNamespace extends Construct {
  /** Name of the Namespace. */
  public readonly name: string;
  /** The Namespace. */
  public readonly namespace: ApiObject;
  /** The namespace-wide default-deny NetworkPolicy (DNS egress allowed). */
  public readonly defaultDenyPolicy: ApiObject;
  /** The ResourceQuota. */
  public readonly resourceQuota: ApiObject;
  /** The LimitRange. */
  public readonly limitRange: ApiObject;
  /** The `default` ServiceAccount, token not automounted. */
  public readonly defaultServiceAccount: ApiObject;

  constructor(scope: Construct, id: string, props: RestrictedNamespaceProps = {}) {
    super(scope, id);
    const built = buildRestrictedNamespace(this.node.path, id, props);
    const apiObjects = emitHardened(this, {
      objects: built.objects,
      primaryKind: 'Namespace',
      builtAudited: true,
      overrides: built.overrides.filter((o) => o.rule === 'pss-namespace-labels'),
    });
    this.name = built.name;
    this.namespace = objectOfKind(apiObjects, 'Namespace')!;
    if (Chart.of(this).namespace !== undefined) this.namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    this.defaultDenyPolicy = objectOfKind(apiObjects, 'NetworkPolicy')!;
    this.resourceQuota = objectOfKind(apiObjects, 'ResourceQuota')!;
    this.limitRange = objectOfKind(apiObjects, 'LimitRange')!;
    this.defaultServiceAccount = objectOfKind(apiObjects, 'ServiceAccount')!;
    checkAdmissionAtSynth(this, this.namespace);
  }
}
