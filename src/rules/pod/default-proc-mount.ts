import type { Rule } from '../rule';

/** Containers keep the default masked /proc. PSS check: `procMount`. */
export const defaultProcMount: Rule = {
  id: 'default-proc-mount',
  title: 'Containers keep the default (masked) /proc mount',
  rationale: 'An Unmasked /proc exposes kernel interfaces that the runtime normally hides from containers.',
  guide: 'Pod Security Standards',
  severity: 'high',
  fix: 'Remove securityContext.procMount or set it to Default.',
  default: 'procMount unset (Default)',
  appliesTo: ['pod-workloads'],
  pssChecks: ['procMount', 'procMount_restricted'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
