import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { emitHardened } from './workload';
import {
  buildIsolatedNetwork, IsolatedNetworkProps as CoreIsolatedNetworkProps, NetworkAllow, NetworkEgress, NetworkIngress, NetworkTier,
} from '../core/build/isolated-network';
import { PropsError } from '../core/errors';

/** A member of a network: a workload's name, or the workload construct itself (any construct with a `name`). */
export type NetworkMember = string | { readonly name: string };

/** A tier whose members may be workload constructs. */
export interface IsolatedNetworkTier extends Omit<NetworkTier, 'members'> {
  /** Workloads of the tier, by name or construct. */
  readonly members: readonly NetworkMember[];
}

/** A port-level allow between two members, named or given as constructs. */
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

/** Props of the cdk8s IsolatedNetwork: the core props, with members given by name or as workload constructs. */
export interface IsolatedNetworkProps extends Omit<CoreIsolatedNetworkProps, 'members' | 'tiers' | 'allow' | 'ingressFrom' | 'egressTo'> {
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
 * member is an error.
 *
 * @example
 * new IsolatedNetwork(chart, 'shop', {
 *   tiers: [{ name: 'data', members: [database], internal: true }],
 *   members: [frontend, api],
 *   allow: [{ from: frontend, to: api, ports: [8080] }, { from: api, to: database, ports: [5432] }],
 *   ingressFrom: [{ namespace: 'ingress-nginx', to: frontend, ports: [8080] }],
 * });
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class IsolatedNetwork extends Construct {
  /** Name of the network. */
  public readonly name: string;
  /** The members, by workload name. */
  public readonly members: readonly string[];
  /** The NetworkPolicies, one per member, keyed by member name. */
  public readonly policies: ReadonlyMap<string, ApiObject>;

  constructor(scope: Construct, id: string, props: IsolatedNetworkProps) {
    super(scope, id);
    const where = this.node.path;
    const namespace = props?.namespace ?? Chart.of(this).namespace;
    const nameOf = (member: NetworkMember) => memberName(where, member, namespace);
    const coreProps: CoreIsolatedNetworkProps = {
      ...props,
      members: props?.members?.map(nameOf),
      tiers: props?.tiers?.map((tier) => ({
        ...tier,
        members: Array.isArray(tier?.members) ? tier.members.map(nameOf) : (tier?.members as unknown as string[]),
      })),
      allow: props?.allow?.map((a) => ({ ...a, from: nameOf(a?.from), to: nameOf(a?.to) })),
      ingressFrom: props?.ingressFrom?.map((i) => ({ ...i, to: nameOf(i?.to) })),
      egressTo: props?.egressTo?.map((e) => ({ ...e, from: nameOf(e?.from) })),
    };
    const otherNetworks = new Map(Chart.of(this).node.findAll()
      .filter((c): c is IsolatedNetwork => c instanceof IsolatedNetwork && c !== this)
      .map((network) => [network.name, network.members] as const));
    const built = buildIsolatedNetwork(where, id, coreProps, { otherNetworks });
    const policies = new Map<string, ApiObject>();
    built.objects.forEach((policy, i) => {
      const member = built.members[i];
      const [apiObject] = emitHardened(new Construct(this, member), { objects: [policy], primaryKind: 'NetworkPolicy', overrides: [] });
      policies.set(member, apiObject);
    });
    this.name = built.name;
    this.members = built.members;
    this.policies = policies;
  }
}

/** The workload name of a member; a construct member must live in the network's namespace. */
function memberName(where: string, member: NetworkMember, namespace: string | undefined): string {
  if (typeof member === 'string' || member === undefined || member === null) return member as string;
  if (typeof member.name !== 'string') {
    throw new PropsError(where, 'a member is neither a workload name nor a workload construct. Fix: pass the construct (e.g. api) or its name (\'api\').');
  }
  if (member instanceof Construct) {
    const child = member.node.tryFindChild('Resource');
    const memberNamespace = child instanceof ApiObject ? child.metadata.namespace : undefined;
    if (memberNamespace !== undefined && namespace !== undefined && memberNamespace !== namespace) {
      throw new PropsError(where, `member "${member.name}" is in namespace "${memberNamespace}", not in the network's namespace "${namespace}". Fix: create the network in "${memberNamespace}", or move the workload.`);
    }
  }
  return member.name;
}
