import { audit } from '../../src/audit/engine';
import type { KubeObject } from '../../src/core/types';

const NAMESPACE: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const WEB: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'x' }] } } },
} as KubeObject;

function policy(name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec } as KubeObject;
}

function findings(...objects: KubeObject[]): string[] {
  return audit([NAMESPACE, WEB, ...objects], { rules: ['network-default-deny'] }).findings.map((f) => `${f.resource.kind} ${f.path}: ${f.message}`);
}

const ALL_PODS_BOTH_WAYS = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };

describe('network-default-deny', () => {
  test('a namespace-wide policy for both directions without rules denies by default and covers every pod', () => {
    expect(findings(policy('deny', ALL_PODS_BOTH_WAYS))).toEqual([]);
  });

  test('rules that name their peers or ports keep the deny (DNS egress, an allowed port)', () => {
    expect(findings(policy('deny', {
      ...ALL_PODS_BOTH_WAYS,
      ingress: [{ ports: [{ port: 8080 }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ port: 53, protocol: 'UDP' }] }],
    }))).toEqual([]);
  });

  test('a rule with neither peers nor ports allows all traffic: the policy restricts nothing that way and is reported', () => {
    expect(findings(policy('allow-all', { ...ALL_PODS_BOTH_WAYS, ingress: [{ ports: [{ port: 8080 }] }, {}], egress: [{ to: [], ports: [] }] }))).toEqual([
      'Namespace /metadata/name: namespace "shop" has no default-deny NetworkPolicy for ingress and egress',
      'Deployment /spec/template/metadata/labels: no NetworkPolicy restricts the ingress or egress of these pods',
      'NetworkPolicy /spec/ingress/1: NetworkPolicy "allow-all" has an ingress rule with no from and no ports, which allows all traffic into the pods it selects',
      'NetworkPolicy /spec/egress/0: NetworkPolicy "allow-all" has an egress rule with no to and no ports, which allows all traffic out of the pods it selects',
    ]);
  });

  test('an allow-all policy beside a default deny is reported on its own; the deny still holds for the namespace', () => {
    expect(findings(policy('deny', ALL_PODS_BOTH_WAYS), policy('web-open', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{}] }))).toEqual([
      'NetworkPolicy /spec/ingress/0: NetworkPolicy "web-open" has an ingress rule with no from and no ports, which allows all traffic into the pods it selects',
    ]);
  });

  test('rules of a direction the policy does not restrict are not read', () => {
    expect(findings(policy('deny', ALL_PODS_BOTH_WAYS), policy('ingress-only', { podSelector: {}, policyTypes: ['Ingress'], egress: [{}] }))).toEqual([]);
  });
});
