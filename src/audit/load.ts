/**
 * Reads Kubernetes manifests for the audit: files, directories and standard input; multi-document YAML,
 * JSON, `kind: List` (as `kubectl get -o yaml` prints it) and Helm-rendered output. Every object keeps the
 * file it came from and the 1-based line where its document starts.
 */
import { closeSync, Dirent, openSync, readdirSync, readlinkSync, readSync, realpathSync, statSync } from 'fs';
import { basename, dirname } from 'path';
import * as yaml from 'js-yaml';
import type { AuditInput } from './engine';
import { missingPodSpecPointer } from '../core/pod-spec';
import { describeResource, describeType, isNonEmptyString, isRecord, KubeObject, pointer, resourceRef } from '../core/types';

/** Largest accepted YAML or JSON document, in bytes (64 MiB: `kubectl get -A -o yaml` prints one document). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Largest accepted file (or standard input), in bytes. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Most nodes YAML aliases may add to a document when expanded. A "billion laughs" document loads as shared
 * references, but anything that walks it never ends; past this bound the document is rejected.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

/** File name extensions read from directories. */
export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** The name standing for standard input. */
export const STDIN_PATH = '-';

/** Input that cannot be read or is not Kubernetes manifests. The message is one line; `file` and `line` say where. */
export class InputError extends Error {
  constructor(message: string, public readonly file?: string, public readonly line?: number) {
    super(message);
    this.name = 'InputError';
  }

  /** `file:line: message`, with the parts that are known. */
  public describe(): string {
    return describeLocation(this.file, this.line, this.message);
  }
}

