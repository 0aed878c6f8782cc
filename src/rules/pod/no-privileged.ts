import type { Rule } from '../rule';

/** No privileged containers and no Windows HostProcess pods. PSS checks: `privileged`, `windowsHostProcess`. */
export const noPrivileged: Rule = {
  id: 'no-privileged',
  title: 'No privileged containers',
  rationale: 'A privileged container has every capability and every host device: it is root on the node.',
  guide: 'No --privileged',
  severity: 'critical',
  fix: 'Remove securityContext.privileged (or set it to false) and windowsOptions.hostProcess; grant the one capability needed instead.',
  default: 'privileged unset',
  appliesTo: ['pod-workloads'],
  pssChecks: ['privileged', 'windowsHostProcess'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
