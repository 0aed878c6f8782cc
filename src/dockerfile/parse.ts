/**
 * Reads a Dockerfile (or Containerfile) into build stages with their instructions, using `dockerfile-ast` for the
 * syntax (line continuations, the `escape` directive, heredocs, flags, JSON and shell forms) and resolving build
 * arguments the way BuildKit does: global `ARG`s in `FROM`, stage `ARG`s and `ENV`s in the instructions after them.
 */
import { DockerfileParser, Flag, Instruction, Property } from 'dockerfile-ast';
import { ImageReference, parseImageReference } from '../core/image';
import { pointer } from '../core/types';

/** One instruction of a Dockerfile. */
export interface DockerfileInstruction {
  /** The keyword, upper-case (`RUN`, `COPY`, …). */
  readonly keyword: string;
  /** 1-based line where the instruction starts. */
  readonly line: number;
  /** JSON pointer of the instruction in the parsed model: `/args/0`, `/stages/1/FROM`, `/stages/1/instructions/3`. */
  readonly path: string;
  /** The arguments as written, flags removed, line continuations joined. */
  readonly text: string;
  /** The arguments as words, after variable substitution (the JSON array of the exec form, or shell words). */
  readonly words: readonly string[];
  /** The `--name=value` flags (`--from`, `--chown`, `--mount`, `--platform`…); a flag without value maps to `''`. */
  readonly flags: ReadonlyMap<string, string>;
  /** The `name=value` pairs of `ENV`, `ARG` and `LABEL`, values unquoted; `undefined` for an `ARG` without default. */
  readonly properties: ReadonlyArray<{ readonly name: string; readonly value: string | undefined }>;
  /** For `RUN`, the command as a shell would read it (the exec form's words quoted and joined by spaces). */
  readonly command: string;
}

/** The base of a build stage, as its `FROM` names it. */
export interface StageBase {
  /** The image as written (`${BASE}@${DIGEST}`). */
  readonly text: string;
  /** The image with global build arguments substituted; `undefined` when an argument has no default. */
  readonly image?: string;
  /** The parsed reference of `image` (absent for `scratch`, stage references and unparsable names). */
  readonly reference?: ImageReference;
  /** Index of the earlier stage this one builds on (`FROM build`), when it does. */
  readonly stage?: number;
  /** True for `FROM scratch`, the empty image. */
  readonly scratch: boolean;
  /** The `--platform` flag, as written. */
  readonly platform?: string;
}

/** One build stage: a `FROM` and the instructions up to the next one. */
export interface DockerfileStage {
  /** 0-based position in the file. */
  readonly index: number;
  /** The `AS` name, lower-cased as BuildKit compares it. */
  readonly name?: string;
  /** 1-based line of the `FROM`. */
  readonly line: number;
  /** JSON pointer of the `FROM`: `/stages/<index>/FROM`. */
  readonly path: string;
  readonly base: StageBase;
  /** The instructions after `FROM`, in order. */
  readonly instructions: readonly DockerfileInstruction[];
}

/** A parsed Dockerfile. */
export interface ParsedDockerfile {
  /** The file name, as given. */
  readonly file: string;
  /** The `ARG`s before the first `FROM` (available to every `FROM`). */
  readonly globalArgs: readonly DockerfileInstruction[];
  /** The build stages; the last one is the image `docker build` produces without `--target`. */
  readonly stages: readonly DockerfileStage[];
  /** Parser directives (`syntax`, `escape`, `check`), by lower-case name. */
  readonly directives: ReadonlyMap<string, string>;
}

