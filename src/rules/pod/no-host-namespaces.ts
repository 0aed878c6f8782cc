import type { Rule } from '../rule';

/** Pods do not share the host's network, PID or IPC namespaces. PSS check: `hostNamespaces`. */
export const noHostNamespaces: Rule = {
  id: 'no-host-namespaces',
  title: 'Pods do not share host namespaces (hostNetwork, hostPID, hostIPC)',
  rationale: 'Host namespaces let a container see and signal host processes, sniff host traffic and reach services bound to the node\'s localhost.',
  guide: 'No --privileged',
  severity: 'critical',
  fix: 'Remove hostNetwork, hostPID and hostIPC from the pod spec.',
  default: 'hostNetwork, hostPID, hostIPC unset',
  appliesTo: ['pod-workloads'],
  pssChecks: ['hostNamespaces'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
