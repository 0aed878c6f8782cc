import type { Rule } from '../rule';

/** Containers do not mount their cgroup subtree writable. PSS check: `cgroupOptions_restricted`. */
export const noWritableCgroups: Rule = {
  id: 'no-writable-cgroups',
  title: 'Cgroups are mounted read-only',
  rationale: 'A writable cgroup mount lets a container change its own resource controls and escape its limits.',
  guide: 'Pod Security Standards',
  severity: 'high',
  fix: 'Remove securityContext.cgroupOptions.mountMode or set it to ReadOnly.',
  default: 'cgroupOptions unset (read-only)',
  appliesTo: ['pod-workloads'],
  pssChecks: ['cgroupOptions_restricted'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
};
