import { formatOverridesAnnotation, justificationProblem, readOverridesAnnotation, todayIso, validateOverrides } from '../../src/core/overrides';
import { RULE_IDS } from '../../src/rules/registry';

const options = { knownRules: RULE_IDS, today: '2026-11-28', where: '[chart/api]' };
const good = 'Vendor publishes tags only; digest pinning tracked in SEC-142';

describe('validateOverrides', () => {
  test('accepts a justified override and keeps expires', () => {
    expect(validateOverrides([{ rule: 'image-digest-pinned', justification: good, expires: '2027-06-30' }], options))
      .toEqual([{ rule: 'image-digest-pinned', justification: good, expires: '2027-06-30' }]);
  });

  test('accepts an override expiring today', () => {
    expect(validateOverrides([{ rule: 'image-digest-pinned', justification: good, expires: '2026-11-28' }], options)).toHaveLength(1);
  });

  test.each([
    [[{ rule: 'image-digest-pined', justification: good }],
      '[chart/api] overrides[0] names unknown rule "image-digest-pined". Fix: use a rule id from RULES.md (did you mean "image-digest-pinned"?).'],
    [[{ rule: 'no-such-thing-at-all-here', justification: good }],
      '[chart/api] overrides[0] names unknown rule "no-such-thing-at-all-here". Fix: use a rule id from RULES.md.'],
    [[{ rule: 'image-digest-pinned', justification: 'legacy' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has a justification shorter than 20 characters ("legacy"). Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).'],
    [[{ rule: 'image-digest-pinned', justification: 'TODO' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has a placeholder justification ("TODO"). Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).'],
    [[{ rule: 'image-digest-pinned', justification: 'Lorem ipsum dolor sit amet, consectetur' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has a placeholder justification ("Lorem ipsum dolor sit amet, consectetur"). Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).'],
    [[{ rule: 'image-digest-pinned', justification: 'n/a' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has a placeholder justification ("n/a"). Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).'],
    [[{ rule: 'image-digest-pinned' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has no justification. Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).'],
    [[{ rule: 'image-digest-pinned', justification: good, expires: '2026-11-27' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" expired on 2026-11-27. Fix: remove the weakening, or renew the override with a new expires date and justification.'],
    [[{ rule: 'image-digest-pinned', justification: good, expires: '2027-02-30' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has an invalid expires "2027-02-30". Fix: use an ISO date, YYYY-MM-DD.'],
    [[{ rule: 'image-digest-pinned', justification: good }, { rule: 'image-digest-pinned', justification: good }],
      '[chart/api] rule "image-digest-pinned" is overridden twice. Fix: keep one override per rule.'],
    [[{ justification: good }],
      '[chart/api] overrides[0] has no rule. Fix: set rule to a rule id from RULES.md (e.g. "read-only-root-filesystem").'],
    ['image-digest-pinned', '[chart/api] overrides must be a list of { rule, justification, expires? } objects.'],
    [[{ rule: 'image-digest-pinned', justification: good, expiry: '2020-01-01' }],
      '[chart/api] overrides[0] has unknown field "expiry". Fix: an override has only rule, justification and expires (did you mean "expires"?).'],
    [[{ rule: 'image-digest-pinned', justification: good, ticket: 'SEC-142' }],
      '[chart/api] overrides[0] has unknown field "ticket". Fix: an override has only rule, justification and expires.'],
    [[{ rule: 'image-digest-pinned', justification: '<why, at least 20 characters>' }],
      '[chart/api] overrides[0] for rule "image-digest-pinned" has a placeholder justification ("<why, at least 20 characters>"). Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).'],
  ])('rejects %j', (overrides, message) => {
    expect(() => validateOverrides(overrides, options)).toThrow(message);
  });
});

describe('justificationProblem', () => {
  test.each(['aaaaaaaaaaaaaaaaaaaaaaaa', 'x x x x x x x x x x x x x', 'todo: write a reason later on'])('rejects %j', (text) => {
    expect(justificationProblem(text)).toBeDefined();
  });
  test('accepts a real explanation', () => {
    expect(justificationProblem('Writes its cache to /var/lib/legacy; replacement planned in SEC-150')).toBeUndefined();
  });
});

describe('the overrides annotation', () => {
  test('round-trips, rules sorted', () => {
    const text = formatOverridesAnnotation([
      { rule: 'read-only-root-filesystem', justification: good },
      { rule: 'image-digest-pinned', justification: good, expires: '2027-06-30' },
    ]);
    expect(JSON.parse(text).map((o: { rule: string }) => o.rule)).toEqual(['image-digest-pinned', 'read-only-root-filesystem']);
    expect(readOverridesAnnotation({ 'kubeharden.io/overrides': text }).overrides).toHaveLength(2);
  });

  test.each([
    [[{ rule: 'image-digest-pinned', justification: good, expiry: '2020-01-01' }],
      'annotation kubeharden.io/overrides has an entry with unknown field "expiry" (did you mean "expires"?): an override has only rule, justification and expires'],
    [[{ rule: 'image-digest-pinned', justification: good, expires: 20270630 }],
      'annotation kubeharden.io/overrides has an entry whose expires is not a YYYY-MM-DD string'],
  ])('reports an entry that would silently lose its expiry: %j', (entries, error) => {
    expect(readOverridesAnnotation({ 'kubeharden.io/overrides': JSON.stringify(entries) }).error).toBe(error);
  });

  test('reports invalid JSON', () => {
    expect(readOverridesAnnotation({ 'kubeharden.io/overrides': '[{' }).error).toBe('annotation kubeharden.io/overrides is not valid JSON');
  });
});

describe('todayIso', () => {
  test('formats a given date in UTC', () => {
    expect(todayIso(new Date('2026-03-04T23:59:59.999Z'))).toBe('2026-03-04');
    expect(todayIso(new Date('2026-03-05T00:00:00.000Z'))).toBe('2026-03-05');
  });

  test('is the current UTC day, also across midnight', () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(Date.parse('2026-12-31T23:59:59.999Z'));
      expect(todayIso()).toBe('2026-12-31');
      now.mockReturnValue(Date.parse('2027-01-01T00:00:00.000Z'));
      expect(todayIso()).toBe('2027-01-01');
      now.mockReturnValue(Date.parse('2026-12-31T12:00:00.000Z'));
      expect(todayIso()).toBe('2026-12-31');
    } finally {
      now.mockRestore();
    }
    expect(todayIso()).toBe(new Date().toISOString().slice(0, 10));
  });
});
