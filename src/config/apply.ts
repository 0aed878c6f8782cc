/**
 * Turning a configuration into audit options, and applying what the audit engine does not know about
 * (per-rule severities, the failure threshold).
 */
import type { FailOn, KubehardenConfig } from './schema';
import { buildReport, type AuditOptions } from '../audit/engine';
import type { AuditReport, Finding } from '../audit/types';
import { RULE_IDS } from '../rules/registry';
import { SEVERITIES, Severity } from '../rules/rule';

/** The default failure threshold, as for `kubeharden audit --fail-on`. */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** Audit options for a configuration (`failOn` and `severity` are applied to the report, see {@link applySeverities}). */
export function auditOptionsFromConfig(config: KubehardenConfig): AuditOptions {
  return {
    ...(config.pss !== undefined ? { pss: config.pss } : {}),
    ...(config.pssVersion !== undefined ? { pssVersion: config.pssVersion } : {}),
    ...(config.rules !== undefined ? { rules: kubernetesRules(config.rules) } : {}),
    ...(config.allowedRegistries !== undefined ? { allowedRegistries: config.allowedRegistries } : {}),
  };
}

/** `base` with every setting that `override` defines replaced (lists and maps are replaced, not merged). */
export function mergeConfig(base: KubehardenConfig, override: KubehardenConfig): KubehardenConfig {
  const defined = Object.entries(override).filter(([, value]) => value !== undefined);
  return { ...base, ...Object.fromEntries(defined) };
}

/**
 * The report with the severities of `severity` (rule id → severity) in place of the catalogue's, and its
 * summary recounted. Findings of rules not listed keep their severity.
 */
export function applySeverities(report: AuditReport, severity: Readonly<Record<string, Severity>> | undefined): AuditReport {
  if (!severity || Object.keys(severity).length === 0) return report;
  const findings: Finding[] = report.findings.map((f) => (severity[f.rule] ? { ...f, severity: severity[f.rule] } : f));
  const exemptions = report.exemptions.map((e) => (severity[e.rule] ? { ...e, severity: severity[e.rule] } : e));
  return buildReport(report.summary.objects, findings, exemptions);
}

/** True when `severity` is at or above the threshold `failOn` (`never` is above everything). */
export function isAtOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

/** The findings of `report` at or above `failOn`. */
export function blockingFindings(report: AuditReport, failOn: FailOn = DEFAULT_FAIL_ON): Finding[] {
  return report.findings.filter((f) => isAtOrAbove(f.severity, failOn));
}

/** The part of a rule selection the Kubernetes audit engine runs (Dockerfile and vulnerability rules are left out). */
function kubernetesRules(rules: NonNullable<KubehardenConfig['rules']>): NonNullable<KubehardenConfig['rules']> {
  return typeof rules === 'string' ? rules : rules.filter((id) => RULE_IDS.has(id));
}
