/**
 * Objects of every kind with one field replaced by a value of any type: the audit gives a report (in every format)
 * or an InvalidObjectError naming the object and the field, never a crash.
 */
import * as fc from 'fast-check';
import { audit, Auditor, InvalidObjectError } from '../../src/audit/engine';
import { JsonReportWriter } from '../../src/audit/format-json';
import { formatSarif, SarifOptions } from '../../src/audit/format-sarif';
import { formatText } from '../../src/audit/format-text';
import type { KubeObject } from '../../src/core/types';
import { withAnyField } from '../any-field';

const TODAY = '2026-12-04';
const SARIF: SarifOptions = { rulesUri: 'https://example.com/RULES.md', rules: [], version: '0.0.0', informationUri: 'https://example.com' };

const POD_SPEC = {
  securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }] },
  containers: [{
    name: 'app',
    image: 'nginx',
    ports: [{ containerPort: 80 }],
    env: [{ name: 'A', value: 'b' }],
    securityContext: { capabilities: { drop: ['ALL'] } },
    resources: { limits: { cpu: '1' } },
    volumeMounts: [{ name: 'v', mountPath: '/v' }],
  }],
  volumes: [{ name: 'v', secret: { secretName: 's', defaultMode: 420 } }],
};
const METADATA = { name: 'x', namespace: 'shop', labels: { app: 'x' }, annotations: { note: 'n' } };
const OBJECTS: readonly KubeObject[] = [
  { apiVersion: 'v1', kind: 'Pod', metadata: METADATA, spec: POD_SPEC },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: METADATA, spec: { template: { metadata: { labels: { app: 'x' } }, spec: POD_SPEC } } },
  { apiVersion: 'batch/v1', kind: 'CronJob', metadata: METADATA, spec: { jobTemplate: { spec: { template: { spec: POD_SPEC } } } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: METADATA,
    spec: { podSelector: { matchLabels: { app: 'x' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
  },
  { apiVersion: 'v1', kind: 'Service', metadata: METADATA, spec: { type: 'ClusterIP', ports: [{ port: 80 }], selector: { app: 'x' } } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: METADATA, automountServiceAccountToken: false },
  { apiVersion: 'v1', kind: 'Secret', metadata: METADATA, data: { a: 'Yg==' }, stringData: { b: 'c' } },
];

const edited = withAnyField(OBJECTS);

test('a field of any type gives a report or an InvalidObjectError, in every format and streamed', () => {
  fc.assert(fc.property(fc.array(edited, { minLength: 1, maxLength: 4 }), fc.constantFrom(undefined, 'baseline', 'restricted'), (objects, pss) => {
    try {
      const report = audit(objects, { today: TODAY, ...(pss ? { pss: pss as 'baseline' | 'restricted' } : {}) });
      formatText(report);
      formatSarif(report, SARIF);
      const writer = new JsonReportWriter();
      const session = new Auditor({ today: TODAY }).start(writer);
      for (const object of objects) session.add({ object });
      JSON.parse(writer.render(session.finish().summary));
    } catch (e) {
      if (e instanceof InvalidObjectError && /^[A-Za-z]+\/shop\/x: |^Namespace\/shop: /.test(e.message)) return;
      throw new Error(`${JSON.stringify(objects)}: ${(e as Error).stack}`);
    }
  }), { numRuns: 2000 });
});
