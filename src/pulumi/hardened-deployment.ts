import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { WorkloadArgs } from './args';
import { HardenedComponentResource } from './hardened-component';
import { buildHardenedDeployment, HardenedDeploymentProps } from '../core/build/hardened-deployment';

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
export class HardenedDeployment extends HardenedComponentResource {
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

  constructor(name: string, args: HardenedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:HardenedDeployment', name, args, opts, {
      build: (props: HardenedDeploymentProps) => buildHardenedDeployment(name, name, props),
      allowedRegistries: args?.allowedRegistries,
      buildAudits: true,
    });
    this.deployment = this.childOf('Deployment')!;
    this.serviceAccount = this.childOf('ServiceAccount');
    this.service = this.childOf('Service');
    this.networkPolicy = this.childOf('NetworkPolicy')!;
    this.podDisruptionBudget = this.childOf('PodDisruptionBudget');
  }
}
