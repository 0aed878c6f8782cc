import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { HardenedComponentResource } from './hardened-component';
import { AdmissionGuardProps, buildAdmissionGuard } from '../core/build/admission-guard';

/** Args of {@link AdmissionGuard}: the props of the cdk8s `AdmissionGuard`. */
export type AdmissionGuardArgs = AdmissionGuardProps;

/**
 * Enforces the Pod Security Standards level (latest version) and the guide rules CEL can express (digest-pinned
 * images, resource limits, no NodePort/LoadBalancer Services) at admission, with `admissionregistration.k8s.io/v1`
 * ValidatingAdmissionPolicies and bindings (`validationActions: [Deny]`), for Pods and every pod-template controller.
 * Needs Kubernetes 1.30 or later. Emits exactly the objects of the cdk8s `AdmissionGuard` for the same props.
 *
 * @example new AdmissionGuard('guard', { pss: 'restricted' });
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class AdmissionGuard extends HardenedComponentResource {
  /** The ValidatingAdmissionPolicies. */
  public readonly policies: readonly k8s.admissionregistration.v1.ValidatingAdmissionPolicy[];
  /** Their ValidatingAdmissionPolicyBindings. */
  public readonly bindings: readonly k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding[];

  constructor(name: string, args: AdmissionGuardArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:AdmissionGuard', name, args, opts, {
      build: (props: AdmissionGuardProps) => ({ name, ...buildAdmissionGuard(name, props) }),
    });
    const ofKind = <T>(kind: string) => this.resources.filter((_, i) => this.children.planned.objects[i].kind === kind) as unknown as T[];
    this.policies = ofKind('ValidatingAdmissionPolicy');
    this.bindings = ofKind('ValidatingAdmissionPolicyBinding');
  }
}
