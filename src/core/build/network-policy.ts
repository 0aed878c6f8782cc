/**
 * NetworkPolicies: the per-workload policy that selects exactly a workload's pods.
 */
import { BlockList, isIP } from 'net';
import type { NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyIngressRule, NetworkPolicyEgressRule } from 'kubernetes-types/networking/v1';
import { PropsError } from '../errors';
import { isDnsLabel } from '../names';
import { isRecord, KubeObject } from '../types';
import { checkLabels, NAME_LABEL } from './metadata';
import { aPortList, aStringList, aStringMap, checkKnownProps, checkPropTypes, oneOf, propNames } from './prop-types';

/** Who may talk to a workload, or whom a workload may reach. Combine fields to narrow the peer. */
export interface NetworkPeer {
  /**
   * Another kubeharden workload, by name (its pods' `app.kubernetes.io/name` label).
   * @default - any pod allowed by the other fields
   */
  readonly workload?: string;
  /**
   * Pods carrying these labels.
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * A namespace by name. Without it, peers are in the workload's own namespace.
   * @default - the workload's namespace
   */
  readonly namespace?: string;
  /**
   * Namespaces carrying these labels.
   * @default - none
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /**
   * An IP block (CIDR), for peers outside the cluster.
   * @default - none
   */
  readonly cidr?: string;
  /**
   * CIDRs excluded from `cidr`.
   * @default - none
   */
  readonly except?: readonly string[];
  /**
   * Ports. For ingress, which of the workload's ports the peer may reach; for egress, the destination ports.
   * @default - every port of the workload (ingress); required for egress
   */
  readonly ports?: readonly number[];
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/** The cluster DNS pods, which every workload may query. */
export const DNS_PEER: NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
};

/** Egress to the cluster DNS on port 53, UDP and TCP. */
export const DNS_EGRESS: NetworkPolicyEgressRule = {
  to: [DNS_PEER],
  ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
};

/** The JSON types of a peer's fields that are not checked as they are read. */
const PEER_PROP_TYPES = {
  podLabels: aStringMap('{ app: "frontend" }'),
  namespaceLabels: aStringMap('{ team: "payments" }'),
  except: aStringList('["10.0.5.0/24"]'),
  ports: aPortList,
  protocol: oneOf(['TCP', 'UDP', 'SCTP']),
};

const PEER_PROP_NAMES = propNames<NetworkPeer>()(
  'workload', 'podLabels', 'namespace', 'namespaceLabels', 'cidr', 'except', 'ports', 'protocol',
);

/** Converts a peer to a NetworkPolicy peer, validating it. */
export function toPolicyPeer(where: string, field: string, peer: NetworkPeer): NetworkPolicyPeer {
  if (!isRecord(peer)) throw new PropsError(where, `${field} must be an object such as { workload: 'frontend' }.`);
  checkKnownProps(where, peer, PEER_PROP_NAMES, 'NetworkPeer', `${field}.`);
  checkPropTypes(where, peer, PEER_PROP_TYPES, `${field}.`);
  checkLabels(where, `${field}.podLabels`, peer.podLabels);
  checkLabels(where, `${field}.namespaceLabels`, peer.namespaceLabels);
  const hasPods = peer.workload !== undefined || peer.podLabels !== undefined;
  const hasNamespace = peer.namespace !== undefined || peer.namespaceLabels !== undefined;
  if (peer.cidr !== undefined) {
    if (hasPods || hasNamespace) {
      throw new PropsError(where, `${field} mixes cidr with workload or namespace selectors. Fix: use a separate peer for the IP block.`);
    }
    if (!isCidr(peer.cidr)) throw new PropsError(where, `${field}.cidr ${JSON.stringify(peer.cidr)} is not a CIDR. Fix: use a block such as 10.0.0.0/16.`);
    for (const e of peer.except ?? []) {
      if (!isCidr(e)) throw new PropsError(where, `${field}.except entry ${JSON.stringify(e)} is not a CIDR.`);
      if (!isStrictSubnet(e, peer.cidr)) {
        throw new PropsError(where, `${field}.except entry ${JSON.stringify(e)} is not inside cidr ${JSON.stringify(peer.cidr)} (the API server requires `
          + 'a strict subset). Fix: except only blocks smaller than cidr and within it.');
      }
    }
    return { ipBlock: { cidr: peer.cidr, ...(peer.except?.length ? { except: [...peer.except] } : {}) } };
  }
  if (peer.except !== undefined) {
    throw new PropsError(where, `${field}.except applies only to a cidr peer. Fix: remove it, or use a separate peer { cidr, except }.`);
  }
  if (!hasPods && !hasNamespace) {
    throw new PropsError(where, `${field} selects nothing. Fix: name a workload, podLabels, a namespace, namespaceLabels or a cidr.`);
  }
  if (peer.workload !== undefined && !isDnsLabel(peer.workload)) {
    throw new PropsError(where, `${field}.workload ${JSON.stringify(peer.workload)} is not a workload name.`);
  }
  if (peer.namespace !== undefined && !isDnsLabel(peer.namespace)) {
    throw new PropsError(where, `${field}.namespace ${JSON.stringify(peer.namespace)} is not a namespace name.`);
  }
  const podLabels = { ...peer.podLabels, ...(peer.workload !== undefined ? { [NAME_LABEL]: peer.workload } : {}) };
  const namespaceLabels = { ...peer.namespaceLabels, ...(peer.namespace !== undefined ? { 'kubernetes.io/metadata.name': peer.namespace } : {}) };
  return {
    ...(hasNamespace ? { namespaceSelector: { matchLabels: namespaceLabels } } : {}),
    ...(hasPods ? { podSelector: { matchLabels: podLabels } } : hasNamespace ? { podSelector: {} } : {}),
  };
}

