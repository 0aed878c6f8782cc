import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { claimObjectNames } from './object-names';
import { buildSignedImagePolicy, SIGSTORE_NAMESPACE_OPT_IN_LABELS, SignedImagePolicyProps } from '../core/build/signed-image-policy';

/**
 * Admits only images signed by a trusted key or keyless identity: a Sigstore policy-controller `ClusterImagePolicy`
 * (default) or a Kyverno `ClusterPolicy` with `verifyImages` (`mutateDigest`, `verifyDigest`, `Enforce`).
 *
 * The Sigstore policy-controller only checks namespaces labelled `policy.sigstore.dev/include: "true"`: apply
 * {@link SignedImagePolicy.namespaceLabels} to every namespace to protect (e.g. through the Namespace's labels).
 *
 * @example new SignedImagePolicy(chart, 'signed', { images: ['registry.example.com/**'], keyless: [{ issuer, subject }] });
 * @see https://docs.sigstore.dev/policy-controller/overview/
 * @see https://kyverno.io/docs/writing-policies/verify-images/sigstore/
 */
export class SignedImagePolicy extends Construct {
  /** The labels the Sigstore policy-controller needs on a namespace to check it. */
  public static readonly NAMESPACE_OPT_IN_LABELS: Readonly<Record<string, string>> = SIGSTORE_NAMESPACE_OPT_IN_LABELS;

  /** Name of the policy. */
  public readonly name: string;
  /** The `ClusterImagePolicy` or `ClusterPolicy`. */
  public readonly policy: ApiObject;
  /** Labels every protected namespace must carry (none for Kyverno). */
  public readonly namespaceLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: SignedImagePolicyProps) {
    super(scope, id);
    const built = buildSignedImagePolicy(this.node.path, id, props);
    claimObjectNames(this, built.objects);
    const [object] = built.objects;
    this.name = built.name;
    this.policy = new ApiObject(this, 'Resource', object);
    this.namespaceLabels = built.namespaceLabels;
  }
}
