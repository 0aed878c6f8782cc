import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, resolve } from 'path';
import { fixture, run } from './run';
import type { AuditReport } from '../../src/audit/types';
import { loadConfig } from '../../src/config';
import { ruleDocsLink } from '../../src/config/rule-docs';

/** RULES.md links written relative, whatever repository package.json names. */
const RULES_DOC = ruleDocsLink('x').slice(0, -'#x'.length);
const relativeLinks = (text: string) => text.split(`${RULES_DOC}#`).join('RULES.md#');

const REPO = resolve(__dirname, '..', '..');
/** Absolute paths of the manifest fixtures: the tests run from temporary directories. */
const INSECURE = join(REPO, fixture('insecure.yaml'));
const COMPLIANT = join(REPO, fixture('compliant.yaml'));

let root: string;
let count = 0;
const cwd = process.cwd();

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'kubeharden-config-')));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => process.chdir(cwd));

/**
 * A fresh repository (a directory with `.git`, where the search for a configuration stops) holding `files`,
 * with the working directory in its `app/` subdirectory.
 */
function repository(files: Record<string, string>): string {
  const dir = join(root, `repo-${++count}`);
  mkdirSync(join(dir, '.git'), { recursive: true });
  mkdirSync(join(dir, 'app'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  process.chdir(join(dir, 'app'));
  return dir;
}

async function auditJson(...argv: string[]): Promise<{ code: number; report: AuditReport; stderr: string }> {
  const result = await run(['audit', ...argv, '--format', 'json']);
  return { code: result.code, report: JSON.parse(result.stdout || 'null'), stderr: result.stderr };
}

const rulesOf = (report: AuditReport) => [...new Set(report.findings.map((f) => f.rule))].sort();

test('the repository has no kubeharden configuration of its own that other tests would read', () => {
  expect(loadConfig(REPO)).toBeUndefined();
});

describe('the configuration file found from the working directory up', () => {
  test('its rules and failOn apply', async () => {
    repository({ 'kubeharden.config.yaml': 'rules: [image-digest-pinned, no-external-exposure]\nfailOn: never\n' });
    const { code, report, stderr } = await auditJson(INSECURE);
    expect(stderr).toBe('');
    expect(rulesOf(report)).toEqual(['image-digest-pinned', 'no-external-exposure']);
    expect(code).toBe(0);
  });

  test('its severities are the rules\' in SARIF too, where code scanning ranks alerts by the rule', async () => {
    repository({ '.kubehardenrc.json': JSON.stringify({ rules: ['image-digest-pinned'], severity: { 'image-digest-pinned': 'low' } }) });
    const result = await run(['audit', INSECURE, '--format', 'sarif']);
    const rule = JSON.parse(result.stdout).runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'image-digest-pinned');
    expect({ level: rule.defaultConfiguration.level, securitySeverity: rule.properties['security-severity'] }).toEqual({ level: 'note', securitySeverity: '3.0' });
  });

  test('its severities replace the catalogue\'s, and the summary counts them', async () => {
    repository({ '.kubehardenrc.json': JSON.stringify({ rules: ['image-digest-pinned'], severity: { 'image-digest-pinned': 'low' } }) });
    const { code, report } = await auditJson(INSECURE);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['image-digest-pinned', 'low']]);
    expect(report.summary.bySeverity).toEqual({ critical: 0, high: 0, medium: 0, low: 1 });
    expect(code).toBe(0);
  });

  test('its rules and severities may name the Dockerfile rules and the vulnerability gate', async () => {
    const dir = repository({
      'kubeharden.config.json': JSON.stringify({
        rules: ['dockerfile-non-root-user', 'no-critical-vulnerabilities'], severity: { 'dockerfile-non-root-user': 'low' },
      }),
    });
    writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM registry.example.com/base@sha256:' + '0'.repeat(64) + '\nCMD ["serve"]\n');
    const { code, report } = await auditJson('Dockerfile', INSECURE);
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['dockerfile-non-root-user', 'low']]);
    expect(code).toBe(0);
  });

  test('its allowedRegistries', async () => {
    repository({ 'kubeharden.config.json': JSON.stringify({ rules: ['trusted-registry'], allowedRegistries: ['ghcr.io/acme'] }) });
    const { report } = await auditJson(COMPLIANT);
    expect(report.findings.map((f) => f.message)).toEqual([expect.stringContaining('registry.example.com')]);
  });

  test('its pss and pssVersion', async () => {
    repository({ 'kubeharden.config.yml': 'pss: baseline\npssVersion: v1.30\nrules: pss\n' });
    const { report } = await auditJson(INSECURE);
    expect(report.findings.map((f) => f.pssCheck)).toEqual(['privileged']);
  });

  test('the kubeharden key of package.json', async () => {
    repository({ 'package.json': JSON.stringify({ name: 'shop', kubeharden: { failOn: 'critical', rules: ['image-digest-pinned'] } }) });
    expect((await auditJson(INSECURE)).code).toBe(0);
  });

  test('nothing above the repository root is read', async () => {
    const dir = repository({});
    writeFileSync(join(dirname(dir), 'kubeharden.config.yaml'), 'failOn: never\n');
    try {
      expect((await auditJson(INSECURE)).code).toBe(1);
    } finally {
      rmSync(join(dirname(dir), 'kubeharden.config.yaml'));
    }
  });
});

