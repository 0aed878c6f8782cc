import type { Rule } from '../rule';

/** Pods set only namespaced, safe sysctls. PSS check: `sysctls`. */
export const safeSysctls: Rule = {
  id: 'safe-sysctls',
  title: 'Only safe sysctls',
  rationale: 'Unsafe sysctls change kernel settings shared with every other pod on the node.',
  guide: 'Pod Security Standards',
  severity: 'high',
  fix: 'Remove securityContext.sysctls entries outside the Pod Security Standards safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range and the others it lists).',
  default: 'no sysctls',
  appliesTo: ['pod-workloads'],
  pssChecks: ['sysctls'],
  references: ['https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/'],
};
