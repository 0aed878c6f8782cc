import type { Rule } from '../rule';

/** No custom SELinux user or role, and only container SELinux types. PSS check: `seLinuxOptions`. */
export const noCustomSelinux: Rule = {
  id: 'no-custom-selinux',
  title: 'SELinux options are not escalated',
  rationale: 'A custom SELinux user, role or type can lift the confinement the runtime applies to containers.',
  guide: 'Pod Security Standards',
  severity: 'high',
  fix: 'Remove seLinuxOptions.user and role; use type container_t, container_init_t or container_kvm_t, or none.',
  default: 'seLinuxOptions unset',
  appliesTo: ['pod-workloads'],
  pssChecks: ['seLinuxOptions'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
};
