/**
 * The `kubeharden` command.
 */
import { fstatSync, readFileSync, writevSync } from 'fs';
import { join } from 'path';

/** Usage text printed by `kubeharden --help`. */
export const USAGE = `kubeharden — secure-by-default Kubernetes

Usage:
  kubeharden audit [PATH...|-] [options]   audit manifests and Dockerfiles (files, directories, - for stdin)
  kubeharden admission-policy [--pss baseline|restricted]
                                           print ValidatingAdmissionPolicies (YAML) that enforce the catalogue
  kubeharden --version                     print the version
  kubeharden --help                        print this help

Audit options:
  --pss baseline|restricted                Pod Security Standards level (default: each namespace's enforce label, else restricted)
  --pss-version v1.N|latest                Pod Security Standards version (default: each namespace's enforce-version
                                           label, one before v1.23 only with a justified override; else latest)
  --rules all|pss|<id,...>                 rules to run (default: all)
  --format text|json|sarif                 output format (default: text)
  --fail-on critical|high|medium|low|never exit 1 when a finding is at or above this severity (default: high)
  --vulnerabilities <trivy.json>[,...]     Trivy JSON reports (trivy image --format json) for rule no-critical-vulnerabilities;
                                           repeatable; images pinned by digest match by digest
  --vulnerability-threshold critical|high|medium|low
                                           least severe vulnerability that is a finding (default: high)
  --require-scan                           an image that no report covers is a finding
  --ignore-unfixed                         vulnerabilities without a fixed version are not findings
  --config <file>                          configuration file (default: the first kubeharden.config.*, .kubehardenrc*
                                           or package.json "kubeharden" key from the current directory up to the repository root)
  --no-config                              read no configuration file

The configuration file sets pss, pssVersion, rules, failOn, allowedRegistries and severity; command-line options win.
Dockerfiles (Dockerfile, Containerfile, *.Dockerfile, ...) are audited with the dockerfile-* rules.
Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it;
  2 bad usage, or an unreadable or invalid input, report or configuration file.
Rules: see RULES.md.
`;

/** The package version. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Runs the command with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (command === 'audit') {
    const { runAudit } = await import('./audit-command');
    return runAudit(rest, io);
  }
  if (command === 'admission-policy') {
    const { runAdmissionPolicy } = await import('./admission-command');
    return runAdmissionPolicy(rest, io);
  }
  io.stderr(`kubeharden: unknown command "${command}". Run kubeharden --help for usage.\n`);
  return 2;
}

/** Where the command reads and writes; tests pass their own. */
export interface CliIo {
  /** Whether stdout is a terminal (for colour). */
  readonly isTty: boolean;
  /**
   * Writes many buffers to stdout in order, without joining them first, when stdout can take them at once (a file
   * or a device such as /dev/null); absent otherwise, and callers use {@link stdout}.
   */
  readonly stdoutVector?: (pieces: Iterable<Uint8Array>) => void;
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** Reads all of standard input. */
  readStdin(): Promise<Buffer>;
}

/** The process's own streams. */
export function processIo(): CliIo {
  // A reader that stops early (`kubeharden audit … | head`) closes the pipe: end quietly, keeping the exit code.
  // Any other failure to write (a full disk) loses the report: say so in one line and exit 2, as for bad input.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`kubeharden: ${new OutputError(error).message}\n`);
    process.exit(2);
  });
  return {
    stdout: (text) => process.stdout.write(text),
    // A file or device is written synchronously by process.stdout too, so writing to it directly keeps the order.
    stdoutVector: stdoutTakesVectors() ? (pieces) => {
      try {
        writeVectors(STDOUT_FD, pieces);
      } catch (e) {
        throw new OutputError(e as Error);
      }
    } : undefined,
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    isTty: !!process.stdout.isTTY,
  };
}

const STDOUT_FD = 1;

/** Standard output could not be written: the report is lost. */
export class OutputError extends Error {
  constructor(cause: Error) {
    super(`cannot write the report to standard output: ${cause.message}. Fix: check the file or device it goes to (a full disk?)`);
    this.name = 'OutputError';
  }
}

/** Buffers per `writev` call (POSIX guarantees at least 16; Linux and macOS take 1,024). */
const VECTORS_PER_CALL = 1024;

/** Whether stdout is a regular file or a device other than a terminal, which Node.js writes synchronously too (pipes it may not). */
function stdoutTakesVectors(): boolean {
  try {
    const stat = fstatSync(STDOUT_FD);
    return stat.isFile() || (stat.isCharacterDevice() && !process.stdout.isTTY);
  } catch {
    return false;
  }
}

/** Writes `pieces` to `fd` in order, up to {@link VECTORS_PER_CALL} per system call, finishing short writes. */
export function writeVectors(fd: number, pieces: Iterable<Uint8Array>, write: typeof writevSync = writevSync): void {
  let batch: Uint8Array[] = [];
  const flush = (): void => {
    let rest = batch;
    while (rest.length > 0) {
      let written = write(fd, rest);
      if (written <= 0) throw new Error('standard output accepted no bytes');
      let i = 0;
      while (i < rest.length && written >= rest[i].length) written -= rest[i++].length;
      rest = rest.slice(i);
      if (written > 0) rest[0] = rest[0].subarray(written);
    }
    batch = [];
  };
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    batch.push(piece);
    if (batch.length === VECTORS_PER_CALL) flush();
  }
  flush();
}
