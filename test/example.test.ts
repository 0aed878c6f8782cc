import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { loadAll } from 'js-yaml';
import { schemaProblems } from './kube-schema';
import { buildApp, ShopChart } from '../examples/cdk8s-app/app';
import { audit } from '../src/audit/engine';
import { hasPodSpec, podTemplateOf } from '../src/core/pod-spec';
import { policyTypesOf, selectorMatches } from '../src/rules/object-index';

const manifest: any[] = Testing.synth(new ShopChart(Testing.app(), 'shop'));
const workloads = manifest.filter((o) => hasPodSpec(o));
const policies = manifest.filter((o) => o.kind === 'NetworkPolicy');

describe('the example application', () => {
  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('has the guide\'s three tiers, the database as a StatefulSet, and a CronJob, in a restricted namespace', () => {
    expect(workloads.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'StatefulSet/database', 'Deployment/api', 'Deployment/frontend', 'CronJob/nightly-report',
    ]);
    const namespace = manifest.find((o) => o.kind === 'Namespace');
    expect(namespace.metadata.name).toBe('shop');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(manifest.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'shop')).toBe(true);
  });

  test('audits clean: no finding, and the only exemption is the justified one', () => {
    const report = audit(manifest);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => [e.rule, `${e.resource.kind}/${e.resource.name}`, e.justification])).toEqual([
      ['image-digest-pinned', 'CronJob/nightly-report', 'Vendor publishes pg-report by tag only; mirroring with digests tracked in SEC-142'],
    ]);
  });

  test('the namespace has a default-deny policy for ingress and egress', () => {
    const defaultDeny = policies.filter((p) => Object.keys(p.spec.podSelector).length === 0);
    expect(defaultDeny).toHaveLength(1);
    expect(policyTypesOf(defaultDeny[0].spec)).toEqual({ ingress: true, egress: true });
    expect(defaultDeny[0].spec.ingress).toBeUndefined();
  });

  test.each(workloads.map((w) => [`${w.kind}/${w.metadata.name}`, w]))('%s is selected by a specific NetworkPolicy for ingress and egress', (_name, workload) => {
    const labels = podTemplateOf(workload)!.metadata.labels as Record<string, string>;
    const specific = policies.filter((p) => Object.keys(p.spec.podSelector).length > 0 && selectorMatches(p.spec.podSelector, labels));
    expect(specific.length).toBeGreaterThan(0);
    expect(specific.some((p) => policyTypesOf(p.spec).ingress && policyTypesOf(p.spec).egress)).toBe(true);
  });

  test('the network wiring is the guide\'s: api from frontend on 8080, api to database on 5432, frontend from the ingress controller', () => {
    const network = (member: string) => policies.find((p) => p.metadata.name === `network-${member}`).spec;
    expect(network('api').ingress).toContainEqual({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(network('api').egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'database' } } }], ports: [{ protocol: 'TCP', port: 5432 }] });
    expect(network('frontend').ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: {} }],
      ports: [{ protocol: 'TCP', port: 8080 }],
    }]);
    expect(JSON.stringify(network('database').egress)).not.toContain('ipBlock');
  });

  test('the database password is a read-only file from an ExternalSecret, never an environment variable', () => {
    expect(manifest.filter((o) => o.kind === 'ExternalSecret').map((o) => o.metadata.name)).toEqual([
      'database-db-credentials', 'api-db-credentials', 'nightly-report-db-credentials',
    ]);
    expect(manifest.some((o) => o.kind === 'Secret')).toBe(false);
    for (const workload of workloads.filter((w) => w.metadata.name !== 'frontend')) {
      const pod = podTemplateOf(workload)!.spec;
      const volume = pod.volumes!.find((v) => v.secret);
      expect(volume!.secret!.defaultMode).toBe(0o400);
      expect(pod.containers[0].volumeMounts).toContainEqual({ name: volume!.name, mountPath: '/etc/secrets/db', readOnly: true });
      expect(JSON.stringify(pod.containers[0].env)).not.toContain('secretKeyRef');
    }
  });

  test('every standard object is valid against the Kubernetes schema', () => {
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });

  test('buildApp writes the same objects as YAML', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'kubeharden-example-'));
    try {
      buildApp(outdir).synth();
      const files = readdirSync(outdir).filter((f) => f.endsWith('.yaml'));
      expect(files).toEqual(['shop.yaml']);
      expect(loadAll(readFileSync(join(outdir, files[0]), 'utf8'))).toEqual(manifest);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
