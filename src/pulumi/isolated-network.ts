import type * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { isPlaceholder } from './children';
import { HardenedComponentResource, plannedObjectsOf } from './hardened-component';
import {
  BuiltNetwork, buildIsolatedNetwork, checkMemberNamespace, IsolatedNetworkProps, listenedPorts, NetworkMember, NetworkMembersProps, withMemberNames,
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
    const components = memberComponentsOf(args);
    const inputs: NetworkInputs = { props: membersByName(args), memberNamespaces: memberNamespacesOf(components) };
    const memberPorts = memberPortsOf(components);
    super('kubeharden:index:IsolatedNetwork', name, inputs, opts, {
      build: ({ props, memberNamespaces }: ResolvedNetworkInputs) => {
        checkMemberNamespaces(name, props, memberNamespaces);
        return buildIsolatedNetwork(name, name, props, { memberPorts });
      },
    });
    this.members = this.children.planned.members;
    this.policies = new Map(this.members.map((member, i) => [member, this.resources[i] as k8s.networking.v1.NetworkPolicy]));
  }
}

/** What the component builds from: the props, and the namespace of each member component (Inputs until resolved). */
interface NetworkInputs {
  readonly props: unknown;
  readonly memberNamespaces: ReadonlyArray<{ readonly member: string; readonly namespace: pulumi.Input<string | undefined> }>;
}

/** {@link NetworkInputs} with every Input resolved (or, while the children are planned, standing in for one). */
interface ResolvedNetworkInputs {
  readonly props: IsolatedNetworkProps;
  readonly memberNamespaces: ReadonlyArray<{ readonly member: string; readonly namespace: string | undefined }>;
}

/** The members given as components, by name. */
function memberComponentsOf(args: IsolatedNetworkArgs): ReadonlyMap<string, HardenedComponentResource<any>> {
  const components = new Map<string, HardenedComponentResource<any>>();
  if (args === null || typeof args !== 'object') return components;
  // withMemberNames visits every place a member is named; the names it returns are not needed here.
  withMemberNames(args, (member: NetworkMember) => {
    if (member instanceof HardenedComponentResource) components.set(member.name, member);
    return '';
  });
  return components;
}

/** The namespace of every member given as a component, as a plain value or an Output. */
function memberNamespacesOf(components: ReadonlyMap<string, HardenedComponentResource<any>>): NetworkInputs['memberNamespaces'] {
  return [...components].map(([member, component]) => ({ member, namespace: component.namespaceInput }));
}

/** The ports each member given as a component listens on, from the objects it planned (its ports are plain props). */
function memberPortsOf(components: ReadonlyMap<string, HardenedComponentResource<any>>): ReadonlyMap<string, ReadonlySet<string>> {
  const ports = new Map<string, ReadonlySet<string>>();
  for (const [member, component] of components) {
    const listened = listenedPorts(plannedObjectsOf(component));
    if (listened) ports.set(member, listened);
  }
  return ports;
}

/**
 * Fails when a member component's objects are in another namespace than the network's. Plain namespaces are compared
 * as the component is created; an Output namespace once it resolves (the error is then a `ResourceError` on the
 * network, reported by the Pulumi engine).
 */
function checkMemberNamespaces(where: string, props: IsolatedNetworkProps, members: ResolvedNetworkInputs['memberNamespaces']): void {
  const namespace = props?.namespace;
  // A network without a namespace is checked too: a member with one would not be selected where the policies land.
  if (namespace !== undefined && (typeof namespace !== 'string' || isPlaceholder(namespace))) return;
  for (const { member, namespace: memberNamespace } of members) {
    if (!isPlaceholder(memberNamespace)) checkMemberNamespace(where, member, memberNamespace, namespace);
  }
}

/** `args` with every member given by its workload name. */
function membersByName(args: IsolatedNetworkArgs): unknown {
  if (args === null || typeof args !== 'object') return args;
  return withMemberNames(args, (member: NetworkMember) => (member !== null && typeof member === 'object' ? member.name : member));
}
