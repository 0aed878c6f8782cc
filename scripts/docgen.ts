/**
 * Generates API.md from the TSDoc of the public entry points: typedoc with typedoc-plugin-markdown writes one
 * page per module into a temporary folder, and this script merges them into one file.
 *
 * `ts-node scripts/docgen.ts` writes API.md; `ts-node scripts/docgen.ts --check` fails when it is stale.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';

const root = join(__dirname, '..');
const entryPoints = ['src/index.ts', 'src/cdk8s/index.ts', 'src/pulumi/index.ts'].filter((p) => existsSync(join(root, p)));
const out = mkdtempSync(join(tmpdir(), 'kubeharden-docgen-'));

try {
  execFileSync(process.execPath, [
    require.resolve('typedoc/bin/typedoc'),
    ...entryPoints.flatMap((p) => ['--entryPoints', p]),
    '--plugin', 'typedoc-plugin-markdown',
    '--tsconfig', 'tsconfig.dev.json',
    '--out', out,
    '--readme', 'none',
    '--outputFileStrategy', 'modules',
    '--hidePageHeader', '--hideBreadcrumbs',
    '--disableSources',
    '--excludePrivate', '--excludeInternal',
    '--sort', 'source-order',
    '--logLevel', 'Error',
  ], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });

  const pages = listMarkdown(out).sort((a, b) => pageOrder(a) - pageOrder(b) || a.localeCompare(b));
  const body = pages
    .filter((p) => !/(^|\/)(README|index)\.md$/.test(relative(out, p)) || pages.length === 1)
    .map((p) => readFileSync(p, 'utf8').replace(/\]\((?!https?:)[^)]*#/g, '](#').replace(/\]\((?!https?:|#)[^)]*\.md\)/g, '](#)').trim())
    .join('\n\n---\n\n');
  const text = `# API Reference\n\nGenerated from the TSDoc of the sources by \`npm run docgen\`; do not edit by hand.\n\n${body}\n`;
  const target = join(root, 'API.md');
  if (process.argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('API.md is out of date: run `npm run docgen` and commit the result.\n');
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, text);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

function listMarkdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listMarkdown(path) : name.endsWith('.md') ? [path] : [];
  });
}

function pageOrder(path: string): number {
  const rel = relative(out, path);
  if (/cdk8s/.test(rel)) return 1;
  if (/pulumi/.test(rel)) return 2;
  return 0;
}