/** `file:line: message`, `file: message` or `message`. */
export function describeLocation(file: string | undefined, line: number | undefined, message: string): string {
  if (file === undefined) return message;
  return line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`;
}

/** What {@link loadInputs} read. */
export interface LoadResult {
  /** The objects, in input order. */
  readonly inputs: AuditInput[];
  /** Documents that were skipped because they are not Kubernetes objects, one line each. */
  readonly notes: string[];
}

/** Options of {@link loadInputs}. */
export interface LoadOptions {
  /** Reads all of standard input, for the path `-`. */
  readonly readStdin?: () => Promise<Buffer>;
  /**
   * Paths that may yield no Kubernetes object (directories that also hold Dockerfiles, audited apart).
   * @default - every path must yield one
   */
  readonly mayHoldNoObjects?: ReadonlySet<string>;
}

/**
 * Reads every path: a file, a directory (its `.yaml`, `.yml` and `.json` files, as {@link walkDirectory} finds them)
 * or `-` for standard input. Throws {@link InputError} when a path is missing, unreadable, not UTF-8 text, not valid
 * YAML or JSON, or yields no Kubernetes object. Inside a directory, what yields nothing is a note instead.
 */
export async function loadInputs(paths: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const inputs: AuditInput[] = [];
  const { notes } = await streamInputs(paths, options, (input) => inputs.push(input));
  return { inputs, notes };
}

/**
 * Reads every path as {@link loadInputs} does, but hands each object to `onInput` as soon as its document is
 * parsed, in input order, and keeps none: a YAML file is read in blocks and parsed one document at a time (a
 * JSON file, and standard input, are read whole). Resolves to the notes on skipped documents.
 */
export async function streamInputs(
  paths: readonly string[], options: LoadOptions, onInput: (input: AuditInput) => void,
): Promise<{ notes: string[] }> {
  const result: Accumulator = { add: onInput, notes: [], documents: 0 };
  for (const path of paths) {
    const before = result.documents;
    result.toolConfig = undefined;
    if (path === STDIN_PATH) {
      if (!options.readStdin) throw new InputError('standard input is not available', path);
      readSource(await options.readStdin(), path, result, true);
    } else if (isDirectory(path)) {
      loadDirectory(path, result);
    } else {
      readFile(path, result, true);
    }
    if (result.documents === before && !options.mayHoldNoObjects?.has(path)) throw new InputError(noObjectsReason(result.toolConfig), path);
  }
  return { notes: result.notes };
}

/**
 * Where objects and notes go, how many Kubernetes documents (objects or lists) were read, and the first tool
 * configuration skipped in the current path.
 */
interface Accumulator {
  readonly add: (input: AuditInput) => void;
  readonly notes: string[];
  documents: number;
  toolConfig?: { readonly object: KubeObject; readonly file: string };
}

function noObjectsReason(toolConfig: Accumulator['toolConfig']): string {
  if (!toolConfig) return 'no Kubernetes objects (documents need apiVersion and kind)';
  const { object, file } = toolConfig;
  const fix = groupOf(object.apiVersion) === 'kustomize.config.k8s.io'
    ? `. Fix: audit what it builds: kubectl kustomize ${file === STDIN_PATH ? 'DIR' : dirname(file)} | kubeharden audit -` : '';
  return `no Kubernetes objects: ${describeToolConfig(object)} is tool configuration, not a Kubernetes object${fix}`;
}

/** One document of a YAML or JSON text, with its 1-based start line. */
export interface ParsedDocument {
  /** The parsed value: `null` for an empty document. */
  readonly value: unknown;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** Where the document is in its text, to locate the items of a list. */
  readonly source?: DocumentSource;
}

/** Where a document (or an item of a list) is in the text it was parsed from. */
export interface DocumentSource {
  /** The text: a YAML document's chunk, or a whole JSON text. */
  readonly text: string;
  readonly json: boolean;
  /** Offset in `text` where the value starts (its line, in YAML) and where it ends. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** YAML: the column of the value's keys (0 for a document); `undefined` when not known. */
  readonly column?: number;
}

/**
 * Parses a YAML stream (or a JSON text when `json` is set) into documents, each with the line where its
 * content starts. Throws {@link InputError} naming `file` and the line of the problem.
 */
export function parseDocuments(text: string, file: string, json = false): ParsedDocument[] {
  if (json || looksLikeJson(text)) {
    const parsed = parseJson(text, file, json);
    if (parsed) return [parsed];
  }
  return splitDocuments(text).map((chunk) => parseYamlChunk(chunk, file));
}

/**
 * The Kubernetes objects of parsed documents: `kind: List` (and `<Kind>List`) documents are expanded into
 * their items. Documents that are mappings without apiVersion and kind are skipped with a note; with only one of them,
 * or scalars and lists, they are an {@link InputError}; empty documents are ignored.
 */
export function objectsOf(documents: readonly ParsedDocument[], file: string): LoadResult {
  const inputs: AuditInput[] = [];
  const result: Accumulator = { add: (input) => inputs.push(input), notes: [], documents: 0 };
  for (const doc of documents) addDocument(doc, '', file, result);
  return { inputs, notes: result.notes };
}

function readSource(buffer: Buffer, file: string, result: Accumulator, named: boolean): void {
  checkFileSize(buffer.length, file);
  const text = decodeText(buffer, file);
  if (text.trim() === '') {
    if (named) throw new InputError(file === STDIN_PATH ? 'empty input' : 'empty file', file);
    result.notes.push(describeLocation(file, undefined, 'skipped an empty file'));
    return;
  }
  readText(text, file, result);
}

/** Parses a whole text (JSON, else YAML one document at a time) and adds its objects. */
function readText(text: string, file: string, result: Accumulator): void {
  const json = file.toLowerCase().endsWith('.json');
  if (json || looksLikeJson(text)) {
    for (const doc of parseDocuments(text, file, json)) addDocument(doc, '', file, result);
    return;
  }
  for (const chunk of splitDocuments(text)) addDocument(parseYamlChunk(chunk, file), '', file, result);
}

/** Bytes read at a time from a manifest file: small blocks die young, so the heap does not grow with the file. */
const BLOCK_BYTES = 16 * 1024;

/**
 * Reads the file `path` in blocks and adds its objects as each YAML document completes, holding only the current
 * document's text; a JSON file (by extension or first character) is read whole. Same errors as {@link readSource}.
 */
function readFile(path: string, result: Accumulator, named: boolean): void {
  if (named && basename(path) === HELM_CHART_FILE) throw new InputError(helmChartReason(dirname(path), 'metadata'), path);
  const documents = result.documents;
  const notes = result.notes.length;
  let fd: number;
  try {
    checkFileSize(statSync(path).size, path);
    fd = openSync(path, 'r');
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(fileErrorReason(e), path);
  }
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    const splitter = new DocumentSplitter();
    const chunks: Chunk[] = [];
    let whole: string | undefined = path.toLowerCase().endsWith('.json') ? '' : undefined;
    let head = '';
    let content = false;
    let total = 0;
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, block, 0, BLOCK_BYTES, null);
      } catch (e) {
        throw new InputError(fileErrorReason(e), path);
      }
      const bytes = block.subarray(0, read);
      total += read;
      checkFileSize(total, path);
      if (bytes.includes(0)) throw new InputError('binary file (contains NUL bytes), not YAML or JSON', path);
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: read > 0 });
      } catch {
        throw new InputError('not valid UTF-8 text', path);
      }
      if (whole !== undefined) {
        whole += text;
      } else if (!content) {
        // Whether the text is JSON (read whole) or YAML is told by its first character.
        head += text;
        const first = /\S/.exec(head);
        if (first) {
          content = true;
          if (first[0] === '{' || first[0] === '[') whole = head;
          else splitter.feed(head, chunks);
          head = '';
        }
      } else {
        splitter.feed(text, chunks);
      }
      if (read === 0) break;
      for (const chunk of chunks.splice(0)) addDocument(parseYamlChunk(chunk, path), '', path, result);
    }
    if (whole !== undefined) content = /\S/.test(whole);
    if (!content) {
      if (named) throw new InputError('empty file', path);
      result.notes.push(describeLocation(path, undefined, 'skipped an empty file'));
      return;
    }
    if (whole !== undefined) {
      readText(whole, path, result);
    } else {
      splitter.end(chunks);
      for (const chunk of chunks.splice(0)) addDocument(parseYamlChunk(chunk, path), '', path, result);
    }
  } finally {
    closeSync(fd);
  }
  // A file named on the command line that yields nothing fails the path (see streamInputs); in a directory, a note.
  if (!named && result.documents === documents && result.notes.length === notes) {
    result.notes.push(describeLocation(path, undefined, 'skipped a file with no documents (only comments or empty documents)'));
  }
}

/** Decodes UTF-8 text (dropping a byte-order mark); binary data and invalid UTF-8 are an {@link InputError}. */
export function decodeText(buffer: Buffer, file: string): string {
  if (buffer.includes(0)) throw new InputError('binary file (contains NUL bytes), not YAML or JSON', file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new InputError('not valid UTF-8 text', file);
  }
}

function checkFileSize(bytes: number, file: string): void {
  if (bytes > MAX_FILE_BYTES) throw new InputError(`file is larger than ${MAX_FILE_BYTES / (1024 * 1024)} MiB`, file);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e) {
    throw new InputError(fileErrorReason(e), path);
  }
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'no such file or directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ERR_FS_FILE_TOO_LARGE: 'file is too large',
};

/** The reason a file or directory cannot be read, in a few words (`no such file or directory`). */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && FILE_ERRORS[code]) ?? `cannot be read: ${firstLine((error as Error).message)}`;
}

function loadDirectory(dir: string, result: Accumulator): void {
  const walk = walkDirectory(dir);
  result.notes.push(...walk.notes);
  if (walk.files.length === 0) {
    const skipped = walk.notes.length === 0 ? ''
      : ` besides what it skipped: ${walk.notes[0]}${walk.notes.length > 1 ? ` (and ${walk.notes.length - 1} more)` : ''}`;
    throw new InputError(`no ${MANIFEST_EXTENSIONS.join(', ').replace(/, (?=[^,]*$)/, ' or ')} files${skipped}`, dir);
  }
  for (const file of walk.files) readFile(file, result, false);
}

/** What a directory walk found: the files it picked, in walk order, and what it skipped, one note each. */
export interface DirectoryWalk {
  readonly files: string[];
  readonly notes: string[];
}

/** The file that makes a directory a Helm chart (as `helm` tells one). */
const HELM_CHART_FILE = 'Chart.yaml';

/**
 * Walks `dir` recursively, in name order at each level, and picks the files whose names `accept` takes (by default,
 * manifest names). Symbolic links are followed, and each real directory is read once, so links cannot loop. Skipped
 * with a note: hidden directories (`.git` silently), `node_modules`, broken links and Helm charts (directories holding
 * a `Chart.yaml`: their templates are not manifests until rendered). `dir` is walked whatever its name; a chart
 * is an {@link InputError}, as is a directory that cannot be read.
 */
export function walkDirectory(dir: string, accept: (name: string) => boolean = isManifestName): DirectoryWalk {
  const walk: DirectoryWalk = { files: [], notes: [] };
  visitDirectory(dir, accept, walk, new Set(), true);
  return walk;
}

function visitDirectory(dir: string, accept: (name: string) => boolean, walk: DirectoryWalk, seen: Set<string>, root: boolean): void {
  let entries: Dirent[];
  try {
    const real = realpathSync.native(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(fileErrorReason(e), dir);
  }
  if (entries.some((entry) => entry.name === HELM_CHART_FILE && !entry.isDirectory())) {
    if (root) throw new InputError(helmChartReason(dir, 'templates'), dir);
    walk.notes.push(describeLocation(dir, undefined, `skipped a Helm chart (its templates are not manifests until rendered: helm template ${dir} | kubeharden audit -)`));
    return;
  }
  for (const entry of entries.sort((a, b) => compareNames(a.name, b.name))) {
    const path = joinPath(dir, entry.name);
    const type = entryType(entry, path);
    if (type === 'directory') {
      const skipped = skippedDirectory(entry.name);
      if (skipped === undefined) visitDirectory(path, accept, walk, seen, false);
      else if (skipped !== '') walk.notes.push(describeLocation(path, undefined, skipped));
    } else if (type === 'file') {
      if (accept(entry.name)) walk.files.push(path);
    } else if (type === 'broken link') {
      walk.notes.push(describeLocation(path, undefined, `skipped a broken symbolic link (to ${readlinkSync(path)})`));
    }
  }
}

/** What a directory entry is, following a symbolic link. */
function entryType(entry: Dirent, path: string): 'directory' | 'file' | 'broken link' | 'other' {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = statSync(path);
    return target.isDirectory() ? 'directory' : target.isFile() ? 'file' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return 'broken link';
    throw new InputError(fileErrorReason(e), path);
  }
}

/** Why a walk skips a directory named `name`: `undefined` when it does not, `''` when it says nothing (`.git`). */
function skippedDirectory(name: string): string | undefined {
  if (name === '.git') return '';
  if (name.startsWith('.')) return 'skipped a hidden directory (name it on the command line to audit it)';
  if (name === 'node_modules') return 'skipped a node_modules directory (name it on the command line to audit it)';
  return undefined;
}

/** Why a Helm chart in `dir` (its `templates` or its `metadata`, Chart.yaml) cannot be audited as it is. */
function helmChartReason(dir: string, what: 'templates' | 'metadata'): string {
  const reason = what === 'templates' ? 'a Helm chart, whose templates are not manifests until rendered' : 'Helm chart metadata, not a Kubernetes object';
  return `${reason}. Fix: audit what the chart renders: helm template ${dir} | kubeharden audit -`;
}

/** The manifest files under `dir`, as {@link walkDirectory} finds them. */
export function manifestFiles(dir: string): string[] {
  return walkDirectory(dir).files;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True for a manifest file name: a `.yaml`, `.yml` or `.json` extension, in any case. */
export function isManifestName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Joins a path as the user wrote it with a name, keeping the user's prefix (`./k8s` stays `./k8s/…`). */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? dir + name : `${dir}/${name}`;
}

function looksLikeJson(text: string): boolean {
  const first = text.match(/^\s*(\S)/)?.[1];
  return first === '{' || first === '[';
}

/**
 * Parses JSON. When `strict` (a `.json` file) a syntax error is reported, located with the YAML parser's
 * help; otherwise `undefined` lets the caller read the text as YAML.
 */
function parseJson(text: string, file: string, strict: boolean): ParsedDocument | undefined {
  checkDocumentSize(text, file, 1);
  try {
    const value: unknown = JSON.parse(text);
    const line = firstContentLine(text, 0, 1);
    return { value, line, source: { text, json: true, start: text.search(/\S/), end: text.length, line } };
  } catch (e) {
    if (!strict) return undefined;
    const located = yamlErrorOf(() => yaml.load(text, { json: true }));
    if (located) throw new InputError(`invalid JSON: ${located.reason}`, file, located.line + 1);
    throw new InputError(`invalid JSON: ${jsonErrorReason(e as Error)}`, file);
  }
}

function jsonErrorReason(error: Error): string {
  return firstLine(error.message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, ''));
}

/** A slice of a YAML stream holding at most one document. */
interface Chunk {
  readonly text: string;
  /** 1-based line of the chunk's first line. */
  readonly startLine: number;
}

/**
 * Splits a YAML stream at its document markers (`---` and `...` at the start of a line, which YAML
 * forbids inside any scalar), as its text arrives. A chunk holding only directives (`%YAML`) joins the
 * document after it. Holds only the text of the current document.
 */
class DocumentSplitter {
  /** The current document's text so far, in pieces (none when it is empty). */
  private document: string[] = [];
  /** Lines (newlines) in `document`. */
  private documentLines = 0;
  /** The pieces of a line that began in an earlier text and is not complete yet. */
  private partialLine: string[] = [];
  /** 1-based line of the current document's first line. */
  private startLine = 1;
  private pendingPrefix: Chunk | undefined;

  /** Adds text; appends the chunks it completes to `out`. Scans each character once, whatever the document's size. */
  public feed(text: string, out: Chunk[]): void {
    let position = 0;
    let spanStart = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', position)) {
      if (this.partialLine.length > 0) {
        this.partialLine.push(text.slice(0, end + 1));
        const line = this.partialLine.join('');
        this.partialLine = [];
        this.line(line, out);
        spanStart = end + 1;
      } else if (markerAt(text, position)) {
        if (position > spanStart) this.document.push(text.slice(spanStart, position));
        this.line(text.slice(position, end + 1), out);
        spanStart = end + 1;
      } else {
        this.documentLines++;
      }
      position = end + 1;
    }
    if (position > spanStart) this.document.push(text.slice(spanStart, position));
    if (position < text.length) this.partialLine.push(text.slice(position));
  }

  /** Ends the text; appends the last chunk to `out`. */
  public end(out: Chunk[]): void {
    if (this.partialLine.length > 0) {
      const line = this.partialLine.join('');
      this.partialLine = [];
      this.line(line, out);
    }
    if (this.document.length > 0 || this.pendingPrefix) this.push(out);
  }

  /** Adds one line (with its newline, if any): a `---` line starts a document, a `...` line ends one. */
  private line(line: string, out: Chunk[]): void {
    const marker = markerAt(line, 0);
    const newline = line.endsWith('\n') ? 1 : 0;
    if (marker === '---' && this.document.length > 0) this.push(out);
    this.document.push(line);
    this.documentLines += newline;
    if (marker === '...') this.push(out);
  }

  /** Ends the current chunk. */
  private push(out: Chunk[]): void {
    let chunk: Chunk = { text: this.document.join(''), startLine: this.startLine };
    if (this.pendingPrefix) chunk = { text: this.pendingPrefix.text + chunk.text, startLine: this.pendingPrefix.startLine };
    this.pendingPrefix = isDirectivesOnly(chunk.text) ? chunk : undefined;
    if (!this.pendingPrefix) out.push(chunk);
    this.startLine += this.documentLines;
    this.document = [];
    this.documentLines = 0;
  }
}

/** The document marker (`---` or `...`) at `position` of `text`, if one starts there. */
function markerAt(text: string, position: number): string | undefined {
  const code = text.charCodeAt(position);
  if (code !== 45 && code !== 46) return undefined;
  const marker = code === 45 ? '---' : '...';
  if (!text.startsWith(marker, position)) return undefined;
  const next = text.charAt(position + 3);
  return next === '' || ' \t\r\n\u2028\u2029'.includes(next) ? marker : undefined;
}

/** The chunks of a whole YAML stream ({@link DocumentSplitter}). */
function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  const splitter = new DocumentSplitter();
  splitter.feed(text, chunks);
  splitter.end(chunks);
  return chunks;
}

function isDirectivesOnly(text: string): boolean {
  let directive = false;
  for (let position = 0; position < text.length;) {
    const end = text.indexOf('\n', position);
    const trimmed = text.slice(position, end === -1 ? text.length : end).trim();
    if (trimmed.startsWith('%')) directive = true;
    else if (trimmed !== '' && !trimmed.startsWith('#')) return false;
    if (end === -1) break;
    position = end + 1;
  }
  return directive;
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/**
 * The 1-based line of the first content of a document: past blank lines, comments (Helm's `# Source:`),
 * directives and a bare `---`.
 */
function firstContentLine(text: string, from: number, startLine: number): number {
  let line = startLine;
  let position = from;
  while (position < text.length) {
    const end = text.indexOf('\n', position);
    const content = text.slice(position, end === -1 ? text.length : end).trim();
    const afterMarker = content.startsWith('---') ? content.slice(3).trim() : content;
    if (afterMarker !== '' && !afterMarker.startsWith('#') && !content.startsWith('%')) return line;
    if (end === -1) break;
    position = end + 1;
    line++;
  }
  return startLine;
}

/** YAML merge keys (`<<: *defaults`), which kubectl accepts. */
const MERGE_KEY = new yaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null });

