/**
 * The default /proc masks are required at the restricted level, even for pods in a user namespace.
 *
 * Restricted fields: `spec.containers[*].securityContext.procMount`, `spec.initContainers[*].securityContext.procMount`,
 * `spec.ephemeralContainers[*].securityContext.procMount`.
 *
 * Allowed values: undefined/null, `Default`.
 *
 * Overrides `procMount`.
 */
import type { PssCheck } from './check';
import { PROC_MOUNT_ID, procMountV1Dot0 } from './proc-mount';

/** Restricted check `procMount_restricted` (v1.35+). */
export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  versions: [{ minimumVersion: 35, check: procMountV1Dot0, overrides: [PROC_MOUNT_ID] }],
};
