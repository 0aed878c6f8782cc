import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { claimObjectNames } from './object-names';
import { AdmissionGuardProps, buildAdmissionGuard } from '../core/build/admission-guard';

/**
 * Enforces the Pod Security Standards level (latest version) and the guide rules CEL can express (digest-pinned
 * images, resource limits, no NodePort/LoadBalancer Services) at admission, with `admissionregistration.k8s.io/v1`
 * ValidatingAdmissionPolicies and bindings (`validationActions: [Deny]`), for Pods and every pod-template controller.
 * Needs Kubernetes 1.30 or later. Emits the same objects as `kubeharden admission-policy`.
 *
 * @example new AdmissionGuard(chart, 'guard', { pss: 'restricted' });
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class AdmissionGuard extends Construct {
  /** The ValidatingAdmissionPolicies. */
  public readonly policies: readonly ApiObject[];
  /** Their ValidatingAdmissionPolicyBindings. */
  public readonly bindings: readonly ApiObject[];

  constructor(scope: Construct, id: string, props: AdmissionGuardProps = {}) {
    super(scope, id);
    const { objects } = buildAdmissionGuard(this.node.path, props);
    claimObjectNames(this, objects);
    const apiObjects = objects.map((object) => new ApiObject(this, `${object.kind}-${object.metadata?.name}`, object));
    this.policies = apiObjects.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    this.bindings = apiObjects.filter((o) => o.kind === 'ValidatingAdmissionPolicyBinding');
  }
}