/**
 * The booleans of YAML 1.1 as kubectl reads them (sigs.k8s.io/yaml, on go-yaml v2): `hostNetwork: yes` is `true` for
 * the API server, so the audit must not see the string "yes".
 */
const YAML_1_1_BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true] as const),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false] as const),
]);

/** The first letters of {@link YAML_1_1_BOOLEANS}: most plain scalars start with another and skip the lookup. */
const BOOLEAN_INITIALS = 'yYnNtTfFoO';

const YAML_1_1_BOOL = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && data.length <= 5 && data.length > 0 && BOOLEAN_INITIALS.includes(data[0])
    && YAML_1_1_BOOLEANS.has(data),
  construct: (data: string) => YAML_1_1_BOOLEANS.get(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: object) => String(value),
});

/**
 * Integers as go-yaml v2 reads them: underscores dropped, then Go's `ParseInt(s, 0, 64)`, so a leading 0 means octal
 * (`defaultMode: 0400` is 256, not 400) and `0x`, `0o`, `0b` prefixes work.
 */
const YAML_1_1_INTEGER = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

/** Whether `data` starts with a digit or a sign, as every integer does: most plain scalars are words, and skip the pattern. */
function mayBeInteger(data: string): boolean {
  const first = data.charCodeAt(0);
  return (first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d;
}

/** `data` without the underscores YAML 1.1 allows between digits. */
function withoutUnderscores(data: string): string {
  return data.includes('_') ? data.replace(/_/g, '') : data;
}

const YAML_1_1_INT = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && mayBeInteger(data) && YAML_1_1_INTEGER.test(withoutUnderscores(data)),
  construct: (data: string) => {
    const [, sign, digits] = YAML_1_1_INTEGER.exec(withoutUnderscores(data))!;
    const prefix = digits.slice(0, 2).toLowerCase();
    const value = prefix === '0x' ? parseInt(digits.slice(2), 16)
      : prefix === '0o' ? parseInt(digits.slice(2), 8)
        : prefix === '0b' ? parseInt(digits.slice(2), 2)
          : digits.length > 1 && digits.startsWith('0') ? parseInt(digits, 8) : parseInt(digits, 10);
    return sign === '-' ? -value : value;
  },
  predicate: (value: unknown) => typeof value === 'number' && Number.isInteger(value),
  represent: (value: object) => String(value),
});

