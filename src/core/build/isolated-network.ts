/**
 * IsolatedNetwork: the guide's network segmentation as standard NetworkPolicies. Workloads are members;
 * members of a tier may talk to each other (like compose networks); everything else is an explicit,
 * port-level allow; all other traffic is denied.
 */
import type { NetworkPolicyEgressRule, NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1';
import { PropsError } from '../errors';
import { isDnsLabel, objectName } from '../names';
import { containersOf, podTemplateOf } from '../pod-spec';
import { isRecord, KubeObject } from '../types';
import { MANAGED_BY_LABEL, NAME_LABEL } from './metadata';
import { containerPortKeys, DNS_EGRESS, isCidr, NetworkPeer, toPolicyPeer } from './network-policy';
import { aBoolean, aList, aPortList, checkKnownProps, checkPropTypes, propNames } from './prop-types';

/** A group of workloads that may talk to each other on any port, like a compose network. */
export interface NetworkTier {
  /** Name of the tier, unique within the network. */
  readonly name: string;
  /** Workloads of the tier, by name (the `app.kubernetes.io/name` label of their pods). */
  readonly members: readonly string[];
  /**
   * An internal tier's members have no egress outside the cluster (compose `internal: true`). Members of
   * other tiers may reach addresses outside the cluster on `externalPorts`.
   * @default false
   * @see https://docs.docker.com/reference/compose-file/networks/#internal
   */
  readonly internal?: boolean;
  /**
   * Ports the members of a non-internal tier may reach outside the cluster.
   * @default [443]
   */
  readonly externalPorts?: readonly number[];
}

/** A port-level allow between two members: `from` may open connections to `to` on `ports`. */
export interface NetworkAllow {
  /** The client workload. */
  readonly from: string;
  /** The server workload. */
  readonly to: string;
  /** Destination ports, on `to`'s pods. */
  readonly ports: readonly number[];
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Traffic into a member from outside the namespace: a named namespace (e.g. the ingress controller's) or a CIDR. */
export interface NetworkIngress extends Omit<NetworkPeer, 'workload' | 'ports' | 'protocol'> {
  /** The member that receives the traffic. */
  readonly to: string;
  /** Destination ports, on `to`'s pods. */
  readonly ports: readonly number[];
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Traffic from a member to a named namespace or a CIDR outside the network. */
export interface NetworkEgress extends Omit<NetworkPeer, 'workload' | 'ports' | 'protocol'> {
  /** The member that opens the connections. */
  readonly from: string;
  /** Destination ports. */
  readonly ports: readonly number[];
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** Props of an IsolatedNetwork. */
export interface IsolatedNetworkProps {
  /**
   * Name of the network; prefixes its NetworkPolicies (`<network>-<member>`).
   * @default - the construct id, lower-cased, invalid characters replaced by '-'
   */
  readonly name?: string;
  /**
   * Namespace of the members (and of the NetworkPolicies).
   * @default - none (the namespace of the chart, or of `kubectl apply -n`)
   */
  readonly namespace?: string;
  /**
   * Members outside any tier: isolated except for the allows that name them.
   * @default []
   */
  readonly members?: readonly string[];
  /**
   * Tiers: members of a tier may talk to each other (rule `network-default-deny`: nothing else is open).
   * @default []
   * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
   */
  readonly tiers?: readonly NetworkTier[];
  /**
   * Port-level allows between members, e.g. `{ from: 'api', to: 'database', ports: [5432] }` (rule
   * `network-default-deny`). Naming a workload that is not a member is an error, and so is a port that a member
   * given as a workload does not listen on (in cdk8s, also a member named after a workload of the same chart and
   * namespace).
   * @default []
   */
  readonly allow?: readonly NetworkAllow[];
  /**
   * Ingress from outside the namespace, only from what is named, e.g. `{ namespace: 'ingress-nginx', to: 'frontend', ports: [8080] }`
   * (rule `no-external-exposure`: publish through the ingress controller, not the node).
   * @default [] (nothing from outside the namespace)
   */
  readonly ingressFrom?: readonly NetworkIngress[];
  /**
   * Egress from a member to another namespace or a CIDR.
   * @default []
   */
  readonly egressTo?: readonly NetworkEgress[];
  /**
   * CIDRs that are not "outside the cluster" for non-internal tiers: pod, service and node ranges, and the cloud
   * metadata endpoint.
   * @default ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'] and ['fc00::/7', 'fe80::/10']
   */
  readonly clusterCidrs?: readonly string[];
}

/** A member of a network as the adapters take it: a workload's name, or the workload itself (anything with a `name`). */
export type NetworkMember = string | { readonly name: string };

/** A tier whose members may be given as workloads. */
export interface IsolatedNetworkTier extends Omit<NetworkTier, 'members'> {
  /** Workloads of the tier, by name or as the workload. */
  readonly members: readonly NetworkMember[];
}

/** A port-level allow between two members, named or given as workloads. */
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

/** The member-bearing fields of the adapters' props, with members given by name or as workloads. */
export interface NetworkMembersProps {
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

/** `props` with every member replaced by its workload name, as `nameOf` gives it (malformed entries pass through for the builder to report). */
export function withMemberNames<P extends NetworkMembersProps>(
  props: P, nameOf: (member: NetworkMember) => string,
): Omit<P, keyof NetworkMembersProps> & Pick<IsolatedNetworkProps, keyof NetworkMembersProps> {
  // Props or a list of the wrong type pass through unchanged, for the builder to report.
  if (!isRecord(props)) return props as never;
  const map = <T, U>(list: readonly T[] | undefined, f: (item: T) => U): U[] | undefined =>
    (Array.isArray(list) ? list.map(f) : list as unknown as U[] | undefined);
  return {
    ...props,
    members: map(props?.members, nameOf),
    tiers: map(props?.tiers, (tier) => ({ ...tier, members: map(tier?.members, nameOf) as string[] })),
    allow: map(props?.allow, (a) => ({ ...a, from: nameOf(a?.from), to: nameOf(a?.to) })),
    ingressFrom: map(props?.ingressFrom, (i) => ({ ...i, to: nameOf(i?.to) })),
    egressTo: map(props?.egressTo, (e) => ({ ...e, from: nameOf(e?.from) })),
  };
}

/**
 * Fails when a member workload lives in another namespace than the network's: its policy would select nothing. Both
 * namespaces are those known when the network is built (`undefined` when unset or not known yet). A network without
 * a namespace lands wherever it is applied, so a member with one must be matched by the network's namespace too.
 */
export function checkMemberNamespace(where: string, memberName: string, memberNamespace: string | undefined, namespace: string | undefined): void {
  if (memberNamespace === undefined || memberNamespace === namespace) return;
  if (namespace === undefined) {
    throw new PropsError(where, `member "${memberName}" is in namespace "${memberNamespace}", but the network sets no namespace, so its policies would land wherever they are applied and may select nothing. Fix: set namespace: '${memberNamespace}' on the network (or on its chart).`);
  }
  throw new PropsError(where, `member "${memberName}" is in namespace "${memberNamespace}", not in the network's namespace "${namespace}". Fix: create the network in "${memberNamespace}", or move the workload.`);
}

/** What {@link buildIsolatedNetwork} returns: one NetworkPolicy per member. */
export interface BuiltNetwork {
  readonly name: string;
  readonly objects: KubeObject[];
  /** The members: tier members in declaration order, then `members`. */
  readonly members: readonly string[];
}

/** What an adapter knows about other networks and about the members given as workloads. */
export interface NetworkContext {
  /** Other networks' members, by network name, to explain an allow that names one of their members. */
  readonly otherNetworks?: ReadonlyMap<string, readonly string[]>;
  /**
   * The ports (`8080/TCP`) each member given as a workload listens on (see {@link listenedPorts}): an allow or an
   * ingress to one of its other ports would open nothing that answers.
   */
  readonly memberPorts?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The ports (`8080/TCP`) the pods of a workload's `objects` listen on, or `undefined` when none of them has pods. */
export function listenedPorts(objects: readonly KubeObject[]): Set<string> | undefined {
  const view = objects.map(podTemplateOf).find((v) => v !== undefined);
  return view && containerPortKeys(containersOf(view).map((c) => c.container));
}

const NETWORK_PROP_NAMES = propNames<IsolatedNetworkProps>()(
  'name', 'namespace', 'members', 'tiers', 'allow', 'ingressFrom', 'egressTo', 'clusterCidrs',
);
const TIER_PROP_NAMES = propNames<NetworkTier>()('name', 'members', 'internal', 'externalPorts');
const ALLOW_PROP_NAMES = propNames<NetworkAllow>()('from', 'to', 'ports', 'protocol');
const INGRESS_PROP_NAMES = propNames<NetworkIngress>()(
  'to', 'ports', 'protocol', 'podLabels', 'namespace', 'namespaceLabels', 'cidr', 'except',
);
const EGRESS_PROP_NAMES = propNames<NetworkEgress>()(
  'from', 'ports', 'protocol', 'podLabels', 'namespace', 'namespaceLabels', 'cidr', 'except',
);

const DEFAULT_CLUSTER_CIDRS_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];
const DEFAULT_CLUSTER_CIDRS_V6 = ['fc00::/7', 'fe80::/10'];

/**
 * Builds the network's NetworkPolicies: one per member, named `<network>-<member>`, selecting exactly that
 * member's pods for both Ingress and Egress. It allows DNS, the member's tiers, the allows and external peers
 * that name it, and (for non-internal tiers) egress outside the cluster; everything else is denied.
 */
export function buildIsolatedNetwork(where: string, id: string, props: IsolatedNetworkProps, context: NetworkContext = {}): BuiltNetwork {
  if (!isRecord(props)) throw new PropsError(where, 'props must be an object such as { tiers: [...], allow: [...] }.');
  checkKnownProps(where, props, NETWORK_PROP_NAMES, 'IsolatedNetworkProps');
  checkPropTypes(where, props, {
    allow: aList('[{ from: "frontend", to: "api", ports: [8080] }]'),
    ingressFrom: aList('[{ namespace: "ingress-nginx", to: "frontend", ports: [8080] }]'),
    egressTo: aList('[{ from: "api", cidr: "203.0.113.0/24", ports: [443] }]'),
  });
  const name = objectName(where, id, props.name);
  if (props.namespace !== undefined && !isDnsLabel(props.namespace)) {
    throw new PropsError(where, `namespace ${JSON.stringify(props.namespace)} is not a namespace name. Fix: use lower-case letters, digits and '-'.`);
  }
  const members = collectMembers(where, props);
  const memberOf = (field: string, workload: unknown): string => checkMember(where, name, field, workload, members, context);
  const clusterCidrs = props.clusterCidrs ?? [...DEFAULT_CLUSTER_CIDRS_V4, ...DEFAULT_CLUSTER_CIDRS_V6];
  if (!Array.isArray(clusterCidrs) || clusterCidrs.some((c) => typeof c !== 'string')) {
    throw new PropsError(where, 'clusterCidrs must be a list of CIDRs such as "10.0.0.0/8".');
  }
  clusterCidrs.forEach((cidr, i) => {
    if (!isCidr(cidr)) throw new PropsError(where, `clusterCidrs[${i}] ${JSON.stringify(cidr)} is not a CIDR. Fix: use a block such as "10.0.0.0/8" or "fc00::/7".`);
    if (cidr.endsWith('/0')) {
      throw new PropsError(where, `clusterCidrs[${i}] ${JSON.stringify(cidr)} holds every address, so nothing would be outside the cluster. `
        + 'Fix: list the pod, service and node ranges of the cluster.');
    }
  });
  checkInternalTiers(where, props.tiers ?? []);
  const ingress = new Map<string, NetworkPolicyIngressRule[]>(members.map((m) => [m, []]));
  const egress = new Map<string, NetworkPolicyEgressRule[]>(members.map((m) => [m, [DNS_EGRESS]]));

  (props.tiers ?? []).forEach((tier, i) => {
    const peer: NetworkPolicyPeer = { podSelector: membersSelector(tier.members) };
    const external = tier.internal ? undefined : externalEgress(where, `tiers[${i}]`, tier, clusterCidrs);
    for (const member of tier.members) {
      ingress.get(member)!.push({ from: [peer] });
      egress.get(member)!.push({ to: [peer] });
      if (external) egress.get(member)!.push(external);
    }
  });
  (props.allow ?? []).forEach((allow, i) => {
    const field = `allow[${i}]`;
    if (!isRecord(allow)) throw new PropsError(where, `${field} must be an object { from, to, ports }.`);
    checkKnownProps(where, allow, ALLOW_PROP_NAMES, 'NetworkAllow', `${field}.`);
    const from = memberOf(`${field}.from`, allow.from);
    const to = memberOf(`${field}.to`, allow.to);
    const ports = policyPorts(where, field, allow.ports, allow.protocol);
    checkListened(where, field, to, ports, context);
    ingress.get(to)!.push({ from: [{ podSelector: { matchLabels: { [NAME_LABEL]: from } } }], ports });
    egress.get(from)!.push({ to: [{ podSelector: { matchLabels: { [NAME_LABEL]: to } } }], ports });
  });
  (props.ingressFrom ?? []).forEach((entry, i) => {
    const field = `ingressFrom[${i}]`;
    if (!isRecord(entry)) throw new PropsError(where, `${field} must be an object { namespace, to, ports }.`);
    checkKnownProps(where, entry, INGRESS_PROP_NAMES, 'NetworkIngress', `${field}.`);
    const { to: target, ports: rawPorts, protocol, ...peer } = entry;
    const to = memberOf(`${field}.to`, target);
    requireOutsidePeer(where, field, peer, 'namespace or cidr the traffic comes from');
    const ports = policyPorts(where, field, rawPorts, protocol);
    checkListened(where, field, to, ports, context);
    ingress.get(to)!.push({ from: [toPolicyPeer(where, field, peer)], ports });
  });
  (props.egressTo ?? []).forEach((entry, i) => {
    const field = `egressTo[${i}]`;
    if (!isRecord(entry)) throw new PropsError(where, `${field} must be an object { from, namespace or cidr, ports }.`);
    checkKnownProps(where, entry, EGRESS_PROP_NAMES, 'NetworkEgress', `${field}.`);
    const { from: source, ports: rawPorts, protocol, ...peer } = entry;
    const from = memberOf(`${field}.from`, source);
    requireOutsidePeer(where, field, peer, 'namespace or cidr the traffic goes to');
    egress.get(from)!.push({ to: [toPolicyPeer(where, field, peer)], ports: policyPorts(where, field, rawPorts, protocol) });
  });

  const objects: KubeObject[] = members.map((member) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: `${name}-${member}`,
      ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
      labels: { [NAME_LABEL]: member, [MANAGED_BY_LABEL]: 'kubeharden', 'kubeharden.io/network': name },
    },
    spec: {
      podSelector: { matchLabels: { [NAME_LABEL]: member } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: ingress.get(member)!,
      egress: egress.get(member)!,
    },
  }));
  return { name, objects, members };
}

/**
 * Fails when a member of an internal tier is also a member of a tier that may reach outside the cluster: the second
 * tier's egress would let it leave the cluster, which an internal tier never does.
 */
function checkInternalTiers(where: string, tiers: readonly NetworkTier[]): void {
  const internalTierOf = new Map<string, string>();
  for (const tier of tiers) if (tier.internal) for (const member of tier.members) internalTierOf.set(member, tier.name);
  tiers.forEach((tier, i) => {
    if (tier.internal) return;
    const member = tier.members.find((m) => internalTierOf.has(m));
    if (member === undefined) return;
    throw new PropsError(where, `tiers[${i}] ("${tier.name}") lets "${member}" reach outside the cluster, but "${member}" is also a member of `
      + `the internal tier "${internalTierOf.get(member)}", which never leaves it. Fix: make "${tier.name}" internal too, or take "${member}" out of one of them.`);
  });
}

function collectMembers(where: string, props: IsolatedNetworkProps): string[] {
  const members: string[] = [];
  const tierOf = new Map<string, string>();
  const add = (field: string, member: unknown, tier?: string) => {
    if (!isDnsLabel(member)) {
      throw new PropsError(where, `${field} ${JSON.stringify(member)} is not a workload name. Fix: use the workload's name (its pods' ${NAME_LABEL} label).`);
    }
    if (!members.includes(member)) {
      members.push(member);
      if (tier !== undefined) tierOf.set(member, tier);
    } else if (tier === undefined) {
      const owner = tierOf.get(member);
      throw new PropsError(where, owner !== undefined
        ? `${field} "${member}" is already a member of tier "${owner}". Fix: list it once; tier members need not be repeated in members.`
        : `${field} "${member}" is listed twice. Fix: list each member once.`);
    }
  };
  const tierNames = new Set<string>();
  if (props.tiers !== undefined && !Array.isArray(props.tiers)) throw new PropsError(where, 'tiers must be a list of { name, members, internal? }.');
  (props.tiers ?? []).forEach((tier, i) => {
    if (!isRecord(tier) || !isDnsLabel(tier.name)) {
      throw new PropsError(where, `tiers[${i}].name ${JSON.stringify(isRecord(tier) ? tier.name : tier)} is not a valid tier name. Fix: use lower-case letters, digits and '-'.`);
    }
    checkKnownProps(where, tier, TIER_PROP_NAMES, 'NetworkTier', `tiers[${i}].`);
    checkPropTypes(where, tier, { members: aList('["api", "worker"]'), internal: aBoolean, externalPorts: aPortList }, `tiers[${i}].`);
    if (tierNames.has(tier.name)) throw new PropsError(where, `tier name "${tier.name}" is used twice. Fix: give each tier a unique name.`);
    tierNames.add(tier.name);
    if (!Array.isArray(tier.members) || tier.members.length === 0) {
      throw new PropsError(where, `tiers[${i}] ("${tier.name}") has no members. Fix: list the workloads of the tier.`);
    }
    const seen = new Set<string>();
    tier.members.forEach((m: string, j: number) => {
      if (seen.has(m)) throw new PropsError(where, `tiers[${i}].members[${j}] "${m}" is listed twice in tier "${tier.name}". Fix: list each member once.`);
      seen.add(m);
      add(`tiers[${i}].members[${j}]`, m, tier.name);
    });
  });
  if (props.members !== undefined && !Array.isArray(props.members)) throw new PropsError(where, 'members must be a list of workload names.');
  (props.members ?? []).forEach((m, i) => add(`members[${i}]`, m));
  if (members.length === 0) {
    throw new PropsError(where, 'the network has no members. Fix: list workloads in members or tiers.');
  }
  return members;
}

function checkMember(
  where: string, network: string, field: string, workload: unknown, members: readonly string[], context: NetworkContext,
): string {
  if (typeof workload !== 'string' || workload.length === 0) {
    throw new PropsError(where, `${field} is missing. Fix: name a member workload.`);
  }
  if (members.includes(workload)) return workload;
  const owner = [...(context.otherNetworks ?? new Map<string, readonly string[]>()).entries()].find(([, m]) => m.includes(workload))?.[0];
  if (owner !== undefined) {
    throw new PropsError(where, `${field} names "${workload}", a member of network "${owner}", not of network "${network}". Fix: make both workloads members of one network (a workload may belong to several), or remove the allow.`);
  }
  throw new PropsError(where, `${field} names "${workload}", which is not a member of network "${network}". Fix: add "${workload}" to members (or to a tier), or correct the name.`);
}

/** Fails when `member` is known to listen on none of `ports`' ports. */
function checkListened(where: string, field: string, member: string, ports: readonly NetworkPolicyPort[], context: NetworkContext): void {
  const listened = context.memberPorts?.get(member);
  if (!listened) return;
  const missing = ports.map((p) => `${p.port}/${p.protocol}`).find((p) => !listened.has(p));
  if (missing !== undefined) {
    const known = [...listened].join(', ');
    throw new PropsError(where, `${field}.ports includes ${missing}, which "${member}" does not listen on. Fix: ${known ? `use one of ${known}` : `declare the port on "${member}" first`}.`);
  }
}

function requireOutsidePeer(where: string, field: string, peer: Record<string, unknown>, what: string): void {
  if (peer.namespace === undefined && peer.namespaceLabels === undefined && peer.cidr === undefined) {
    throw new PropsError(where, `${field} does not name the ${what}. Fix: set namespace (e.g. 'ingress-nginx'), namespaceLabels or cidr.`);
  }
}

function policyPorts(where: string, field: string, ports: unknown, protocol: unknown): NetworkPolicyPort[] {
  if (ports !== undefined && ports !== null && !Array.isArray(ports)) {
    throw new PropsError(where, `${field}.ports ${JSON.stringify(ports)} is not a list of port numbers. Fix: use a list such as [8080].`);
  }
  if (!Array.isArray(ports) || ports.length === 0) {
    throw new PropsError(where, `${field} has no ports. Fix: list the destination ports, e.g. ports: [8080].`);
  }
  if (protocol !== undefined && protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
    throw new PropsError(where, `${field}.protocol ${JSON.stringify(protocol)} is invalid. Fix: use TCP, UDP or SCTP.`);
  }
  return ports.map((port) => {
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new PropsError(where, `${field}.ports includes ${JSON.stringify(port)}, which is not a port number. Fix: use integers from 1 to 65535.`);
    }
    return { protocol: (protocol as string | undefined) ?? 'TCP', port };
  });
}

function membersSelector(members: readonly string[]): { matchExpressions: Array<{ key: string; operator: string; values: string[] }> } {
  return { matchExpressions: [{ key: NAME_LABEL, operator: 'In', values: [...members] }] };
}

function externalEgress(where: string, field: string, tier: NetworkTier, clusterCidrs: readonly string[]): NetworkPolicyEgressRule {
  const v4 = clusterCidrs.filter((c) => !c.includes(':'));
  const v6 = clusterCidrs.filter((c) => c.includes(':'));
  const to = [
    toPolicyPeer(where, `${field} (outside the cluster)`, { cidr: '0.0.0.0/0', ...(v4.length ? { except: v4 } : {}) }),
    toPolicyPeer(where, `${field} (outside the cluster)`, { cidr: '::/0', ...(v6.length ? { except: v6 } : {}) }),
  ];
  return { to, ports: policyPorts(where, `${field}.externalPorts`, tier.externalPorts ?? [443], 'TCP') };
}
