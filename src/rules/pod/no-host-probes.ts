import type { Rule } from '../rule';

/** Probes and lifecycle handlers do not target other hosts. PSS check: `hostProbesAndLifecycle`. */
export const noHostProbes: Rule = {
  id: 'no-host-probes',
  title: 'Probes and lifecycle hooks do not set a host',
  rationale: 'A probe or hook with a `host` makes the kubelet connect to an arbitrary address on the pod\'s behalf.',
  guide: 'Pod Security Standards',
  severity: 'high',
  fix: 'Remove the host field from httpGet and tcpSocket probes and lifecycle handlers.',
  default: 'probes target the pod itself',
  appliesTo: ['pod-workloads'],
  pssChecks: ['hostProbesAndHostLifecycle'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
