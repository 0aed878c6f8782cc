/**
 * kubeharden for Pulumi: hardened ComponentResources over the engine-neutral core (the same props and objects
 * as `kubeharden/cdk8s`), a hardening transform for resources kubeharden did not create, and the catalogue as
 * CrossGuard policies.
 * @packageDocumentation
 */
export { HardenedDeployment, HardenedDeploymentArgs } from './hardened-deployment';
export { HardenedStatefulSet, HardenedStatefulSetArgs } from './hardened-stateful-set';
export { HardenedDaemonSet, HardenedDaemonSetArgs } from './hardened-daemon-set';
export { HardenedJob, HardenedJobArgs } from './hardened-job';
export { HardenedCronJob, HardenedCronJobArgs } from './hardened-cron-job';
export { RestrictedNamespace, RestrictedNamespaceArgs } from './restricted-namespace';
export {
  IsolatedNetwork, IsolatedNetworkArgs, IsolatedNetworkTier, IsolatedNetworkAllow, IsolatedNetworkIngress, IsolatedNetworkEgress, NetworkMember,
} from './isolated-network';
export { SignedImagePolicy, SignedImagePolicyArgs } from './signed-image-policy';
export { AdmissionGuard, AdmissionGuardArgs } from './admission-guard';
export { RuntimeMonitoring, RuntimeMonitoringArgs } from './runtime-monitoring';
export { HardenedComponentResource } from './hardened-component';
export { SecretMount } from '../core/build/secret-mount';
export type { ContainerArgs, NetworkPeerArgs, WorkloadArgs } from './args';
export { hardenResource, hardeningTransform, HardeningOptions, HardeningFinding, HardenableResource } from './hardening-transform';
export { policies, enforcementLevelOf, KubehardenPolicyConfig } from './policies';
export { kubernetesTypeMeta, kubernetesTypeToken, KubernetesTypeMeta } from './kubernetes-types';
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
export type { NetworkTier, NetworkAllow, NetworkIngress, NetworkEgress } from '../core/build/isolated-network';
export type { SignedImagePolicyProps, KeylessIdentity, SignatureVerifier } from '../core/build/signed-image-policy';
export type { AdmissionGuardProps } from '../core/build/admission-guard';
export type { RuntimeMonitoringProps } from '../core/build/runtime-monitoring';
export type { HardenedWorkloadProps, ServiceType } from '../core/build/workload';
export type { ContainerProps, ContainerPortProps, ResourceQuantities } from '../core/build/container';
export type { PodProps } from '../core/build/pod';
export type { NetworkPeer } from '../core/build/network-policy';
export type { MetadataProps } from '../core/build/metadata';
export type { Override } from '../core/overrides';
export type { KubeObject } from '../core/types';
