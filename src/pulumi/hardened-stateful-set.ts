import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { WorkloadArgs } from './args';
import { HardenedComponentResource } from './hardened-component';
import { buildHardenedStatefulSet, HardenedStatefulSetProps, headlessServiceName } from '../core/build/hardened-stateful-set';

/** Args of {@link HardenedStatefulSet}: the cdk8s props, with Inputs for images, env values and namespaces. */
export type HardenedStatefulSetArgs = WorkloadArgs<HardenedStatefulSetProps>;

/**
 * A StatefulSet hardened by default (the database of the example), with its headless Service (the
 * `serviceName` that gives pods stable DNS names), a ClusterIP Service for clients, a volume claim template per
 * `storage` entry, a dedicated ServiceAccount (token not automounted), a NetworkPolicy selecting exactly its
 * pods and, with several replicas, a PodDisruptionBudget. Emits exactly the objects of the cdk8s
 * `HardenedStatefulSet` for the same props.
 *
 * The pods get the same hardening as every kubeharden workload; writable data belongs on `storage` volumes,
 * the root filesystem stays read-only. The children's final inputs are audited.
 *
 * @example new HardenedStatefulSet('database', { image, port: 5432, storage: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi' }] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class HardenedStatefulSet extends HardenedComponentResource {
  /** The StatefulSet. */
  public readonly statefulSet: k8s.apps.v1.StatefulSet;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The headless Service named in `serviceName`. */
  public readonly headlessService: k8s.core.v1.Service;
  /** The ClusterIP Service (absent when the container has no port). */
  public readonly service?: k8s.core.v1.Service;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;
  /** The PodDisruptionBudget (only with more than one replica). */
  public readonly podDisruptionBudget?: k8s.policy.v1.PodDisruptionBudget;

  constructor(name: string, args: HardenedStatefulSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:HardenedStatefulSet', name, args, opts, {
      build: (props: HardenedStatefulSetProps) => buildHardenedStatefulSet(name, name, props),
      allowedRegistries: args?.allowedRegistries,
      buildAudits: true,
    });
    const headless = headlessServiceName(this.name);
    const services = this.children.planned.objects
      .map((object, i) => ({ object, resource: this.resources[i] }))
      .filter(({ object }) => object.kind === 'Service');
    this.statefulSet = this.childOf('StatefulSet')!;
    this.serviceAccount = this.childOf('ServiceAccount');
    this.headlessService = services.find(({ object }) => object.metadata?.name === headless)!.resource as k8s.core.v1.Service;
    this.service = services.find(({ object }) => object.metadata?.name !== headless)?.resource as k8s.core.v1.Service | undefined;
    this.networkPolicy = this.childOf('NetworkPolicy')!;
    this.podDisruptionBudget = this.childOf('PodDisruptionBudget');
  }
}
