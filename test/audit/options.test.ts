import { audit, AuditOptionsError } from '../../src/audit/engine';
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
