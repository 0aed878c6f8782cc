/**
 * What is known about well-known base images: which ones are minimal, which ones are full operating systems or
 * full language toolchains, and which ones run as a non-root user without a `USER` instruction.
 */
import type { ImageReference } from '../core/image';

/** Registries and path prefixes that mirror Docker Hub's official images. */
const OFFICIAL_IMAGE_PREFIXES: readonly string[] = ['library/', 'docker/library/'];

/** Full operating-system images (a package manager, a shell and hundreds of packages). */
const FULL_OS_IMAGES: ReadonlySet<string> = new Set([
  'ubuntu', 'debian', 'centos', 'fedora', 'amazonlinux', 'rockylinux', 'almalinux', 'oraclelinux', 'archlinux',
  'opensuse/leap', 'opensuse/tumbleweed', 'kalilinux/kali-rolling', 'buildpack-deps', 'ubi7/ubi', 'ubi8/ubi', 'ubi9/ubi',
  'ubi8', 'ubi9', 'ubi10', 'redhat/ubi8', 'redhat/ubi9', 'photon', 'clearlinux', 'mageia', 'sl',
]);

/** Full language images: the compiler or SDK on top of a full operating system. */
const FULL_LANGUAGE_IMAGES: ReadonlySet<string> = new Set([
  'node', 'python', 'golang', 'openjdk', 'eclipse-temurin', 'amazoncorretto', 'ibmjava', 'ibm-semeru-runtimes', 'sapmachine',
  'maven', 'gradle', 'ruby', 'php', 'rust', 'perl', 'elixir', 'erlang', 'haskell', 'gcc', 'swift', 'julia', 'r-base',
  'clojure', 'groovy', 'mono', 'dart', 'pypy', 'jruby', 'bun', 'deno', 'composer', 'sbt', 'kotlin', 'scala',
  'dotnet/sdk', 'dotnet/aspnet', 'dotnet/runtime', 'dotnet/core/sdk', 'dotnet/core/aspnet', 'dotnet/core/runtime',
]);

/** Tag words that mark a minimal variant of an image (`node:20-alpine`, `python:3.12-slim`, `…-chiseled`). */
const MINIMAL_TAG = /(?:^|[-_.])(?:alpine|slim|minimal|micro|distroless|chiseled|scratch|busybox|wolfi)(?:$|[-_.\d])/i;

/** Repositories that are minimal whatever the tag. */
const MINIMAL_REPOSITORY = /(?:^|\/)(?:distroless|alpine|busybox|scratch|chainguard|wolfi|ubi-micro|ubi-minimal|ubi\d*-micro|ubi\d*-minimal)(?:$|\/)|(?:-slim|-minimal|-micro|-distroless)$/;

/** Registries that publish only minimal images. */
const MINIMAL_REGISTRIES: ReadonlySet<string> = new Set(['cgr.dev']);

/** The repository with a Docker Hub `library/` prefix removed (`library/node` → `node`). */
function shortRepository(reference: ImageReference): string {
  let repository = reference.repository;
  for (const prefix of OFFICIAL_IMAGE_PREFIXES) {
    if (repository.startsWith(prefix)) repository = repository.slice(prefix.length);
  }
  return repository;
}

/** How a base image is classified. */
export type BaseImageKind = 'minimal' | 'full-os' | 'full-language' | 'unknown';

/**
 * Classifies a base image: `minimal` (distroless, alpine, scratch, `-slim`, `-minimal`, chainguard, wolfi, UBI micro
 * and minimal), `full-os` (ubuntu, debian, centos, fedora, amazonlinux…), `full-language` (node, python, golang,
 * openjdk… without a minimal tag), or `unknown` (an image kubeharden does not know, such as a private base image).
 * Mirrors are recognised by the last path components (`mirror.example.com/hub/node:20` is `node`).
 */
export function classifyBaseImage(reference: ImageReference): BaseImageKind {
  const repository = shortRepository(reference);
  if (reference.registry && MINIMAL_REGISTRIES.has(reference.registry)) return 'minimal';
  if (MINIMAL_REPOSITORY.test(repository)) return 'minimal';
  if (reference.tag && MINIMAL_TAG.test(reference.tag)) return 'minimal';
  if (matchesKnown(repository, FULL_OS_IMAGES)) return 'full-os';
  if (matchesKnown(repository, FULL_LANGUAGE_IMAGES)) return 'full-language';
  return 'unknown';
}

/** True when `repository` is, or ends with, one of the `known` names (one or more whole path components). */
function matchesKnown(repository: string, known: ReadonlySet<string>): boolean {
  const parts = repository.split('/');
  for (let start = 0; start < parts.length; start++) {
    if (known.has(parts.slice(start).join('/'))) return true;
  }
  return false;
}

/**
 * True when the image runs as a non-root user by default: distroless images with a `nonroot` tag
 * (`gcr.io/distroless/static:nonroot`, `…:debug-nonroot`, `…:latest-nonroot`).
 */
export function isNonRootBaseImage(reference: ImageReference): boolean {
  return /(?:^|\/)distroless(?:\/|$)/.test(reference.repository) && /(?:^|-)nonroot$/.test(reference.tag ?? '');
}

/** The image as it should be printed in messages: registry, repository and tag, without the digest. */
export function describeImage(reference: ImageReference): string {
  return `${reference.registry ? `${reference.registry}/` : ''}${reference.repository}${reference.tag ? `:${reference.tag}` : ''}`;
}
