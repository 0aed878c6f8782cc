/**
 * Recognises build steps in a `RUN` command: compilers and build tools run, dependencies installed with their
 * development extras, and build packages installed with the system package manager and not removed in the same layer.
 */
import { SimpleCommand, simpleCommands } from './shell';

/** System packages that are compilers, build systems or headers. */
const BUILD_PACKAGES: ReadonlySet<string> = new Set([
  'build-essential', 'build-base', 'gcc', 'g++', 'gcc-c++', 'cpp', 'clang', 'llvm', 'make', 'cmake', 'ninja-build', 'meson',
  'autoconf', 'automake', 'libtool', 'pkg-config', 'pkgconf', 'pkgconfig', 'musl-dev', 'libc-dev', 'libc6-dev', 'glibc-devel',
  'linux-headers', 'kernel-headers', 'golang', 'golang-go', 'go', 'rustc', 'cargo', 'maven', 'gradle', 'default-jdk', 'nasm',
  'bison', 'flex', 'swig',
]);

/** Development headers (`libpq-dev`, `openssl-devel`) and JDKs (`openjdk-17-jdk`, `java-17-openjdk-devel`). */
const DEVELOPMENT_PACKAGE = /(?:-dev|-devel|-jdk(?:-headless)?)$/;

/** Python packages that only build other packages. */
const PYTHON_BUILD_PACKAGES: ReadonlySet<string> = new Set([
  'build', 'wheel', 'cython', 'maturin', 'pybind11', 'poetry', 'pdm', 'hatch', 'hatchling', 'scikit-build', 'scikit-build-core',
  'setuptools-rust', 'meson', 'meson-python', 'ninja', 'cmake', 'pyinstaller', 'nuitka',
]);

const PACKAGE_MANAGERS: Readonly<Record<string, { install: readonly string[]; remove: readonly string[] }>> = {
  'apt-get': { install: ['install'], remove: ['purge', 'remove'] },
  'apt': { install: ['install'], remove: ['purge', 'remove'] },
  'aptitude': { install: ['install'], remove: ['purge', 'remove'] },
  'apk': { install: ['add'], remove: ['del'] },
  'yum': { install: ['install', 'groupinstall'], remove: ['remove', 'erase'] },
  'dnf': { install: ['install', 'groupinstall'], remove: ['remove', 'erase'] },
  'microdnf': { install: ['install'], remove: ['remove'] },
  'tdnf': { install: ['install'], remove: ['remove', 'erase'] },
  'zypper': { install: ['install', 'in'], remove: ['remove', 'rm'] },
};

/** Options of system package managers that take a value (`apk add --virtual .build-deps`). */
const OPTIONS_WITH_VALUE = new Set(['--virtual', '-t', '--repository', '-X', '--setopt', '--enablerepo', '--disablerepo', '-o', '-c']);

/** The name a program is called by: the last path component (`/usr/bin/make` → `make`, `./mvnw` → `mvnw`). */
function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The words of `command` that are not options (and not values of options that take one). */
function operands(command: SimpleCommand, from: number): string[] {
  const result: string[] = [];
  for (let i = from; i < command.length; i++) {
    const word = command[i];
    if (OPTIONS_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) result.push(word);
  }
  return result;
}

/** The value of option `name` (`--virtual x`, `-t x` or `--virtual=x`). */
function optionValue(command: SimpleCommand, names: readonly string[]): string | undefined {
  for (let i = 0; i < command.length; i++) {
    const word = command[i];
    if (names.includes(word)) return command[i + 1];
    const eq = names.find((n) => word.startsWith(`${n}=`));
    if (eq) return word.slice(eq.length + 1);
  }
  return undefined;
}

interface PackageInstall {
  readonly index: number;
  readonly manager: string;
  readonly packages: readonly string[];
  readonly virtual?: string;
}

/** System build packages installed by `commands` and not removed by a later command of the same `RUN`. */
function buildPackagesKept(commands: readonly SimpleCommand[]): string[] {
  const installs: PackageInstall[] = [];
  const removed = new Set<string>();
  commands.forEach((command, index) => {
    const manager = programName(command[0]);
    const spec = PACKAGE_MANAGERS[manager];
    if (!spec) return;
    const subcommandAt = command.findIndex((w, i) => i > 0 && !w.startsWith('-'));
    const subcommand = command[subcommandAt];
    if (subcommandAt < 0) return;
    if (spec.install.includes(subcommand)) {
      const virtual = manager === 'apk' ? optionValue(command, ['--virtual', '-t']) : undefined;
      installs.push({ index, manager, packages: operands(command, subcommandAt + 1), ...(virtual ? { virtual } : {}) });
    } else if (spec.remove.includes(subcommand)) {
      for (const name of operands(command, subcommandAt + 1)) removed.add(name);
    }
  });
  const kept: string[] = [];
  for (const install of installs) {
    if (install.virtual && removed.has(install.virtual)) continue;
    for (const raw of install.packages) {
      const name = raw.replace(/[=<>~].*$/, '');
      const isBuild = BUILD_PACKAGES.has(name) || DEVELOPMENT_PACKAGE.test(name) || /^development tools$/i.test(name);
      if (isBuild && !removed.has(raw) && !removed.has(name)) kept.push(name);
    }
  }
  return kept;
}

/** True when `words` contain one of the flags (exactly, or as `--flag=value`). */
function hasFlag(words: readonly string[], flags: readonly string[]): boolean {
  return words.some((w) => flags.includes(w) || flags.some((f) => f.endsWith('=') && w.startsWith(f)));
}

