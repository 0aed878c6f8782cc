import type { Rule } from '../rule';

/** No container overrides AppArmor to `unconfined`. PSS check: `appArmorProfile`. */
export const noUnconfinedAppArmor: Rule = {
  id: 'no-unconfined-apparmor',
  title: 'AppArmor is not disabled',
  rationale: 'AppArmor confines what a process may do on the host; `unconfined` removes that layer.',
  guide: 'Pod Security Standards',
  severity: 'high',
  fix: 'Remove the unconfined AppArmor profile (use RuntimeDefault or a Localhost profile).',
  default: 'runtime default AppArmor profile',
  appliesTo: ['pod-workloads'],
  pssChecks: ['appArmorProfile'],
  references: ['https://kubernetes.io/docs/tutorials/security/apparmor/'],
};