/** js-yaml's own float type (its module exports it; its type declarations do not). */
const CORE_FLOAT: yaml.Type = (yaml as unknown as { types: { float: yaml.Type } }).types.float;

/**
 * The core schema's floats, read by js-yaml's own type. Every float starts with a digit, a sign or a dot (`.5`,
 * `.inf`, `.nan`): other plain scalars, most of a manifest's, skip its pattern.
 */
const FLOAT = new yaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && (mayBeInteger(data) || data.charCodeAt(0) === 0x2e) && CORE_FLOAT.resolve(data),
  construct: (data: string) => CORE_FLOAT.construct(data),
  predicate: (value: object) => CORE_FLOAT.predicate!(value),
  represent: CORE_FLOAT.represent ?? undefined,
  defaultStyle: CORE_FLOAT.defaultStyle ?? undefined,
});

/**
 * The YAML schema kubectl reads: YAML 1.1 booleans and integers (as go-yaml v2 resolves them), otherwise the YAML 1.2
 * core schema (timestamps stay strings), plus merge keys. A type replaces the core schema's type of the same tag.
 */
const KUBERNETES_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [YAML_1_1_BOOL, YAML_1_1_INT, FLOAT, MERGE_KEY] });

function parseYamlChunk(chunk: Chunk, file: string): ParsedDocument {
  const line = firstContentLine(chunk.text, 0, chunk.startLine);
  checkDocumentSize(chunk.text, file, line);
  let value: unknown;
  try {
    value = yaml.load(chunk.text, { schema: KUBERNETES_SCHEMA, filename: file });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const column = e.mark ? ` (column ${e.mark.column + 1})` : '';
      throw new InputError(`invalid YAML: ${e.reason}${column}`, file, e.mark ? chunk.startLine + e.mark.line : line);
    }
    if (e instanceof RangeError) throw new InputError('invalid YAML: the document nests too deeply', file, line);
    throw e;
  }
  if (chunk.text.includes('&') && chunk.text.includes('*')) checkAliasExpansion(value, file, line);
  return { value, line, source: { text: chunk.text, json: false, start: 0, end: chunk.text.length, line: chunk.startLine, column: 0 } };
}

