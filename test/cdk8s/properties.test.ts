import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { audit } from '../../src/audit/engine';
import { HardenedDeployment } from '../../src/cdk8s';
import { RULE_IDS } from '../../src/rules/registry';
import { PINNED_IMAGE } from '../fixtures';

const JUSTIFICATION = 'Accepted for this workload after review, tracked in SEC-1234';

/** Any mix of props, including every weakening a user can express and overrides for some rules. */
const propsArbitrary = fc.record({
  image: fc.constantFrom(PINNED_IMAGE, 'registry.example.com/app:1.0', 'nginx', 'nginx@sha256:' + 'b'.repeat(64)),
  port: fc.option(fc.constantFrom(80, 443, 8080, 9090), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  readOnlyRootFilesystem: fc.option(fc.boolean(), { nil: undefined }),
  allowPrivilegeEscalation: fc.option(fc.boolean(), { nil: undefined }),
  privileged: fc.option(fc.boolean(), { nil: undefined }),
  runAsNonRoot: fc.option(fc.boolean(), { nil: undefined }),
  runAsUser: fc.option(fc.constantFrom(0, 1000, 65532), { nil: undefined }),
  runAsGroup: fc.option(fc.constantFrom(0, 1000, 65532), { nil: undefined }),
  hostNetwork: fc.option(fc.boolean(), { nil: undefined }),
  hostPID: fc.option(fc.boolean(), { nil: undefined }),
  hostIPC: fc.option(fc.boolean(), { nil: undefined }),
  automountServiceAccountToken: fc.option(fc.boolean(), { nil: undefined }),
  addCapabilities: fc.option(fc.subarray(['NET_BIND_SERVICE', 'SYS_ADMIN', 'NET_RAW', 'CHOWN']), { nil: undefined }),
  seccompProfile: fc.option(fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' }), { nil: undefined }),
  serviceType: fc.option(fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer'), { nil: undefined }),
  env: fc.option(fc.constantFrom({ LOG_LEVEL: 'debug' }, { DB_PASSWORD: 'hunter2-correct-horse' }), { nil: undefined }),
  overrides: fc.subarray([...RULE_IDS]).map((rules) => rules.map((rule) => ({ rule, justification: JUSTIFICATION }))),
}, { requiredKeys: ['image', 'overrides'] });

describe('HardenedDeployment, whatever the props', () => {
  test('either fails naming a rule or a field, or synthesizes objects whose every restricted-PSS and catalogue finding is justified', () => {
    fc.assert(fc.property(propsArbitrary, (props) => {
      const chart = Testing.chart();
      let manifest: any[];
      try {
        new HardenedDeployment(chart, 'api', props as any);
        manifest = Testing.synth(chart);
      } catch (e) {
        const message = (e as Error).message;
        const namesRule = [...RULE_IDS].some((id) => message.includes(id));
        expect(namesRule || /Fix: /.test(message)).toBe(true);
        return;
      }
      const report = audit(manifest, { pss: 'restricted' });
      // No unjustified weakening at or above medium gets through.
      expect(report.findings.filter((f) => f.severity !== 'low')).toEqual([]);
      // Every exemption is backed by an override the user wrote.
      const overridden = new Set(props.overrides.map((o) => o.rule));
      for (const exemption of report.exemptions) expect(overridden.has(exemption.rule)).toBe(true);
    }), { numRuns: 300 });
  });
});
