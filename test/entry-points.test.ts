import { execFileSync } from 'child_process';
import { join } from 'path';

const root = join(__dirname, '..');

/** The third-party packages that loading `entry` pulls in, among cdk8s, constructs and Pulumi's. */
function enginePackagesLoadedBy(entry: string): string[] {
  const script = `
    require('ts-node').register({ transpileOnly: true, project: 'tsconfig.dev.json' });
    require(${JSON.stringify(entry)});
    const loaded = Object.keys(require.cache)
      .map((f) => /node_modules\\/((?:@pulumi\\/)?[^/]+)\\//.exec(f)?.[1])
      .filter((p) => p && /^(cdk8s|cdk8s-plus-28|constructs|@pulumi\\/.*)$/.test(p));
    process.stdout.write(JSON.stringify([...new Set(loaded)].sort()));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('entry points load only their own engine', () => {
  test('kubeharden (the root) loads neither cdk8s nor Pulumi', () => {
    expect(enginePackagesLoadedBy('./src/index.ts')).toEqual([]);
  });

  test('kubeharden/cdk8s loads cdk8s, not Pulumi', () => {
    expect(enginePackagesLoadedBy('./src/cdk8s/index.ts')).toEqual(['cdk8s', 'constructs']);
  });

  test('kubeharden/pulumi loads Pulumi, not cdk8s', () => {
    const loaded = enginePackagesLoadedBy('./src/pulumi/index.ts');
    expect(loaded).toContain('@pulumi/pulumi');
    expect(loaded.filter((p) => p.startsWith('cdk8s') || p === 'constructs')).toEqual([]);
  });
});
