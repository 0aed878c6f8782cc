import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { WorkloadArgs } from './args';
import { HardenedComponentResource } from './hardened-component';
import { buildHardenedDaemonSet, HardenedDaemonSetProps } from '../core/build/hardened-daemon-set';

/** Args of {@link HardenedDaemonSet}: the cdk8s props, with Inputs for images, env values and namespaces. */
export type HardenedDaemonSetArgs = WorkloadArgs<HardenedDaemonSetProps>;

/**
 * A DaemonSet hardened by default (one pod per node, e.g. a log shipper), with a dedicated ServiceAccount (token
 * not automounted), a NetworkPolicy selecting exactly its pods and, with `service: true`, a ClusterIP Service.
 * Emits exactly the objects of the cdk8s `HardenedDaemonSet` for the same props.
 *
 * Node agents often need host access (hostPath, host network): each is a weakening that needs a justified override.
 *
 * @example new HardenedDaemonSet('log-shipper', { image, tolerations: [{ operator: 'Exists' }] });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class HardenedDaemonSet extends HardenedComponentResource {
  /** The DaemonSet. */
  public readonly daemonSet: k8s.apps.v1.DaemonSet;
  /** The dedicated ServiceAccount (absent when `serviceAccountName` names an existing one). */
  public readonly serviceAccount?: k8s.core.v1.ServiceAccount;
  /** The Service (only with `service: true`). */
  public readonly service?: k8s.core.v1.Service;
  /** The NetworkPolicy selecting the pods. */
  public readonly networkPolicy: k8s.networking.v1.NetworkPolicy;

  constructor(name: string, args: HardenedDaemonSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:HardenedDaemonSet', name, args, opts, {
      build: (props: HardenedDaemonSetProps) => buildHardenedDaemonSet(name, name, props),
      allowedRegistries: args?.allowedRegistries,
      buildAudits: true,
    });
    this.daemonSet = this.childOf('DaemonSet')!;
    this.serviceAccount = this.childOf('ServiceAccount');
    this.service = this.childOf('Service');
    this.networkPolicy = this.childOf('NetworkPolicy')!;
  }
}
