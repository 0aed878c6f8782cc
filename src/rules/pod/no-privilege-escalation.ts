import { remediableContainers, containerSecurityContext, isWindowsPod } from '../remediate';
import type { Rule } from '../rule';

/** Containers set `allowPrivilegeEscalation: false` (no-new-privileges). PSS check: `allowPrivilegeEscalation`. */
export const noPrivilegeEscalation: Rule = {
  id: 'no-privilege-escalation',
  title: 'Containers cannot gain privileges (allowPrivilegeEscalation: false)',
  rationale: 'Without no-new-privileges, setuid binaries and file capabilities let a process gain more privileges than its parent.',
  guide: 'no-new-privileges',
  severity: 'high',
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container.',
  default: 'allowPrivilegeEscalation: false',
  appliesTo: ['pod-workloads'],
  pssChecks: ['allowPrivilegeEscalation'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  remediate({ spec }) {
    if (isWindowsPod(spec)) return;
    for (const container of remediableContainers(spec)) {
      containerSecurityContext(container).allowPrivilegeEscalation ??= false;
    }
  },
};
