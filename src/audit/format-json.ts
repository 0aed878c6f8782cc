/**
 * The audit report as JSON: the contract of `kubeharden audit --format json`.
 */
import { AuditSink, EntryCounter } from './engine';
import type { AuditReport, AuditSummary, Exemption, Finding } from './types';
import type { ResourceRef } from '../core/types';
import type { Severity } from '../rules/rule';

/**
 * Renders `report` exactly as the engine returns it: one object `{"findings":[...],"exemptions":[...],"summary":{...}}`,
 * with each finding and exemption on a line of its own, and a final newline.
 */
export function formatJson(report: AuditReport): string {
  const writer = new JsonReportWriter();
  writer.entries(0, report.findings, report.exemptions);
  return writer.render(report.summary);
}

/**
 * The JSON report of a streamed audit ({@link AuditSink}): each object's entries are rendered as they arrive and
 * kept as text, in report order, with the severities of `severity` (rule id → severity) in place of the
 * catalogue's; {@link summary} counts what was kept.
 */
export class JsonReportWriter implements AuditSink {
  private readonly findingLines: Buffer[] = [];
  private readonly exemptionLines: Buffer[] = [];
  private readonly counts = new EntryCounter();
  private readonly appendedLines: Buffer[] = [];
  private readonly fixes = new Map<string, string>();
  private lastFile?: { file: string; json: string };
  private lastResource?: { resource: ResourceRef; json: string };

  constructor(private readonly severity?: Readonly<Record<string, Severity>>) {}

  public entries(order: number, findings: readonly Finding[], exemptions: readonly Exemption[]): void {
    if (findings.length > 0) this.findingLines[order] = this.lines(findings, true);
    if (exemptions.length > 0) this.exemptionLines[order] = this.lines(exemptions, false);
  }

  /** Adds `findings` after every object's entries (findings on Dockerfiles or on image vulnerabilities). */
  public append(findings: readonly Finding[]): void {
    if (findings.length > 0) this.appendedLines.push(this.lines(findings, true));
  }

  /** The summary of the entries kept, for `objects` audited. */
  public summary(objects: number): AuditSummary {
    return this.counts.summary(objects);
  }

  /** The report with `summary`, as text. */
  public render(summary: AuditSummary): string {
    return Buffer.concat([...this.chunks(summary)]).toString('utf8');
  }

  /** The report with `summary`, as UTF-8 in pieces of about `size` bytes (written one by one, never joined). */
  public *chunks(summary: AuditSummary, size = CHUNK_SIZE): Generator<Buffer> {
    const summaryText = JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ');
    yield Buffer.from('{\n  "findings": ');
    yield* list([...present(this.findingLines), ...this.appendedLines], size);
    yield Buffer.from(',\n  "exemptions": ');
    yield* list(present(this.exemptionLines), size);
    yield Buffer.from(`,\n  "summary": ${summaryText}\n}\n`);
  }

  /** The entries as UTF-8 (kept outside the JavaScript heap, so that the garbage collector neither copies nor scans them). */
  private lines(entries: ReadonlyArray<Finding | Exemption>, areFindings: boolean): Buffer {
    const parts: string[] = [];
    for (const original of entries) {
      const severity = this.severity?.[original.rule] ?? original.severity;
      if (areFindings) this.counts.addFinding(severity);
      else this.counts.addExemption();
      parts.push(this.entryJson(original, severity));
    }
    return Buffer.from(parts.join(SEPARATOR));
  }

  /**
   * One entry as JSON, its keys in the order of {@link Finding} and {@link Exemption}. The parts an object's or a
   * rule's entries share (the resource, the fix) are rendered once. An entry with other fields is written as it is.
   */
  private entryJson(entry: Finding | Exemption, severity: Severity): string {
    for (const key in entry) {
      if (!ENTRY_KEYS.has(key)) return JSON.stringify({ ...entry, severity });
    }
    let text = `{"rule":${JSON.stringify(entry.rule)},"severity":"${severity}","message":${JSON.stringify(entry.message)}`;
    if ('fix' in entry && entry.fix !== undefined) text += `,"fix":${this.fixJson(entry.fix)}`;
    if ('justification' in entry && entry.justification !== undefined) text += `,"justification":${JSON.stringify(entry.justification)}`;
    if ('expires' in entry && entry.expires !== undefined) text += `,"expires":${JSON.stringify(entry.expires)}`;
    if (entry.file !== undefined) text += `,"file":${this.fileJson(entry.file)}`;
    if (entry.line !== undefined) text += `,"line":${entry.line}`;
    text += `,"resource":${this.resourceJson(entry.resource)},"path":${JSON.stringify(entry.path)}`;
    if (entry.pssCheck !== undefined) text += `,"pssCheck":${JSON.stringify(entry.pssCheck)}`;
    return text + '}';
  }

  private fixJson(fix: string): string {
    let json = this.fixes.get(fix);
    if (json === undefined) {
      json = JSON.stringify(fix);
      this.fixes.set(fix, json);
    }
    return json;
  }

  private fileJson(file: string): string {
    if (this.lastFile?.file !== file) this.lastFile = { file, json: JSON.stringify(file) };
    return this.lastFile.json;
  }

  private resourceJson(resource: ResourceRef): string {
    if (this.lastResource?.resource !== resource) this.lastResource = { resource, json: JSON.stringify(resource) };
    return this.lastResource.json;
  }
}

/** The fields of {@link Finding} and {@link Exemption}, which {@link JsonReportWriter} writes in their order. */
const ENTRY_KEYS: ReadonlySet<string> = new Set(['rule', 'severity', 'message', 'fix', 'justification', 'expires', 'file', 'line', 'resource', 'path', 'pssCheck']);

/** The lines set in `byOrder`, in order (objects without entries leave holes). */
function present(byOrder: readonly Buffer[]): Buffer[] {
  return byOrder.filter((line) => line !== undefined);
}

/** About how many bytes {@link JsonReportWriter.chunks} writes at a time. */
const CHUNK_SIZE = 1024 * 1024;

const OPEN = Buffer.from('[\n    ');
const SEPARATOR = ',\n    ';
const SEPARATOR_BYTES = Buffer.from(SEPARATOR);
const CLOSE = Buffer.from('\n  ]');

/** A JSON array of pre-rendered lines, in pieces of about `size` bytes. */
function* list(lines: readonly Buffer[], size: number): Generator<Buffer> {
  if (lines.length === 0) {
    yield Buffer.from('[]');
    return;
  }
  const buffers: Buffer[] = [OPEN];
  lines.forEach((line, i) => {
    if (i > 0) buffers.push(SEPARATOR_BYTES);
    buffers.push(line);
  });
  buffers.push(CLOSE);
  yield* pieces(buffers, size);
}

/** `buffers` concatenated into pieces of about `size` bytes. */
function* pieces(buffers: readonly Buffer[], size: number): Generator<Buffer> {
  let start = 0;
  let length = 0;
  for (let i = 0; i < buffers.length; i++) {
    length += buffers[i].length;
    if (length >= size) {
      yield Buffer.concat(buffers.slice(start, i + 1), length);
      start = i + 1;
      length = 0;
    }
  }
  if (start < buffers.length) yield Buffer.concat(buffers.slice(start), length);
}
