/**
 * Findings as readable text for test failures: one line per finding, then its fix.
 */
import type { Finding } from '../audit/types';
import { ruleDocsLink } from '../config/rule-docs';
import { describeResource } from '../core/types';

/**
 * `severity rule Kind/ns/name path — message` per finding, each followed by an indented `Fix: … See RULES.md#rule`.
 *
 * @example
 * high image-digest-pinned Deployment/shop/web /spec/template/spec/containers/0/image — container "web" image "nginx:1.27" is not pinned by digest
 *   Fix: Pin the image by digest: … See RULES.md#image-digest-pinned
 */
export function formatFindings(findings: readonly Finding[], indent = ''): string {
  return findings.map((f) => [
    `${indent}${f.severity} ${f.rule} ${describeResource(f.resource)} ${f.path} — ${f.message}`,
    `${indent}  Fix: ${f.fix} See ${ruleDocsLink(f.rule)}`,
  ].join('\n')).join('\n');
}
