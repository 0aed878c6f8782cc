import { audit, Auditor, AuditOptionsError, InvalidObjectError } from '../../src/audit/engine';
import type { AuditOptions } from '../../src/audit/engine';
import { LATEST_PSS_VERSION } from '../../src/rules/pss';

describe('audit options of the library', () => {
  test.each<[AuditOptions, string]>([
    [{ rules: ['run-as-root'] }, 'unknown rule "run-as-root": see RULES.md for the rule ids'],
    [{ pss: 'strict' as any }, 'invalid Pod Security Standards level "strict": use baseline or restricted'],
    [{ pssVersion: 'v2.0' }, `invalid Pod Security Standards version "v2.0": use v1.0 … ${LATEST_PSS_VERSION} or latest`],
    [{ today: 'tomorrow' }, 'invalid date "tomorrow": use YYYY-MM-DD'],
    [{ today: '2026-02-30' }, 'invalid date "2026-02-30": use YYYY-MM-DD'],
  ])('%j is an AuditOptionsError', (options, message) => {
    expect(() => audit([], options)).toThrow(new AuditOptionsError(message));
    expect(() => audit([], options)).toThrow(AuditOptionsError);
  });

  test('valid options audit nothing without error', () => {
    expect(audit([], { rules: ['run-as-non-root'], pss: 'baseline', pssVersion: 'latest', today: '2026-12-04' }).findings).toEqual([]);
  });
});

describe('inputs that are not Kubernetes objects', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [] } };
  const fix = "not a Kubernetes object. Fix: pass objects with apiVersion and kind, such as { apiVersion: 'v1', kind: 'Pod', ... }";

  test.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'undefined'],
    [42, 'a number'],
    ['kind: Pod', 'a string'],
    [[pod], 'a list'],
    [{ metadata: { name: 'web' } }, 'a mapping without apiVersion and kind'],
    [{ kind: 'Pod' }, 'a mapping without apiVersion'],
    [{ apiVersion: 'v1', kind: '' }, 'a mapping without kind'],
  ])('%j fails the audit, naming its position', (input, what) => {
    const message = `object 2 is ${what}, ${fix}`;
    expect(() => audit([pod, input as any])).toThrow(new InvalidObjectError(message));
    const session = new Auditor().start();
    session.add(pod);
    session.add(input as any);
    expect(() => session.finish()).toThrow(new InvalidObjectError(message));
  });

  test('the error carries the file and line of an AuditInput', () => {
    const error = captureError(() => audit([{ object: 7 as any, file: 'app.yaml', line: 4 }]));
    expect(error).toBeInstanceOf(InvalidObjectError);
    expect(error).toMatchObject({ message: `object 1 is a number, ${fix}`, file: 'app.yaml', line: 4 });
  });
});

function captureError(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
