/**
 * `auditDockerfile`: runs the Dockerfile rules over one Dockerfile and returns the audit engine's findings.
 */
import { dockerfileResource } from './names';
import { parseDockerfile } from './parse';
import type { Finding } from '../audit/types';
import type { DockerfileRule } from '../rules/dockerfile/dockerfile-rule';
import { DOCKERFILE_RULES, findDockerfileRule } from '../rules/dockerfile/registry';

export { DOCKERFILE_API_VERSION, DOCKERFILE_KIND, dockerfileResource, isDockerfileName } from './names';

/** Options of {@link auditDockerfile}. */
export interface DockerfileAuditOptions {
  /**
   * Dockerfile rule ids to run.
   * @default - every rule of DOCKERFILE_RULES
   */
  readonly rules?: readonly string[];
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
