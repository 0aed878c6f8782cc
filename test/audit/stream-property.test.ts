import fc from 'fast-check';
import { Auditor } from '../../src/audit/engine';
import { JsonReportWriter } from '../../src/audit/format-json';
import type { KubeObject } from '../../src/core/types';
import { jsonReport } from '../fixtures';

const TODAY = '2026-01-01';
const NAMESPACES = ['shop', 'batch'] as const;
const TOKEN_OVERRIDE = JSON.stringify([{ rule: 'no-service-account-token', justification: 'the operator calls the Kubernetes API to scale workers' }]);

const namespace = fc.record({
  name: fc.constantFrom(...NAMESPACES),
  level: fc.constantFrom(undefined, 'baseline', 'restricted', 'privileged'),
}).map(({ name, level }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...(level ? { labels: { 'pod-security.kubernetes.io/enforce': level } } : {}) },
}));

const serviceAccount = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom('default', 'api'),
  automount: fc.constantFrom(undefined, true, false),
}).map(({ namespace: ns, name, automount }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace: ns },
  ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
}));

const policy = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  selectsAll: fc.boolean(),
}).map(({ namespace: ns, types, selectsAll }): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: `p-${types.join('-')}-${selectsAll}`, namespace: ns },
  spec: { podSelector: selectsAll ? {} : { matchLabels: { app: 'web' } }, policyTypes: types },
}));

const pod = fc.record({
  name: fc.constantFrom('web', 'api', 'job'),
  namespace: fc.constantFrom(...NAMESPACES),
  account: fc.constantFrom(undefined, 'api'),
  automount: fc.constantFrom(undefined, true, false),
  override: fc.boolean(),
  hostNetwork: fc.boolean(),
}).map(({ name, namespace: ns, account, automount, override, hostNetwork }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels: { app: name }, ...(override ? { annotations: { 'kubeharden.io/overrides': TOKEN_OVERRIDE } } : {}) },
  spec: {
    containers: [{ name: 'c', image: 'registry.example.com/app:1' }],
    ...(account ? { serviceAccountName: account } : {}),
    ...(automount === undefined ? {} : { automountServiceAccountToken: automount }),
    ...(hostNetwork ? { hostNetwork } : {}),
  },
}));

// At most one Namespace of each name: a streamed audit checks a pod against the Namespace read before it, and
// `run()` against the last one of that name (the one documented difference, see Auditor.start).
const objects = fc.array(fc.oneof(namespace, serviceAccount, policy, pod, pod), { minLength: 1, maxLength: 12 })
  .map((items) => items.filter((item, i) => item.kind !== 'Namespace'
    || items.findIndex((other) => other.kind === 'Namespace' && other.metadata?.name === item.metadata?.name) === i));

describe('a streamed audit, whatever the objects and their order', () => {
  test('gives the report of run(), through the collecting sink and through the JSON writer (which withdraws in place)', () => {
    fc.assert(fc.property(objects, (items) => {
      const auditor = new Auditor({ today: TODAY });
      const expected = auditor.run(items);

      const collected = auditor.start();
      for (const item of items) collected.add(item);
      expect(collected.finish()).toEqual(expected);

      const writer = new JsonReportWriter();
      const streamed = auditor.start(writer);
      for (const item of items) streamed.add(item);
      const { summary } = streamed.finish();
      expect(summary).toEqual(expected.summary);
      expect(writer.summary(items.length)).toEqual(expected.summary);
      expect(JSON.parse(writer.render(summary))).toEqual(jsonReport(expected));
    }), { numRuns: 300 });
  });
});
