/**
 * Generates API.md from the TSDoc of the public entry points: typedoc with typedoc-plugin-markdown writes one
 * page per module into a temporary folder, and this script merges them into one file.
 *
 * It also renders RULES.md from the catalogue. `ts-node scripts/docgen.ts` writes both; `--check` fails when
 * either is stale.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { renderRulesDoc } from './rules-doc';

const root = join(__dirname, '..');
const entryPoints = ['src/index.ts', 'src/cdk8s/index.ts', 'src/pulumi/index.ts'].filter((p) => existsSync(join(root, p)));
const out = mkdtempSync(join(tmpdir(), 'kubeharden-docgen-'));

try {
  execFileSync(process.execPath, [
    join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'),
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
    .filter((p) => relative(out, p) !== 'README.md')
    .map((p) => readFileSync(p, 'utf8').replace(/^# index$/m, '# kubeharden').replace(/\]\((?!https?:)[^)]*#/g, '](#').replace(/\]\((?!https?:|#)[^)]*\.md\)/g, '](#)').trim())
    .join('\n\n---\n\n');
  const text = `# API Reference\n\nGenerated from the TSDoc of the sources by \`npm run docgen\`; do not edit by hand.\n\n${body}\n`;
  writeOrCheck('API.md', text);
  writeOrCheck('RULES.md', renderRulesDoc());
} finally {
  rmSync(out, { recursive: true, force: true });
}

/** Writes `file`, or with `--check` fails when its content differs. */
function writeOrCheck(file: string, text: string): void {
  const target = join(root, file);
  if (process.argv.includes('--check')) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${file} is out of date: run \`npm run docgen\` and commit the result.\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(target, text);
  }
}

function listMarkdown(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listMarkdown(path) : name.endsWith('.md') ? [path] : [];
  });
}

function pageOrder(path: string): number {
  const rel = relative(out, path);
  if (rel.startsWith('cdk8s')) return 1;
  if (rel.startsWith('pulumi')) return 2;
  return 0;
}
