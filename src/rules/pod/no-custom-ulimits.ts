import type { Rule } from '../rule';

/** Containers do not set their own ulimits. PSS check: `ulimits`. */
export const noCustomUlimits: Rule = {
  id: 'no-custom-ulimits',
  title: 'Containers do not set ulimits',
  rationale: 'Raising ulimits lifts the node\'s per-process bounds (open files, processes) that protect its other tenants.',
  guide: 'Resource limits',
  severity: 'high',
  fix: 'Remove securityContext.ulimits; size the workload with resource requests and limits instead.',
  default: 'ulimits unset',
  appliesTo: ['pod-workloads'],
  pssChecks: ['ulimits'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
