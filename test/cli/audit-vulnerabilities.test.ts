import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { fixture, run } from './run';
import type { AuditReport } from '../../src/audit/types';
import { NO_CRITICAL_VULNERABILITIES } from '../../src/audit/vulnerabilities';

/** The image of the Deployment of compliant.yaml, pinned by digest. */
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const IMAGE = `registry.example.com/team/app:1.0.0@${DIGEST}`;
const IMAGE_PATH = '/spec/template/spec/containers/0/image';

interface Vulnerability {
  readonly id: string;
  readonly severity: 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';
  readonly fixed?: string;
}

/** A Trivy image report (`trivy image --format json`) for the image with `digest`, with `vulnerabilities` in libssl3. */
function trivyReport(digest: string, vulnerabilities: readonly Vulnerability[]): object {
  return {
    SchemaVersion: 2,
    ArtifactName: 'registry.example.com/team/app:1.0.0',
    ArtifactType: 'container_image',
    Metadata: {
      RepoTags: ['registry.example.com/team/app:1.0.0'],
      RepoDigests: [`registry.example.com/team/app@${digest}`],
    },
    Results: [{
      Target: 'registry.example.com/team/app:1.0.0 (debian 12.5)',
      Class: 'os-pkgs',
      Type: 'debian',
      Vulnerabilities: vulnerabilities.map((v) => ({
        VulnerabilityID: v.id,
        PkgName: 'libssl3',
        InstalledVersion: '3.0.11-1',
        Severity: v.severity,
        ...(v.fixed ? { FixedVersion: v.fixed } : {}),
      })),
    }],
  };
}

const VULNERABILITIES: readonly Vulnerability[] = [
  { id: 'CVE-2024-0001', severity: 'CRITICAL', fixed: '3.0.13-1' },
  { id: 'CVE-2024-0002', severity: 'HIGH', fixed: '3.0.12-1' },
  { id: 'CVE-2024-0003', severity: 'MEDIUM' },
  { id: 'CVE-2024-0004', severity: 'LOW', fixed: '3.0.12-1' },
];

let dir: string;
const report = (name: string) => join(dir, name);

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'kubeharden-vulnerabilities-')));
  mkdirSync(join(dir, '.git'));
  writeFileSync(report('app.trivy.json'), JSON.stringify(trivyReport(DIGEST, VULNERABILITIES), null, 2));
  writeFileSync(report('high-only.trivy.json'), JSON.stringify(trivyReport(DIGEST, [VULNERABILITIES[1]])));
  writeFileSync(report('clean.trivy.json'), JSON.stringify(trivyReport(DIGEST, [])));
  writeFileSync(report('other-digest.trivy.json'), JSON.stringify(trivyReport(`sha256:${'9'.repeat(64)}`, VULNERABILITIES)));
  writeFileSync(report('not-trivy.json'), JSON.stringify({ Results: [] }));
  writeFileSync(report('k8s.json'), JSON.stringify({ ClusterName: 'prod', Resources: [] }));
  writeFileSync(report('empty.json'), '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function auditJson(...argv: string[]): Promise<{ code: number; report: AuditReport; stderr: string }> {
  const result = await run(['audit', fixture('compliant.yaml'), ...argv, '--format', 'json', '--no-config']);
  return { code: result.code, report: JSON.parse(result.stdout || 'null'), stderr: result.stderr };
}

/** The vulnerability findings of a report, as [severity, message]. */
function gate(result: { report: AuditReport }): string[][] {
  return result.report.findings.filter((f) => f.rule === NO_CRITICAL_VULNERABILITIES.id).map((f) => [f.severity, f.message]);
}