/** Text that is not a Dockerfile: no `FROM`, or an instruction other than `ARG` before the first `FROM`. */
export class InvalidDockerfileError extends Error {
  /** `reason` says what is wrong, without the file and line; the message has all three. */
  constructor(public readonly file: string, public readonly reason: string, public readonly line?: number) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${reason}`);
    this.name = 'InvalidDockerfileError';
  }
}

/** Build arguments BuildKit defines for every build (their values depend on the builder). */
const PREDEFINED_ARGS: readonly string[] = [
  'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT',
];

/** The instructions of the Dockerfile reference, which `docker build` accepts (in any case). */
const INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL',
  'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/** Variables in scope: a name maps to its value, or to `undefined` when declared without one. */
type Scope = Map<string, string | undefined>;

/** Parses `text` (a Dockerfile's content); `file` names it in errors. Throws {@link InvalidDockerfileError}. */
export function parseDockerfile(text: string, file: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const directives = new Map(dockerfile.getDirectives().map((d) => [d.getName().toLowerCase(), d.getValue()]));
  const globalScope: Scope = new Map(PREDEFINED_ARGS.map((name) => [name, undefined]));
  const globalArgs: DockerfileInstruction[] = [];
  const stages: Array<DockerfileStage & { instructions: DockerfileInstruction[] }> = [];
  const stageScopes: Scope[] = [];
  const envOfStage: Scope[] = [];

  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const line = instruction.getRange().start.line + 1;
    if (!INSTRUCTIONS.has(keyword)) {
      throw new InvalidDockerfileError(file, `unknown instruction ${JSON.stringify(instruction.getInstruction())} (docker build refuses it). Fix: use one of ${[...INSTRUCTIONS].join(', ')}`, line);
    }
    if (keyword === 'FROM' && ((instruction as unknown as { getImage(): string | null }).getImage() ?? '') === '') {
      throw new InvalidDockerfileError(file, 'FROM names no image. Fix: write FROM <image>, such as FROM registry.example.com/base@sha256:<digest>', line);
    }
    if (keyword === 'FROM') {
      const index = stages.length;
      const base = readBase(instruction, globalScope, stages);
      const scope: Scope = base.stage !== undefined ? new Map(envOfStage[base.stage]) : new Map();
      stageScopes.push(scope);
      envOfStage.push(base.stage !== undefined ? new Map(envOfStage[base.stage]) : new Map());
      const name = stageName(instruction);
      stages.push({ index, ...(name ? { name } : {}), line, path: pointer('', 'stages', index, 'FROM'), base, instructions: [] });
      continue;
    }
    if (stages.length === 0) {
      if (keyword !== 'ARG') throw new InvalidDockerfileError(file, `${keyword} before the first FROM (only ARG may come first)`, line);
      const read = readInstruction(instruction, globalScope, pointer('', 'args', globalArgs.length));
      for (const { name, value } of read.properties) globalScope.set(name, value);
      globalArgs.push(read);
      continue;
    }
    const stage = stages[stages.length - 1];
    const scope = stageScopes[stages.length - 1];
    const read = readInstruction(instruction, scope, pointer('', 'stages', stage.index, 'instructions', stage.instructions.length));
    if (keyword === 'ARG') {
      for (const { name, value } of read.properties) scope.set(name, value ?? (scope.has(name) ? scope.get(name) : globalScope.get(name)));
    } else if (keyword === 'ENV') {
      for (const { name, value } of read.properties) {
        scope.set(name, value);
        envOfStage[stages.length - 1].set(name, value);
      }
    }
    stage.instructions.push(read);
  }
  if (stages.length === 0) throw new InvalidDockerfileError(file, 'no FROM instruction: not a Dockerfile');
  return { file, globalArgs, stages, directives };
}

/** The final stage: the image `docker build` produces without `--target`. */
export function finalStage(parsed: ParsedDockerfile): DockerfileStage {
  return parsed.stages[parsed.stages.length - 1];
}

/** `stage`, then the stage it builds on, and so on back to a stage built on an external image or `scratch`. */
export function stageLineage(parsed: ParsedDockerfile, stage: DockerfileStage): DockerfileStage[] {
  const lineage = [stage];
  let current = stage;
  while (current.base.stage !== undefined) {
    current = parsed.stages[current.base.stage];
    lineage.push(current);
  }
  return lineage;
}

function stageName(from: Instruction): string | undefined {
  const name = (from as unknown as { getBuildStage(): string | null }).getBuildStage();
  return name ? name.toLowerCase() : undefined;
}

function readBase(from: Instruction, globalScope: Scope, earlier: readonly DockerfileStage[]): StageBase {
  const fromInstruction = from as unknown as { getImage(): string | null; getPlatformFlag(): Flag | null };
  const text = fromInstruction.getImage() ?? '';
  const platform = fromInstruction.getPlatformFlag()?.getValue() ?? undefined;
  const expanded = expandVariables(text, globalScope);
  const image = expanded.unresolved.length === 0 ? expanded.text : undefined;
  const common = { text, ...(platform !== undefined ? { platform } : {}) };
  if (image !== undefined) {
    const stage = earlier.find((s) => s.name !== undefined && s.name === image.toLowerCase());
    if (stage) return { ...common, image, stage: stage.index, scratch: false };
    if (image.toLowerCase() === 'scratch') return { ...common, image, scratch: true };
    const reference = parseImageReference(image);
    return { ...common, image, ...(reference ? { reference } : {}), scratch: false };
  }
  return { ...common, scratch: false };
}

function readInstruction(instruction: Instruction, scope: Scope, path: string): DockerfileInstruction {
  const keyword = instruction.getKeyword();
  const text = instruction.getArgumentsContent() ?? '';
  const flags = new Map<string, string>();
  const withFlags = instruction as unknown as { getFlags?: () => Flag[] };
  for (const flag of withFlags.getFlags?.() ?? []) flags.set(flag.getName().toLowerCase(), flag.getValue() ?? '');
  const properties = readProperties(instruction, keyword, scope);
  const execForm = parseExecForm(text);
  const words = execForm ?? instruction.getArguments().map((a) => expandVariables(a.getValue(), scope).text);
  const command = keyword === 'RUN' ? (execForm ? execForm.map(shellQuote).join(' ') : text) : '';
  return { keyword, line: instruction.getRange().start.line + 1, path, text, words, flags, properties, command };
}

function readProperties(instruction: Instruction, keyword: string, scope: Scope): DockerfileInstruction['properties'] {
  if (keyword !== 'ENV' && keyword !== 'ARG' && keyword !== 'LABEL') return [];
  const withProperties = instruction as unknown as { getProperties(): Property[] };
  return withProperties.getProperties().map((property) => {
    const raw = property.getValue();
    const value = raw === null ? undefined : keyword === 'LABEL' ? raw : expandVariables(raw, scope).text;
    return { name: property.getName(), value };
  });
}

/** `word` quoted for a POSIX shell when it needs quoting. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, '\'\\\'\'')}'`;
}

