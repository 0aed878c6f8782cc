/**
 * Every rule `kubeharden audit` can report, as its reports list them: the Kubernetes catalogue, the vulnerability
 * gate and the Dockerfile rules.
 */
import type { SarifRule } from './format-sarif';
import { NO_CRITICAL_VULNERABILITIES } from './vulnerabilities';
import { DOCKERFILE_RULES } from '../rules/dockerfile/registry';
import { RULES } from '../rules/registry';

/** The rule catalogue, then `no-critical-vulnerabilities`, then the `dockerfile-*` rules. */
export const AUDIT_RULES: readonly SarifRule[] = [
  ...RULES,
  { ...NO_CRITICAL_VULNERABILITIES, tags: ['security', 'kubernetes', 'vulnerability'] },
  ...DOCKERFILE_RULES.map((rule): SarifRule => ({ id: rule.id, title: rule.title, rationale: rule.rationale, fix: rule.fix, severity: rule.severity, tags: ['security', 'dockerfile'] })),
];
