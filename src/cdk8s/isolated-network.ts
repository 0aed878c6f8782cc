import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { builtObjectsOf, emitHardened } from './workload';
import {
  buildIsolatedNetwork, checkMemberNamespace, IsolatedNetworkProps as CoreIsolatedNetworkProps, listenedPorts, NetworkMember, NetworkMembersProps,
  withMemberNames,
} from '../core/build/isolated-network';
import { PropsError } from '../core/errors';

export type {
  NetworkMember, IsolatedNetworkTier, IsolatedNetworkAllow, IsolatedNetworkIngress, IsolatedNetworkEgress,
} from '../core/build/isolated-network';

/** Props of the cdk8s IsolatedNetwork: the core props, with members given by name or as workload constructs. */
export interface IsolatedNetworkProps extends Omit<CoreIsolatedNetworkProps, keyof NetworkMembersProps>, NetworkMembersProps {}

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
    const memberPorts = new Map<string, ReadonlySet<string>>();
    const named = new Set<string>();
    const coreProps: CoreIsolatedNetworkProps = withMemberNames(props, (member) => {
      if (typeof member === 'string') named.add(member);
      return memberName(where, member, namespace, memberPorts);
    });
    const constructs = Chart.of(this).node.findAll();
    const otherNetworks = new Map(constructs
      .filter((c): c is IsolatedNetwork => c instanceof IsolatedNetwork && c !== this)
      .map((network) => [network.name, network.members] as const));
    addNamedWorkloadPorts(constructs, named, namespace, memberPorts);
    const built = buildIsolatedNetwork(where, id, coreProps, { otherNetworks, memberPorts });
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

/**
 * Adds to `ports` those of the chart's hardened workloads that members `named` by a string name, in the network's
 * `namespace`: the same workload as if it were given as a construct (names are unique per kind and namespace).
 */
function addNamedWorkloadPorts(
  constructs: readonly IConstruct[], named: ReadonlySet<string>, namespace: string | undefined, ports: Map<string, ReadonlySet<string>>,
): void {
  if (named.size === 0) return;
  for (const c of constructs) {
    const name = (c as { name?: unknown }).name;
    if (typeof name !== 'string' || !named.has(name) || ports.has(name)) continue;
    const objects = builtObjectsOf(c).filter((o) => o.metadata?.name === name && (o.metadata?.namespace ?? Chart.of(c).namespace) === namespace);
    const listened = listenedPorts(objects);
    if (listened) ports.set(name, listened);
  }
}

/**
 * The workload name of a member; a construct member must live in the network's namespace, and its ports are
 * recorded in `ports`.
 */
function memberName(where: string, member: NetworkMember, namespace: string | undefined, ports: Map<string, ReadonlySet<string>>): string {
  if (typeof member === 'string' || member === undefined || member === null) return member as string;
  if (typeof member.name !== 'string') {
    throw new PropsError(where, 'a member is neither a workload name nor a workload construct. Fix: pass the construct (e.g. api) or its name (\'api\').');
  }
  if (member instanceof Construct) {
    const child = member.node.tryFindChild('Resource');
    checkMemberNamespace(where, member.name, child instanceof ApiObject ? child.metadata.namespace : undefined, namespace);
    const listened = listenedPorts(builtObjectsOf(member));
    if (listened) ports.set(member.name, listened);
  }
  return member.name;
}
