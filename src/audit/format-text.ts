/**
 * The human-readable audit report: findings and exemptions grouped by resource, then a summary line.
 */
import type { AuditReport, AuditSummary, Exemption, Finding } from './types';
import { describeResource, ResourceRef } from '../core/types';
import { DOCKERFILE_API_VERSION, DOCKERFILE_KIND } from '../dockerfile/names';
import type { Severity } from '../rules/rule';
import { SEVERITIES } from '../rules/rule';

/** Options of {@link formatText}. */
export interface TextFormatOptions {
  /**
   * Colour the output with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
}

/** Whether to colour output: only on a terminal, and never when `NO_COLOR` is set to a non-empty value. */
export function shouldColor(isTty: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return isTty && !env.NO_COLOR;
}

/**
 * Renders `report` as text: one block per resource (one per Dockerfile, headed by its path, each finding with its
 * line), then e.g. `12 findings (3 critical, 9 high), 2 exemptions, 40 objects`.
 */
export function formatText(report: AuditReport, options: TextFormatOptions = {}): string {
  return [...textPieces(report, options)].join('');
}

/**
 * {@link formatText}'s text in pieces of about `size` characters, for writing one by one: a large report is never
 * held as one string.
 */
export function* textPieces(report: AuditReport, options: TextFormatOptions = {}, size = PIECE_SIZE): Generator<string> {
  const paint = painter(options.color ?? false);
  let text = '';
  for (const group of groupByResource(report)) {
    text += formatGroup(group, paint) + '\n\n';
    if (text.length >= size) {
      yield text;
      text = '';
    }
  }
  yield text + summaryLine(report.summary) + '\n';
}

/** About how many characters {@link textPieces} yields at a time. */
const PIECE_SIZE = 1024 * 1024;

/** The summary line, e.g. `12 findings (3 critical, 9 high), 2 exemptions, 40 objects`. */
export function summaryLine(summary: AuditSummary): string {
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => `${summary.bySeverity[s]} ${s}`);
  const findings = plural(summary.findings, 'finding') + (counts.length > 0 ? ` (${counts.join(', ')})` : '');
  return `${findings}, ${plural(summary.exemptions, 'exemption')}, ${plural(summary.objects, 'object')}`;
}

interface ResourceGroup {
  readonly resource: ResourceRef;
  readonly file?: string;
  readonly line?: number;
  readonly findings: Finding[];
  readonly exemptions: Exemption[];
}

/** Findings and exemptions by resource (by file for a Dockerfile), in file order then line order; findings most severe first. */
function groupByResource(report: AuditReport): ResourceGroup[] {
  const groups = new Map<string, ResourceGroup>();
  // An object's entries share one resource reference: they find their group without a new key.
  let last: { readonly entry: Finding | Exemption; readonly group: ResourceGroup } | undefined;
  const groupOf = (entry: Finding | Exemption): ResourceGroup => {
    if (last !== undefined && last.entry.resource === entry.resource && last.entry.file === entry.file && last.entry.line === entry.line) {
      return last.group;
    }
    const line = isDockerfile(entry.resource) ? undefined : entry.line;
    const key = JSON.stringify([entry.file, line, entry.resource]);
    let group = groups.get(key);
    if (!group) {
      group = { resource: entry.resource, file: entry.file, line, findings: [], exemptions: [] };
      groups.set(key, group);
    }
    last = { entry, group };
    return group;
  };
  for (const finding of report.findings) groupOf(finding).findings.push(finding);
  for (const exemption of report.exemptions) groupOf(exemption).exemptions.push(exemption);
  const fileOrder = new Map<string | undefined, number>();
  for (const group of groups.values()) if (!fileOrder.has(group.file)) fileOrder.set(group.file, fileOrder.size);
  const result = [...groups.values()].sort((a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || (a.line ?? 0) - (b.line ?? 0));
  for (const group of result) group.findings.sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  return result;
}

const LABEL_WIDTH = 9;
const INDENT = ' '.repeat(2 + LABEL_WIDTH);

function formatGroup(group: ResourceGroup, paint: Painter): string {
  if (isDockerfile(group.resource) && group.file !== undefined) return formatDockerfileGroup(group, group.file, paint);
  const where = group.file === undefined ? '' : ` (${group.line === undefined ? group.file : `${group.file}:${group.line}`})`;
  const lines = [paint.bold(describeResource(group.resource)) + where];
  for (const f of group.findings) {
    lines.push(`  ${paint.severity(f.severity, f.severity.toUpperCase().padEnd(LABEL_WIDTH))}${paint.bold(f.rule)}: ${f.message}`);
    lines.push(`${INDENT}at ${f.path}${f.pssCheck ? ` (Pod Security check ${f.pssCheck})` : ''}`);
    lines.push(`${INDENT}fix: ${f.fix}`);
  }
  for (const e of group.exemptions) {
    lines.push(`  ${paint.dim('EXEMPT'.padEnd(LABEL_WIDTH))}${paint.bold(e.rule)} (${e.severity}): ${e.message}`);
    lines.push(`${INDENT}at ${e.path}`);
    lines.push(`${INDENT}justification: ${e.justification}${e.expires ? ` (expires ${e.expires})` : ''}`);
  }
  return lines.join('\n');
}

/** A Dockerfile's findings under its path, each at its line (Dockerfiles have no exemptions). */
function formatDockerfileGroup(group: ResourceGroup, file: string, paint: Painter): string {
  const lines = [paint.bold(file)];
  for (const f of group.findings) {
    lines.push(`  ${paint.severity(f.severity, f.severity.toUpperCase().padEnd(LABEL_WIDTH))}${paint.bold(f.rule)}: ${f.message}`);
    lines.push(`${INDENT}at ${f.line === undefined ? file : `${file}:${f.line}`}`);
    lines.push(`${INDENT}fix: ${f.fix}`);
  }
  return lines.join('\n');
}

function isDockerfile(resource: ResourceRef): boolean {
  return resource.apiVersion === DOCKERFILE_API_VERSION && resource.kind === DOCKERFILE_KIND;
}

interface Painter {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
}

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = { critical: '1;31', high: '31', medium: '33', low: '36' };

function painter(color: boolean): Painter {
  const wrap = (code: string, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    bold: (text) => wrap('1', text),
    dim: (text) => wrap('2', text),
    severity: (severity, text) => wrap(SEVERITY_COLORS[severity], text),
  };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