describe('--vulnerabilities', () => {
  test('a report on the deployed digest: one finding per container, at the image field, with the worst severity', async () => {
    const result = await auditJson('--vulnerabilities', report('app.trivy.json'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.report.findings).toEqual([{
      rule: 'no-critical-vulnerabilities',
      severity: 'critical',
      message: `container "app" image "${IMAGE}" has 2 vulnerabilities at or above HIGH (1 CRITICAL, 1 HIGH): `
        + 'CVE-2024-0001 CRITICAL in libssl3 3.0.11-1 (fixed in 3.0.13-1), CVE-2024-0002 HIGH in libssl3 3.0.11-1 (fixed in 3.0.12-1)',
      fix: NO_CRITICAL_VULNERABILITIES.fix,
      file: fixture('compliant.yaml'),
      line: 14,
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app', namespace: 'shop' },
      path: IMAGE_PATH,
    }]);
    expect(result.report.summary).toEqual({ objects: 4, findings: 1, exemptions: 0, bySeverity: { critical: 1, high: 0, medium: 0, low: 0 } });
  });

  test('a clean report passes', async () => {
    expect(await auditJson('--vulnerabilities', report('clean.trivy.json'))).toMatchObject({ code: 0, report: { findings: [] }, stderr: '' });
  });

  test('images pinned by digest match by digest only: a report on another digest of the same tag does not count', async () => {
    expect(gate(await auditJson('--vulnerabilities', report('other-digest.trivy.json')))).toEqual([]);
  });

  test('repeatable and comma-separated; a later report of the same image wins', async () => {
    const both = await auditJson('--vulnerabilities', `${report('clean.trivy.json')},${report('other-digest.trivy.json')}`, '--vulnerabilities', report('high-only.trivy.json'));
    expect(gate(both)).toEqual([['high', expect.stringContaining('has 1 vulnerability at or above HIGH (1 HIGH): CVE-2024-0002 HIGH')]]);
    const reversed = await auditJson('--vulnerabilities', `${report('high-only.trivy.json')},${report('clean.trivy.json')}`);
    expect(gate(reversed)).toEqual([]);
  });

  test('without --vulnerabilities the gate does not run', async () => {
    expect(gate(await auditJson())).toEqual([]);
  });
});

describe('--vulnerability-threshold', () => {
  test.each([
    ['critical', 'critical', 'has 1 vulnerability at or above CRITICAL (1 CRITICAL)'],
    ['high', 'critical', 'has 2 vulnerabilities at or above HIGH (1 CRITICAL, 1 HIGH)'],
    ['medium', 'critical', 'has 3 vulnerabilities at or above MEDIUM (1 CRITICAL, 1 HIGH, 1 MEDIUM)'],
    ['low', 'critical', 'has 4 vulnerabilities at or above LOW (1 CRITICAL, 1 HIGH, 1 MEDIUM, 1 LOW)'],
  ])('%s', async (threshold, severity, text) => {
    const [[found, message]] = gate(await auditJson('--vulnerabilities', report('app.trivy.json'), '--vulnerability-threshold', threshold));
    expect(found).toBe(severity);
    expect(message).toContain(text);
  });

  test('below the threshold nothing is found; the finding takes the severity of the worst vulnerability', async () => {
    expect(gate(await auditJson('--vulnerabilities', report('high-only.trivy.json'), '--vulnerability-threshold=critical'))).toEqual([]);
    const high = await auditJson('--vulnerabilities', report('high-only.trivy.json'), '--fail-on', 'critical');
    expect(gate(high)).toEqual([['high', expect.any(String)]]);
    expect(high.code).toBe(0);
  });

  test('--ignore-unfixed leaves out vulnerabilities without a fixed version', async () => {
    const [[, message]] = gate(await auditJson('--vulnerabilities', report('app.trivy.json'), '--vulnerability-threshold', 'medium', '--ignore-unfixed'));
    expect(message).toContain('has 2 vulnerabilities at or above MEDIUM (1 CRITICAL, 1 HIGH)');
  });
});

describe('--require-scan', () => {
  const unscanned = [['high', `container "app" image "${IMAGE}" has no vulnerability scan`]];

  test('an image no report covers is a finding', async () => {
    const result = await auditJson('--vulnerabilities', report('other-digest.trivy.json'), '--require-scan');
    expect(gate(result)).toEqual(unscanned);
    expect(result.code).toBe(1);
  });

  test('without any report, every image is unscanned', async () => {
    expect(gate(await auditJson('--require-scan'))).toEqual(unscanned);
  });

  test('a scanned image passes', async () => {
    expect(await auditJson('--vulnerabilities', report('clean.trivy.json'), '--require-scan')).toMatchObject({ code: 0, report: { findings: [] } });
  });
});

describe('--rules and the gate', () => {
  test('--rules no-critical-vulnerabilities runs only the gate', async () => {
    const result = await run(['audit', fixture('insecure.yaml'), '--rules', 'no-critical-vulnerabilities', '--require-scan', '--format', 'json', '--no-config']);
    expect(JSON.parse(result.stdout).findings.map((f: any) => [f.rule, f.message])).toEqual([
      ['no-critical-vulnerabilities', 'container "api" image "nginx:1.25" has no vulnerability scan'],
    ]);
  });

  test('rules that leave out no-critical-vulnerabilities: the gate does not run, and a note says so', async () => {
    const result = await auditJson('--vulnerabilities', report('app.trivy.json'), '--rules', 'pss');
    expect(result.stderr).toBe('kubeharden: note: --vulnerabilities has no effect: the rules selected leave out no-critical-vulnerabilities\n');
    expect(gate(result)).toEqual([]);
  });
});

describe('bad reports and options: one line, exit code 2', () => {
  test.each([
    ['not-trivy.json', 'has no ArtifactName: is it a Trivy JSON report (trivy image --format json)?'],
    ['k8s.json', 'is a Trivy Kubernetes report (trivy k8s), which does not say which image each result is for: scan each image with trivy image --format json'],
    ['empty.json', 'is empty'],
    ['missing.json', 'cannot be read (ENOENT)'],
  ])('%s', async (name, reason) => {
    expect(await run(['audit', fixture('compliant.yaml'), '--vulnerabilities', report(name), '--no-config']))
      .toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${report(name)}: ${reason}\n` });
  });

  test('a report that is not JSON', async () => {
    writeFileSync(report('text.json'), 'CRITICAL: 3\n');
    const result = await run(['audit', fixture('compliant.yaml'), '--vulnerabilities', report('text.json'), '--no-config']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(new RegExp(`^kubeharden: ${report('text.json')}: is not valid JSON \\(.*\\)\n$`)) });
  });

  test.each([
    [['--vulnerability-threshold', 'severe'], 'invalid value "severe" for --vulnerability-threshold: use critical, high, medium or low. Run kubeharden --help for usage.'],
    [['--vulnerabilities', ','], 'invalid value "," for --vulnerabilities: name a Trivy JSON report (trivy image --format json). Run kubeharden --help for usage.'],
    [['--vulnerabilities'], 'option --vulnerabilities needs a value. Run kubeharden --help for usage.'],
    [['--require-scan=yes'], 'option --require-scan takes no value. Run kubeharden --help for usage.'],
  ])('audit %j', async (argv, message) => {
    expect(await run(['audit', fixture('compliant.yaml'), ...argv])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${message}\n` });
  });
});
