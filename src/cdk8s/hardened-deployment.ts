import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { emitHardened, objectOfKind } from './workload';
import { buildHardenedDeployment, HardenedDeploymentProps } from '../core/build/hardened-deployment';

/**
 * A Deployment hardened by default, with a dedicated ServiceAccount (token not automounted), a ClusterIP
 * Service, a NetworkPolicy selecting exactly its pods and, with several replicas, a PodDisruptionBudget.
 *
 * Non-root uid/gid 65532, seccomp RuntimeDefault, ALL capabilities dropped, no privilege escalation, a
 * read-only root filesystem with memory-backed `/tmp` and `/var/run`, and cpu/memory requests and limits.
 * Weakening any default needs a justified override. The final objects are audited at synth, so an
 * `addJsonPatch` that weakens them fails `app.synth()` unless justified.
 *
 * @example new HardenedDeployment(chart, 'api', { image: 'registry.example.com/api@sha256:…', port: 8080 });
 */
export class HardenedDeployment extends Construct {
  /** Name of every object of the workload. */
  public readonly name: string;
  /** The Deployment. */
  public readonly deployment: ApiObject;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: ApiObject;
  /** The Service (absent when the container has no port). */
  public readonly service?: ApiObject;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: ApiObject;
  /** The PodDisruptionBudget (only with more than one replica). */
  public readonly podDisruptionBudget?: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedDeploymentProps) {
    super(scope, id);
    const built = buildHardenedDeployment(this.node.path, id, props);
    const apiObjects = emitHardened(this, {
      objects: built.objects, primaryKind: 'Deployment', overrides: built.overrides, allowedRegistries: props.allowedRegistries, builtAudited: true,
    });
    this.name = built.name;
    this.deployment = objectOfKind(apiObjects, 'Deployment')!;
    this.serviceAccount = objectOfKind(apiObjects, 'ServiceAccount');
    this.service = objectOfKind(apiObjects, 'Service');
    this.networkPolicy = objectOfKind(apiObjects, 'NetworkPolicy')!;
    this.podDisruptionBudget = objectOfKind(apiObjects, 'PodDisruptionBudget');
  }
}
