import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { audit } from '../../src/audit/engine';
import { HardenedCronJob, SecretMount } from '../../src/cdk8s';
import { cronScheduleProblem } from '../../src/core/cron';
import { RULE_IDS } from '../../src/rules/registry';
import { PINNED_IMAGE } from '../fixtures';

const JUSTIFICATION = 'Accepted for this workload after review, tracked in SEC-1234';

/** One cron field within [min, max]: `*`, a value, a range, a step, or a list of them. */
function field(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  const item = fc.oneof(
    fc.constant('*'),
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.tuple(fc.constantFrom('*', String(min)), fc.integer({ min: 1, max: max - min + 1 })).map(([base, step]) => `${base}/${step}`),
  );
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
}

/** Schedules Kubernetes accepts. */
const validSchedule = fc.oneof(
  fc.tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6)).map((fields) => fields.join(' ')),
  fc.constantFrom('@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '@every 5m', '@every 1h30m'),
);

/** Schedules that break one rule of the syntax. */
const invalidSchedule = fc.oneof(
  fc.tuple(fc.integer({ min: 60, max: 99 }), field(0, 23)).map(([minute, hour]) => `${minute} ${hour} * * *`),
  fc.tuple(field(0, 59), fc.integer({ min: 24, max: 99 })).map(([minute, hour]) => `${minute} ${hour} * * *`),
  field(0, 59).map((minute) => `${minute} * * *`),
  field(0, 59).map((minute) => `${minute} * * * * *`),
  fc.constantFrom('@sometimes', 'TZ=UTC 0 0 * * *', '0 0 * * 7', '*/0 * * * *', '0 0 0 * *', '0 0 * 13 *', '', 'every day'),
);

const propsArbitrary = fc.record({
  schedule: fc.oneof(validSchedule, invalidSchedule),
  image: fc.constantFrom(PINNED_IMAGE, 'registry.example.com/app:1.0', 'nginx'),
  restartPolicy: fc.option(fc.constantFrom('Never', 'OnFailure'), { nil: undefined }),
  backoffLimit: fc.option(fc.integer({ min: -1, max: 10 }), { nil: undefined }),
  activeDeadlineSeconds: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  concurrencyPolicy: fc.option(fc.constantFrom('Forbid', 'Replace', 'Allow'), { nil: undefined }),
  readOnlyRootFilesystem: fc.option(fc.boolean(), { nil: undefined }),
  runAsUser: fc.option(fc.constantFrom(0, 1000, 65532), { nil: undefined }),
  privileged: fc.option(fc.boolean(), { nil: undefined }),
  automountServiceAccountToken: fc.option(fc.boolean(), { nil: undefined }),
  sidecars: fc.option(fc.constant([{ name: 'proxy', image: PINNED_IMAGE }]), { nil: undefined }),
  secrets: fc.option(fc.constantFrom(
    [SecretMount.fromSecret('db')],
    [SecretMount.fromSecret('db', { env: { DB_PASSWORD: 'password' } })],
    [SecretMount.fromVaultAgent({ role: 'report', files: [{ fileName: 'db', vaultPath: 'database/creds/report' }] })],
  ), { nil: undefined }),
  env: fc.option(fc.constantFrom({ LOG_LEVEL: 'debug' }, { DB_PASSWORD: 'hunter2-correct-horse' }), { nil: undefined }),
  overrides: fc.subarray([...RULE_IDS]).map((rules) => rules.map((rule) => ({ rule, justification: JUSTIFICATION }))),
}, { requiredKeys: ['schedule', 'image', 'overrides'] });

describe('HardenedCronJob, whatever the props', () => {
  test('every schedule Kubernetes accepts is accepted', () => {
    fc.assert(fc.property(validSchedule, (schedule) => {
      expect(cronScheduleProblem(schedule)).toBeUndefined();
      const chart = Testing.chart();
      new HardenedCronJob(chart, 'report', { image: PINNED_IMAGE, schedule });
      expect(Testing.synth(chart).find((o) => o.kind === 'CronJob').spec.schedule).toBe(schedule);
    }), { numRuns: 200 });
  });

  test('every broken schedule is refused with the reason and the fix', () => {
    fc.assert(fc.property(invalidSchedule, (schedule) => {
      expect(cronScheduleProblem(schedule)).toBeDefined();
      expect(() => new HardenedCronJob(Testing.chart(), 'report', { image: PINNED_IMAGE, schedule }))
        .toThrow(`[test/report] schedule ${JSON.stringify(schedule)} is invalid: ${cronScheduleProblem(schedule)}. Fix: `);
    }), { numRuns: 200 });
  });

  test('either fails naming a rule or a fix, or synthesizes objects whose every finding is justified', () => {
    fc.assert(fc.property(propsArbitrary, (props) => {
      const chart = Testing.chart();
      let manifest: any[];
      try {
        new HardenedCronJob(chart, 'report', props as any);
        manifest = Testing.synth(chart);
      } catch (e) {
        const message = (e as Error).message;
        expect([...RULE_IDS].some((id) => message.includes(id)) || /Fix: /.test(message)).toBe(true);
        return;
      }
      expect(cronScheduleProblem(props.schedule)).toBeUndefined();
      const report = audit(manifest, { pss: 'restricted' });
      expect(report.findings.filter((f) => f.severity !== 'low')).toEqual([]);
      const overridden = new Set(props.overrides.map((o) => o.rule));
      for (const exemption of report.exemptions) expect(overridden.has(exemption.rule)).toBe(true);
      const jobSpec = manifest.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec;
      expect(['Never', 'OnFailure']).toContain(jobSpec.template.spec.restartPolicy);
      expect(jobSpec.template.spec.containers).toHaveLength(1);
    }), { numRuns: 300 });
  });
});
