/**
 * HardenedCronJob: a CronJob with its dedicated ServiceAccount and NetworkPolicy; runs never overlap by default.
 */
import { cronScheduleProblem } from '../cron';
import { PropsError } from '../errors';
import { buildJobSpec, HardenedJobProps, JOB_PROP_NAMES } from './hardened-job';
import { aBoolean, checkPropTypes, isInt32, propNames } from './prop-types';
import { buildNetworkPolicy, BuiltWorkload, enforceWorkload, resolveWorkload, supportingObjects } from './workload';

/** Props of a hardened CronJob: a Job's props plus its schedule. */
export interface HardenedCronJobProps extends HardenedJobProps {
  /**
   * When to run, in cron format (`minute hour day-of-month month day-of-week`, e.g. `30 2 * * *`) or a macro
   * (`@daily`, `@hourly`, `@every 6h`). Validated at construction.
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
   */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule (e.g. `Europe/Paris`).
   * @default - the kube-controller-manager's time zone (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * What to do when a run is due while the previous one is still running: `Forbid` skips it, `Replace` kills the
   * running one, `Allow` runs both.
   * @default 'Forbid'
   */
  readonly concurrencyPolicy?: 'Forbid' | 'Replace' | 'Allow';
  /**
   * Seconds after its scheduled time a missed run may still start; later, the run is skipped (and counted as
   * missed). At least 10: the CronJob controller looks every 10 seconds, so a shorter deadline can skip every run.
   * @default 300
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation
   */
  readonly startingDeadlineSeconds?: number;
  /**
   * Finished successful Jobs kept.
   * @default 3
   */
  readonly successfulJobsHistoryLimit?: number;
  /**
   * Finished failed Jobs kept.
   * @default 1
   */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Suspend scheduling.
   * @default false
   */
  readonly suspend?: boolean;
}

/** How late a missed run may still start, unless the props say otherwise. */
const DEFAULT_STARTING_DEADLINE_SECONDS = 300;

/** The shortest deadline the CronJob controller can meet (it checks every 10 seconds). */
const MIN_STARTING_DEADLINE_SECONDS = 10;

const CRON_JOB_PROP_NAMES = [
  ...JOB_PROP_NAMES,
  ...propNames<Omit<HardenedCronJobProps, keyof HardenedJobProps>>()(
    'schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit', 'suspend',
  ),
];

/** The longest CronJob name the API server accepts (11 characters are left for the Jobs' suffix). */
const MAX_CRON_JOB_NAME = 52;

/** Builds the objects of a hardened CronJob; `where` names the construct in errors. */
export function buildHardenedCronJob(where: string, id: string, props: HardenedCronJobProps): BuiltWorkload {
  const w = resolveWorkload(where, id, props, { propsType: 'HardenedCronJobProps', propNames: CRON_JOB_PROP_NAMES, runsToCompletion: true });
  if (w.name.length > MAX_CRON_JOB_NAME) {
    throw new PropsError(where, `name "${w.name}" is too long for a CronJob (its Jobs are named "<name>-<scheduled time>", at most 63 characters). Fix: use a name of at most ${MAX_CRON_JOB_NAME} characters.`);
  }
  const problem = cronScheduleProblem(props.schedule);
  if (problem) {
    throw new PropsError(where, `schedule ${JSON.stringify(props.schedule)} is invalid: ${problem}. Fix: use five fields "minute hour day-of-month month day-of-week" (e.g. "30 2 * * *") or a macro such as "@daily".`);
  }
  if (props.timeZone !== undefined && !isTimeZone(props.timeZone)) {
    throw new PropsError(where, `timeZone ${JSON.stringify(props.timeZone)} is not an IANA time zone. Fix: use a name such as "Etc/UTC" or "Europe/Paris".`);
  }
  const spelling = props.timeZone !== undefined ? canonicalSpelling(props.timeZone) : undefined;
  if (spelling !== undefined && spelling !== props.timeZone) {
    throw new PropsError(where, `timeZone ${JSON.stringify(props.timeZone)} is spelt "${spelling}": the API server reads the zone files by name, case included. Fix: use "${spelling}".`);
  }
  const concurrencyPolicy = props.concurrencyPolicy ?? 'Forbid';
  if (!['Forbid', 'Replace', 'Allow'].includes(concurrencyPolicy)) {
    throw new PropsError(where, `concurrencyPolicy ${JSON.stringify(concurrencyPolicy)} is invalid. Fix: use Forbid, Replace or Allow.`);
  }
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const value = props[field];
    if (value !== undefined && !(field === 'startingDeadlineSeconds' ? Number.isSafeInteger(value) && value >= 0 : isInt32(value))) {
      throw new PropsError(where, `${field} ${JSON.stringify(value)} is invalid. Fix: use a whole number, 0 or more.`);
    }
  }
  checkPropTypes(where, props, { suspend: aBoolean });
  const startingDeadlineSeconds = props.startingDeadlineSeconds ?? DEFAULT_STARTING_DEADLINE_SECONDS;
  if (startingDeadlineSeconds < MIN_STARTING_DEADLINE_SECONDS) {
    throw new PropsError(where, `startingDeadlineSeconds ${startingDeadlineSeconds} is under ${MIN_STARTING_DEADLINE_SECONDS}: the CronJob controller checks every 10 seconds, so runs may never start. Fix: use ${MIN_STARTING_DEADLINE_SECONDS} or more (the default is ${DEFAULT_STARTING_DEADLINE_SECONDS}).`);
  }
  const jobSpec = buildJobSpec(w, props);
  const objects = supportingObjects(w, props);
  objects.push({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: w.metadata('CronJob'),
    spec: {
      schedule: props.schedule.trim(),
      ...(props.timeZone !== undefined ? { timeZone: props.timeZone } : {}),
      concurrencyPolicy,
      startingDeadlineSeconds,
      successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
      failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
      ...(props.suspend !== undefined ? { suspend: props.suspend } : {}),
      jobTemplate: { metadata: { labels: { ...w.selector } }, spec: jobSpec },
    },
  });
  objects.push(buildNetworkPolicy(w, props, jobSpec.template));
  enforceWorkload(w, objects, props);
  return { name: w.name, objects, overrides: w.overrides };
}

/**
 * The canonical name of `zone` when it differs from it only by case (`europe/paris` → `Europe/Paris`); `undefined` for
 * a name whose canonical form is another zone's (`US/Eastern`, an alias, is not checked).
 */
function canonicalSpelling(zone: string): string | undefined {
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  return canonical.toLowerCase() === zone.toLowerCase() ? canonical : undefined;
}

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || /^(?:CRON_)?TZ=/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