function yamlErrorOf(parse: () => unknown): { reason: string; line: number } | undefined {
  try {
    parse();
    return undefined;
  } catch (e) {
    if (e instanceof yaml.YAMLException && e.mark) return { reason: e.reason, line: e.mark.line };
    return undefined;
  }
}

function checkDocumentSize(text: string, file: string, line: number): void {
  // A UTF-8 encoding takes at least one and at most three bytes per UTF-16 code unit.
  if (text.length > MAX_DOCUMENT_BYTES || (text.length > MAX_DOCUMENT_BYTES / 3 && Buffer.byteLength(text) > MAX_DOCUMENT_BYTES)) {
    throw new InputError(`document is larger than ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MiB`, file, line);
  }
}

/**
 * Rejects a document whose aliases expand to more than {@link MAX_ALIAS_EXPANSION} extra nodes, or that
 * contains itself. Counts the expanded size with memoisation, so the check is linear in the parsed size.
 */
function checkAliasExpansion(root: unknown, file: string, line: number): void {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const expandedSize = (node: unknown): number => {
    if (typeof node !== 'object' || node === null) return 0;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (open.has(node)) throw new InputError('YAML alias refers to a node that contains it (recursive document)', file, line);
    open.add(node);
    let size = 1;
    for (const child of Object.values(node)) size += expandedSize(child);
    open.delete(node);
    sizes.set(node, size);
    return size;
  };
  try {
    if (expandedSize(root) - sizes.size > MAX_ALIAS_EXPANSION) {
      throw new InputError(`YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?)`, file, line);
    }
  } catch (e) {
    if (e instanceof RangeError) throw new InputError('invalid YAML: the document nests too deeply', file, line);
    throw e;
  }
}