describe('command-line options win over the configuration file', () => {
  const config = 'rules: [image-digest-pinned]\nfailOn: never\npss: baseline\n';

  test('--fail-on', async () => {
    repository({ 'kubeharden.config.yaml': config });
    expect((await auditJson(INSECURE, '--fail-on', 'high')).code).toBe(1);
  });

  test('--rules', async () => {
    repository({ 'kubeharden.config.yaml': config });
    expect(rulesOf((await auditJson(INSECURE, '--rules', 'no-privileged,no-external-exposure')).report)).toEqual(['no-external-exposure', 'no-privileged']);
  });

  test('--pss', async () => {
    repository({ 'kubeharden.config.yaml': config });
    const baseline = await auditJson(INSECURE, '--rules', 'pss');
    const restricted = await auditJson(INSECURE, '--rules', 'pss', '--pss', 'restricted');
    expect(baseline.report.findings.map((f) => f.pssCheck)).toEqual(['privileged']);
    expect(restricted.report.findings.map((f) => f.pssCheck)).toEqual(expect.arrayContaining(['privileged', 'runAsNonRoot', 'seccompProfile_restricted']));
  });

  test('settings the command line does not give still come from the file', async () => {
    repository({ 'kubeharden.config.yaml': config });
    const { code, report } = await auditJson(INSECURE, '--rules', 'no-privileged');
    expect(rulesOf(report)).toEqual(['no-privileged']);
    expect(code).toBe(0); // failOn: never
  });
});

describe('--config and --no-config', () => {
  test('--config names the file, and the one that would be found is not read', async () => {
    const dir = repository({ 'kubeharden.config.yaml': 'failOn: never\n', 'ci/strict.yaml': 'failOn: low\nrules: [trusted-registry]\n' });
    const { code, report } = await auditJson(INSECURE, '--config', join(dir, 'ci', 'strict.yaml'));
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([['trusted-registry', 'low']]);
    expect(code).toBe(1);
    expect((await auditJson(INSECURE, '--config=../ci/strict.yaml')).code).toBe(1);
  });

  test('--no-config reads none', async () => {
    repository({ 'kubeharden.config.yaml': 'failOn: never\n' });
    expect((await auditJson(INSECURE)).code).toBe(0);
    expect((await auditJson(INSECURE, '--no-config')).code).toBe(1);
  });

  test.each([
    [['--config', 'a.yaml', '--no-config'], '--config and --no-config cannot be used together. Run kubeharden --help for usage.'],
    [['--config='], 'invalid value "" for --config: name a kubeharden configuration file. Run kubeharden --help for usage.'],
    [['--config', 'missing.yaml'], 'missing.yaml: no such file. Fix: check the path of the configuration file.'],
  ])('audit %j', async (argv, message) => {
    repository({});
    expect(await run(['audit', INSECURE, ...argv])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${message}\n` });
  });

  test('audit --config <a directory>', async () => {
    const dir = repository({});
    expect(await run(['audit', INSECURE, '--config', dir])).toEqual({
      code: 2, stdout: '', stderr: `kubeharden: ${dir}: cannot be read: it is a directory. Fix: name a configuration file, such as kubeharden.config.yaml.\n`,
    });
  });
});

describe('an invalid configuration file: one line naming the file and the field, exit code 2', () => {
  test.each([
    ['kubeharden.config.yaml', 'rules: [run-as-nonroot]\n',
      'field "rules[0]" names unknown rule "run-as-nonroot". Fix: use a rule id from RULES.md (did you mean "run-as-non-root"?).'],
    ['kubeharden.config.yaml', 'failOn: error\n',
      'field "failOn" "error" is not a severity. Fix: use one of critical, high, medium, low, never.'],
    ['.kubehardenrc.json', '{ "failOn": "high", }',
      expect.stringMatching(/^cannot be read: invalid JSON \(.+\)\. Fix: correct the syntax of the file\.$/)],
    ['kubeharden.config.yaml', 'pss: strict\nseverity:\n  trusted-registry: urgent\n',
      '2 problems in the kubeharden configuration: field "pss" "strict" is not a Pod Security Standards level. Fix: use "baseline" or "restricted". '
      + 'field "severity.trusted-registry" "urgent" is not a severity. Fix: use one of critical, high, medium, low (see RULES.md#trusted-registry).'],
  ])('%s: %j', async (name, content, message) => {
    const dir = repository({ [name]: content });
    const result = await run(['audit', INSECURE]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.endsWith('\n') && result.stderr.split('\n').length).toBe(2);
    const prefix = `kubeharden: ${join(dir, name)}: `;
    expect(result.stderr.startsWith(prefix)).toBe(true);
    expect(relativeLinks(result.stderr.slice(prefix.length, -1))).toEqual(message);
  });

  test('named by --config', async () => {
    const dir = repository({ 'ci.yaml': 'failOn: sometimes\n' });
    expect(await run(['audit', INSECURE, '--config', '../ci.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeharden: ${join(dir, 'ci.yaml')}: field "failOn" "sometimes" is not a severity. Fix: use one of critical, high, medium, low, never.\n`,
    });
  });

  test('two configuration files in one directory', async () => {
    const dir = repository({ 'kubeharden.config.yaml': '', '.kubehardenrc': '' });
    expect(await run(['audit', INSECURE])).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeharden: ${dir}: more than one kubeharden configuration: .kubehardenrc, kubeharden.config.yaml. Fix: keep one of them.\n`,
    });
  });

  test('--no-config ignores an invalid file', async () => {
    repository({ 'kubeharden.config.yaml': 'failOn: error\n' });
    expect((await run(['audit', INSECURE, '--no-config'])).code).toBe(1);
  });
});
