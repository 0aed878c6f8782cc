/**
 * What `kubeharden audit` reads besides Kubernetes manifests: Dockerfiles (`Dockerfile`, `Containerfile`,
 * `*.Dockerfile`, …), named on the command line or found in the directories it walks. Dockerfiles are told
 * apart by name; the Dockerfile parser and rules load only when there is a Dockerfile to audit.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { resolve } from 'path';
import { fileErrorReason, InputError, isFile, joinPath, MANIFEST_EXTENSIONS, MAX_FILE_BYTES, STDIN_PATH } from './load';
import type { Finding } from './types';
import { isDockerfileName } from '../dockerfile/names';

/** The paths of an audit, sorted into what the manifest loader reads and the Dockerfiles. */
export interface AuditSources {
  /** Paths for the manifest loader ({@link loadInputs}): files, directories, `-`, in the order given. */
  readonly manifests: readonly string[];
  /** Dockerfiles, as given or as found in a directory (`k8s/api/Dockerfile`), in the order given, then by name. */
  readonly dockerfiles: readonly string[];
  /** Directories that hold Dockerfiles and manifest files: their manifest files may hold no Kubernetes object. */
  readonly mayHoldNoObjects: ReadonlySet<string>;
}

/**
 * Sorts `paths` (as given on the command line): a file with a Dockerfile name (and no `.yaml`, `.yml` or `.json`
 * extension) is a Dockerfile; a directory contributes the Dockerfiles under it, and goes to the manifest loader
 * unless it holds Dockerfiles and no manifest file; everything else (files, `-`, missing paths) goes to the
 * manifest loader, which reports what it cannot read.
 */
export function findSources(paths: readonly string[]): AuditSources {
  const manifests: string[] = [];
  const dockerfiles: string[] = [];
  const mayHoldNoObjects = new Set<string>();
  // A path given twice (`x.yaml ./x.yaml`) is audited once: its objects would otherwise count, and fail, twice.
  const seen = new Set<string>();
  for (const path of paths) {
    const key = path === STDIN_PATH ? path : resolve(path);
    if (seen.has(key)) continue;
    seen.add(key);
    if (path !== STDIN_PATH && isDirectory(path)) {
      const found = walk(path);
      dockerfiles.push(...found.dockerfiles);
      if (found.dockerfiles.length === 0 || found.manifests) manifests.push(path);
      if (found.dockerfiles.length > 0 && found.manifests) mayHoldNoObjects.add(path);
    } else if (path !== STDIN_PATH && isDockerfilePath(path)) {
      dockerfiles.push(path);
    } else {
      manifests.push(path);
    }
  }
  return { manifests, dockerfiles, mayHoldNoObjects };
}

/** True for a Dockerfile name ({@link isDockerfileName}) that is not also a manifest name (`Dockerfile.yaml`). */
export function isDockerfilePath(path: string): boolean {
  return isDockerfileName(path) && !isManifestName(path);
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

/**
 * The Dockerfiles under `dir`, recursively, sorted by name at each level, and whether it holds manifest files;
 * skips `node_modules`, dot-directories and symbolic links to directories, as the manifest loader does.
 */
function walk(dir: string): { dockerfiles: string[]; manifests: boolean } {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(fileErrorReason(e), dir);
  }
  const result = { dockerfiles: [] as string[], manifests: false };
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = joinPath(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const below = walk(path);
      result.dockerfiles.push(...below.dockerfiles);
      result.manifests ||= below.manifests;
    } else if (entry.isFile() || (entry.isSymbolicLink() && isFile(path))) {
      if (isManifestName(entry.name)) result.manifests = true;
      else if (isDockerfileName(entry.name)) result.dockerfiles.push(path);
    }
  }
  return result;
}

function isManifestName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