function addDocument(doc: ParsedDocument, base: string, file: string, result: Accumulator): void {
  const { value, line } = doc;
  if (value === null || value === undefined) return;
  if (!isRecord(value)) {
    const what = base === '' ? 'document' : `item ${base}`;
    throw new InputError(`${what} is ${describeType(value)}, not a Kubernetes object (a mapping with apiVersion and kind)`, file, line);
  }
  if (!isKubeObject(value)) {
    if (value.apiVersion !== undefined || value.kind !== undefined) {
      // Half an object header is a broken Kubernetes object, not another kind of document (Helm values, CI files).
      const missing = (['apiVersion', 'kind'] as const).filter((field) => !isNonEmptyString(value[field]));
      throw new InputError(`${base === '' ? 'document' : `item ${base}`} has no valid ${missing.join(' or ')}, so it is not a Kubernetes object. Fix: give it both, such as apiVersion: v1 and kind: Pod`, file, line);
    }
    result.notes.push(describeLocation(file, line, `skipped ${base === '' ? 'a document' : `item ${base}`} without apiVersion and kind`));
    return;
  }
  if (isToolConfig(value)) {
    result.toolConfig ??= { object: value, file };
    const config = describeToolConfig(value);
    const what = `${base === '' ? '' : `item ${base}, `}${/^[AEIOU]/.test(config) ? 'an' : 'a'} ${config}`;
    result.notes.push(describeLocation(file, line, `skipped ${what}: tool configuration, not a Kubernetes object`));
    return;
  }
  result.documents++;
  if (isList(value)) {
    addListItems(value, doc, base, file, result);
    return;
  }
  checkMetadata(value, base, file, line);
  const missing = missingPodSpecPointer(value);
  if (missing !== undefined) {
    result.notes.push(describeLocation(file, line, `${describeResource(resourceRef(value))} has no ${missing}: none of its pod checks ran (the API server requires it; audit rendered manifests, not patches)`));
  }
  result.add({ object: value, file, line });
}

function isKubeObject(value: Record<string, unknown>): value is KubeObject {
  return isNonEmptyString(value.apiVersion) && isNonEmptyString(value.kind);
}

/**
 * API groups of configuration files that tools read and no API server serves: kustomize, the Kubernetes components
 * (`kubelet.config.k8s.io`, `apiserver.config.k8s.io`, … every `*.config.k8s.io`), kubeadm, audit policies, kind,
 * k3d, ctlptl and Skaffold (`skaffold/v4beta11`).
 */
const TOOL_CONFIG_GROUPS: ReadonlySet<string> = new Set(['kubeadm.k8s.io', 'audit.k8s.io', 'kind.x-k8s.io', 'k3d.io', 'ctlptl.dev', 'skaffold']);

/** True for a tool's configuration file ({@link TOOL_CONFIG_GROUPS}, or a kubeconfig: `v1` `Config`), which is not sent to the API server. */
function isToolConfig(object: KubeObject): boolean {
  const group = groupOf(object.apiVersion);
  return group.endsWith('.config.k8s.io') || TOOL_CONFIG_GROUPS.has(group) || (object.apiVersion === 'v1' && object.kind === 'Config');
}

/** The API group of `apiVersion`: `''` for the core group (`v1`). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** `Kustomization (kustomize.config.k8s.io/v1beta1)`, or `kubeconfig (v1 Config)`. */
function describeToolConfig(object: KubeObject): string {
  return object.apiVersion === 'v1' ? `kubeconfig (v1 ${object.kind})` : `${object.kind} (${object.apiVersion})`;
}

/** `kind: List`, or a typed list such as `PodList` (as the API server returns it) with an `items` list. */
function isList(object: KubeObject): boolean {
  return object.kind === 'List' || (object.kind.endsWith('List') && Array.isArray(object.items));
}

