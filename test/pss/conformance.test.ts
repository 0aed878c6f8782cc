/**
 * Conformance with Kubernetes' own Pod Security Admission fixtures, when the shared corpus is present:
 * every `pass` fixture yields no violation, every `fail` fixture a violation of the check it is named after.
 */
import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { podTemplateOf } from '../../src/core/pod-spec';
import type { KubeObject } from '../../src/core/types';
import { evaluatePodSecurity, PssViolation } from '../../src/rules/pss';
import type { PssLevel } from '../../src/rules/rule';

const CORPUS = path.resolve(__dirname, '../../../shared/conformance/pss');
const present = fs.existsSync(CORPUS);
const maybe = present ? describe : describe.skip;
if (!present) console.log(`Pod Security conformance corpus not found at ${CORPUS}: conformance tests skipped`);

interface VersionDir {
  readonly level: PssLevel;
  readonly version: string;
  readonly minor: number;
  readonly dir: string;
}

function versionDirs(): VersionDir[] {
  if (!present) return [];
  const dirs: VersionDir[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    const levelDir = path.join(CORPUS, level);
    if (!fs.existsSync(levelDir)) continue;
    for (const version of fs.readdirSync(levelDir)) {
      const match = /^v1\.(\d+)$/.exec(version);
      if (match) dirs.push({ level, version, minor: Number(match[1]), dir: path.join(levelDir, version) });
    }
  }
  return dirs.sort((a, b) => a.level.localeCompare(b.level) || a.minor - b.minor);
}

function fixtures(dir: string, outcome: 'pass' | 'fail'): string[] {
  const folder = path.join(dir, outcome);
  return fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(folder, f)) : [];
}

function evaluateFixture(file: string, level: PssLevel, version: string): PssViolation[] {
  const view = podTemplateOf(load(fs.readFileSync(file, 'utf8')) as KubeObject);
  if (!view) throw new Error(`${file} has no pod spec`);
  return evaluatePodSecurity(view, level, version);
}

/** True when `violation` reports `expected` (a lower-cased check id). */
function reports(violation: PssViolation, expected: string): boolean {
  return violation.check.toLowerCase() === expected;
}

maybe('Pod Security Admission conformance fixtures', () => {
  const dirs = versionDirs();

  test('the corpus holds fixtures', () => {
    expect(dirs.length).toBeGreaterThan(0);
  });

  if (dirs.length === 0) return;

  test.each(dirs)('$level $version agrees with Kubernetes', ({ level, version, dir }) => {
    const mismatches: string[] = [];
    for (const file of fixtures(dir, 'pass')) {
      const violations = evaluateFixture(file, level, version);
      if (violations.length > 0) mismatches.push(`${path.basename(file)} should pass: ${violations.map((v) => `${v.check}: ${v.message}`).join('; ')}`);
    }
    for (const file of fixtures(dir, 'fail')) {
      const expected = path.basename(file, '.yaml').replace(/\d+$/, '').toLowerCase();
      const violations = evaluateFixture(file, level, version);
      if (!violations.some((v) => reports(v, expected))) {
        mismatches.push(`${path.basename(file)} should fail ${expected}: got ${violations.map((v) => v.check).join(', ') || 'no violation'}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
