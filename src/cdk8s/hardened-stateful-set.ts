import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { emitHardened, objectOfKind } from './workload';
import { buildHardenedStatefulSet, HardenedStatefulSetProps, headlessServiceName } from '../core/build/hardened-stateful-set';

/**
 * A StatefulSet hardened by default (the database of the example), with its headless Service (the
 * `serviceName` that gives pods stable DNS names), a ClusterIP Service for clients, a volume claim template per
 * `storage` entry, a dedicated ServiceAccount (token not automounted), a NetworkPolicy selecting exactly its
 * pods and, with several replicas, a PodDisruptionBudget.
 *
 * The pods get the same hardening as every kubeharden workload; writable data belongs on `storage` volumes,
 * the root filesystem stays read-only. The final objects are audited at synth.
 *
 * @example new HardenedStatefulSet(chart, 'database', { image, port: 5432, storage: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi' }] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class HardenedStatefulSet extends Construct {
  /** Name of every object of the workload. */
  public readonly name: string;
  /** The StatefulSet. */
  public readonly statefulSet: ApiObject;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: ApiObject;
  /** The headless Service named in `serviceName`. */
  public readonly headlessService: ApiObject;
  /** The ClusterIP Service (absent when the container has no port). */
  public readonly service?: ApiObject;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: ApiObject;
  /** The PodDisruptionBudget (only with more than one replica). */
  public readonly podDisruptionBudget?: ApiObject;

  constructor(scope: Construct, id: string, props: HardenedStatefulSetProps) {
    super(scope, id);
    const built = buildHardenedStatefulSet(this.node.path, id, props);
    const headlessName = headlessServiceName(built.name);
    const isHeadless = (o: { kind: string; metadata?: { name?: string } }) => o.kind === 'Service' && o.metadata?.name === headlessName;
    const apiObjects = emitHardened(this, {
      objects: built.objects.filter((o) => !isHeadless(o)),
      primaryKind: 'StatefulSet',
      builtAudited: true,
      overrides: built.overrides,
      allowedRegistries: props.allowedRegistries,
    });
    const [headless] = emitHardened(new Construct(this, 'Headless'), {
      objects: built.objects.filter(isHeadless), primaryKind: 'Service', overrides: [], builtAudited: true,
    });
    this.name = built.name;
    this.statefulSet = objectOfKind(apiObjects, 'StatefulSet')!;
    this.serviceAccount = objectOfKind(apiObjects, 'ServiceAccount');
    this.headlessService = headless;
    this.service = objectOfKind(apiObjects, 'Service');
    this.networkPolicy = objectOfKind(apiObjects, 'NetworkPolicy')!;
    this.podDisruptionBudget = objectOfKind(apiObjects, 'PodDisruptionBudget');
  }
}
