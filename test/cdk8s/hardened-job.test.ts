import { Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedJob } from '../../src/cdk8s';
import type { HardenedJobProps } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

function synth(props: Partial<HardenedJobProps> = {}): any[] {
  const chart = Testing.chart();
  new HardenedJob(chart, 'migrate', { image: PINNED_IMAGE, args: ['migrate', 'up'], allowEgressTo: [{ workload: 'database', ports: [5432] }], ...props });
  return Testing.synth(chart);
}
const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);

describe('HardenedJob, defaults', () => {
  const manifest = synth();
  const job = kindOf(manifest, 'Job');
  const pod = job.spec.template.spec;

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits a ServiceAccount, Job and NetworkPolicy, and no Service', () => {
    expect(manifest.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ServiceAccount/migrate', 'Job/migrate', 'NetworkPolicy/migrate']);
  });

  test('never restarts in place, retries 3 times, runs at most an hour, is deleted a day after it finishes', () => {
    expect(pod.restartPolicy).toBe('Never');
    expect(job.spec).toMatchObject({ backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 86400 });
    expect(job.spec.completions).toBeUndefined();
  });

  test('has the hardened pod with a dedicated account and no token', () => {
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(pod.serviceAccountName).toBe('migrate');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('its NetworkPolicy allows only DNS and the named egress', () => {
    expect(kindOf(manifest, 'NetworkPolicy').spec.egress[1]).toEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'database' } } }], ports: [{ protocol: 'TCP', port: 5432 }],
    });
  });

  test('audits clean and is schema-valid', () => {
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('HardenedJob, options', () => {
  test('restartPolicy, retries, deadlines, completions and parallelism', () => {
    const job = kindOf(synth({ restartPolicy: 'OnFailure', backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 0, completions: 5, parallelism: 2 }), 'Job');
    expect(job.spec).toMatchObject({ backoffLimit: 0, activeDeadlineSeconds: 600, ttlSecondsAfterFinished: 0, completions: 5, parallelism: 2 });
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  test('sidecars run as native sidecars (restartPolicy: Always init containers) after the init containers, so the Job completes', () => {
    const manifest = synth({
      initContainers: [{ name: 'wait-for-db', image: PINNED_IMAGE }],
      sidecars: [{ name: 'proxy', image: PINNED_IMAGE, port: 5433 }],
    });
    const pod = kindOf(manifest, 'Job').spec.template.spec;
    expect(pod.initContainers.map((c: any) => [c.name, c.restartPolicy])).toEqual([['wait-for-db', undefined], ['proxy', 'Always']]);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['migrate']);
    expect(pod.initContainers[1].readinessProbe.tcpSocket).toEqual({ port: 'port-5433' });
    for (const c of [...pod.initContainers, ...pod.containers]) expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('HardenedJob, bad props', () => {
  test.each([
    [{ restartPolicy: 'Always' }, '[test/migrate] restartPolicy "Always" is invalid for a Job. Fix: use Never or OnFailure.'],
    [{ backoffLimit: -1 }, '[test/migrate] backoffLimit -1 is invalid. Fix: use a whole number, 0 or more.'],
    [{ activeDeadlineSeconds: 0 }, '[test/migrate] activeDeadlineSeconds 0 is invalid. Fix: use a whole number, 1 or more.'],
    [{ completions: 1.5 }, '[test/migrate] completions 1.5 is invalid. Fix: use a whole number, 1 or more.'],
    [{ port: 0 }, '[test/migrate] port 0 is not a port number. Fix: use an integer from 1 to 65535.'],
  ])('%j', (props, message) => {
    expect(() => synth(props as any)).toThrow(exactly(message));
  });
});
