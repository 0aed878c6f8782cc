import { remediableContainers, containerSecurityContext, isWindowsPod } from '../remediate';
import type { Rule } from '../rule';

/**
 * Containers drop every Linux capability (`capabilities.drop: [ALL]`) and add back at most
 * `NET_BIND_SERVICE`. PSS checks: `capabilities_baseline`, `capabilities_restricted`.
 */
export const dropAllCapabilities: Rule = {
  id: 'drop-all-capabilities',
  title: 'Containers drop ALL capabilities and add back only NET_BIND_SERVICE',
  rationale: 'Capabilities such as SYS_ADMIN or NET_RAW turn a compromised process into a host-level attacker. Most applications need none.',
  guide: 'Drop capabilities',
  severity: 'high',
  fix: 'Set securityContext.capabilities.drop: ["ALL"] and add nothing (NET_BIND_SERVICE only for ports below 1024).',
  default: 'capabilities.drop: [ALL], nothing added',
  appliesTo: ['pod-workloads'],
  pssChecks: ['capabilities_baseline', 'capabilities_restricted'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  remediate({ spec }) {
    if (isWindowsPod(spec)) return;
    for (const container of remediableContainers(spec)) {
      const context = containerSecurityContext(container);
      const capabilities = (context.capabilities ??= {});
      const drop = Array.isArray(capabilities.drop) ? capabilities.drop : [];
      if (!drop.includes('ALL')) capabilities.drop = [...drop, 'ALL'];
    }
  },
};
