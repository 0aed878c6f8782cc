import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Ajv from 'ajv-draft-04';
import { AUDIT_RULES } from '../../src/audit/catalogue';
import { NO_CRITICAL_VULNERABILITIES } from '../../src/audit/vulnerabilities';
import { DOCKERFILE_RULES } from '../../src/rules/dockerfile/registry';
import { RULES } from '../../src/rules/registry';
import { fixture, run } from '../cli/run';

const SCHEMA = join(__dirname, '..', 'fixtures', 'audit', 'sarif-schema-2.1.0.json');
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function validateSarif(data: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value));
  const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

let dir: string;

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'kubeharden-sarif-')));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'deploy'));
  copyFileSync(fixture('compliant.yaml'), join(dir, 'deploy', 'compliant.yaml'));
  copyFileSync(join(__dirname, '..', 'fixtures', 'dockerfile', 'bad-guide.Dockerfile'), join(dir, 'deploy', 'Dockerfile'));
  writeFileSync(join(dir, 'trivy.json'), JSON.stringify({
    ArtifactName: 'registry.example.com/team/app:1.0.0',
    ArtifactType: 'container_image',
    Metadata: { RepoDigests: [`registry.example.com/team/app@${DIGEST}`] },
    Results: [{ Target: 'debian', Vulnerabilities: [{ VulnerabilityID: 'CVE-2024-0001', PkgName: 'libssl3', InstalledVersion: '3.0.11-1', Severity: 'CRITICAL' }] }],
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--format sarif with Dockerfiles and the vulnerability gate', () => {
  let sarif: any;
  beforeAll(async () => {
    const result = await run(['audit', join(dir, 'deploy'), '--vulnerabilities', join(dir, 'trivy.json'), '--format', 'sarif', '--no-config']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    sarif = JSON.parse(result.stdout);
  });

  test('validates against the OASIS SARIF 2.1.0 schema', () => {
    expect(validateSarif(sarif)).toEqual([]);
  });

  test('the driver lists the catalogue, then no-critical-vulnerabilities, then the Dockerfile rules', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual([...RULES.map((r) => r.id), NO_CRITICAL_VULNERABILITIES.id, ...DOCKERFILE_RULES.map((r) => r.id)]);
    expect(AUDIT_RULES.map((r) => r.id)).toEqual(rules.map((r: any) => r.id));
    const nonRoot = DOCKERFILE_RULES.find((r) => r.id === 'dockerfile-non-root-user')!;
    expect(rules.find((r: any) => r.id === nonRoot.id)).toEqual({
      id: 'dockerfile-non-root-user',
      name: 'DockerfileNonRootUser',
      shortDescription: { text: nonRoot.title },
      fullDescription: { text: nonRoot.rationale },
      help: { text: nonRoot.fix, markdown: expect.stringContaining(`**Fix:** ${nonRoot.fix}`) },
      helpUri: expect.stringMatching(/RULES\.md#dockerfile-non-root-user$/),
      defaultConfiguration: { level: 'error' },
      properties: { 'tags': ['security', 'dockerfile'], 'security-severity': '8.0' },
    });
    expect(rules.find((r: any) => r.id === NO_CRITICAL_VULNERABILITIES.id)).toMatchObject({
      shortDescription: { text: NO_CRITICAL_VULNERABILITIES.title },
      defaultConfiguration: { level: 'error' },
      properties: { 'tags': ['security', 'kubernetes', 'vulnerability'], 'security-severity': '9.5' },
    });
  });

  test('each result points at its rule and at the file and line', () => {
    const { results, tool } = sarif.runs[0];
    for (const result of results) expect(tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    const byRule = (id: string) => results.filter((r: any) => r.ruleId === id);
    expect(byRule('no-critical-vulnerabilities').map((r: any) => r.locations[0].physicalLocation))
      .toEqual([{ artifactLocation: { uri: expect.stringMatching(/deploy\/compliant\.yaml$/) }, region: { startLine: 14 } }]);
    expect(byRule('dockerfile-no-secrets').map((r: any) => [r.locations[0].physicalLocation.region.startLine, r.message.text])).toEqual([
      [3, 'Dockerfile/Dockerfile: ENV API_KEY holds an API secret key, which stays in the image'],
      [4, 'Dockerfile/Dockerfile: COPY .env puts an environment file into the image'],
    ]);
  });

  test('every rule has a section in RULES.md, where helpUri points', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'RULES.md'), 'utf8');
    for (const rule of sarif.runs[0].tool.driver.rules) expect(doc).toContain(`\n## ${rule.id}\n`);
  });
});
