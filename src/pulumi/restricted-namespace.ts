import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { HardenedComponentResource } from './hardened-component';
import { BuiltNamespace, buildRestrictedNamespace, RestrictedNamespaceProps } from '../core/build/restricted-namespace';

/** Args of {@link RestrictedNamespace}: the props of the cdk8s `RestrictedNamespace`. */
export type RestrictedNamespaceArgs = RestrictedNamespaceProps;

/**
 * A Namespace hardened by default: Pod Security Admission enforces, audits and warns the restricted standard at
 * a pinned version (`v1.35`); a default-deny NetworkPolicy blocks all ingress and egress except DNS; a
 * ResourceQuota bounds cpu, memory and the pod count and forbids LoadBalancer and NodePort Services; a
 * LimitRange gives containers the guide's requests and limits; the `default` ServiceAccount does not mount
 * its token. Emits exactly the objects of the cdk8s `RestrictedNamespace` for the same props.
 *
 * Pass `namespace.metadata.name` (an Output) as the `namespace` of the workloads that live in it, so Pulumi
 * creates the namespace first. Kubernetes has no per-pod pids limit: the number of processes in the namespace is
 * bounded by the quota's pod count times the nodes' `podPidsLimit`.
 *
 * @example const shop = new RestrictedNamespace('shop'); new HardenedDeployment('api', { image, port: 8080, namespace: shop.namespace.metadata.name });
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class RestrictedNamespace extends HardenedComponentResource<BuiltNamespace> {
  /** The Namespace. */
  public readonly namespace: k8s.core.v1.Namespace;
  /** The namespace-wide default-deny NetworkPolicy (DNS egress allowed). */
  public readonly defaultDenyPolicy: k8s.networking.v1.NetworkPolicy;
  /** The ResourceQuota. */
  public readonly resourceQuota: k8s.core.v1.ResourceQuota;
  /** The LimitRange. */
  public readonly limitRange: k8s.core.v1.LimitRange;
  /** The `default` ServiceAccount, token not automounted. */
  public readonly defaultServiceAccount: k8s.core.v1.ServiceAccount;

  constructor(name: string, args: RestrictedNamespaceArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:RestrictedNamespace', name, args, opts, {
      build: (props: RestrictedNamespaceProps) => buildRestrictedNamespace(name, name, props),
      buildAudits: true,
      auditedOverrides: (built) => built.overrides.filter((o) => o.rule === 'pss-namespace-labels'),
    });
    this.namespace = this.childOf('Namespace')!;
    this.defaultDenyPolicy = this.childOf('NetworkPolicy')!;
    this.resourceQuota = this.childOf('ResourceQuota')!;
    this.limitRange = this.childOf('LimitRange')!;
    this.defaultServiceAccount = this.childOf('ServiceAccount')!;
  }
}
