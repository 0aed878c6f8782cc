/**
 * kubeharden for cdk8s: hardened constructs over the engine-neutral core.
 * @packageDocumentation
 */
export { HardenedDeployment } from './hardened-deployment';
export type { HardenedDeploymentProps } from '../core/build/hardened-deployment';
export type { HardenedWorkloadProps, ServiceType } from '../core/build/workload';
export type { ContainerProps, ContainerPortProps, ResourceQuantities } from '../core/build/container';
export type { PodProps } from '../core/build/pod';
export type { NetworkPeer } from '../core/build/network-policy';
export type { MetadataProps } from '../core/build/metadata';
export type { Override } from '../core/overrides';
