/**
 * The values kubeharden's builders and remediations write, straight from the guide.
 */

/** uid and gid of distroless `nonroot`, used for runAsUser, runAsGroup and fsGroup. */
export const DEFAULT_UID = 65532;

/** The guide's resource values: requests 250m/128Mi, limits 1 CPU/512Mi. */
export const DEFAULT_RESOURCES = {
  requests: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
  limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
} as const;

/** Size of each in-memory scratch volume. */
export const DEFAULT_TMPFS_SIZE = '64Mi';

/** Writable paths every hardened container gets as memory-backed emptyDirs. */
export const DEFAULT_TMPFS_PATHS: readonly string[] = ['/tmp', '/var/run'];