const NPM_PRODUCTION_FLAGS = ['--omit=dev', '--production', '--only=prod', '--only=production', '--prod'];

/** The build step a single command performs (`go build`, `npm ci`…), or `undefined`. */
function buildStepOf(command: SimpleCommand): string | undefined {
  const program = programName(command[0]);
  const sub = command[1];
  const args = command.slice(1);
  switch (program) {
    case 'go':
      return sub === 'build' || sub === 'install' ? `go ${sub}` : undefined;
    case 'cargo':
      return sub === 'build' || sub === 'install' ? `cargo ${sub}` : undefined;
    case 'dotnet':
      return sub === 'build' || sub === 'publish' ? `dotnet ${sub}` : undefined;
    case 'mvn': case 'mvnw': {
      const goal = args.find((w) => ['package', 'install', 'verify', 'compile', 'deploy'].includes(w));
      return goal ? `mvn ${goal}` : undefined;
    }
    case 'gradle': case 'gradlew': {
      const task = args.find((w) => /^(?:build|assemble|jar|bootJar|shadowJar|installDist|compileJava|compileKotlin)$/.test(w));
      return task ? `gradle ${task}` : undefined;
    }
    case 'make': case 'cmake': case 'ninja': case 'gcc': case 'g++': case 'cc': case 'c++': case 'clang': case 'clang++':
    case 'javac': case 'rustc': case 'tsc': case 'swiftc': case 'ghc':
      return program;
    case 'npm': {
      if (sub === 'run' || sub === 'run-script') return /^build/.test(command[2] ?? '') ? `npm run ${command[2]}` : undefined;
      if (!['ci', 'install', 'i', 'add', 'clean-install', 'install-clean'].includes(sub ?? '')) return undefined;
      if (hasFlag(args, ['-g', '--global', ...NPM_PRODUCTION_FLAGS])) return undefined;
      return `npm ${sub} (with devDependencies)`;
    }
    case 'yarn': {
      if (sub === 'build' || (sub === 'run' && /^build/.test(command[2] ?? ''))) return `yarn ${args.join(' ')}`;
      if (sub !== undefined && sub !== 'install' && !sub.startsWith('-')) return undefined;
      if (hasFlag(args, ['--production', '--prod', '--production=true'])) return undefined;
      return 'yarn install (with devDependencies)';
    }
    case 'pnpm': {
      if (sub === 'build' || (sub === 'run' && /^build/.test(command[2] ?? ''))) return `pnpm ${args.join(' ')}`;
      if (!['install', 'i'].includes(sub ?? '')) return undefined;
      if (hasFlag(args, ['--prod', '-P', '--production'])) return undefined;
      return `pnpm ${sub} (with devDependencies)`;
    }
    case 'poetry':
      if (sub !== 'install' && sub !== 'build') return undefined;
      if (sub === 'install' && hasFlag(args, ['--no-dev', '--only=main', '--without=dev', '--only', '--without'])) return undefined;
      return `poetry ${sub}`;
    case 'pip': case 'pip3':
      return sub === 'install' ? pipBuildStep(command.slice(2)) : undefined;
    case 'python': case 'python3':
      if (sub === '-m' && (command[2] === 'pip' || command[2] === 'pip3') && command[3] === 'install') return pipBuildStep(command.slice(4));
      if (sub === '-m' && command[2] === 'build') return 'python -m build';
      if (sub === 'setup.py' && ['build', 'build_ext', 'bdist_wheel', 'install'].includes(command[2] ?? '')) return `python setup.py ${command[2]}`;
      return undefined;
    default:
      return undefined;
  }
}

/** `pip install` of build tooling or development requirements. */
function pipBuildStep(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if ((word === '-r' || word === '--requirement') && /(?:dev|test|build)/i.test(args[i + 1] ?? '')) return `pip install -r ${args[i + 1]}`;
    if (/^--requirement=.*(?:dev|test|build)/i.test(word)) return `pip install ${word}`;
  }
  const packages = args.filter((w) => !w.startsWith('-'));
  const tools = packages.filter((p) => PYTHON_BUILD_PACKAGES.has(p.toLowerCase().replace(/[=<>~!;[].*$/, '')));
  if (tools.length > 0) return `pip install ${tools.join(' ')}`;
  const extras = packages.find((p) => /\[[^\]]*(?:dev|test|build)[^\]]*\]/i.test(p));
  return extras ? `pip install ${extras}` : undefined;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/** The script of `sh -c '<script>'` (any shell, options such as `-ec`), or `undefined` for any other command. */
function shellScriptOf(command: SimpleCommand): string | undefined {
  if (!SHELLS.has(programName(command[0]))) return undefined;
  const option = command.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w));
  return option > 0 ? command[option + 1] : undefined;
}

/**
 * The build steps of a `RUN` command, each described in a few words: `go build`, `npm ci (with devDependencies)`,
 * `installs build packages gcc, make`. Empty when the command only runs or installs what the application needs.
 */
export function buildStepsOf(script: string): string[] {
  const commands = simpleCommands(script);
  const steps: string[] = [];
  for (const command of commands) {
    const nested = shellScriptOf(command);
    for (const step of nested !== undefined ? buildStepsOf(nested) : [buildStepOf(command)]) {
      if (step && !steps.includes(step)) steps.push(step);
    }
  }
  const packages = buildPackagesKept(commands);
  if (packages.length > 0) steps.push(`installs build packages ${[...new Set(packages)].join(', ')}`);
  return steps;
}
