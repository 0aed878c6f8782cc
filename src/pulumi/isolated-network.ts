import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { HardenedComponentResource } from './hardened-component';
import {
  BuiltNetwork, buildIsolatedNetwork, checkMemberNamespace, IsolatedNetworkProps, NetworkMember, NetworkMembersProps, withMemberNames,
} from '../core/build/isolated-network';

export type {
  NetworkMember, IsolatedNetworkTier, IsolatedNetworkAllow, IsolatedNetworkIngress, IsolatedNetworkEgress,
} from '../core/build/isolated-network';

/** Args of {@link IsolatedNetwork}: the props of the cdk8s `IsolatedNetwork`, with the namespace as an Input. */
export interface IsolatedNetworkArgs extends Omit<IsolatedNetworkProps, 'namespace' | keyof NetworkMembersProps>, NetworkMembersProps {
  /**
   * Namespace of the policies (the members' namespace), for example `namespace.metadata.name` of a
   * `RestrictedNamespace`.
   * @default - none (the provider's namespace)
   */
  readonly namespace?: pulumi.Input<string>;
}

/**
 * The guide's network segmentation as standard `networking.k8s.io/v1` NetworkPolicies, one per member, each
 * selecting exactly that member's pods with `policyTypes: [Ingress, Egress]`. Members of a tier may talk to each
 * other; `internal` tiers have no egress outside the cluster; everything else is an explicit port-level allow or
 * a named outside peer; all other traffic is denied (DNS excepted). An allow naming a workload that is not a
 * member is an error. Emits exactly the objects of the cdk8s `IsolatedNetwork` for the same props.
 *
 * @example
 * new IsolatedNetwork('shop', {
 *   namespace: shop.namespace.metadata.name,
 *   tiers: [{ name: 'data', members: [database], internal: true }],
 *   members: [frontend, api],
 *   allow: [{ from: frontend, to: api, ports: [8080] }, { from: api, to: database, ports: [5432] }],
 *   ingressFrom: [{ namespace: 'ingress-nginx', to: frontend, ports: [8080] }],
 * });
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class IsolatedNetwork extends HardenedComponentResource<BuiltNetwork> {
  /** The members, by workload name. */
  public readonly members: readonly string[];
  /** The NetworkPolicies, one per member, keyed by member name. */
  public readonly policies: ReadonlyMap<string, k8s.networking.v1.NetworkPolicy>;

  constructor(name: string, args: IsolatedNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kubeharden:index:IsolatedNetwork', name, membersByName(args), opts, {
      build: (props: IsolatedNetworkProps) => {
        checkMemberNamespaces(name, args);
        return buildIsolatedNetwork(name, name, props);
      },
    });
    this.members = this.children.planned.members;
    this.policies = new Map(this.members.map((member, i) => [member, this.resources[i] as k8s.networking.v1.NetworkPolicy]));
  }
}

/**
 * Fails when a member component's objects are in another namespace than the network's, where both are plain values
 * (an Output namespace is not known while the children are created).
 */
function checkMemberNamespaces(where: string, args: IsolatedNetworkArgs): void {
  if (args === null || typeof args !== 'object' || typeof args.namespace !== 'string') return;
  const namespace = args.namespace;
  // withMemberNames visits every place a member is named; the names it returns are not needed here.
  withMemberNames(args, (member: NetworkMember) => {
    if (member instanceof HardenedComponentResource) checkMemberNamespace(where, member.name, member.knownNamespace, namespace);
    return '';
  });
}

/** `args` with every member given by its workload name. */
function membersByName(args: IsolatedNetworkArgs): unknown {
  if (args === null || typeof args !== 'object') return args;
  return withMemberNames(args, (member: NetworkMember) => (member !== null && typeof member === 'object' ? member.name : member));
}
