/**
 * kubeharden for cdk8s: hardened constructs over the engine-neutral core.
 * @packageDocumentation
 */
export { HardenedDeployment } from './hardened-deployment';
export { HardenedStatefulSet } from './hardened-stateful-set';
export { HardenedDaemonSet } from './hardened-daemon-set';
export { HardenedJob } from './hardened-job';
export { HardenedCronJob } from './hardened-cron-job';
export { RestrictedNamespace } from './restricted-namespace';
export { IsolatedNetwork } from './isolated-network';
export { SignedImagePolicy } from './signed-image-policy';
export { AdmissionGuard } from './admission-guard';
export { RuntimeMonitoring } from './runtime-monitoring';
export { Hardening } from './hardening';
export type { HardeningOptions } from './hardening';
export { KubehardenValidation, toViolations } from './validation-plugin';
export type {
  KubehardenValidationProperties, Cdk8sValidation, Cdk8sValidationContext, Cdk8sValidationReport, Cdk8sViolation, Cdk8sViolatingResource,
} from './validation-plugin';
export type {
  IsolatedNetworkProps, IsolatedNetworkTier, IsolatedNetworkAllow, IsolatedNetworkIngress, IsolatedNetworkEgress, NetworkMember,
} from './isolated-network';
export { SecretMount } from '../core/build/secret-mount';
export type {
  ExistingSecretMount, ExternalSecretMount, ExternalSecretData, CsiSecretMount, CsiSecretObject, SecretsStoreProvider, VaultAgentMount,
  VaultAgentFile, SecretItem, SecretMountOptions, KubernetesSecretMountOptions,
} from '../core/build/secret-mount';
export type { HardenedDeploymentProps } from '../core/build/hardened-deployment';
export type { HardenedStatefulSetProps, PersistentStorage, StorageAccessMode } from '../core/build/hardened-stateful-set';
export type { HardenedDaemonSetProps } from '../core/build/hardened-daemon-set';
export type { HardenedJobProps, JobRunProps } from '../core/build/hardened-job';
export type { HardenedCronJobProps } from '../core/build/hardened-cron-job';
export type { RestrictedNamespaceProps, NamespaceQuota, PodSecurityLevel } from '../core/build/restricted-namespace';
export type { SignedImagePolicyProps, SignatureVerifier, KeylessIdentity } from '../core/build/signed-image-policy';
export type { AdmissionGuardProps } from '../core/build/admission-guard';
export type { RuntimeMonitoringProps } from '../core/build/runtime-monitoring';
export type { HardenedWorkloadProps, ServiceType } from '../core/build/workload';
export type { ContainerProps, ContainerPortProps, ResourceQuantities } from '../core/build/container';
export type { PodProps } from '../core/build/pod';
export type { NetworkPeer } from '../core/build/network-policy';
export type { MetadataProps } from '../core/build/metadata';
export type { Override } from '../core/overrides';
