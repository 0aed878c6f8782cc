import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Auditor, AuditInput, InvalidObjectError } from '../../src/audit/engine';
import { loadInputs, objectsOf, parseDocuments, streamInputs } from '../../src/audit/load';
import type { KubeObject } from '../../src/core/types';

const TODAY = '2026-01-01';

function deployment(name: string, namespace: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'registry.example.com/app:1' }], ...extra } },
    },
  };
}

const objects: KubeObject[] = [
  deployment('web', 'shop'),
  deployment('api', 'shop', { serviceAccountName: 'api' }),
  deployment('job', 'batch', { hostNetwork: true }),
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'batch', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'web', namespace: 'batch' },
    spec: { podSelector: { matchLabels: { app: 'job' } }, policyTypes: ['Ingress'] },
  },
];

function streamed(auditor: Auditor, items: ReadonlyArray<AuditInput | KubeObject>) {
  const session = auditor.start();
  for (const item of items) session.add(item);
  return session.finish();
}

describe('a streamed audit', () => {
  test.each([
    ['in order', objects],
    ['reversed', [...objects].reverse()],
    ['rotated', [...objects.slice(4), ...objects.slice(0, 4)]],
  ])('gives the report of run() whatever the order of the objects (%s)', (_, items) => {
    for (const options of [{}, { pss: 'restricted' as const }, { rules: ['network-default-deny', 'no-service-account-token'] }]) {
      const auditor = new Auditor({ today: TODAY, ...options });
      const report = auditor.run(items);
      expect(report.findings.length).toBeGreaterThan(0);
      expect(streamed(auditor, items)).toEqual(report);
    }
  });

  test('an object that cannot be audited is reported by finish(), after the errors of the objects before it', () => {
    const bad = { object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bad' }, spec: { containers: 'x' } } as KubeObject, file: 'f.yaml', line: 3 };
    const session = new Auditor({ today: TODAY }).start();
    session.add(objects[0]);
    expect(() => session.add(bad)).not.toThrow();
    session.add(objects[1]);
    expect(() => session.finish()).toThrow(InvalidObjectError);
    expect(() => session.finish()).toThrow('the audit is finished');
  });
});

describe('streamInputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeharden-stream-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('reads a file larger than a block one document at a time, with the lines of the whole text', async () => {
    const docs = Array.from({ length: 3000 }, (_, i) => `# Source: chart/templates/cm-${i}.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  k: "${'v'.repeat(i % 200)}"\n`);
    const text = `%YAML 1.2\n---\n${docs.join('---\n')}...\n`;
    const file = join(dir, 'big.yaml');
    writeFileSync(file, text);
    const seen: AuditInput[] = [];
    await streamInputs([file], {}, (input) => seen.push(input));
    expect(seen).toEqual(objectsOf(parseDocuments(text, file), file).inputs);
    expect(seen).toHaveLength(3000);
    expect((await loadInputs([file])).inputs).toEqual(seen);
  });
});
