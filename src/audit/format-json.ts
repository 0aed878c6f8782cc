/**
 * The audit report as JSON: the contract of `kubeharden audit --format json`.
 */
import type { AuditReport } from './types';

/**
 * Renders `report` exactly as the engine returns it: one object `{"findings":[...],"exemptions":[...],"summary":{...}}`,
 * pretty-printed, with a final newline.
 */
export function formatJson(report: AuditReport): string {
  return JSON.stringify({ findings: report.findings, exemptions: report.exemptions, summary: report.summary }, null, 2) + '\n';
}