function addListItems(list: KubeObject, doc: ParsedDocument, base: string, file: string, result: Accumulator): void {
  const items = list.items;
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) throw new InputError(`field ${base}/items of a ${list.kind} must be a list`, file, doc.line);
  const spans = doc.source && itemSpans(doc.source, items.length);
  items.forEach((item, index) => {
    const value = isRecord(item) ? withListKind(item, list) : item;
    const span = spans?.[index];
    // An item that is a list itself keeps where it is, to locate its own items.
    const source = span && doc.source && isRecord(item) && Array.isArray(item.items) ? { ...doc.source, ...span } : undefined;
    addDocument({ value, line: span?.line ?? doc.line, ...(source ? { source } : {}) }, pointer(base, 'items', index), file, result);
  });
}

/** An item of a typed list (`PodList`) lacks apiVersion and kind; it takes them from the list. */
function withListKind(item: Record<string, unknown>, list: KubeObject): Record<string, unknown> {
  if (list.kind === 'List' || item.kind !== undefined || item.apiVersion !== undefined) return item;
  return { apiVersion: list.apiVersion, kind: list.kind.slice(0, -'List'.length), ...item };
}

/** Where one item of a list is: offsets in the text, its 1-based line and, in YAML, the column of its keys. */
type ItemSpan = Pick<DocumentSource, 'start' | 'end' | 'line' | 'column'>;

/**
 * Where the `count` items of the list at `source` are; `undefined` unless exactly `count` are found.
 *
 * The list was parsed already (by js-yaml or `JSON.parse`); this only locates its items, for the report's lines, by
 * scanning text known to be valid. Parsers that keep positions cost far more on the large lists `kubectl get -A`
 * prints: on an 18 MB YAML list the `yaml` package's CST parser takes 3.4 s where js-yaml's load takes 0.45 s, and on
 * a 43 MB JSON list jsonc-parser's `visit` 316 ms where `JSON.parse` takes 76 ms. A layout the scan does not
 * recognise gives every item the list's own line.
 */
function itemSpans(source: DocumentSource, count: number): ItemSpan[] | undefined {
  if (count === 0) return undefined;
  const spans = source.json ? jsonItemSpans(source, count) : yamlItemSpans(source);
  return spans?.length === count ? spans : undefined;
}

/**
 * The 1-based lines where the items of a YAML `kind: List` start, found by scanning its top-level
 * `items:` block sequence (as kubectl prints it). `undefined` unless exactly `count` items are found.
 */
export function listItemLines(text: string, startLine: number, count: number): number[] | undefined {
  return itemSpans({ text, json: false, start: 0, end: text.length, line: startLine, column: 0 }, count)?.map((span) => span.line);
}

/**
 * The entries of the block sequence under the `items:` key of the YAML mapping at `source` (its keys at `source.column`;
 * for a list item, the key may follow the entry's `- `), as kubectl prints lists.
 */
