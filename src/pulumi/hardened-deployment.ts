import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { WorkloadArgs } from './args';
import { componentOptions, createHardenedChildren } from './children';
import { buildHardenedDeployment, HardenedDeploymentProps } from '../core/build/hardened-deployment';
import type { KubeObject } from '../core/types';

/** Args of {@link HardenedDeployment}: the cdk8s props, with Inputs for images, env values and namespaces. */
export type HardenedDeploymentArgs = WorkloadArgs<HardenedDeploymentProps>;

/**
 * A Deployment hardened by default, with a dedicated ServiceAccount (token not automounted), a ClusterIP
 * Service, a NetworkPolicy selecting exactly its pods and, with several replicas, a PodDisruptionBudget.
 * Emits exactly the objects of the cdk8s `HardenedDeployment` for the same props.
 *
 * Non-root uid/gid 65532, seccomp RuntimeDefault, ALL capabilities dropped, no privilege escalation, a
 * read-only root filesystem with memory-backed `/tmp` and `/var/run`, and cpu/memory requests and limits.
 * Weakening any default needs a justified override. The children's final inputs are audited, after the
 * `transforms` given in `opts` (which the component applies to its children itself), so a transform that
 * weakens them fails unless justified.
 *
 * @example new HardenedDeployment('api', { image: 'registry.example.com/api@sha256:…', port: 8080 });
 */
export class HardenedDeployment extends pulumi.ComponentResource {
  /** Name of every Kubernetes object of the workload. */
  public readonly name: string;
  /** The Deployment. */
  public readonly deployment: k8s.apps.v1.Deployment;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The Service (absent when the container has no port). */
  public readonly service?: k8s.core.v1.Service;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** The PodDisruptionBudget (only with more than one replica). */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;
  /** Every child resource, in the order of {@link objects}. */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The final inputs of the children, audited: the objects Kubernetes receives. */
  public readonly objects: pulumi.Output<KubeObject[]>;

  constructor(name: string, args: HardenedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:HardenedDeployment', name, {}, componentOptions(opts));
    const children = createHardenedChildren<HardenedDeploymentProps>(this, {
      name,
      args,
      build: (props) => buildHardenedDeployment(name, name, props),
      allowedRegistries: args?.allowedRegistries,
      transforms: opts?.transforms,
    });
    this.name = children.name;
    this.deployment = children.resourceOf('Deployment') as k8s.apps.v1.Deployment;
    this.serviceAccount = children.resourceOf('ServiceAccount') as k8s.core.v1.ServiceAccount | undefined;
    this.service = children.resourceOf('Service') as k8s.core.v1.Service | undefined;
    this.networkPolicy = children.resourceOf('NetworkPolicy') as k8s.networking.v1.NetworkPolicy;
    this.podDisruptionBudget = children.resourceOf('PodDisruptionBudget') as k8s.policy.v1.PodDisruptionBudget | undefined;
    this.resources = children.resources;
    this.objects = children.objects;
    this.registerOutputs({ name: this.name, objects: this.objects });
  }
}
