/**
 * The audit report as JSON: the contract of `kubeharden audit --format json`.
 */
import { AuditSink, EntryCounter } from './engine';
import type { AuditReport, AuditSummary, Exemption, Finding } from './types';
import { reportedResource, ResourceRef } from '../core/types';
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
  private readonly findingLines: Array<Lines | undefined> = [];
  private readonly exemptionLines: Array<Lines | undefined> = [];
  private readonly counts = new EntryCounter();
  private readonly appendedLines: Lines[] = [];
  private readonly text = new Utf8Slabs();
  /** Per rule id: the entry's opening (`{"rule":…,"severity":…,"message":`) for its last severity, and its fix (text and UTF-8). */
  private readonly rules = new Map<string, { severity: Severity; opening: string; fix?: string; fixJson?: string; fixBytes?: Buffer }>();
  private lastPlace?: { file?: string; line?: number; resource: ResourceRef; bytes: Buffer };

  constructor(private readonly severity?: Readonly<Record<string, Severity>>) {}

  public entries(order: number, findings: readonly Finding[], exemptions: readonly Exemption[]): void {
    if (findings.length > 0) this.findingLines[order] = this.lines(findings, true);
    if (exemptions.length > 0) this.exemptionLines[order] = this.lines(exemptions, false);
  }

  public withdraw(order: number, kind: 'findings' | 'exemptions', position: number, count: number): void {
    const byOrder = kind === 'findings' ? this.findingLines : this.exemptionLines;
    const entries = entriesOf(Buffer.concat([...piecesOf(byOrder[order]!)]));
    for (const entry of entries.splice(position, count)) {
      if (kind === 'findings') this.counts.removeFinding((JSON.parse(entry.toString('utf8')) as Finding).severity);
      else this.counts.removeExemption();
    }
    const text = Buffer.concat(entries.flatMap((entry, i) => (i === 0 ? [entry] : [SEPARATOR_BYTES, entry])));
    byOrder[order] = entries.length === 0 ? undefined : { text, cuts: [] };
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
  public chunks(summary: AuditSummary, size = CHUNK_SIZE): Generator<Buffer> {
    return joinedInto(this.pieces(summary), size);
  }

  /**
   * The report with `summary`, as the UTF-8 buffers it is kept in, in order and not joined (many small views of
   * shared blocks): for a writer that takes many buffers at once (`writev`), which spares copying the report.
   */
  public *pieces(summary: AuditSummary): Generator<Buffer> {
    const summaryText = JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ');
    yield Buffer.from('{\n  "findings": ');
    yield* list([...present(this.findingLines), ...this.appendedLines]);
    yield Buffer.from(',\n  "exemptions": ');
    yield* list(present(this.exemptionLines));
    yield Buffer.from(`,\n  "summary": ${summaryText}\n}\n`);
  }

  /**
   * The entries as UTF-8, kept outside the JavaScript heap (so that the garbage collector neither copies nor scans
   * them), without the parts they share with other entries: each entry's fix and place are cut out and kept once.
   */
  private lines(entries: ReadonlyArray<Finding | Exemption>, areFindings: boolean): Lines {
    let text = '';
    const cuts: Cut[] = [];
    for (const original of entries) {
      const severity = this.severity?.[original.rule] ?? original.severity;
      if (areFindings) this.counts.addFinding(severity);
      else this.counts.addExemption();
      if (text.length > 0) text += SEPARATOR;
      text = this.appendEntry(text, original, severity, cuts);
    }
    const bytes = this.text.encode(text);
    // Positions were counted in UTF-16 code units, which are bytes when the text is ASCII.
    if (bytes.length !== text.length) {
      let at = 0;
      let byte = 0;
      for (let i = 0; i < cuts.length; i += 3) {
        byte += Buffer.byteLength(text.slice(at, cuts[i] as number));
        at = cuts[i] as number;
        cuts[i] = byte;
      }
    }
    return { text: bytes, cuts };
  }

  /**
   * `text` and one entry as JSON, its keys in the order of {@link Finding} and {@link Exemption}. The opening, the
   * fix and the place (file, line and resource) are rendered once per rule or object; the fix and the place are
   * not added to the text but noted in `cuts`. An entry with other fields is written as it is.
   */
  private appendEntry(text: string, entry: Finding | Exemption, severity: Severity, cuts: Cut[]): string {
    for (const key in entry) {
      if (!ENTRY_KEYS.has(key)) return text + JSON.stringify({ ...entry, severity, resource: reportedResource(entry.resource) });
    }
    const rule = this.ruleParts(entry.rule, severity);
    text += rule.opening + JSON.stringify(entry.message);
    let fix = NO_BYTES;
    if ('fix' in entry && entry.fix !== undefined) {
      if (rule.fix !== entry.fix) {
        rule.fix = entry.fix;
        rule.fixJson = `,"fix":${JSON.stringify(entry.fix)}`;
        rule.fixBytes = Buffer.from(rule.fixJson);
      }
      fix = rule.fixBytes!;
    }
    const justification = 'justification' in entry && entry.justification !== undefined;
    const expires = 'expires' in entry && entry.expires !== undefined;
    if (justification || expires) {
      // The fix comes before them: keep it in the text (exemptions have none).
      if (fix !== NO_BYTES) text += rule.fixJson;
      fix = NO_BYTES;
      if (justification) text += `,"justification":${JSON.stringify(entry.justification)}`;
      if (expires) text += `,"expires":${JSON.stringify(entry.expires)}`;
    }
    cuts.push(text.length, fix, this.placeBytes(entry));
    text += JSON.stringify(entry.path);
    if (entry.pssCheck !== undefined) text += `,"pssCheck":${JSON.stringify(entry.pssCheck)}`;
    return text + '}';
  }

  /** The rendered parts of `ruleId`'s entries at `severity`. */
  private ruleParts(ruleId: string, severity: Severity) {
    let parts = this.rules.get(ruleId);
    if (parts === undefined || parts.severity !== severity) {
      parts = { severity, opening: `{"rule":${JSON.stringify(ruleId)},"severity":${JSON.stringify(severity)},"message":` };
      this.rules.set(ruleId, parts);
    }
    return parts;
  }

  /** `,"file":…,"line":…,"resource":{…},"path":` for the place of `entry`, as UTF-8 (an object's entries share it). */
  private placeBytes({ file, line, resource }: Finding | Exemption): Buffer {
    const last = this.lastPlace;
    if (last !== undefined && last.resource === resource && last.file === file && last.line === line) return last.bytes;
    let json = '';
    if (file !== undefined) json += `,"file":${JSON.stringify(file)}`;
    if (line !== undefined) json += `,"line":${line}`;
    json += `,"resource":${JSON.stringify(reportedResource(resource))},"path":`;
    const bytes = Buffer.from(json);
    this.lastPlace = { file, line, resource, bytes };
    return bytes;
  }
}

