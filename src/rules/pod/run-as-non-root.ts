import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';
import { DEFAULT_UID } from '../defaults';
import { containerSecurityContext, isWindowsPod, podSecurityContext, remediableContainers } from '../remediate';
import type { Rule, RuleFinding } from '../rule';

/**
 * Containers run as a non-root user: `runAsNonRoot: true`, and an explicit non-zero uid and gid; nor does the pod
 * put them in the root group through `fsGroup` or `supplementalGroups`.
 *
 * PSS checks: `runAsNonRoot`, `runAsUser` (restricted). Beyond them, the guide wants the uid and gid
 * written out, so that the kubelet does not depend on the image's USER, and an effective uid 0 is a finding
 * at every level.
 */
export const runAsNonRoot: Rule = {
  id: 'run-as-non-root',
  title: 'Containers run as a non-root user with an explicit uid and gid',
  rationale: 'A process running as root in a container is root on the host once it escapes. An explicit non-zero uid/gid does not depend on the image\'s USER.',
  guide: 'Don\'t run as root',
  severity: 'high',
  fix: 'Set securityContext.runAsNonRoot: true and runAsUser/runAsGroup to a non-zero id (kubeharden uses 65532).',
  default: 'runAsNonRoot: true, runAsUser/runAsGroup/fsGroup 65532 at pod level',
  appliesTo: ['pod-workloads'],
  pssChecks: ['runAsNonRoot', 'runAsUser'],
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  remediate({ spec }) {
    const context = podSecurityContext(spec);
    context.runAsNonRoot ??= true;
    // A Windows pod may not set uids and gids (the API server refuses them), only runAsNonRoot.
    if (isWindowsPod(spec)) return;
    context.runAsUser ??= DEFAULT_UID;
    context.runAsGroup ??= DEFAULT_UID;
    context.fsGroup ??= DEFAULT_UID;
    // Written on each container too, for scanners that only read container-level settings.
    for (const container of remediableContainers(spec)) {
      const own = containerSecurityContext(container);
      own.runAsNonRoot ??= context.runAsNonRoot;
      own.runAsUser ??= context.runAsUser;
      own.runAsGroup ??= context.runAsGroup;
    }
  },
  check(object) {
    const view = podTemplateOf(object);
    if (!view || isWindowsPod(view.spec)) return [];
    const podContext = isRecord(view.spec.securityContext) ? view.spec.securityContext : {};
    const findings: RuleFinding[] = [];
    // fsGroup and supplementalGroups are added to every process's groups: 0 there is the root group, whatever runAsGroup says.
    if (podContext.fsGroup === 0) {
      findings.push({
        message: 'the pod has fsGroup 0, so its processes run in the root group',
        path: pointer(view.specPointer, 'securityContext', 'fsGroup'),
        fix: 'Set securityContext.fsGroup to a non-zero gid (kubeharden uses 65532).',
      });
    }
    if (Array.isArray(podContext.supplementalGroups) && podContext.supplementalGroups.includes(0)) {
      findings.push({
        message: 'the pod\'s supplementalGroups include 0, so its processes run in the root group',
        path: pointer(view.specPointer, 'securityContext', 'supplementalGroups'),
        fix: 'Remove 0 from securityContext.supplementalGroups.',
      });
    }
    for (const c of containersOf(view)) {
      if (c.type === 'ephemeralContainers') continue;
      const context = isRecord(c.container.securityContext) ? c.container.securityContext : {};
      const user = context.runAsUser ?? podContext.runAsUser;
      const group = context.runAsGroup ?? podContext.runAsGroup;
      if (typeof user !== 'number') {
        findings.push({
          message: `container "${c.container.name}" has no explicit runAsUser, so its uid comes from the image`,
          path: pointer(c.pointer, 'securityContext', 'runAsUser'),
        });
      } else if (user === 0) {
        // Reported here too: the PSS runAsUser check runs only at restricted, from v1.23, and not for user-namespace pods from v1.35.
        findings.push({
          message: `container "${c.container.name}" runs with uid 0 (root)`,
          path: pointer(context.runAsUser != null ? c.pointer : view.specPointer, 'securityContext', 'runAsUser'),
        });
      }
      if (typeof group !== 'number' || group === 0) {
        findings.push({
          message: `container "${c.container.name}" ${group === 0 ? 'runs with gid 0 (root group)' : 'has no explicit runAsGroup'}`,
          path: pointer(c.pointer, 'securityContext', 'runAsGroup'),
        });
      }
    }
    return findings;
  },
};
