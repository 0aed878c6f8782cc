/**
 * Small helpers for rules' remediations: they fill missing fields of a pod spec and never overwrite.
 */
import { posix } from 'path';
import type { Container, PodSecurityContext, PodSpec, SecurityContext, Volume } from 'kubernetes-types/core/v1';
import { isRecord } from '../core/types';

/** The pod-level security context, created when absent. */
export function podSecurityContext(spec: PodSpec): PodSecurityContext {
  if (!isRecord(spec.securityContext)) spec.securityContext = {};
  return spec.securityContext;
}

/** The containers and init containers of a pod spec (ephemeral containers are never remediated). */
export function remediableContainers(spec: PodSpec): Container[] {
  return [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])]
    .filter(isRecord) as Container[];
}

/** A container's security context, created when absent. */
export function containerSecurityContext(container: Container): SecurityContext {
  if (!isRecord(container.securityContext)) container.securityContext = {};
  return container.securityContext;
}

/** True for a pod that declares Windows as its OS (Linux-only fields must not be set on it). */
export function isWindowsPod(spec: PodSpec): boolean {
  return isRecord(spec.os) && spec.os.name === 'windows';
}

/**
 * An absolute path as the container sees it: without repeated or trailing slashes, `.` or `..` (`/tmp/`, `//tmp` and
 * `/var/../tmp` are `/tmp`, one directory; `/.` is `/`).
 */
export function normalMountPath(path: string): string {
  // Most paths are normal already (`/tmp`, `/var/cache/app`): returned as they are, without the general case's work.
  if (NORMAL_MOUNT_PATH.test(path)) return path;
  return posix.normalize(path).replace(/(.)\/$/, '$1');
}

/** An absolute path of one or more segments, none empty, `.` or `..`: its own normal form. */
const NORMAL_MOUNT_PATH = /^(?:\/(?!\.\.?(?:\/|$))[^/]+)+$/;

/**
 * Mounts a memory-backed emptyDir of `sizeLimit` at `path` in `container`, unless something is already
 * mounted there. The volume is the container's own (`<container>-<path>`), never shared with siblings.
 */
export function mountTmpfs(spec: PodSpec, container: Container, path: string, sizeLimit: string): void {
  const mounts = (container.volumeMounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : []);
  // `/tmp/` is `/tmp`: a mount there already makes it writable, and a second one would hide it.
  if (mounts.some((m) => isRecord(m) && typeof m.mountPath === 'string' && normalMountPath(m.mountPath) === normalMountPath(path))) return;
  const volumes: Volume[] = (spec.volumes = Array.isArray(spec.volumes) ? spec.volumes : []);
  const slug = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'root';
  const base = `${container.name}-${slug}`.slice(0, 63).replace(/-+$/, '');
  let name = base;
  for (let i = 2; volumes.some((v) => isRecord(v) && v.name === name); i++) name = `${base.slice(0, 60)}-${i}`;
  volumes.push({ name, emptyDir: { medium: 'Memory', sizeLimit } });
  mounts.push({ name, mountPath: path });
}
