import { Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedStatefulSet } from '../../src/cdk8s';
import type { HardenedStatefulSetProps } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

const DATA = { name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi' };

function synth(props: Partial<HardenedStatefulSetProps> = {}): any[] {
  const chart = Testing.chart();
  new HardenedStatefulSet(chart, 'database', { image: PINNED_IMAGE, ports: [{ port: 5432, name: 'postgres' }], storage: [DATA], ...props });
  return Testing.synth(chart);
}
const byName = (manifest: any[], kind: string, name: string) => manifest.find((o) => o.kind === kind && o.metadata.name === name);

describe('HardenedStatefulSet, a database', () => {
  const manifest = synth();
  const statefulSet = byName(manifest, 'StatefulSet', 'database');
  const pod = statefulSet.spec.template.spec;

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits a ServiceAccount, StatefulSet, ClusterIP Service, NetworkPolicy and headless Service', () => {
    expect(manifest.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/database', 'StatefulSet/database', 'Service/database', 'NetworkPolicy/database', 'Service/database-headless',
    ]);
  });

  test('names the headless Service in serviceName; it publishes not-ready pods for peer discovery', () => {
    expect(statefulSet.spec.serviceName).toBe('database-headless');
    expect(byName(manifest, 'Service', 'database-headless').spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'database' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres', protocol: 'TCP' }],
    });
  });

  test('clients use a ClusterIP Service named like the workload', () => {
    expect(byName(manifest, 'Service', 'database').spec.type).toBe('ClusterIP');
  });

  test('runs one replica by default, with no PodDisruptionBudget', () => {
    expect(statefulSet.spec.replicas).toBe(1);
    expect(manifest.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
  });

  test('turns storage into a volume claim template mounted in the main container; the root filesystem stays read-only', () => {
    expect(statefulSet.spec.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } } } },
    ]);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });

  test('has the hardened pod: non-root, seccomp, dedicated account without token', () => {
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.serviceAccountName).toBe('database');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('audits clean and is schema-valid', () => {
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('HardenedStatefulSet, options', () => {
  test('several replicas are spread over nodes and get a PodDisruptionBudget', () => {
    const manifest = synth({ replicas: 3, podManagementPolicy: 'Parallel' });
    const statefulSet = byName(manifest, 'StatefulSet', 'database');
    expect(statefulSet.spec.podManagementPolicy).toBe('Parallel');
    expect(statefulSet.spec.template.spec.affinity.podAntiAffinity).toBeDefined();
    expect(byName(manifest, 'PodDisruptionBudget', 'database').spec.minAvailable).toBe(1);
  });

  test('storage with a class and access modes, mounted in an init container too', () => {
    const manifest = synth({
      initContainers: [{ name: 'init-permissions', image: PINNED_IMAGE, command: ['sh', '-c', 'true'] }],
      storage: [{ ...DATA, storageClassName: 'fast-ssd', accessModes: ['ReadWriteOncePod'], containers: ['init-permissions', 'database'] }],
    });
    const statefulSet = byName(manifest, 'StatefulSet', 'database');
    expect(statefulSet.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'fast-ssd' });
    expect(statefulSet.spec.template.spec.initContainers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
  });

  test('init containers and sidecars are hardened; init containers get no probes', () => {
    const manifest = synth({
      initContainers: [{ name: 'init', image: PINNED_IMAGE, port: 9000 }],
      sidecars: [{ name: 'exporter', image: PINNED_IMAGE, port: 9187 }],
    });
    const pod = byName(manifest, 'StatefulSet', 'database').spec.template.spec;
    for (const container of [...pod.initContainers, ...pod.containers]) {
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.resources.limits).toMatchObject({ cpu: '1', memory: '512Mi' });
    }
    expect(pod.initContainers[0].readinessProbe).toBeUndefined();
    expect(pod.containers[1].readinessProbe.tcpSocket).toEqual({ port: 'port-9187' });
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });

  test('without a port there is only the headless Service', () => {
    const manifest = synth({ ports: undefined, port: undefined });
    expect(manifest.filter((o) => o.kind === 'Service').map((o) => o.metadata.name)).toEqual(['database-headless']);
  });
});

describe('HardenedStatefulSet, bad props', () => {
  test.each([
    [{ replicas: -1 }, '[test/database] replicas -1 is invalid. Fix: use a whole number of pods, 0 or more.'],
    [{ storage: [DATA, { ...DATA, mountPath: '/data' }] }, '[test/database] storage[1].name "data" is already the name of a volume of the pod. Fix: give each volume a unique name.'],
    [{ storage: [{ ...DATA, name: 'database-tmp' }] },
      '[test/database] storage[0].name "database-tmp" is already the name of a volume of the pod. Fix: give each volume a unique name.'],
    [{ storage: [{ ...DATA, mountPath: '/tmp' }] },
      '[test/database] storage[0] is mounted at /tmp in container "database", which already mounts volume "database-tmp" there. Fix: mount the storage at another path.'],
    [{ storage: [{ ...DATA, size: 'big' }] }, '[test/database] storage[0].size "big" is not a Kubernetes quantity. Fix: use a size such as "10Gi".'],
    [{ storage: [{ ...DATA, mountPath: 'data' }] }, '[test/database] storage[0].mountPath "data" is not an absolute path. Fix: use a path such as "/var/lib/data".'],
    [{ storage: [{ ...DATA, accessModes: ['ReadWriteAlways'] }] },
      '[test/database] storage[0].accessModes ["ReadWriteAlways"] is invalid. Fix: use ReadWriteOnce, ReadWriteOncePod, ReadOnlyMany, ReadWriteMany.'],
    [{ storage: [{ ...DATA, containers: ['backup'] }] },
      '[test/database] storage[0].containers names "backup", which is not a container of the pod. Fix: use one of "database".'],
    [{ name: 'a'.repeat(53) }, `[test/database] name "${'a'.repeat(53)}" is too long for a StatefulSet (its pods' controller-revision-hash label "<name>-<hash>" would exceed 63 characters). `
      + 'Fix: use a name of at most 52 characters.'],
    [{ podManagementPolicy: 'Random' }, '[test/database] podManagementPolicy "Random" is invalid. Fix: use OrderedReady or Parallel.'],
    [{ initContainers: [{ name: 'init', image: PINNED_IMAGE, readinessProbe: { exec: { command: ['true'] } } }] },
      '[test/database] init container "init" has a probe, which Kubernetes rejects for init containers. Fix: remove the probe, or run it as a sidecar.'],
  ])('%j', (props, message) => {
    expect(() => synth(props as any)).toThrow(exactly(message));
  });
});
