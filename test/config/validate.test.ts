import Ajv from 'ajv';
import { audit } from '../../src/audit/engine';
import { applySeverities, auditOptionsFromConfig, blockingFindings, CONFIG_SCHEMA, InvalidConfigError, mergeConfig, validateConfig } from '../../src/config';
import { ruleDocsLink, rulesDocumentUrl } from '../../src/config/rule-docs';
import { DOCKERFILE_RULES } from '../../src/rules/dockerfile/registry';
import { RULES } from '../../src/rules/registry';
import { compliantDeployment } from '../fixtures';

/** Messages with the RULES.md links written relative, whatever repository package.json names. */
const RULES_DOC = ruleDocsLink('x').slice(0, -'#x'.length);
const relativeLinks = (text: string) => text.split(`${RULES_DOC}#`).join('RULES.md#');

const FILE = '/project/kubeharden.config.json';

function messageOf(value: unknown, filepath = FILE): string {
  try {
    validateConfig(value, filepath);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidConfigError);
    return relativeLinks((e as Error).message);
  }
  throw new Error('expected an InvalidConfigError');
}

describe('validateConfig', () => {
  test('accepts every rule the audit reports: Kubernetes, Dockerfile and vulnerability rules', () => {
    const config = { rules: ['run-as-non-root', 'dockerfile-no-secrets', 'no-critical-vulnerabilities'], severity: { 'dockerfile-multi-stage': 'low' } };
    expect(validateConfig(config, FILE)).toBe(config);
  });

  test('accepts an empty configuration and returns valid ones unchanged', () => {
    expect(validateConfig({}, FILE)).toEqual({});
    const config = { pss: 'baseline', pssVersion: 'latest', failOn: 'never', rules: 'pss', allowedRegistries: ['registry.example.com'] };
    expect(validateConfig(config, FILE)).toBe(config);
  });

  test.each<[string, unknown, string]>([
    ['not a mapping', ['failOn'],
      'the configuration must be a mapping of settings, not a list. Fix: write settings such as { "failOn": "high" } (see docs/ecosystem.md).'],
    ['an unknown key', { allowedRegistry: ['ghcr.io'] },
      'unknown field "allowedRegistry". Fix: remove it, or use one of allowedRegistries, pss, pssVersion, failOn, rules, severity (did you mean "allowedRegistries"?).'],
    ['an unknown key far from any', { colour: true },
      'unknown field "colour". Fix: remove it, or use one of allowedRegistries, pss, pssVersion, failOn, rules, severity.'],
    ['a misspelt severity', { failOn: 'hihg' },
      'field "failOn" "hihg" is not a severity. Fix: use one of critical, high, medium, low, never (did you mean "high"?).'],
    ['a number for failOn', { failOn: 3 },
      'field "failOn" 3 is not a severity. Fix: use one of critical, high, medium, low, never.'],
    ['an unknown level', { pss: 'strict' },
      'field "pss" "strict" is not a Pod Security Standards level. Fix: use "baseline" or "restricted".'],
    ['a version without v', { pssVersion: '1.30' },
      'field "pssVersion" "1.30" is not a Pod Security Standards version. Fix: use v1.N (e.g. "v1.30") or "latest".'],
    ['a registry with a scheme', { allowedRegistries: ['https://ghcr.io'] },
      'field "allowedRegistries[0]" "https://ghcr.io" is not a registry. Fix: write a registry host with an optional path, without scheme or wildcard (e.g. "ghcr.io/acme").'],
    ['registries as a string', { allowedRegistries: 'ghcr.io' },
      'field "allowedRegistries" must be a list of registries, not a string. Fix: write e.g. ["registry.example.com", "ghcr.io/acme"].'],
    ['an unknown rule selection', { rules: 'some' },
      'field "rules" "some" is not a rule selection. Fix: use "all", "pss" or a list of rule ids from RULES.md.'],
    ['a misspelt rule', { rules: ['run-as-nonroot'] },
      'field "rules[0]" names unknown rule "run-as-nonroot". Fix: use a rule id from RULES.md (did you mean "run-as-non-root"?).'],
    ['an empty rule list', { rules: [] },
      'field "rules" is an empty list, which would run no rule. Fix: list rule ids from RULES.md, or remove the field to run all rules.'],
    ['a rule listed twice', { rules: ['image-digest-pinned', 'image-digest-pinned'] },
      'field "rules[1]" repeats rule "image-digest-pinned". Fix: list each rule once.'],
    ['a severity for an unknown rule', { severity: { 'image-digest-pined': 'high' } },
      'field "severity" names unknown rule "image-digest-pined". Fix: use a rule id from RULES.md (did you mean "image-digest-pinned"?).'],
    ['an unknown severity', { severity: { 'trusted-registry': 'urgent' } },
      'field "severity.trusted-registry" "urgent" is not a severity. Fix: use one of critical, high, medium, low (see RULES.md#trusted-registry).'],
    ['never as a rule severity', { severity: { 'trusted-registry': 'never' } },
      'field "severity.trusted-registry" "never" is not a severity. Fix: use one of critical, high, medium, low (see RULES.md#trusted-registry).'],
    ['severity as a list', { severity: ['high'] },
      'field "severity" must map rule ids to severities, not a list. Fix: write e.g. { "trusted-registry": "high" }.'],
  ])('rejects %s', (_name, value, message) => {
    expect(messageOf(value)).toBe(`${FILE}: ${message}`);
  });

  test('lists several problems, one per line', () => {
    expect(messageOf({ failOn: 'hihg', pss: 'strict', extra: 1 })).toBe([
      `${FILE}: 3 problems in the kubeharden configuration:`,
      '  - unknown field "extra". Fix: remove it, or use one of allowedRegistries, pss, pssVersion, failOn, rules, severity.',
      '  - field "pss" "strict" is not a Pod Security Standards level. Fix: use "baseline" or "restricted".',
      '  - field "failOn" "hihg" is not a severity. Fix: use one of critical, high, medium, low, never (did you mean "high"?).',
    ].join('\n'));
  });

  test('prefixes fields with kubeharden. in a package.json, or with a given prefix', () => {
    expect(messageOf({ failOn: 'x' }, '/p/package.json')).toBe(
      '/p/package.json: field "kubeharden.failOn" "x" is not a severity. Fix: use one of critical, high, medium, low, never.');
    expect(() => validateConfig({ failOn: 'x' }, 'cdk8s.yaml', { fieldPrefix: 'properties.' })).toThrow(
      'cdk8s.yaml: field "properties.failOn" "x" is not a severity. Fix: use one of critical, high, medium, low, never.');
  });
});

