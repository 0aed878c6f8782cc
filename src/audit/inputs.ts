/**
 * What `kubeharden audit` reads besides Kubernetes manifests: Dockerfiles (`Dockerfile`, `Containerfile`,
 * `*.Dockerfile`, …), named on the command line or found in the directories it walks. Dockerfiles are told
 * apart by name; the Dockerfile parser and rules load only when there is a Dockerfile to audit.
 */
import { readFileSync, statSync } from 'fs';
import { basename, resolve } from 'path';
import { fileErrorReason, InputError, isManifestName, MAX_FILE_BYTES, STDIN_PATH, walkDirectory } from './load';
import type { Finding } from './types';
import { isDockerfileBaseName } from '../dockerfile/names';

/** The paths of an audit, sorted into what the manifest loader reads and the Dockerfiles. */
export interface AuditSources {
  /** Paths for the manifest loader ({@link loadInputs}): files, directories, `-`, in the order given. */
  readonly manifests: readonly string[];
  /** Dockerfiles, as given or as found in a directory (`k8s/api/Dockerfile`), in the order given, then by name. */
  readonly dockerfiles: readonly string[];
  /** Directories that hold Dockerfiles and manifest files: their manifest files may hold no Kubernetes object. */
  readonly mayHoldNoObjects: ReadonlySet<string>;
  /** What the walks of directories without manifest files skipped (the manifest loader notes the others'), one line each. */
  readonly notes: readonly string[];
}

/**
 * Sorts `paths` (as given on the command line): a file with a Dockerfile name ({@link isDockerfilePath}) is a
 * Dockerfile; a directory contributes the Dockerfiles under it ({@link isWalkedDockerfileName}, found as the manifest
 * loader walks directories), and goes to the manifest loader unless it holds Dockerfiles and no manifest file;
 * everything else (files, `-`, missing paths) goes to the manifest loader, which reports what it cannot read.
 */
export function findSources(paths: readonly string[]): AuditSources {
  const manifests: string[] = [];
  const dockerfiles: string[] = [];
  const mayHoldNoObjects = new Set<string>();
  const notes: string[] = [];
  // A path given twice (`x.yaml ./x.yaml`) is audited once: its objects would otherwise count, and fail, twice.
  const seen = new Set<string>();
  for (const path of paths) {
    const key = path === STDIN_PATH ? path : resolve(path);
    if (seen.has(key)) continue;
    seen.add(key);
    if (path !== STDIN_PATH && isDirectory(path)) {
      const walk = walkDirectory(path, (name) => isManifestName(name) || isWalkedDockerfileName(name));
      const found = walk.files.filter((file) => !isManifestName(file));
      const holdsManifests = found.length < walk.files.length;
      dockerfiles.push(...found);
      if (found.length === 0 || holdsManifests) manifests.push(path);
      else notes.push(...walk.notes);
      if (found.length > 0 && holdsManifests) mayHoldNoObjects.add(path);
    } else if (path !== STDIN_PATH && isDockerfilePath(path)) {
      dockerfiles.push(path);
    } else {
      manifests.push(path);
    }
  }
  return { manifests, dockerfiles, mayHoldNoObjects, notes };
}

/** Extensions of documentation, backups, patches and editor files named after a Dockerfile (`Dockerfile.md`, `Dockerfile.orig`). */
const NOT_DOCKERFILE_EXTENSION = /\.(?:md|markdown|txt|rst|adoc|orig|bak|old|swp|swo|tmp|rej|patch|diff)$|~$/i;

/**
 * True for a Dockerfile given by name: a Dockerfile name ({@link isDockerfileBaseName}: `Dockerfile`,
 * `Dockerfile.<variant>`, `<name>.Dockerfile`, the same with `Containerfile`, in any case; not BuildKit's
 * `Dockerfile.dockerignore`) that is not also a manifest name (`Dockerfile.yaml`).
 */
export function isDockerfilePath(path: string): boolean {
  const name = basename(path);
  return isDockerfileBaseName(name, true) && !isManifestName(name);
}

/**
 * True for a Dockerfile found in a directory: a Dockerfile name ({@link isDockerfilePath}) that is not documentation,
 * a backup, a patch or an editor file (`Dockerfile.md`, `Dockerfile.txt`, `Dockerfile.orig`, `Dockerfile.bak`, `*.swp`, …).
 */
export function isWalkedDockerfileName(name: string): boolean {
  return isDockerfilePath(name) && !NOT_DOCKERFILE_EXTENSION.test(name);
}

/**
 * Audits each Dockerfile with the Dockerfile rules `rules` (every one when `undefined`, none for an empty list,
 * when the files are not even read). Throws {@link InputError} for a file that cannot be read and
 * `InvalidDockerfileError` for one that is not a Dockerfile.
 */
export async function auditDockerfiles(files: readonly string[], rules?: readonly string[]): Promise<Finding[]> {
  if (files.length === 0 || (rules !== undefined && rules.length === 0)) return [];
  const { auditDockerfile } = await import('../dockerfile/audit');
  return files.flatMap((file) => auditDockerfile(readDockerfile(file), file, rules ? { rules } : {}));
}

/** The text of Dockerfile `path`. Throws {@link InputError} when it is missing, too large, binary or not UTF-8. */
export function readDockerfile(path: string): string {
  let buffer: Buffer;
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new InputError(`file is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MiB`, path);
    buffer = readFileSync(path);
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(fileErrorReason(e), path);
  }
  if (buffer.includes(0)) throw new InputError('binary file (contains NUL bytes), not a Dockerfile', path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new InputError('not valid UTF-8 text', path);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
