/**
 * The generated Pod Security Standards policies allow and deny exactly what the audit engine does
 * (`evaluatePodSecurity` at the latest version), check by check, for Pods and every pod-template controller:
 * on the project's own pass/fail pods, and on Kubernetes' own fixtures when the shared corpus is present.
 */
import * as fs from 'fs';
import * as path from 'path';
import { load } from 'js-yaml';
import { evaluatePolicy } from './cel-harness';
import { podAndControllers, POD_CASES } from './pod-cases';
import { generateAdmissionPolicies, PSS_CEL_CHECKS, PSS_CEL_VERSION } from '../../src/admission';
import { podTemplateOf } from '../../src/core/pod-spec';
import type { KubeObject } from '../../src/core/types';
import { evaluatePodSecurity, PSS_CHECK_IDS } from '../../src/rules/pss';
import { LATEST_PSS_MINOR } from '../../src/rules/pss/registry';
import type { PssLevel } from '../../src/rules/rule';

const LEVELS: readonly PssLevel[] = ['baseline', 'restricted'];

function pssPolicy(level: PssLevel): KubeObject {
  return generateAdmissionPolicies({ pss: level, guideRules: [] }).find((o) => o.kind === 'ValidatingAdmissionPolicy')!;
}

const POLICIES: Record<PssLevel, KubeObject> = { baseline: pssPolicy('baseline'), restricted: pssPolicy('restricted') };

/** The checks the audit engine reports for `object` at `level`, latest version, sorted. */
function engineChecks(object: KubeObject, level: PssLevel): string[] {
  return [...new Set(evaluatePodSecurity(podTemplateOf(object)!, level, 'latest').map((v) => v.check))].sort();
}

/** The checks whose validation the policy fails for `object`, sorted. */
function celChecks(object: KubeObject, level: PssLevel): string[] {
  const outcome = evaluatePolicy(POLICIES[level], object);
  if (!outcome.matched) throw new Error(`policy does not match ${object.kind}`);
  return [...outcome.failedRules].sort();
}

/** Differences between the engine and the policy on `objects`, one line each. */
function disagreements(objects: readonly KubeObject[], level: PssLevel, label: string): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    const expected = engineChecks(object, level);
    const actual = celChecks(object, level);
    if (expected.join() !== actual.join()) problems.push(`${label} as ${object.kind}: engine [${expected}] policy [${actual}]`);
  }
  return problems;
}

test('the CEL implements the latest Pod Security Standards version the engine implements', () => {
  expect({ cel: PSS_CEL_VERSION, engine: LATEST_PSS_MINOR }).toEqual({ cel: LATEST_PSS_MINOR, engine: LATEST_PSS_MINOR });
  expect(Object.keys(PSS_CEL_CHECKS).sort()).toEqual([...PSS_CHECK_IDS].sort());
});

describe.each(LEVELS)('%s policy', (level) => {
  test.each(POD_CASES.map((c) => [c.name, c] as const))('agrees with the audit engine on "%s" (Pod and 7 controllers)', (_name, podCase) => {
    const objects = podAndControllers('case', podCase.spec, podCase.annotations);
    expect(disagreements(objects, level, podCase.name)).toEqual([]);
  });

  test('the project cases exercise every check of the level', () => {
    const failing = new Set(POD_CASES.flatMap((c) => engineChecks(podAndControllers('case', c.spec, c.annotations)[0], level)));
    const validations = String(POLICIES[level].metadata?.annotations?.['kubeharden.io/validation-rules']).split(',');
    expect(validations.filter((id) => !failing.has(id))).toEqual([]);
  });
});

const CORPUS = path.resolve(__dirname, '../../../shared/conformance/pss');

/** The newest `v1.N` directory of the corpus for `level`. */
function latestCorpusDir(level: PssLevel): string | undefined {
  const levelDir = path.join(CORPUS, level);
  if (!fs.existsSync(levelDir)) return undefined;
  const versions = fs.readdirSync(levelDir).map((v) => /^v1\.(\d+)$/.exec(v)).filter((m): m is RegExpExecArray => m !== null);
  const newest = versions.sort((a, b) => Number(b[1]) - Number(a[1]))[0];
  return newest ? path.join(levelDir, newest[0]) : undefined;
}

const corpusPresent = fs.existsSync(CORPUS);
const maybe = corpusPresent ? describe : describe.skip;
if (!corpusPresent) console.log(`Pod Security conformance corpus not found at ${CORPUS}: Kubernetes fixtures skipped for the admission policies`);

maybe('Kubernetes Pod Security Admission fixtures (newest version in the corpus)', () => {
  test.each(LEVELS)('%s policy agrees with the audit engine on every fixture, as a Pod and inside every controller', (level) => {
    const dir = latestCorpusDir(level);
    expect(dir).toBeDefined();
    const files = ['pass', 'fail'].flatMap((outcome) => {
      const folder = path.join(dir!, outcome);
      return fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.yaml')).map((f) => path.join(folder, f)) : [];
    });
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    let denied = 0;
    for (const file of files) {
      const pod = load(fs.readFileSync(file, 'utf8')) as KubeObject;
      const objects = podAndControllers(String(pod.metadata?.name), pod.spec as Record<string, unknown>, pod.metadata?.annotations);
      problems.push(...disagreements(objects, level, path.relative(CORPUS, file)));
      if (celChecks(objects[0], level).length > 0) denied++;
    }
    expect(problems).toEqual([]);
    expect(denied).toBeGreaterThan(0);
  });
});
