import * as path from 'path';
import {
  findScan, loadVulnerabilityReports, normaliseReference, parseVulnerabilityReports, VulnerabilityReportError, vulnerabilityFindings,
} from '../../src/audit/vulnerabilities';
import type { KubeObject } from '../../src/core/types';

const FIXTURES = path.join(__dirname, '../fixtures/vulnerabilities');
const fixture = (name: string) => path.join(FIXTURES, name);
const API = `registry.example.com/shop/api@sha256:${'1f'.repeat(32)}`;
const WEB = `registry.example.com/shop/web@sha256:${'2e'.repeat(32)}`;
const WORKER = `registry.example.com/shop/worker:2.0@sha256:${'3d'.repeat(32)}`;

function deployment(name: string, images: Record<string, string>, initImages: Record<string, string> = {}): KubeObject {
  const containers = (list: Record<string, string>) => Object.entries(list).map(([n, image]) => ({ name: n, image }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop' },
    spec: { template: { spec: { initContainers: containers(initImages), containers: containers(images) } } },
  };
}

const index = loadVulnerabilityReports([fixture('api.trivy.json'), fixture('several.trivy.json'), fixture('appended.trivy.json')]);

describe('loadVulnerabilityReports', () => {
  test('reads a single report, an array of reports, and reports appended one after the other', () => {
    expect(index.scans.map((s) => s.artifactName)).toEqual([
      'registry.example.com/shop/api:1.4.0',
      `registry.example.com/shop/web@sha256:${'2e'.repeat(32)}`,
      'registry.example.com/shop/worker:2.0',
      'nginx:1.25',
      'registry.example.com/shop/clean:1.0',
    ]);
  });

  test('reads each vulnerability with its package and fixed version', () => {
    const api = index.scans[0];
    expect(api.vulnerabilities).toHaveLength(6);
    expect(api.vulnerabilities[1]).toEqual({
      id: 'CVE-2024-5535',
      severity: 'CRITICAL',
      packageName: 'libssl3',
      installedVersion: '3.1.4-r2',
      fixedVersion: '3.1.6-r0',
      target: 'registry.example.com/shop/api:1.4.0 (alpine 3.19.1)',
    });
    expect(api.vulnerabilities[4].fixedVersion).toBeUndefined();
  });

  test('indexes by digest and by normalised reference', () => {
    expect(index.scans[0].digests).toEqual([`sha256:${'1f'.repeat(32)}`]);
    expect(index.scans[0].references).toEqual(['registry.example.com/shop/api:1.4.0']);
    expect(index.scans[3].references).toEqual(['docker.io/library/nginx:1.25']);
    expect(findScan(index, 'docker.io/library/nginx:1.25')?.artifactName).toBe('nginx:1.25');
    expect(findScan(index, 'index.docker.io/nginx:1.25')?.artifactName).toBe('nginx:1.25');
    expect(findScan(index, 'registry.example.com/shop/api:1.4.0')?.artifactName).toBe('registry.example.com/shop/api:1.4.0');
  });

  test('a pinned image matches by digest only: the same tag with another digest is another image', () => {
    expect(findScan(index, `registry.example.com/shop/api:1.4.0@sha256:${'99'.repeat(32)}`)).toBeUndefined();
    expect(findScan(index, `anything.example.com/renamed@sha256:${'1f'.repeat(32)}`)?.artifactName).toBe('registry.example.com/shop/api:1.4.0');
  });

  test.each([
    ['missing.json', /^.*missing\.json: cannot be read \(ENOENT\)$/],
    ['invalid.json', /invalid\.json: is not valid JSON/],
    ['not-trivy.json', /not-trivy\.json: has no ArtifactName: is it a Trivy JSON report \(trivy image --format json\)\?$/],
    ['k8s-report.json', /k8s-report\.json: is a Trivy Kubernetes report \(trivy k8s\)/],
    ['bad-severity.json', /bad-severity\.json: Results\[0\]\.Vulnerabilities\[0\] has an unknown Severity "SEVERE"/],
  ])('rejects %s with an error naming the file', (name, message) => {
    let error: unknown;
    try {
      loadVulnerabilityReports([fixture(name)]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VulnerabilityReportError);
    expect((error as VulnerabilityReportError).file).toBe(fixture(name));
    expect((error as Error).message).toMatch(message);
  });

  test.each([
    ['', 'r.json: is empty'],
    ['[]', 'r.json: holds no Trivy report'],
    ['[{"ArtifactName": "a:1"}, 3]', 'r.json: report 2: is not a Trivy JSON report'],
    ['{"ArtifactName": "a:1", "ArtifactType": "repository"}', 'r.json: is a scan of a repository, not of a container image'],
    ['{"ArtifactName": "a:1", "Results": {}}', 'r.json: Results must be a list'],
  ])('rejects %j', (text, message) => {
    expect(() => parseVulnerabilityReports(text, 'r.json')).toThrow(message);
  });
});

describe('vulnerabilityFindings', () => {
  const objects = [
    deployment('api', { api: API }),
    deployment('web', { web: WEB }),
    deployment('worker', { worker: WORKER }),
    deployment('proxy', { proxy: 'nginx:1.25' }, { setup: API }),
    deployment('unscanned', { app: `registry.example.com/shop/other@sha256:${'77'.repeat(32)}` }),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: {} },
  ];

  test('blocks every container whose image has CRITICAL or HIGH vulnerabilities, by default', () => {
    const findings = vulnerabilityFindings(objects, index);
    expect(findings.map((f) => [f.resource.name, f.path, f.severity])).toEqual([
      ['api', '/spec/template/spec/containers/0/image', 'critical'],
      ['proxy', '/spec/template/spec/initContainers/0/image', 'critical'],
      ['proxy', '/spec/template/spec/containers/0/image', 'high'],
    ]);
    expect(findings[0]).toEqual({
      rule: 'no-critical-vulnerabilities',
      severity: 'critical',
      message: `container "api" image "${API}" has 4 vulnerabilities at or above HIGH (1 CRITICAL, 3 HIGH): `
        + 'CVE-2024-5535 CRITICAL in libssl3 3.1.4-r2 (fixed in 3.1.6-r0), CVE-2024-2511 HIGH in libssl3 3.1.4-r2 (fixed in 3.1.4-r6), '
        + 'CVE-2024-9999 HIGH in left-pad 1.3.0 (no fix yet), and 1 more',
      fix: 'Rebuild on a patched base image or upgrade the packages to their fixed versions, rescan, and deploy the new digest.',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'shop' },
      path: '/spec/template/spec/containers/0/image',
    });
  });

  test('a CRITICAL threshold only blocks critical vulnerabilities; MEDIUM also blocks web', () => {
    expect(vulnerabilityFindings(objects, index, { threshold: 'CRITICAL' }).map((f) => f.resource.name)).toEqual(['api', 'proxy']);
    const medium = vulnerabilityFindings(objects, index, { threshold: 'MEDIUM' });
    expect(medium.map((f) => [f.resource.name, f.severity])).toEqual([['api', 'critical'], ['web', 'medium'], ['proxy', 'critical'], ['proxy', 'high']]);
  });

  test('ignoreUnfixed skips vulnerabilities without a fixed version', () => {
    const [api] = vulnerabilityFindings([objects[0]], index, { ignoreUnfixed: true });
    expect(api.message).toContain('has 3 vulnerabilities at or above HIGH (1 CRITICAL, 2 HIGH)');
    expect(api.message).not.toContain('CVE-2024-9999');
  });

  test('requireScan reports images no report covers', () => {
    const findings = vulnerabilityFindings(objects, index, { requireScan: true }).filter((f) => f.resource.name === 'unscanned');
    expect(findings).toEqual([expect.objectContaining({ severity: 'high', message: expect.stringMatching(/image ".*other@sha256:7{2}.*" has no vulnerability scan$/) })]);
  });

  test('keeps the file and line of audit inputs', () => {
    const [finding] = vulnerabilityFindings([{ object: objects[0], file: 'k8s/api.yaml', line: 12 }], index);
    expect(finding).toMatchObject({ file: 'k8s/api.yaml', line: 12 });
  });

  test('covers Pods and CronJobs too', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: API }] } };
    const cronJob = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'cj' },
      spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: API }] } } } } },
    };
    expect(vulnerabilityFindings([pod, cronJob], index).map((f) => f.path)).toEqual([
      '/spec/containers/0/image', '/spec/jobTemplate/spec/template/spec/containers/0/image',
    ]);
  });

  test('rejects an unknown threshold', () => {
    expect(() => vulnerabilityFindings(objects, index, { threshold: 'SEVERE' as never })).toThrow('invalid vulnerability threshold "SEVERE"');
  });
});

describe('normaliseReference', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7'],
    ['index.docker.io/library/nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['ghcr.io/org/app:v1@sha256:' + 'a'.repeat(64), 'ghcr.io/org/app:v1'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
  ])('%s → %s', (image, expected) => {
    expect(normaliseReference(image)).toBe(expected);
  });
});
