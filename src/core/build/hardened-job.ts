/**
 * HardenedJob: a Job with its dedicated ServiceAccount and NetworkPolicy, bounded in retries, run time and
 * lifetime.
 */
import type { JobSpec } from 'kubernetes-types/batch/v1';
import { PropsError } from '../errors';
import { isInt32, propNames } from './prop-types';
import {
  buildNetworkPolicy, buildWorkloadPodTemplate, BuiltWorkload, enforceWorkload,
  HardenedWorkloadProps, ResolvedWorkload, resolveWorkload, supportingObjects, WORKLOAD_PROP_NAMES,
} from './workload';

/** How a Job runs to completion; shared by Jobs and CronJobs. */
export interface JobRunProps {
  /**
   * What the kubelet does when a container fails: `Never` starts a new pod (the failed one stays for its logs),
   * `OnFailure` restarts the container in place.
   * @default 'Never'
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy
   */
  readonly restartPolicy?: 'Never' | 'OnFailure';
  /**
   * Retries before the Job is marked failed.
   * @default 3
   */
  readonly backoffLimit?: number;
  /**
   * Seconds the Job may run in total before its pods are killed (rule `resource-limits`: a runaway job cannot hold
   * its resources forever).
   * @default 3600
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * Seconds a finished Job (and its pods) is kept before deletion.
   * @default 86400
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/ttlafterfinished/
   */
  readonly ttlSecondsAfterFinished?: number;
  /**
   * Successful pods needed to complete the Job.
   * @default - 1 (the Kubernetes default)
   */
  readonly completions?: number;
  /**
   * Pods running at once.
   * @default - 1 (the Kubernetes default)
   */
  readonly parallelism?: number;
}

/** Props of a hardened Job. Services make no sense for a run-to-completion pod, so there is no `serviceType`. */
export interface HardenedJobProps extends Omit<HardenedWorkloadProps, 'serviceType'>, JobRunProps {}

/** The names of {@link HardenedJobProps}. */
export const JOB_PROP_NAMES = [
  ...WORKLOAD_PROP_NAMES.filter((name) => name !== 'serviceType'),
  ...propNames<JobRunProps>()(
    'restartPolicy', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'completions', 'parallelism',
  ),
];

/** Builds the objects of a hardened Job; `where` names the construct in errors. */
export function buildHardenedJob(where: string, id: string, props: HardenedJobProps): BuiltWorkload {
  const w = resolveWorkload(where, id, props, { propsType: 'HardenedJobProps', propNames: JOB_PROP_NAMES, runsToCompletion: true });
  const spec = buildJobSpec(w, props);
  const objects = supportingObjects(w, props);
  objects.push({ apiVersion: 'batch/v1', kind: 'Job', metadata: w.metadata('Job'), spec });
  objects.push(buildNetworkPolicy(w, props, spec.template));
  enforceWorkload(w, objects, props);
  return { name: w.name, objects, overrides: w.overrides };
}

/** The Job spec (with its hardened pod template) shared by Jobs and CronJobs. */
export function buildJobSpec(w: ResolvedWorkload, props: HardenedJobProps): JobSpec {
  const { where } = w;
  const restartPolicy = props.restartPolicy ?? 'Never';
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    throw new PropsError(where, `restartPolicy ${JSON.stringify(restartPolicy)} is invalid for a Job. Fix: use Never or OnFailure.`);
  }
  const count = (field: keyof JobRunProps, value: number | undefined, min: number): number | undefined => {
    if (value !== undefined && !isInt32(value, min)) {
      throw new PropsError(where, `${field} ${JSON.stringify(value)} is invalid. Fix: use a whole number, ${min} or more.`);
    }
    return value;
  };
  const backoffLimit = count('backoffLimit', props.backoffLimit ?? 3, 0);
  const activeDeadlineSeconds = count('activeDeadlineSeconds', props.activeDeadlineSeconds ?? 3600, 1);
  const ttlSecondsAfterFinished = count('ttlSecondsAfterFinished', props.ttlSecondsAfterFinished ?? 86400, 0);
  const completions = count('completions', props.completions, 1);
  const parallelism = count('parallelism', props.parallelism, 0);
  const template = buildWorkloadPodTemplate(w, props, { extraSpec: { restartPolicy }, nativeSidecars: true });
  return {
    backoffLimit,
    activeDeadlineSeconds,
    ttlSecondsAfterFinished,
    ...(completions !== undefined ? { completions } : {}),
    ...(parallelism !== undefined ? { parallelism } : {}),
    template,
  } as JobSpec;
}
