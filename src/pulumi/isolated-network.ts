import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { HardenedComponentResource } from './hardened-component';
import {
  BuiltNetwork, buildIsolatedNetwork, IsolatedNetworkProps, NetworkAllow, NetworkEgress, NetworkIngress, NetworkTier,
} from '../core/build/isolated-network';

/** A member of a network: a workload's name, or the workload component itself (any component with a `name`). */
export type NetworkMember = string | { readonly name: string };

/** A tier whose members may be workload components. */
export interface IsolatedNetworkTier extends Omit<NetworkTier, 'members'> {
  /** Workloads of the tier, by name or component. */
  readonly members: readonly NetworkMember[];
}

/** A port-level allow between two members, named or given as components. */
export interface IsolatedNetworkAllow extends Omit<NetworkAllow, 'from' | 'to'> {
  /** The client workload. */
  readonly from: NetworkMember;
  /** The server workload. */
  readonly to: NetworkMember;
}

/** Ingress from outside the namespace into a member. */
export interface IsolatedNetworkIngress extends Omit<NetworkIngress, 'to'> {
  /** The member that receives the traffic. */
  readonly to: NetworkMember;
}

/** Egress from a member to another namespace or a CIDR. */
export interface IsolatedNetworkEgress extends Omit<NetworkEgress, 'from'> {
  /** The member that opens the connections. */
  readonly from: NetworkMember;
}

/** Args of {@link IsolatedNetwork}: the props of the cdk8s `IsolatedNetwork`, with the namespace as an Input. */
export interface IsolatedNetworkArgs extends Omit<IsolatedNetworkProps, 'namespace' | 'members' | 'tiers' | 'allow' | 'ingressFrom' | 'egressTo'> {
  /**
   * Namespace of the policies (the members' namespace), for example `namespace.metadata.name` of a
   * `RestrictedNamespace`.
   * @default - none (the provider's namespace)
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Members outside any tier: isolated except for the allows that name them.
   * @default []
   */
  readonly members?: readonly NetworkMember[];
  /**
   * Tiers: members of a tier may talk to each other on any port; `internal` tiers have no egress outside the cluster.
   * @default []
   */
  readonly tiers?: readonly IsolatedNetworkTier[];
  /**
   * Port-level allows between members, e.g. `{ from: api, to: database, ports: [5432] }`.
   * @default []
   */
  readonly allow?: readonly IsolatedNetworkAllow[];
  /**
   * Ingress from outside the namespace, only from what is named (e.g. the ingress controller's namespace).
   * @default []
   */
  readonly ingressFrom?: readonly IsolatedNetworkIngress[];
  /**
   * Egress from a member to another namespace or a CIDR.
   * @default []
   */
  readonly egressTo?: readonly IsolatedNetworkEgress[];
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
    super('kubeharden:index:IsolatedNetwork', name, withMemberNames(args), opts, {
      build: (props: IsolatedNetworkProps) => buildIsolatedNetwork(name, name, props),
    });
    this.members = this.children.planned.members;
    this.policies = new Map(this.members.map((member, i) => [member, this.resources[i] as k8s.networking.v1.NetworkPolicy]));
  }
}

/** `args` with every member given by its workload name. */
function withMemberNames(args: IsolatedNetworkArgs): unknown {
  if (args === null || typeof args !== 'object') return args;
  const nameOf = (member: NetworkMember) => (member !== null && typeof member === 'object' ? member.name : member);
  return {
    ...args,
    members: args.members?.map(nameOf),
    tiers: args.tiers?.map((tier) => ({ ...tier, members: Array.isArray(tier?.members) ? tier.members.map(nameOf) : tier?.members })),
    allow: args.allow?.map((a) => ({ ...a, from: nameOf(a?.from), to: nameOf(a?.to) })),
    ingressFrom: args.ingressFrom?.map((i) => ({ ...i, to: nameOf(i?.to) })),
    egressTo: args.egressTo?.map((e) => ({ ...e, from: nameOf(e?.from) })),
  };
}
