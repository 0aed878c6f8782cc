/**
 * kubeharden for Pulumi: hardened ComponentResources over the engine-neutral core, a hardening transform
 * for resources kubeharden did not create, and the catalogue as CrossGuard policies.
 * @packageDocumentation
 */
export { HardenedDeployment, HardenedDeploymentArgs } from './hardened-deployment';
export { SignedImagePolicy, SignedImagePolicyArgs } from './signed-image-policy';
export type { ContainerArgs, NetworkPeerArgs, WorkloadArgs } from './args';
export { hardenResource, hardeningTransform, HardeningOptions, HardeningFinding, HardenableResource } from './hardening-transform';
export { policies, enforcementLevelOf, KubehardenPolicyConfig } from './policies';
export { kubernetesTypeMeta, kubernetesTypeToken, KubernetesTypeMeta } from './kubernetes-types';
export type { HardenedDeploymentProps } from '../core/build/hardened-deployment';
export type { HardenedWorkloadProps, ServiceType } from '../core/build/workload';
export type { ContainerProps, ContainerPortProps, ResourceQuantities } from '../core/build/container';
export type { PodProps } from '../core/build/pod';
export type { NetworkPeer } from '../core/build/network-policy';
export type { MetadataProps } from '../core/build/metadata';
export type { SignedImagePolicyProps, KeylessIdentity, SignatureVerifier } from '../core/build/signed-image-policy';
export type { Override } from '../core/overrides';
export type { KubeObject } from '../core/types';
