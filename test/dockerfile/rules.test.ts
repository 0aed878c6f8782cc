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

describe('dockerfile-no-secrets on LABEL', () => {
  const findings = (...lines: string[]) => auditDockerfile(`FROM scratch\n${lines.join('\n')}\nUSER 65532\n`, 'Dockerfile', { rules: ['dockerfile-no-secrets'] })
    .map((f) => [f.line, f.message]);

  test('a label is a secret by its key, as ENV and ARG are', () => {
    expect(findings('LABEL password=hunter2hunter2', 'LABEL "com.example.api-key"="abcDEF123456ghi"', 'LABEL com.example.token=${API_TOKEN}')).toEqual([
      [2, 'LABEL password holds a literal password, which stays in the image'],
      [3, 'LABEL com.example.api-key holds a literal secret value, which stays in the image'],
      [4, 'LABEL com.example.token is named like a secret: labels are stored in the image configuration'],
    ]);
  });

  test('a label is a secret by its value, whatever its key', () => {
    expect(findings('LABEL build.note=ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toEqual([
      [2, 'LABEL build.note holds a GitHub token, which stays in the image'],
    ]);
  });

  test('the OCI and label-schema annotations, and keys that describe a secret, are not secrets', () => {
    const oci = ['created=2024-01-01T00:00:00Z', 'authors="Jane Doe <jane@example.com>"', 'url=https://example.com', 'documentation=https://example.com/docs',
      'source=https://github.com/example/app', 'version=1.2.3', 'revision=0123abcd', 'vendor=ACME', 'licenses=Apache-2.0', 'ref.name=v1.2.3',
      'title=app', 'description="The app"', 'base.digest=sha256:0123abcd', 'base.name=docker.io/library/alpine:3.20'];
    expect(findings(
      ...oci.map((label) => `LABEL org.opencontainers.image.${label}`),
      'LABEL org.label-schema.schema-version=1.0 org.label-schema.vcs-ref=0123abcd maintainer="Jane Doe <jane@example.com>"',
      'LABEL com.example.token.url=https://auth.example.com/token com.example.secret.name=db-credentials com.example.password.file=/run/secrets/db',
    )).toEqual([]);
  });
});