function yamlItemSpans(source: DocumentSource): ItemSpan[] | undefined {
  const { text, start, end, column } = source;
  if (column === undefined) return undefined;
  let keyLine = start;
  if (!/^[ \t]*-[ \t]+items:[ \t]*(#.*)?\r?$/.test(text.slice(start, lineEnd(text, start)))) {
    const key = new RegExp(`^ {${column}}items:[ \\t]*(#.*)?\\r?$`, 'gm');
    key.lastIndex = start;
    const found = key.exec(text);
    if (!found || found.index >= end) return undefined;
    keyLine = found.index;
  }
  const spans: Array<{ start: number; end: number; line: number; column?: number }> = [];
  let line = source.line + countLines(text, start, keyLine);
  let indent = -1;
  let position = lineEnd(text, keyLine) + 1;
  for (let eol = lineEnd(text, position); position < end; position = eol + 1, eol = lineEnd(text, position)) {
    line++;
    const current = text.slice(position, eol);
    const trimmed = current.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const width = current.length - current.trimStart().length;
    const isEntry = trimmed === '-' || trimmed.startsWith('- ');
    if (indent === -1) {
      if (!isEntry || width < column) return undefined;
      indent = width;
    }
    if (width < indent || (width === indent && !isEntry)) break;
    if (width > indent) continue;
    if (spans.length > 0) spans[spans.length - 1].end = position;
    // The column of the entry's keys, after `- ` (unknown for a `-` alone on its line).
    const content = current.slice(width + 1);
    spans.push({ start: position, end, line, column: content.trim() === '' ? undefined : width + 1 + content.length - content.trimStart().length });
  }
  if (spans.length > 0) spans[spans.length - 1].end = Math.min(position, end);
  return spans;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The elements of the `items` array of the JSON object at `source`, with their lines. The text is valid JSON (it was
 * parsed), so finding them takes no parsing: {@link indentedJsonElements} when the array is printed as kubectl
 * prints it, else {@link jsonElements}.
 */
function jsonItemSpans(source: DocumentSource, count: number): ItemSpan[] | undefined {
  const { text } = source;
  if (text.charCodeAt(source.start) !== OPEN_BRACE) return undefined;
  let position = skipJsonSpace(text, source.start + 1);
  while (text.charCodeAt(position) === QUOTE) {
    const keyEnd = jsonStringEnd(text, position);
    const isItems = keyEnd - position === '"items"'.length && text.startsWith('"items"', position);
    // Past the colon to the value.
    position = skipJsonSpace(text, skipJsonSpace(text, keyEnd) + 1);
    if (isItems) {
      // On one line (minified JSON), every item is at the list's line already.
      const newline = text.indexOf('\n', source.start);
      if (text.charCodeAt(position) !== OPEN_BRACKET || newline === -1 || newline >= source.end) return undefined;
      return indentedJsonElements(source, position, count) ?? jsonElements(source, position);
    }
    position = skipJsonSpace(text, jsonValueEnd(text, position));
    if (text.charCodeAt(position) !== COMMA) return undefined;
    position = skipJsonSpace(text, position + 1);
  }
  return undefined;
}

/**
 * The `count` elements of the JSON array at `open` (its `[`) when each is an object that opens and closes on lines
 * of its own at one indentation (as kubectl and `JSON.stringify` with indentation print them): found from the starts
 * of lines alone, as JSON strings hold no line breaks. `undefined` for any other layout.
 */
function indentedJsonElements(source: DocumentSource, open: number, count: number): ItemSpan[] | undefined {
  const { text } = source;
  const first = skipJsonSpace(text, open + 1);
  const firstLineStart = text.lastIndexOf('\n', first) + 1;
  if (firstLineStart <= open || text.charCodeAt(first) !== OPEN_BRACE || !isSpaces(text, firstLineStart, first)) return undefined;
  const indent = first - firstLineStart;
  const spans: ItemSpan[] = [];
  let line = source.line + countLines(text, source.start, first);
  let start = first;
  let startLine = line;
  for (let newline = text.indexOf('\n', first); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    line++;
    const brace = newline + 1 + indent;
    const code = text.charCodeAt(brace);
    if ((code !== OPEN_BRACE && code !== CLOSE_BRACE) || !isSpaces(text, newline + 1, brace)) continue;
    if (code === OPEN_BRACE) {
      if (start !== -1) return undefined;
      start = brace;
      startLine = line;
      continue;
    }
    if (start === -1) return undefined;
    spans.push({ start, end: brace + 1, line: startLine });
    start = -1;
    const next = text.charCodeAt(skipJsonSpace(text, brace + 1));
    if (spans.length === count) return next === CLOSE_BRACKET ? spans : undefined;
    if (next !== COMMA) return undefined;
  }
  return undefined;
}

function isSpaces(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0x20) return false;
  return true;
}

/** The elements of the JSON array at `open` (its `[`), with their lines, whatever the layout. */
function jsonElements(source: DocumentSource, open: number): ItemSpan[] {
  const { text } = source;
  const spans: ItemSpan[] = [];
  let line = source.line;
  let newline = text.indexOf('\n', source.start);
  let position = skipJsonSpace(text, open + 1);
  while (position < text.length && text.charCodeAt(position) !== CLOSE_BRACKET) {
    const end = jsonValueEnd(text, position);
    for (; newline !== -1 && newline < position; newline = text.indexOf('\n', newline + 1)) line++;
    spans.push({ start: position, end, line });
    position = skipJsonSpace(text, end);
    if (text.charCodeAt(position) === COMMA) position = skipJsonSpace(text, position + 1);
  }
  return spans;
}

/** The offset just past the JSON value starting at `position`. */
function jsonValueEnd(text: string, position: number): number {
  const code = text.charCodeAt(position);
  if (code === QUOTE) return jsonStringEnd(text, position);
  if (code !== OPEN_BRACE && code !== OPEN_BRACKET) {
    let end = position;
    while (end < text.length && !',}] \t\r\n'.includes(text.charAt(end))) end++;
    return end;
  }
  let depth = 0;
  for (let i = position; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = jsonStringEnd(text, i) - 1;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --depth === 0) return i + 1;
  }
  return text.length;
}

/** The offset just past the JSON string whose opening quote is at `position`. */
function jsonStringEnd(text: string, position: number): number {
  for (let quote = text.indexOf('"', position + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return text.length;
}

function skipJsonSpace(text: string, position: number): number {
  let i = position;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  return i;
}

/** The offset of the newline ending the line at `position` (the text's length for the last line). */
function lineEnd(text: string, position: number): number {
  const end = text.indexOf('\n', position);
  return end === -1 ? text.length : end;
}

function checkMetadata(object: KubeObject, base: string, file: string, line: number): void {
  const metadata: unknown = object.metadata;
  if (metadata !== undefined && metadata !== null && !isRecord(metadata)) throw new InputError(`field ${base}/metadata must be a mapping`, file, line);
  if (isRecord(metadata)) checkMetadataFields(metadata, base, file, line);
  if (!isRecord(metadata) || (!isNonEmptyString(metadata.name) && !isNonEmptyString(metadata.generateName))) {
    throw new InputError(`field ${base}/metadata/name is missing, so the API server would refuse the ${object.kind}. Fix: give it a name (or a generateName)`, file, line);
  }
}

/** The types of the metadata fields the audit reads. */
function checkMetadataFields(metadata: Record<string, unknown>, base: string, file: string, line: number): void {
  for (const field of ['name', 'namespace', 'generateName']) {
    const value = metadata[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new InputError(`field ${base}/metadata/${field} must be a string`, file, line);
    }
  }
  for (const field of ['labels', 'annotations']) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isRecord(map)) throw new InputError(`field ${base}/metadata/${field} must be a mapping of strings`, file, line);
    const bad = Object.keys(map).find((key) => typeof map[key] !== 'string');
    if (bad !== undefined) throw new InputError(`field ${pointer(base, 'metadata', field, bad)} must be a string`, file, line);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
