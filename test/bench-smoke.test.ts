/**
 * The benchmarks run: every scenario at a tiny size, once, printing its table. Nothing about time or
 * memory is asserted here; `npm run bench` checks the budgets at full size.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';

const ROOT = join(__dirname, '..');

test('npm run bench --smoke runs every scenario and prints its lines', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'bench', 'run.js'), '--smoke'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const out = result.stdout;
  for (const title of [
    'cdk8s synthesis: 20 HardenedDeployments in one App',
    'Pulumi under mocks: 20 HardenedDeployment components',
    'kubeharden audit: 40 mixed objects, whole process',
    'kubeharden audit memory: 20 against 40 objects',
    'Scaling from 10 to 100',
    'Start-up: kubeharden audit of one small file',
  ]) {
    expect(out).toContain(title);
  }
  for (const budget of [
    /CPU time kubeharden \/ cdk8s-plus \(peer\): .* = \d+\.\d\d \(budget ≤ 1\) not checked \(smoke\)/,
    /peak RSS kubeharden \/ cdk8s-plus \(peer\): /,
    /CPU time kubeharden \/ floor \(bare ApiObjects\): /,
    /CPU time kubeharden \/ bare @pulumi\/kubernetes \(floor\): /,
    /CPU time kubeharden \/ js-yaml loadAll \(floor\): /,
    /peak RSS hardened 40 \/ hardened 20: /,
    /CPU time synthesis 100 \/ synthesis 10: /,
    /CPU time audit 100 \/ audit 10: /,
    /kubeharden: loads neither cdk8s nor Pulumi \(budget: neither\) ok/,
  ]) {
    expect(out).toMatch(budget);
  }
  expect(out).toContain('Smoke run: every scenario ran.');
}, 300_000);
