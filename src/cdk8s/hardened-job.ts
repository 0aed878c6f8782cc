import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { emitHardened, objectOfKind } from './workload';
import { buildHardenedJob, HardenedJobProps } from '../core/build/hardened-job';

/**
 * A Job hardened by default: the same pod hardening as every kubeharden workload, `restartPolicy: Never`,
 * 3 retries, a one-hour deadline and deletion a day after it finishes, a dedicated ServiceAccount (token not
 * automounted) and a NetworkPolicy selecting exactly its pods. Sidecars run as native sidecars so the Job
 * completes. The final objects are audited at synth.
 *
 * @example new HardenedJob(chart, 'migrate', { image, args: ['migrate', 'up'], allowEgressTo: [{ workload: 'database', ports: [5432] }] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class HardenedJob extends Construct {
  /** Name of every object of the workload. */
  public readonly name: string;
  /** The Job. */
  public readonly job: ApiObject;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: ApiObject;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedJobProps) {
    super(scope, id);
    const built = buildHardenedJob(this.node.path, id, props);
    const apiObjects = emitHardened(this, {
      objects: built.objects, primaryKind: 'Job', overrides: built.overrides, allowedRegistries: props.allowedRegistries, builtAudited: true,
    });
    this.name = built.name;
    this.job = objectOfKind(apiObjects, 'Job')!;
    this.serviceAccount = objectOfKind(apiObjects, 'ServiceAccount');
    this.networkPolicy = objectOfKind(apiObjects, 'NetworkPolicy')!;
  }
}
