/**
 * `auditDockerfile`: runs the Dockerfile rules over one Dockerfile and returns the audit engine's findings.
 */
import { basename } from 'path';
import { parseDockerfile } from './parse';
import type { Finding } from '../audit/types';
import type { ResourceRef } from '../core/types';
import type { DockerfileRule } from '../rules/dockerfile/dockerfile-rule';
import { DOCKERFILE_RULES, findDockerfileRule } from '../rules/dockerfile/registry';

/** The `apiVersion` of the resource a Dockerfile finding is about, so reports tell Dockerfiles from Kubernetes objects. */
export const DOCKERFILE_API_VERSION = 'dockerfile';

/** The `kind` of the resource a Dockerfile finding is about. */
export const DOCKERFILE_KIND = 'Dockerfile';

/** Options of {@link auditDockerfile}. */
export interface DockerfileAuditOptions {
  /**
   * Dockerfile rule ids to run.
   * @default - every rule of DOCKERFILE_RULES
   */
  readonly rules?: readonly string[];
}

/**
 * True for the names `docker build` and `podman build` pick up or that conventionally hold one:
 * `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.Containerfile`, `Dockerfile.*` and `Containerfile.*`
 * (a directory path is accepted; only the last component is tested). BuildKit's per-Dockerfile ignore files
 * (`Dockerfile.dockerignore`) are not Dockerfiles.
 */
export function isDockerfileName(name: string): boolean {
  const file = basename(name);
  if (file.endsWith('.dockerignore')) return false;
  return /^(?:Dockerfile|Containerfile)(?:\.[^/]+)?$/.test(file) || /^.+\.(?:Dockerfile|Containerfile)$/.test(file);
}

/** The resource a finding on Dockerfile `file` names: kind `Dockerfile`, name the file's base name. */
export function dockerfileResource(file: string): ResourceRef {
  return { apiVersion: DOCKERFILE_API_VERSION, kind: DOCKERFILE_KIND, name: basename(file) };
}

/**
 * Audits the Dockerfile `text`, read from `file` (reported as given), with the Dockerfile rules. Findings are
 * ordered by line, then rule. Throws `InvalidDockerfileError` when the text has no `FROM`, and an Error for an
 * unknown rule id.
 */
export function auditDockerfile(text: string, file: string, options: DockerfileAuditOptions = {}): Finding[] {
  const rules: readonly DockerfileRule[] = options.rules
    ? options.rules.map((id) => {
      const rule = findDockerfileRule(id);
      if (!rule) throw new Error(`unknown Dockerfile rule "${id}": use one of ${DOCKERFILE_RULES.map((r) => r.id).join(', ')}`);
      return rule;
    })
    : DOCKERFILE_RULES;
  const parsed = parseDockerfile(text, file);
  const resource = dockerfileResource(file);
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const finding of rule.check(parsed)) {
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        message: finding.message,
        fix: rule.fix,
        file,
        line: finding.line,
        resource,
        path: finding.path ?? '',
      });
    }
  }
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || a.rule.localeCompare(b.rule));
}
