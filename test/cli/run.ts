/**
 * Runs the `kubeharden` command in-process with captured output.
 */
import { CliIo, main } from '../../src/cli/main';

/** What a run of the command printed and returned. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  /** Standard input. */
  readonly stdin?: string | Buffer;
  /** Whether stdout is a terminal. */
  readonly isTty?: boolean;
  /** Whether stdout takes many buffers at once (as a file does), recorded in {@link fakeIo}'s `vectors`. */
  readonly vector?: boolean;
}

/** A {@link CliIo} that records what it is given: stdout and stderr text, and how many vectored writes. */
export type FakeIo = CliIo & { out: string[]; err: string[]; vectors: number };

/** A {@link CliIo} that records what is written and serves `stdin`. */
export function fakeIo(options: RunOptions = {}): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const io: FakeIo = {
    out,
    err,
    vectors: 0,
    stdout: (text) => { out.push(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')); },
    stderr: (text) => { err.push(text); },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    isTty: options.isTty ?? false,
    stdoutVector: options.vector ? (pieces) => {
      io.vectors++;
      for (const piece of pieces) out.push(Buffer.from(piece).toString('utf8'));
    } : undefined,
  };
  return io;
}

/** Runs `kubeharden <argv>` and returns its exit code and output. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const io = fakeIo(options);
  const code = await main(argv, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

/** A fixture of `test/fixtures/audit`, as a path relative to the repository root (jest's working directory). */
export function fixture(name: string): string {
  return `test/fixtures/audit/${name}`;
}
