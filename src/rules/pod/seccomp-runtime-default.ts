import { isWindowsPod, podSecurityContext } from '../remediate';
import type { Rule } from '../rule';

/** Pods run under the RuntimeDefault (or a Localhost) seccomp profile. PSS checks: `seccompProfile_baseline`, `seccompProfile_restricted`. */
export const seccompRuntimeDefault: Rule = {
  id: 'seccomp-runtime-default',
  title: 'Pods use the RuntimeDefault seccomp profile',
  rationale: 'Seccomp filters the system calls a container can make; RuntimeDefault blocks the ones most used to break out of containers.',
  guide: 'seccomp RuntimeDefault',
  severity: 'high',
  fix: 'Set securityContext.seccompProfile.type: RuntimeDefault at pod level (or Localhost with a profile).',
  default: 'pod securityContext.seccompProfile.type: RuntimeDefault',
  appliesTo: ['pod-workloads'],
  pssChecks: ['seccompProfile_baseline', 'seccompProfile_restricted'],
  references: ['https://kubernetes.io/docs/tutorials/security/seccomp/'],
  remediate({ spec }) {
    if (isWindowsPod(spec)) return;
    podSecurityContext(spec).seccompProfile ??= { type: 'RuntimeDefault' };
  },
};
