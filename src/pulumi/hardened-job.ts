import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { WorkloadArgs } from './args';
import { HardenedComponentResource } from './hardened-component';
import { buildHardenedJob, HardenedJobProps } from '../core/build/hardened-job';

/** Args of {@link HardenedJob}: the cdk8s props, with Inputs for images, env values and namespaces. */
export type HardenedJobArgs = WorkloadArgs<HardenedJobProps>;

/**
 * A Job hardened by default (a migration, a one-off task), with a dedicated ServiceAccount (token not
 * automounted) and a NetworkPolicy selecting exactly its pods. Emits exactly the objects of the cdk8s
 * `HardenedJob` for the same props.
 *
 * @example new HardenedJob('migrate', { image, args: ['migrate', 'up'] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class HardenedJob extends HardenedComponentResource {
  /** The Job. */
  public readonly job: k8s.batch.v1.Job;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;

  constructor(name: string, args: HardenedJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:HardenedJob', name, args, opts, {
      build: (props: HardenedJobProps) => buildHardenedJob(name, name, props),
      allowedRegistries: args?.allowedRegistries,
      buildAudits: true,
    });
    this.job = this.childOf('Job')!;
    this.serviceAccount = this.childOf('ServiceAccount');
    this.networkPolicy = this.childOf('NetworkPolicy')!;
  }
}
