/**
 * Reads Kubernetes manifests for the audit: files, directories and standard input; multi-document YAML,
 * JSON, `kind: List` (as `kubectl get -o yaml` prints it) and Helm-rendered output. Every object keeps the
 * file it came from and the 1-based line where its document starts.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'fs';
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
 * Reads every path: a file, a directory (its `.yaml`, `.yml` and `.json` files, recursively, in name order,
 * skipping `node_modules` and dot-directories) or `-` for standard input. Throws {@link InputError} when a
 * path is missing, unreadable, not UTF-8 text, not valid YAML or JSON, or yields no Kubernetes object.
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
    if (path === STDIN_PATH) {
      if (!options.readStdin) throw new InputError('standard input is not available', path);
      readSource(await options.readStdin(), path, result, true);
    } else if (isDirectory(path)) {
      loadDirectory(path, result);
    } else {
      readFile(path, result, true);
    }
    if (result.documents === before && !options.mayHoldNoObjects?.has(path)) {
      throw new InputError('no Kubernetes objects (documents need apiVersion and kind)', path);
    }
  }
  return { notes: result.notes };
}

/** Where objects and notes go, and how many Kubernetes documents (objects or lists) were read. */
interface Accumulator {
  readonly add: (input: AuditInput) => void;
  readonly notes: string[];
  documents: number;
}

/** One document of a YAML or JSON text, with its 1-based start line. */
export interface ParsedDocument {
  /** The parsed value: `null` for an empty document. */
  readonly value: unknown;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** The YAML text of the document and the line it starts at, to locate list items. */
  readonly source?: { readonly text: string; readonly startLine: number };
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
      return;
    }
    splitter.end(chunks);
    for (const chunk of chunks.splice(0)) addDocument(parseYamlChunk(chunk, path), '', path, result);
  } finally {
    closeSync(fd);
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
  const files = manifestFiles(dir);
  if (files.length === 0) throw new InputError(`no ${MANIFEST_EXTENSIONS.join(', ').replace(/, (?=[^,]*$)/, ' or ')} files`, dir);
  for (const file of files) readFile(file, result, false);
}

/**
 * The manifest files under `dir`, recursively, sorted by name at each level. Skips `node_modules`,
 * dot-directories and symbolic links to directories (which could loop).
 */
export function manifestFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(fileErrorReason(e), dir);
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => compareNames(a.name, b.name))) {
    const path = joinPath(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') files.push(...manifestFiles(path));
    } else if (isManifestName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(path)))) {
      files.push(path);
    }
  }
  return files;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isManifestName(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** True when `path` names a regular file (following links). */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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
    return { value: JSON.parse(text), line: firstContentLine(text, 0, 1) };
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

const YAML_1_1_BOOL = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) => typeof data === 'string' && data.length <= 5 && YAML_1_1_BOOLEANS.has(data),
  construct: (data: string) => YAML_1_1_BOOLEANS.get(data),
  predicate: (value: unknown) => typeof value === 'boolean',
  represent: (value: object) => String(value),
});

/**
 * Integers as go-yaml v2 reads them: underscores dropped, then Go's `ParseInt(s, 0, 64)`, so a leading 0 means octal
 * (`defaultMode: 0400` is 256, not 400) and `0x`, `0o`, `0b` prefixes work.
 */
const YAML_1_1_INTEGER = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

const MAY_BE_NUMBER = /^[-+0-9]/;

const YAML_1_1_INT = new yaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  // Most plain scalars are words: only those starting with a digit or a sign can be integers.
  resolve: (data: unknown) => typeof data === 'string' && MAY_BE_NUMBER.test(data) && YAML_1_1_INTEGER.test(data.replace(/_/g, '')),
  construct: (data: string) => {
    const [, sign, digits] = YAML_1_1_INTEGER.exec(data.replace(/_/g, ''))!;
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

/**
 * The YAML schema kubectl reads: YAML 1.1 booleans and integers (as go-yaml v2 resolves them), otherwise the YAML 1.2
 * core schema (timestamps stay strings), plus merge keys.
 */
const KUBERNETES_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [YAML_1_1_BOOL, YAML_1_1_INT, MERGE_KEY] });

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
  return { value, line, source: chunk };
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

/** `kind: List`, or a typed list such as `PodList` (as the API server returns it) with an `items` list. */
function isList(object: KubeObject): boolean {
  return object.kind === 'List' || (object.kind.endsWith('List') && Array.isArray(object.items));
}

function addListItems(list: KubeObject, doc: ParsedDocument, base: string, file: string, result: Accumulator): void {
  const items = list.items;
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) throw new InputError(`field ${base}/items of a ${list.kind} must be a list`, file, doc.line);
  const lines = doc.source && base === '' ? listItemLines(doc.source.text, doc.source.startLine, items.length) : undefined;
  items.forEach((item, index) => {
    const value = isRecord(item) ? withListKind(item, list) : item;
    addDocument({ value, line: lines?.[index] ?? doc.line }, pointer(base, 'items', index), file, result);
  });
}

/** An item of a typed list (`PodList`) lacks apiVersion and kind; it takes them from the list. */
function withListKind(item: Record<string, unknown>, list: KubeObject): Record<string, unknown> {
  if (list.kind === 'List' || item.kind !== undefined || item.apiVersion !== undefined) return item;
  return { apiVersion: list.apiVersion, kind: list.kind.slice(0, -'List'.length), ...item };
}

/**
 * The 1-based lines where the items of a YAML `kind: List` start, found by scanning its top-level
 * `items:` block sequence (as kubectl prints it). `undefined` unless exactly `count` items are found.
 */
export function listItemLines(text: string, startLine: number, count: number): number[] | undefined {
  const itemsKey = /^items:[ \t]*(#.*)?\r?$/m.exec(text);
  if (!itemsKey || count === 0) return undefined;
  let line = startLine + countLines(text, 0, itemsKey.index) + 1;
  let position = text.indexOf('\n', itemsKey.index);
  const found: number[] = [];
  let indent = -1;
  for (; position !== -1 && position < text.length; line++) {
    const end = text.indexOf('\n', position + 1);
    const current = text.slice(position + 1, end === -1 ? text.length : end);
    position = end;
    const trimmed = current.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const width = current.length - current.trimStart().length;
    const isEntry = trimmed === '-' || trimmed.startsWith('- ');
    if (indent === -1) {
      if (!isEntry) return undefined;
      indent = width;
    }
    if (width < indent || (width === indent && !isEntry)) break;
    if (width === indent) found.push(line);
  }
  return found.length === count ? found : undefined;
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
