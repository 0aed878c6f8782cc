import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';
import { DEFAULT_TMPFS_PATHS, DEFAULT_TMPFS_SIZE } from '../defaults';
import { containerSecurityContext, isWindowsPod, mountTmpfs, remediableContainers } from '../remediate';
import type { Rule, RuleFinding } from '../rule';

/** Containers run with a read-only root filesystem; writable paths are memory-backed emptyDirs. */
export const readOnlyRootFilesystem: Rule = {
  id: 'read-only-root-filesystem',
  title: 'Containers have a read-only root filesystem',
  rationale: 'An attacker who cannot write to the filesystem cannot drop tools, modify binaries or persist; scratch space goes to size-limited tmpfs.',
  guide: 'Read-only filesystem + tmpfs',
  severity: 'high',
  fix: 'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir (medium: Memory, sizeLimit) where the application writes.',
  default: 'readOnlyRootFilesystem: true, /tmp and /var/run as 64Mi memory emptyDirs',
  appliesTo: ['pod-workloads'],
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  remediate({ spec }) {
    if (isWindowsPod(spec)) return;
    for (const container of remediableContainers(spec)) {
      const context = containerSecurityContext(container);
      if (context.readOnlyRootFilesystem !== undefined) continue;
      context.readOnlyRootFilesystem = true;
      for (const path of DEFAULT_TMPFS_PATHS) mountTmpfs(spec, container, path, DEFAULT_TMPFS_SIZE);
    }
  },
  check(object) {
    const view = podTemplateOf(object);
    if (!view || isWindowsPod(view.spec)) return [];
    const findings: RuleFinding[] = [];
    for (const c of containersOf(view)) {
      if (c.type === 'ephemeralContainers') continue;
      const context = isRecord(c.container.securityContext) ? c.container.securityContext : {};
      if (context.readOnlyRootFilesystem !== true) {
        findings.push({
          message: `container "${c.container.name}" has a writable root filesystem`,
          path: pointer(c.pointer, 'securityContext', 'readOnlyRootFilesystem'),
        });
      }
    }
    return findings;
  },
};
