import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { HardenedComponentResource } from './hardened-component';
import {
  BuiltSignedImagePolicy, buildSignedImagePolicy, SIGSTORE_NAMESPACE_OPT_IN_LABELS, SignedImagePolicyProps,
} from '../core/build/signed-image-policy';

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
export class SignedImagePolicy extends HardenedComponentResource<BuiltSignedImagePolicy> {
  /** The labels the Sigstore policy-controller needs on a namespace to check it. */
  public static readonly NAMESPACE_OPT_IN_LABELS: Readonly<Record<string, string>> = SIGSTORE_NAMESPACE_OPT_IN_LABELS;

  /** The `ClusterImagePolicy` or `ClusterPolicy`. */
  public readonly policy: k8s.apiextensions.CustomResource;
  /** Labels every protected namespace must carry (none for Kyverno). */
  public readonly namespaceLabels: Readonly<Record<string, string>>;

  constructor(name: string, args: SignedImagePolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:SignedImagePolicy', name, args, opts, {
      build: (props: SignedImagePolicyProps) => buildSignedImagePolicy(name, name, props),
    });
    this.policy = this.resources[0] as k8s.apiextensions.CustomResource;
    this.namespaceLabels = this.children.planned.namespaceLabels;
  }
}
