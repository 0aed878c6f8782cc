import type { Rule } from '../rule';

/** Containers bind no host ports. PSS check: `hostPorts`. */
export const noHostPorts: Rule = {
  id: 'no-host-ports',
  title: 'No host ports',
  rationale: 'A hostPort publishes the container on every address of the node, bypassing Services and NetworkPolicies.',
  guide: 'Don\'t expose unnecessary ports',
  severity: 'high',
  fix: 'Remove ports[].hostPort and expose the container through a ClusterIP Service.',
  default: 'no hostPort',
  appliesTo: ['pod-workloads'],
  pssChecks: ['hostPorts'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
