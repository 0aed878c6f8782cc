import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv-draft-04';
import { AUDIT_RULES } from '../../src/audit/catalogue';
import { audit } from '../../src/audit/engine';
import { artifactUri, FINGERPRINT_KEY, formatSarif, sarifPieces, toSarif } from '../../src/audit/format-sarif';
import type { AuditReport } from '../../src/audit/types';
import { NO_CRITICAL_VULNERABILITIES } from '../../src/audit/vulnerabilities';
import { applySeverities } from '../../src/config/apply';
import { DOCKERFILE_RULES } from '../../src/rules/dockerfile/registry';
import { RULES } from '../../src/rules/registry';
import { fixture, run } from '../cli/run';
import { compliantDeployment, compliantPolicy, firstContainer, tweak } from '../fixtures';

const COMMITTED_SCHEMA = join(__dirname, '..', 'fixtures', 'audit', 'sarif-schema-2.1.0.json');
const SHARED_SCHEMA = join(__dirname, '..', '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

/** A validator for a draft-04 schema, with the string formats SARIF uses. */
function validatorFor(schemaPath: string): (data: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value));
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
  return (data) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

async function sarifOf(...argv: string[]): Promise<any> {
  const result = await run(['audit', ...argv, '--format', 'sarif']);
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('--format sarif', () => {
  test('validates against the OASIS SARIF 2.1.0 schema (committed copy)', async () => {
    const validate = validatorFor(COMMITTED_SCHEMA);
    expect(validate({ version: '2.1.0', runs: [{ tool: {} }] })).not.toEqual([]);
    for (const files of [['insecure.yaml', 'exempted.yaml', 'helm-rendered.yaml'], ['compliant.yaml']]) {
      expect(validate(await sarifOf(...files.map(fixture)))).toEqual([]);
    }
    expect(validate(await sarifOf(join(process.cwd(), fixture('insecure.yaml'))))).toEqual([]);
  });

  const withSharedSchema = existsSync(SHARED_SCHEMA) ? test : test.skip;
  if (!existsSync(SHARED_SCHEMA)) console.log(`notice: ${SHARED_SCHEMA} not found; validating against the committed copy only`);
  withSharedSchema('validates against the shared OASIS SARIF 2.1.0 schema', async () => {
    expect(validatorFor(SHARED_SCHEMA)(await sarifOf(fixture('insecure.yaml'), fixture('exempted.yaml')))).toEqual([]);
  });

  test('the driver lists every rule of the catalogue with help, severity and level', async () => {
    const sarif = await sarifOf(fixture('compliant.yaml'));
    expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs).toHaveLength(1);
    const driver = sarif.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'kubeharden', version: expect.any(String), informationUri: expect.stringMatching(/^https:\/\//) });
    const ids = [...RULES.map((r) => r.id), NO_CRITICAL_VULNERABILITIES.id, ...DOCKERFILE_RULES.map((r) => r.id)];
    expect(driver.rules.map((r: any) => r.id)).toEqual(ids);
    expect(driver.rules.map((r: any) => r.id)).toEqual(AUDIT_RULES.map((r) => r.id));
    const digest = driver.rules.find((r: any) => r.id === 'image-digest-pinned');
    const rule = RULES.find((r) => r.id === 'image-digest-pinned')!;
    expect(digest).toMatchObject({
      name: 'ImageDigestPinned',
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.rationale },
      help: { text: rule.fix },
      helpUri: expect.stringMatching(/RULES\.md#image-digest-pinned$/),
      defaultConfiguration: { level: 'error' },
      properties: { 'tags': expect.arrayContaining(['security']), 'security-severity': '8.0' },
    });
    const severities = Object.fromEntries(driver.rules.map((r: any) => [AUDIT_RULES.find((x) => x.id === r.id)!.severity, r.properties['security-severity']]));
    expect(severities).toMatchObject({ critical: '9.5', high: '8.0' });
    expect(sarif.runs[0].results).toEqual([]);
  });

  test('results: rule, index, level, message, location with line, resource, fingerprint', async () => {
    const sarif = await sarifOf(fixture('insecure.yaml'));
    const rules = sarif.runs[0].tool.driver.rules;
    const results = sarif.runs[0].results;
    const privileged = results.find((r: any) => r.ruleId === 'no-privileged');
    expect(privileged).toMatchObject({
      ruleIndex: rules.findIndex((r: any) => r.id === 'no-privileged'),
      level: 'error',
      message: { text: expect.stringContaining('Deployment/default/api') },
      locations: [{
        physicalLocation: { artifactLocation: { uri: 'test/fixtures/audit/insecure.yaml' }, region: { startLine: 2 } },
        logicalLocations: [{ name: 'api', fullyQualifiedName: 'Deployment/default/api', kind: 'resource' }],
      }],
      partialFingerprints: { [FINGERPRINT_KEY]: expect.stringMatching(/^[0-9a-f]{64}$/) },
      properties: { path: '/spec/template/spec/containers/0/securityContext/privileged', pssCheck: 'privileged' },
    });
    expect(results.find((r: any) => r.ruleId === 'no-service-account-token').level).toBe('warning');
    expect(results.find((r: any) => r.ruleId === 'trusted-registry').level).toBe('note');
    for (const result of results) expect(rules[result.ruleIndex].id).toBe(result.ruleId);
    const fingerprints = results.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  test('exemptions are results with an external suppression carrying the justification', async () => {
    const sarif = await sarifOf(fixture('exempted.yaml'));
    const suppressed = sarif.runs[0].results.filter((r: any) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      ruleId: 'image-digest-pinned',
      suppressions: [{ kind: 'external', status: 'accepted', justification: 'Vendor publishes tags only; digest pinning tracked in SEC-142', properties: { expires: '2099-12-31' } }],
    });
  });

  test('standard input has no physical location', () => {
    const report: AuditReport = {
      findings: [{
        rule: 'no-external-exposure',
        severity: 'high',
        message: 'Service "web" is of type NodePort',
        fix: 'Use ClusterIP.',
        file: '-',
        line: 3,
        resource: { apiVersion: 'v1', kind: 'Service', name: 'web' },
        path: '/spec/type',
      }],
      exemptions: [],
      summary: { objects: 1, findings: 1, exemptions: 0, bySeverity: { critical: 0, high: 1, medium: 0, low: 0 } },
    };
    const sarif: any = toSarif(report, { rules: RULES, version: '1.2.3', informationUri: 'https://example.com', rulesUri: 'https://example.com/RULES.md' });
    expect(sarif.runs[0].results[0].locations).toEqual([{ logicalLocations: [{ name: 'web', fullyQualifiedName: 'Service/web', kind: 'resource' }] }]);
    expect(validatorFor(COMMITTED_SCHEMA)(sarif)).toEqual([]);
  });
});

describe('rule severities in this run', () => {
  const OPTIONS = { rules: AUDIT_RULES, version: '1.2.3', informationUri: 'https://example.com', rulesUri: 'https://example.com/RULES.md', cwd: '/repo' };
  const severity = { 'no-privileged': 'low', 'dockerfile-no-secrets': 'medium' } as const;
  // A privileged container (no-privileged, critical in the catalogue) whose image names no registry (trusted-registry, a low finding of a medium rule).
  const workload = tweak(compliantDeployment(), (d) => {
    firstContainer(d).securityContext.privileged = true;
    firstContainer(d).image = 'nginx:1.27@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
  });
  const report = applySeverities(audit([workload, compliantPolicy()], { rules: ['no-privileged', 'trusted-registry'] }), severity);
  const sarif: any = toSarif(report, { ...OPTIONS, severity });
  const ruleOf = (id: string) => sarif.runs[0].tool.driver.rules.find((r: any) => r.id === id);
  const resultOf = (id: string) => sarif.runs[0].results.find((r: any) => r.ruleId === id);

  test('a rule the configuration re-rates has that level and security-severity, as its results do', () => {
    expect(ruleOf('no-privileged')).toMatchObject({ defaultConfiguration: { level: 'note' }, properties: { 'security-severity': '3.0' } });
    expect(resultOf('no-privileged')).toMatchObject({ level: 'note', properties: { severity: 'low' } });
    expect(ruleOf('dockerfile-no-secrets')).toMatchObject({ defaultConfiguration: { level: 'warning' }, properties: { 'security-severity': '5.5' } });
  });

  test('rules the configuration does not name keep their catalogue severity', () => {
    expect(ruleOf('no-host-namespaces')).toMatchObject({ defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '9.5' } });
    expect(toSarif(report, OPTIONS)).toMatchObject({
      runs: [{
        tool: {
          driver: {
            rules: expect.arrayContaining([expect.objectContaining({
              id: 'no-privileged',
              defaultConfiguration: { level: 'error' },
              properties: expect.objectContaining({ 'security-severity': '9.5' }),
            })]),
          },
        },
      }],
    });
  });

  test('a result rated apart from its rule says so with its level and severity, not with a security-severity of its own', () => {
    expect(ruleOf('trusted-registry')).toMatchObject({ defaultConfiguration: { level: 'warning' }, properties: { 'security-severity': '5.5' } });
    const result = resultOf('trusted-registry');
    expect(result).toMatchObject({ level: 'note', properties: { severity: 'low' } });
    expect(result.properties).not.toHaveProperty('security-severity');
  });

  test('the log validates against the SARIF 2.1.0 schema (the shared copy too, when present)', () => {
    expect(validatorFor(COMMITTED_SCHEMA)(sarif)).toEqual([]);
    if (existsSync(SHARED_SCHEMA)) expect(validatorFor(SHARED_SCHEMA)(sarif)).toEqual([]);
  });
});

describe('SARIF in pieces', () => {
  const OPTIONS = { rules: RULES, version: '1.2.3', informationUri: 'https://example.com', rulesUri: 'https://example.com/RULES.md', cwd: '/repo' };
  const report = (services: number, exempted: number): AuditReport => {
    const entry = (i: number) => ({
      rule: 'no-external-exposure',
      severity: 'high' as const,
      message: `Service "web-${i}" is of type NodePort`,
      file: 'k8s/services.yaml',
      line: 10 * i + 1,
      resource: { apiVersion: 'v1', kind: 'Service', name: `web-${i}`, namespace: 'shop' },
      path: '/spec/type',
    });
    return {
      findings: Array.from({ length: services }, (_, i) => ({ ...entry(i), fix: 'Use ClusterIP.' })),
      exemptions: Array.from({ length: exempted }, (_, i) => ({
        ...entry(services + i),
        justification: 'Reached by the partner VPN only, see NET-12',
        expires: '2099-12-31',
      })),
      summary: {
        objects: services + exempted,
        findings: services,
        exemptions: exempted,
        bySeverity: { critical: 0, high: services, medium: 0, low: 0 },
      },
    };
  };

  test.each([[0, 0], [1, 0], [0, 1], [30, 5]])('%i findings and %i exemptions: the pieces join to the whole log, pretty-printed', (findings, exemptions) => {
    const whole = JSON.stringify(toSarif(report(findings, exemptions), OPTIONS), null, 2) + '\n';
    const pieces = [...sarifPieces(report(findings, exemptions), OPTIONS, 2000)];
    expect(pieces.join('')).toBe(whole);
    expect(formatSarif(report(findings, exemptions), OPTIONS)).toBe(whole);
    if (findings + exemptions > 20) expect(pieces.length).toBeGreaterThan(5);
    expect(validatorFor(COMMITTED_SCHEMA)(JSON.parse(whole))).toEqual([]);
  });
});

describe('artifactUri', () => {
  test.each([
    ['k8s/app.yaml', 'k8s/app.yaml'],
    ['./k8s/app.yaml', 'k8s/app.yaml'],
    ['/repo/k8s/app.yaml', 'k8s/app.yaml'],
    ['k8s/my app#1.yaml', 'k8s/my%20app%231.yaml'],
    ['../other/app.yaml', 'file:///other/app.yaml'],
    ['/elsewhere/app.yaml', 'file:///elsewhere/app.yaml'],
  ])('%s is %s', (file, uri) => {
    expect(artifactUri(file, '/repo')).toBe(uri);
  });
});