describe('CONFIG_SCHEMA', () => {
  test('is a valid draft-07 schema listing every rule id', () => {
    const ajv = new Ajv({ strict: true });
    expect(ajv.validateSchema(CONFIG_SCHEMA)).toBe(true);
    expect(CONFIG_SCHEMA.properties.severity.propertyNames.enum).toEqual([...RULES.map((r) => r.id), 'no-critical-vulnerabilities', ...DOCKERFILE_RULES.map((r) => r.id)]);
    expect(CONFIG_SCHEMA.additionalProperties).toBe(false);
  });
});

describe('applying a configuration', () => {
  test('auditOptionsFromConfig keeps the audit settings only', () => {
    expect(auditOptionsFromConfig({ pss: 'baseline', pssVersion: 'v1.25', rules: ['run-as-non-root'], allowedRegistries: ['ghcr.io'], failOn: 'low' }))
      .toEqual({ pss: 'baseline', pssVersion: 'v1.25', rules: ['run-as-non-root'], allowedRegistries: ['ghcr.io'] });
    expect(auditOptionsFromConfig({})).toEqual({});
  });

  test('mergeConfig lets defined settings of the second win', () => {
    expect(mergeConfig({ failOn: 'low', pss: 'baseline' }, { failOn: 'critical', pss: undefined })).toEqual({ failOn: 'critical', pss: 'baseline' });
  });

  test('applySeverities re-rates findings and recounts the summary', () => {
    const deployment = compliantDeployment();
    deployment.spec.template.spec.containers[0].image = 'nginx@sha256:' + '0'.repeat(64);
    const report = audit([deployment], { rules: ['trusted-registry'] });
    expect(report.findings.map((f) => f.severity)).toEqual(['low']);
    const rerated = applySeverities(report, { 'trusted-registry': 'high' });
    expect(rerated.findings.map((f) => [f.rule, f.severity])).toEqual([['trusted-registry', 'high']]);
    expect(rerated.summary.bySeverity).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
    expect(blockingFindings(report)).toEqual([]);
    expect(blockingFindings(rerated)).toHaveLength(1);
    expect(blockingFindings(rerated, 'never')).toEqual([]);
  });
});

describe('rule documentation links', () => {
  test.each([
    [undefined, 'RULES.md'],
    ['github:acme/kubeharden', 'https://github.com/acme/kubeharden/blob/HEAD/RULES.md'],
    ['acme/kubeharden', 'https://github.com/acme/kubeharden/blob/HEAD/RULES.md'],
    [{ type: 'git', url: 'git+https://github.com/acme/kubeharden.git' }, 'https://github.com/acme/kubeharden/blob/HEAD/RULES.md'],
    ['https://gitlab.com/acme/kubeharden', 'RULES.md'],
  ])('repository %j gives %s', (repository, url) => {
    expect(rulesDocumentUrl(repository)).toBe(url);
  });
});
