/**
 * Telling Dockerfiles apart by name, and the resource their findings name. Kept apart from the parser so that
 * `kubeharden audit` can look for Dockerfiles without loading it.
 */
import { basename } from 'path';
import type { ResourceRef } from '../core/types';

/** The `apiVersion` of the resource a Dockerfile finding is about, so reports tell Dockerfiles from Kubernetes objects. */
export const DOCKERFILE_API_VERSION = 'dockerfile';

/** The `kind` of the resource a Dockerfile finding is about. */
export const DOCKERFILE_KIND = 'Dockerfile';

/**
 * The ids of the Dockerfile rules, known without loading the Dockerfile parser (for configuration checks);
 * the Dockerfile catalogue checks at load that they are exactly its rules.
 */
export const DOCKERFILE_RULE_NAMES: readonly string[] = [
  'dockerfile-minimal-base-image', 'dockerfile-pinned-base-image', 'dockerfile-multi-stage', 'dockerfile-non-root-user', 'dockerfile-no-secrets',
  'dockerfile-verified-downloads',
];

/**
 * True for the names `docker build` and `podman build` pick up or that conventionally hold one:
 * `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.Containerfile`, `Dockerfile.*` and `Containerfile.*`
 * (a directory path is accepted; only the last component is tested). BuildKit's per-Dockerfile ignore files
 * (`Dockerfile.dockerignore`) are not Dockerfiles.
 */
export function isDockerfileName(name: string): boolean {
  return isDockerfileBaseName(basename(name), false);
}

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|^.+\.(?:Dockerfile|Containerfile)$/;
const DOCKERFILE_NAME_ANY_CASE = new RegExp(DOCKERFILE_NAME.source, 'i');

/**
 * {@link isDockerfileName} for a file's base name; with `anyCase`, in any case (`docker build` takes a file named
 * `dockerfile` too, so the command does for names it is given).
 */
export function isDockerfileBaseName(file: string, anyCase: boolean): boolean {
  const ignoreFile = anyCase ? /\.dockerignore$/i.test(file) : file.endsWith('.dockerignore');
  return !ignoreFile && (anyCase ? DOCKERFILE_NAME_ANY_CASE : DOCKERFILE_NAME).test(file);
}

/** The resource a finding on Dockerfile `file` names: kind `Dockerfile`, name the file's base name. */
export function dockerfileResource(file: string): ResourceRef {
  return { apiVersion: DOCKERFILE_API_VERSION, kind: DOCKERFILE_KIND, name: basename(file) };
}