/** The ports of a peer, or `fallback` when it names none. */
export function toPolicyPorts(peer: NetworkPeer, fallback: readonly NetworkPolicyPort[]): NetworkPolicyPort[] {
  if (!peer.ports?.length) return [...fallback];
  return peer.ports.map((port) => ({ protocol: peer.protocol ?? 'TCP', port }));
}

/** Inputs of {@link buildWorkloadNetworkPolicy}. */
export interface WorkloadPolicyInputs {
  readonly where: string;
  readonly metadata: KubeObject['metadata'];
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The main container's ports: what an ingress peer that names no ports may reach. */
  readonly ports: readonly NetworkPolicyPort[];
  /** Every port the pod's containers listen on (`8080/TCP`), sidecars' included: what an ingress peer may name. */
  readonly listenedPorts: ReadonlySet<string>;
  readonly allowIngressFrom?: readonly NetworkPeer[];
  readonly allowEgressTo?: readonly NetworkPeer[];
}

/**
 * The workload's NetworkPolicy: selects exactly its pods, denies ingress except from the allowed peers on
 * its ports, and denies egress except DNS and the allowed peers.
 */
export function buildWorkloadNetworkPolicy(inputs: WorkloadPolicyInputs): KubeObject {
  const { where } = inputs;
  const ingress: NetworkPolicyIngressRule[] = (inputs.allowIngressFrom ?? []).map((peer, i) => {
    const field = `allowIngressFrom[${i}]`;
    const from = [toPolicyPeer(where, field, peer)];
    if (inputs.ports.length === 0) {
      throw new PropsError(where, `${field} allows ingress but the workload has no port. Fix: declare port or ports.`);
    }
    const known = inputs.listenedPorts;
    for (const port of peer.ports ?? []) {
      const listened = `${port}/${peer.protocol ?? 'TCP'}`;
      if (!known.has(listened)) {
        throw new PropsError(where, `${field}.ports includes ${listened}, which the workload does not listen on. Fix: use one of ${[...known].join(', ')}.`);
      }
    }
    return { from, ports: toPolicyPorts(peer, inputs.ports) };
  });
  const egress: NetworkPolicyEgressRule[] = [DNS_EGRESS, ...(inputs.allowEgressTo ?? []).map((peer, i) => {
    const field = `allowEgressTo[${i}]`;
    const to = [toPolicyPeer(where, field, peer)];
    if (!peer.ports?.length) {
      throw new PropsError(where, `${field} has no ports. Fix: list the destination ports, e.g. ports: [5432].`);
    }
    return { to, ports: toPolicyPorts(peer, []) };
  })];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: inputs.metadata,
    spec: {
      podSelector: { matchLabels: { ...inputs.selectorLabels } },
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress,
    },
  };
}

/** The ports (`8080/TCP`) `containers` listen on. */
export function containerPortKeys(containers: Iterable<{ readonly ports?: unknown }>): Set<string> {
  const ports = new Set<string>();
  for (const container of containers) {
    for (const port of Array.isArray(container.ports) ? container.ports : []) ports.add(`${port.containerPort}/${port.protocol ?? 'TCP'}`);
  }
  return ports;
}

/** True for an IPv4 or IPv6 CIDR block (`10.0.0.0/8`, `fc00::/7`). */
export function isCidr(text: unknown): boolean {
  return parseCidr(text) !== undefined;
}

/** A CIDR's address, prefix length and family. */
interface Cidr {
  readonly address: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
}

/** `text` as a CIDR (an IPv4 or IPv6 address, as Node reads them, and a prefix length), or `undefined`. */
function parseCidr(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.lastIndexOf('/');
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const version = isIP(address);
  if (slash === -1 || version === 0 || address.includes('%') || !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= (version === 4 ? 32 : 128) ? { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' } : undefined;
}

/**
 * True when the CIDR `inner` is a strict subset of the CIDR `outer`, as the API server requires of an ipBlock's
 * `except` entries: `outer` holds `inner`'s address and has a shorter prefix.
 */
export function isStrictSubnet(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a.family !== b.family || a.prefix <= b.prefix) return false;
  const block = new BlockList();
  block.addSubnet(b.address, b.prefix, b.family);
  return block.check(a.address, a.family);
}