/**
 * Rendered entries: `text`, and at each cut, a byte position in it and the fix and the place that go there, as
 * `[position, fix, place, position, fix, place, …]`.
 */
interface Lines {
  readonly text: Buffer;
  readonly cuts: Cut[];
}

/** A byte position, a fix or a place in {@link Lines.cuts}. */
type Cut = number | Buffer;

/** The bytes of `lines`, in order: its text between the cuts, and each cut's fix and place. */
function* piecesOf({ text, cuts }: Lines): Generator<Buffer> {
  let at = 0;
  for (let i = 0; i < cuts.length; i += 3) {
    const position = cuts[i] as number;
    if (position > at) yield text.subarray(at, position);
    if ((cuts[i + 1] as Buffer).length > 0) yield cuts[i + 1] as Buffer;
    yield cuts[i + 2] as Buffer;
    at = position;
  }
  if (at < text.length) yield at === 0 ? text : text.subarray(at);
}

/** The fields of {@link Finding} and {@link Exemption}, which {@link JsonReportWriter} writes in their order. */
const ENTRY_KEYS: ReadonlySet<string> = new Set(['rule', 'severity', 'message', 'fix', 'justification', 'expires', 'file', 'line', 'resource', 'path', 'pssCheck']);

/** The lines set in `byOrder`, in order (objects without entries leave holes). */
function present(byOrder: ReadonlyArray<Lines | undefined>): Lines[] {
  return byOrder.filter((lines): lines is Lines => lines !== undefined);
}

/** The entries of one place's rendered `lines`, one view each (JSON escapes line breaks, so no entry holds a separator). */
function entriesOf(lines: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  let start = 0;
  for (let end = lines.indexOf(SEPARATOR_BYTES); end !== -1; end = lines.indexOf(SEPARATOR_BYTES, start)) {
    entries.push(lines.subarray(start, end));
    start = end + SEPARATOR_BYTES.length;
  }
  entries.push(lines.subarray(start));
  return entries;
}

/** About how many bytes {@link JsonReportWriter.chunks} writes at a time. */
const CHUNK_SIZE = 1024 * 1024;

const OPEN = Buffer.from('[\n    ');
const SEPARATOR = ',\n    ';
const SEPARATOR_BYTES = Buffer.from(SEPARATOR);
const NO_BYTES: Buffer = Buffer.alloc(0);
const CLOSE = Buffer.from('\n  ]');
const EMPTY_LIST = Buffer.from('[]');

/** Bytes of the blocks {@link Utf8Slabs} encodes into. */
const SLAB_SIZE = 256 * 1024;

/**
 * Encodes strings as UTF-8 into shared blocks and hands out views of them: one allocation per block instead of one
 * per string (Node.js gives each string longer than 4 KiB a buffer of its own).
 */
class Utf8Slabs {
  private slab = Buffer.allocUnsafe(0);
  private offset = 0;

  public encode(text: string): Buffer {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, two units, takes 4).
    const most = text.length * 3;
    if (this.offset + most > this.slab.length) {
      this.slab = Buffer.allocUnsafe(Math.max(SLAB_SIZE, most));
      this.offset = 0;
    }
    const start = this.offset;
    this.offset += this.slab.write(text, start);
    return this.slab.subarray(start, this.offset);
  }
}

/** A JSON array of rendered entries, as its buffers. */
function* list(lines: readonly Lines[]): Generator<Buffer> {
  if (lines.length === 0) {
    yield EMPTY_LIST;
    return;
  }
  yield OPEN;
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) yield SEPARATOR_BYTES;
    yield* piecesOf(lines[i]);
  }
  yield CLOSE;
}

/** `buffers` concatenated into pieces of about `size` bytes. */
function* joinedInto(buffers: Iterable<Buffer>, size: number): Generator<Buffer> {
  let group: Buffer[] = [];
  let length = 0;
  for (const buffer of buffers) {
    group.push(buffer);
    length += buffer.length;
    if (length >= size) {
      yield Buffer.concat(group, length);
      group = [];
      length = 0;
    }
  }
  if (group.length > 0) yield Buffer.concat(group, length);
}
