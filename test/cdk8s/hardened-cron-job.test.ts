import { Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedCronJob } from '../../src/cdk8s';
import type { HardenedCronJobProps } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

function synth(props: Partial<HardenedCronJobProps> = {}): any[] {
  const chart = Testing.chart();
  new HardenedCronJob(chart, 'report', { image: PINNED_IMAGE, schedule: '30 2 * * *', ...props });
  return Testing.synth(chart);
}
const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);

describe('HardenedCronJob, defaults', () => {
  const manifest = synth();
  const cronJob = kindOf(manifest, 'CronJob');
  const jobSpec = cronJob.spec.jobTemplate.spec;

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits a ServiceAccount, CronJob and NetworkPolicy, and no Service', () => {
    expect(manifest.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/report', 'CronJob/report', 'NetworkPolicy/report']);
  });

  test('never overlaps runs, skips a run that cannot start within 5 minutes, and keeps a short history', () => {
    expect(cronJob.spec).toMatchObject({
      schedule: '30 2 * * *', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 300, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
    });
    expect(cronJob.spec.timeZone).toBeUndefined();
  });

  test('runs the bounded Job: restartPolicy Never, 3 retries, one hour, deleted after a day', () => {
    expect(jobSpec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    expect(jobSpec.template.spec.restartPolicy).toBe('Never');
    expect(cronJob.spec.jobTemplate.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'report' });
  });

  test('its NetworkPolicy selects the job pods', () => {
    expect(jobSpec.template.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'report' });
    expect(kindOf(manifest, 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'report' } });
  });

  test('audits clean and is schema-valid', () => {
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('HardenedCronJob, options', () => {
  test('time zone, concurrency, deadlines and history', () => {
    const cronJob = kindOf(synth({
      schedule: '@hourly',
      timeZone: 'Europe/Paris',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 60,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      suspend: true,
    }), 'CronJob');
    expect(cronJob.spec).toMatchObject({
      schedule: '@hourly',
      timeZone: 'Europe/Paris',
      concurrencyPolicy: 'Replace',
      startingDeadlineSeconds: 60,
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      suspend: true,
    });
  });

  test.each(['0 0 * * *', '*/15 * * * *', '0 9-17 * * MON-FRI', '0 0 1,15 * ?', '5 4 * JAN-MAR SUN', '@daily', '@every 1h30m', '0 22 * * 1-5'])(
    'accepts the schedule %j', (schedule) => {
      expect(kindOf(synth({ schedule }), 'CronJob').spec.schedule).toBe(schedule);
    },
  );
});

describe('HardenedCronJob, bad props', () => {
  const fix = 'Fix: use five fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *") or a macro such as "@daily".';
  test.each([
    [{ schedule: '61 * * * *' }, `[test/report] schedule "61 * * * *" is invalid: minute 61 is out of range 0-59. ${fix}`],
    [{ schedule: '0 2 * *' }, `[test/report] schedule "0 2 * *" is invalid: it has 4 fields, not 5. ${fix}`],
    [{ schedule: '0 0 * * 7' }, `[test/report] schedule "0 0 * * 7" is invalid: day-of-week 7 is out of range 0-6. ${fix}`],
    [{ schedule: '0 0 32 * *' }, `[test/report] schedule "0 0 32 * *" is invalid: day-of-month 32 is out of range 1-31. ${fix}`],
    [{ schedule: '0 0 * FOO *' }, `[test/report] schedule "0 0 * FOO *" is invalid: month "FOO" is not a number or a name. ${fix}`],
    [{ schedule: '*/0 * * * *' }, `[test/report] schedule "*/0 * * * *" is invalid: minute step "0" is not a positive number. ${fix}`],
    [{ schedule: '0 17-9 * * *' }, `[test/report] schedule "0 17-9 * * *" is invalid: hour range 17-9 ends before it starts. ${fix}`],
    [{ schedule: '@fortnightly' },
      `[test/report] schedule "@fortnightly" is invalid: @fortnightly is not a known macro (use @yearly, @monthly, @weekly, @daily, @hourly or @every <duration>). ${fix}`],
    [{ schedule: 'TZ=UTC 0 0 * * *' }, `[test/report] schedule "TZ=UTC 0 0 * * *" is invalid: Kubernetes rejects a time zone inside the schedule. ${fix}`],
    [{ schedule: '' }, `[test/report] schedule "" is invalid: it is empty. ${fix}`],
    [{ timeZone: 'Mars/Olympus' }, '[test/report] timeZone "Mars/Olympus" is not an IANA time zone. Fix: use a name such as "Etc/UTC" or "Europe/Paris".'],
    [{ timeZone: 'europe/paris' }, '[test/report] timeZone "europe/paris" is spelt "Europe/Paris": the API server reads the zone files by name, case included. Fix: use "Europe/Paris".'],
    [{ timeZone: 'utc' }, '[test/report] timeZone "utc" is spelt "UTC": the API server reads the zone files by name, case included. Fix: use "UTC".'],
    [{ concurrencyPolicy: 'Queue' }, '[test/report] concurrencyPolicy "Queue" is invalid. Fix: use Forbid, Replace or Allow.'],
    [{ startingDeadlineSeconds: -5 }, '[test/report] startingDeadlineSeconds -5 is invalid. Fix: use a whole number, 0 or more.'],
    [{ startingDeadlineSeconds: 5 }, '[test/report] startingDeadlineSeconds 5 is under 10: the CronJob controller checks every 10 seconds, so runs may never start. Fix: use 10 or more (the default is 300).'],
  ])('%j', (props, message) => {
    expect(() => synth(props as any)).toThrow(exactly(message));
  });
});
