import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { componentOptions, createHardenedChildren } from './children';
import { buildSignedImagePolicy, SIGSTORE_NAMESPACE_OPT_IN_LABELS, SignedImagePolicyProps } from '../core/build/signed-image-policy';
import type { KubeObject } from '../core/types';

/** Args of {@link SignedImagePolicy}: the props of the cdk8s `SignedImagePolicy`. */
export type SignedImagePolicyArgs = SignedImagePolicyProps;

/**
 * Admits only images signed by a trusted key or keyless identity: a Sigstore policy-controller `ClusterImagePolicy`
 * (default) or a Kyverno `ClusterPolicy` with `verifyImages`, as a `k8s.apiextensions.CustomResource`. Emits
 * exactly the object of the cdk8s `SignedImagePolicy` for the same props.
 *
 * The Sigstore policy-controller only checks namespaces labelled `policy.sigstore.dev/include: "true"`: apply
 * {@link SignedImagePolicy.namespaceLabels} to every namespace to protect.
 *
 * @example new SignedImagePolicy('signed', { images: ['registry.example.com/**'], keyless: [{ issuer, subject }] });
 * @see https://docs.sigstore.dev/policy-controller/overview/
 * @see https://kyverno.io/docs/writing-policies/verify-images/sigstore/
 */
export class SignedImagePolicy extends pulumi.ComponentResource {
  /** The labels the Sigstore policy-controller needs on a namespace to check it. */
  public static readonly NAMESPACE_OPT_IN_LABELS: Readonly<Record<string, string>> = SIGSTORE_NAMESPACE_OPT_IN_LABELS;

  /** Name of the policy. */
  public readonly name: string;
  /** The `ClusterImagePolicy` or `ClusterPolicy`. */
  public readonly policy: k8s.apiextensions.CustomResource;
  /** Labels every protected namespace must carry (none for Kyverno). */
  public readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Every child resource, in the order of {@link objects}. */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The final inputs of the children: the objects Kubernetes receives. */
  public readonly objects: pulumi.Output<KubeObject[]>;

  constructor(name: string, args: SignedImagePolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:SignedImagePolicy', name, {}, componentOptions(opts));
    const children = createHardenedChildren(this, {
      name,
      args,
      build: (props: SignedImagePolicyProps) => buildSignedImagePolicy(name, name, props),
      transforms: opts?.transforms,
    });
    this.name = children.name;
    this.policy = children.resources[0] as k8s.apiextensions.CustomResource;
    this.namespaceLabels = children.planned.namespaceLabels;
    this.resources = children.resources;
    this.objects = children.objects;
    this.registerOutputs({ name: this.name, namespaceLabels: this.namespaceLabels, objects: this.objects });
  }
}