/** The strings of an exec-form (`["sh", "-c", "…"]`) argument list, or `undefined` for the shell form. */
function parseExecForm(text: string): string[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The result of {@link expandVariables}. */
export interface Expansion {
  /** The text with every resolvable variable substituted. */
  readonly text: string;
  /** Names of variables that have no value in scope (their references are left as written). */
  readonly unresolved: readonly string[];
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alternative}` and
 * `${NAME+alternative}` as Dockerfile instructions do.
 */
export function expandVariables(text: string, scope: ReadonlyMap<string, string | undefined>): Expansion {
  const unresolved: string[] = [];
  type Groups = [braced: string | undefined, operator: string | undefined, word: string | undefined, bare: string | undefined];
  const expanded = text.replace(VARIABLE, (whole: string, ...groups: Groups) => {
    const [braced, operator, word, bare] = groups;
    const name = (braced ?? bare) as string;
    const declared = scope.has(name);
    const value = scope.get(name);
    switch (operator) {
      case ':-': return value !== undefined && value !== '' ? value : word ?? '';
      case '-': return declared && value !== undefined ? value : word ?? '';
      case ':+': return value !== undefined && value !== '' ? word ?? '' : '';
      case '+': return declared && value !== undefined ? word ?? '' : '';
      default:
        if (value === undefined) {
          unresolved.push(name);
          return whole;
        }
        return value;
    }
  });
  return { text: expanded, unresolved };
}
