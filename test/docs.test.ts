import { execFileSync } from 'child_process';
import { join } from 'path';

describe('generated docs', () => {
  test('API.md and RULES.md are current (run `npm run docgen` after changing TSDoc or rules)', () => {
    const root = join(__dirname, '..');
    expect(() => execFileSync(process.execPath, [
      join(root, 'node_modules', 'ts-node', 'dist', 'bin.js'), '--project', 'tsconfig.dev.json', 'scripts/docgen.ts', '--check',
    ], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })).not.toThrow();
  }, 120_000);
});
