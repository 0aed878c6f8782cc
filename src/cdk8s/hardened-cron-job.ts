import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { emitHardened, objectOfKind } from './workload';
import { buildHardenedCronJob, HardenedCronJobProps } from '../core/build/hardened-cron-job';

/**
 * A CronJob hardened by default: a validated schedule, `concurrencyPolicy: Forbid` (runs never overlap), the
 * bounded Job of {@link HardenedJob} (`restartPolicy: Never`, 3 retries, one-hour deadline, deleted a day after it
 * finishes), a dedicated ServiceAccount (token not automounted) and a NetworkPolicy selecting exactly its pods.
 * The final objects are audited at synth.
 *
 * @example new HardenedCronJob(chart, 'nightly-report', { image, schedule: '30 2 * * *' });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class HardenedCronJob extends Construct {
  /** Name of every object of the workload. */
  public readonly name: string;
  /** The CronJob. */
  public readonly cronJob: ApiObject;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: ApiObject;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedCronJobProps) {
    super(scope, id);
    const built = buildHardenedCronJob(this.node.path, id, props);
    const apiObjects = emitHardened(this, {
      objects: built.objects, primaryKind: 'CronJob', overrides: built.overrides, allowedRegistries: props.allowedRegistries, builtAudited: true,
    });
    this.name = built.name;
    this.cronJob = objectOfKind(apiObjects, 'CronJob')!;
    this.serviceAccount = objectOfKind(apiObjects, 'ServiceAccount');
    this.networkPolicy = objectOfKind(apiObjects, 'NetworkPolicy')!;
  }
}
