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
}

/** A {@link CliIo} that records what is written and serves `stdin`. */
export function fakeIo(options: RunOptions = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => { out.push(typeof text === 'string' ? text : Buffer.from(text).toString('utf8')); },
    stderr: (text) => { err.push(text); },
    readStdin: async () => Buffer.from(options.stdin ?? ''),
    isTty: options.isTty ?? false,
  };
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
