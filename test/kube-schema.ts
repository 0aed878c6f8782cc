/**
 * Validates emitted objects against the Kubernetes OpenAPI schema (kubernetes-models). Custom resources
 * (ExternalSecret, SecretProviderClass, ClusterImagePolicy, Kyverno's ClusterPolicy) have no schema there and are skipped.
 */
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { LimitRange } from 'kubernetes-models/v1/LimitRange';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ResourceQuota } from 'kubernetes-models/v1/ResourceQuota';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy': ValidatingAdmissionPolicy,
  'admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding': ValidatingAdmissionPolicyBinding,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/Deployment': Deployment,
  'apps/v1/DaemonSet': DaemonSet,
  'batch/v1/CronJob': CronJob,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/LimitRange': LimitRange,
  'v1/Namespace': Namespace,
  'v1/ResourceQuota': ResourceQuota,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

/** Custom resources kubeharden emits, which the Kubernetes schema does not describe. */
export const CUSTOM_RESOURCES = new Set([
  'external-secrets.io/v1/ExternalSecret', 'secrets-store.csi.x-k8s.io/v1/SecretProviderClass', 'policy.sigstore.dev/v1beta1/ClusterImagePolicy',
  'kyverno.io/v1/ClusterPolicy',
]);

/** The schema problems of `object` (`[]` when valid); throws for a kind this helper does not know. */
export function schemaProblems(object: any): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  if (CUSTOM_RESOURCES.has(key)) return [];
  const Model = MODELS[key];
  if (!Model) throw new Error(`no schema for ${key}`);
  try {
    new Model(object).validate();
    return [];
  } catch (e) {
    return [`${object.kind}/${object.metadata?.name}: ${(e as Error).message}`];
  }
}
