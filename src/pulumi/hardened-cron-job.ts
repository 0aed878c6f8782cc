import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { WorkloadArgs } from './args';
import { HardenedComponentResource } from './hardened-component';
import { buildHardenedCronJob, HardenedCronJobProps } from '../core/build/hardened-cron-job';

/** Args of {@link HardenedCronJob}: the cdk8s props, with Inputs for images, env values and namespaces. */
export type HardenedCronJobArgs = WorkloadArgs<HardenedCronJobProps>;

/**
 * A CronJob hardened by default (the example's nightly report), with a dedicated ServiceAccount (token not
 * automounted) and a NetworkPolicy selecting exactly its pods. Runs never overlap unless `concurrencyPolicy`
 * says otherwise. Emits exactly the objects of the cdk8s `HardenedCronJob` for the same props.
 *
 * @example new HardenedCronJob('nightly-report', { image, schedule: '30 2 * * *', timeZone: 'Europe/Paris' });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class HardenedCronJob extends HardenedComponentResource {
  /** The CronJob. */
  public readonly cronJob: k8s.batch.v1.CronJob;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;

  constructor(name: string, args: HardenedCronJobArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:HardenedCronJob', name, args, opts, {
      build: (props: HardenedCronJobProps) => buildHardenedCronJob(name, name, props),
      allowedRegistries: args?.allowedRegistries,
      buildAudits: true,
    });
    this.cronJob = this.childOf('CronJob')!;
    this.serviceAccount = this.childOf('ServiceAccount');
    this.networkPolicy = this.childOf('NetworkPolicy')!;
  }
}
