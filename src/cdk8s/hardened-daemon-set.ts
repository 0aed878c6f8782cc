import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { emitHardened, objectOfKind } from './workload';
import { buildHardenedDaemonSet, HardenedDaemonSetProps } from '../core/build/hardened-daemon-set';

/**
 * A DaemonSet hardened by default: one pod per node with the same hardening as every kubeharden workload, a
 * dedicated ServiceAccount (token not automounted), a NetworkPolicy selecting exactly its pods, and a Service
 * only when asked for. Node agents that need host access (hostPath, hostNetwork, hostPID) need justified
 * overrides of `no-host-path` and `no-host-namespaces`. The final objects are audited at synth.
 *
 * @example new HardenedDaemonSet(chart, 'log-agent', { image, tolerations: [{ operator: 'Exists' }] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class HardenedDaemonSet extends Construct {
  /** Name of every object of the workload. */
  public readonly name: string;
  /** The DaemonSet. */
  public readonly daemonSet: ApiObject;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: ApiObject;
  /** The Service (only with `service: true`). */
  public readonly service?: ApiObject;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedDaemonSetProps) {
    super(scope, id);
    const built = buildHardenedDaemonSet(this.node.path, id, props);
    const apiObjects = emitHardened(this, {
      objects: built.objects, primaryKind: 'DaemonSet', overrides: built.overrides, allowedRegistries: props.allowedRegistries, builtAudited: true,
    });
    this.name = built.name;
    this.daemonSet = objectOfKind(apiObjects, 'DaemonSet')!;
    this.serviceAccount = objectOfKind(apiObjects, 'ServiceAccount');
    this.service = objectOfKind(apiObjects, 'Service');
    this.networkPolicy = objectOfKind(apiObjects, 'NetworkPolicy')!;
  }
}
