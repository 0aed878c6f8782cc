import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { builtinModules } from 'module';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve } from 'path';

const SRC = resolve(__dirname, '..', '..', 'src');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'|import\('([^']+)'\)/gm;

/**
 * The source files `entry` reaches through value imports (type-only imports load nothing at run time), and the
 * packages they import; with `dynamic: false`, only what loads with `entry` (not `import()` on demand).
 */
function importGraph(entry: string, { dynamic = true } = {}): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      if (/^\s*(import|export)\s+type\s/.test(match[0]) || (!dynamic && match[3] !== undefined)) continue;
      const target = match[1] ?? match[2] ?? match[3];
      if (target.startsWith('.')) visit(resolveSource(join(dirname(file), target)));
      else packages.add(target.startsWith('@') ? target.split('/').slice(0, 2).join('/') : target.split('/')[0]);
    }
  };
  visit(entry);
  return { files, packages };
}

function resolveSource(base: string): string {
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`cannot resolve ${base}`);
}

const NODE_MODULES = ['fs', 'path', 'util', 'crypto', 'os'];

test('kubeharden audit loads neither cdk8s nor Pulumi: only the core, audit, rules, Dockerfile and configuration modules', () => {
  const { files, packages } = importGraph(join(SRC, 'cli', 'main.ts'));
  expect(files.has(join(SRC, 'audit', 'load.ts'))).toBe(true);
  const folders = new Set([...files].map((f) => relative(SRC, f).split('/')[0]));
  expect([...folders].sort()).toEqual(['admission', 'audit', 'cli', 'config', 'core', 'dockerfile', 'rules']);
  expect([...packages].sort()).toEqual(expect.not.arrayContaining(['cdk8s', 'cdk8s-plus-28', 'constructs', '@pulumi']));
  // cosmiconfig and ajv are required where a configuration file is read, not imported.
  expect([...packages].filter((p) => !NODE_MODULES.includes(p)).sort()).toEqual(['dockerfile-ast', 'js-yaml']);
});

test('an audit of manifests loads the Dockerfile parser and the configuration loader only on demand', () => {
  const { files, packages } = importGraph(join(SRC, 'cli', 'audit-command.ts'), { dynamic: false });
  expect([...packages].filter((p) => !NODE_MODULES.includes(p)).sort()).toEqual(['js-yaml']);
  for (const lazy of ['dockerfile/parse.ts', 'rules/dockerfile/registry.ts', 'config/load.ts', 'config/validate.ts']) {
    expect(files.has(join(SRC, lazy))).toBe(false);
  }
});

test('the command is one bundled file: js-yaml inside, the packages it loads on demand outside, neither cdk8s nor Pulumi', () => {
  const bundle = resolve(SRC, '..', 'lib', 'cli', 'main.bundle.js');
  let text: string;
  try {
    text = readFileSync(bundle, 'utf8');
  } catch {
    throw new Error(`${bundle} is missing: run \`npm run compile\` (npm ci builds it)`);
  }
  const required = new Set([...text.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((m) => m[1].replace(/^node:/, '')));
  // Everything it requires at run time besides Node.js itself (so neither cdk8s nor Pulumi).
  expect([...required].filter((p) => !builtinModules.includes(p)).sort()).toEqual(['ajv', 'cosmiconfig', 'dockerfile-ast']);
  expect(text).toContain('node_modules/js-yaml/lib/loader.js');
});

test('the launcher says how to build the command when its bundle is missing (exit 2)', () => {
  // A copy of bin/kubeharden next to an empty lib/cli: the layout of a checkout before `npm run compile`.
  const root = mkdtempSync(join(tmpdir(), 'kubeharden-launcher-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'lib', 'cli'), { recursive: true });
    copyFileSync(resolve(SRC, '..', 'bin', 'kubeharden'), join(root, 'bin', 'kubeharden'));
    const run = spawnSync(process.execPath, [join(root, 'bin', 'kubeharden'), 'audit', 'x.yaml'], { encoding: 'utf8' });
    expect(run.stderr).toBe('kubeharden: the command is not built. Run `npm run compile` (or `npm ci`) first.\n');
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
