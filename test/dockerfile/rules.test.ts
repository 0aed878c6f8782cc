/**
 * Each Dockerfile rule on its own fixtures, `test/fixtures/dockerfile/<rule-id>/{pass,fail}-*.Dockerfile`: a pass
 * fixture yields no finding of the rule, a fail fixture yields findings exactly on the lines of its
 * `# expect-lines:` header.
 */
import * as fs from 'fs';
import * as path from 'path';
import { auditDockerfile } from '../../src/dockerfile';
import { DOCKERFILE_RULES } from '../../src/rules/dockerfile/registry';

const FIXTURES = path.join(__dirname, '../fixtures/dockerfile');

function fixturesOf(ruleId: string, outcome: 'pass' | 'fail'): string[] {
  const dir = path.join(FIXTURES, ruleId);
  return fs.readdirSync(dir).filter((f) => f.startsWith(`${outcome}-`)).sort();
}

function expectedLines(text: string): number[] {
  const header = /^# expect-lines:((?: \d+)+)$/m.exec(text);
  if (!header) throw new Error('fail fixture without "# expect-lines:" header');
  return header[1].trim().split(' ').map(Number);
}

describe.each(DOCKERFILE_RULES.map((rule) => [rule.id]))('%s', (ruleId) => {
  const read = (file: string) => fs.readFileSync(path.join(FIXTURES, ruleId, file), 'utf8');

  test('has pass and fail fixtures', () => {
    expect(fixturesOf(ruleId, 'pass').length).toBeGreaterThan(0);
    expect(fixturesOf(ruleId, 'fail').length).toBeGreaterThan(0);
  });

  test.each(fixturesOf(ruleId, 'pass'))('passes %s', (file) => {
    expect(auditDockerfile(read(file), file, { rules: [ruleId] })).toEqual([]);
  });

  test.each(fixturesOf(ruleId, 'fail'))('fails %s on the expected lines', (file) => {
    const text = read(file);
    const findings = auditDockerfile(text, file, { rules: [ruleId] });
    expect([...new Set(findings.map((f) => f.line))]).toEqual(expectedLines(text));
    for (const finding of findings) {
      expect(finding.rule).toBe(ruleId);
      expect(finding.path).toMatch(/^\/(?:stages\/\d+\/(?:FROM|instructions\/\d+)|args\/\d+)$/);
    }
  });
});
