/**
 * HardenedStatefulSet: a StatefulSet with its headless Service (stable pod DNS names), a ClusterIP Service for
 * clients, persistent storage from volume claim templates, a dedicated ServiceAccount, a NetworkPolicy and
 * (with more than one replica) a PodDisruptionBudget.
 */
import type { PersistentVolumeClaim, PodSpec } from 'kubernetes-types/core/v1';
import { normalMountPath } from '../../rules/remediate';
import { PropsError } from '../errors';
import { isDnsLabel, isDnsSubdomain } from '../names';
import { isPositiveQuantity, isQuantity } from '../quantity';
import { isRecord } from '../types';
import { objectMetadata } from './metadata';
import { checkKnownProps, isInt32, propNames } from './prop-types';
import {
  buildNetworkPolicy, buildPodDisruptionBudget, buildService, buildWorkloadPodTemplate, BuiltWorkload,
  enforceWorkload, HardenedWorkloadProps, resolveWorkload, spreadOverNodes, supportingObjects, WORKLOAD_PROP_NAMES,
} from './workload';

/** Access modes of a persistent volume. */
export type StorageAccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadOnlyMany' | 'ReadWriteMany';

/** A persistent volume per pod, from a volume claim template. Writable data lives here, the root filesystem stays read-only. */
export interface PersistentStorage {
  /** Name of the claim template (claims are named `<name>-<workload>-<ordinal>`). */
  readonly name: string;
  /** Where the volume is mounted. */
  readonly mountPath: string;
  /** Requested size, e.g. `10Gi`. */
  readonly size: string;
  /**
   * Storage class.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Access modes.
   * @default ['ReadWriteOnce']
   */
  readonly accessModes?: readonly StorageAccessMode[];
  /**
   * Containers that mount the volume, by name.
   * @default - the main container only
   */
  readonly containers?: readonly string[];
}

/** Props of a hardened StatefulSet. */
export interface HardenedStatefulSetProps extends HardenedWorkloadProps {
  /**
   * Number of pods. With more than one, the pods are spread over nodes and a PodDisruptionBudget keeps one up.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Persistent volumes, one set per pod.
   * @default []
   * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
   */
  readonly storage?: readonly PersistentStorage[];
  /**
   * `OrderedReady` starts pods one after the other; `Parallel` starts them together.
   * @default 'OrderedReady'
   */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
}

const STATEFUL_SET_PROP_NAMES = [
  ...WORKLOAD_PROP_NAMES,
  ...propNames<Omit<HardenedStatefulSetProps, keyof HardenedWorkloadProps>>()('replicas', 'storage', 'podManagementPolicy'),
];

/** The longest StatefulSet name whose pods' controller-revision-hash label is valid. */
const MAX_STATEFUL_SET_NAME = 52;

const STORAGE_PROP_NAMES = propNames<PersistentStorage>()(
  'name', 'mountPath', 'size', 'storageClassName', 'accessModes', 'containers',
);

/** The headless Service's name, the StatefulSet's `serviceName`. */
export function headlessServiceName(name: string): string {
  return `${name}-headless`;
}

/** Builds the objects of a hardened StatefulSet; `where` names the construct in errors. */
export function buildHardenedStatefulSet(where: string, id: string, props: HardenedStatefulSetProps): BuiltWorkload {
  const w = resolveWorkload(where, id, props, { propsType: 'HardenedStatefulSetProps', propNames: STATEFUL_SET_PROP_NAMES });
  const replicas = props.replicas ?? 1;
  if (!isInt32(replicas)) {
    throw new PropsError(where, `replicas ${JSON.stringify(props.replicas)} is invalid. Fix: use a whole number of pods, 0 or more.`);
  }
  // The pods' controller-revision-hash label is `<name>-<hash of up to 10 characters>`, a label value of at most 63.
  if (w.name.length > MAX_STATEFUL_SET_NAME) {
    throw new PropsError(where, `name "${w.name}" is too long for a StatefulSet (its pods' controller-revision-hash label "<name>-<hash>" would exceed 63 characters). Fix: use a name of at most ${MAX_STATEFUL_SET_NAME} characters.`);
  }
  const headless = headlessServiceName(w.name);
  if (props.podManagementPolicy !== undefined && !['OrderedReady', 'Parallel'].includes(props.podManagementPolicy)) {
    throw new PropsError(where, `podManagementPolicy ${JSON.stringify(props.podManagementPolicy)} is invalid. Fix: use OrderedReady or Parallel.`);
  }
  const template = buildWorkloadPodTemplate(w, props, { extraSpec: replicas > 1 ? { affinity: spreadOverNodes(w.selector) } : {} });
  const claims = mountStorage(where, template.spec!, w.name, props.storage);
  const objects = supportingObjects(w, props);
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: w.metadata('StatefulSet'),
    spec: {
      serviceName: headless,
      replicas,
      ...(props.podManagementPolicy !== undefined ? { podManagementPolicy: props.podManagementPolicy } : {}),
      selector: { matchLabels: { ...w.selector } },
      template,
      ...(claims.length > 0 ? { volumeClaimTemplates: claims } : {}),
    },
  });
  objects.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...objectMetadata(w.name, props), name: headless },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { ...w.selector },
      ports: w.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol ?? 'TCP' })),
    },
  });
  if (w.ports.length > 0) objects.push(buildService(w, props));
  objects.push(buildNetworkPolicy(w, props, template));
  if (replicas > 1) objects.push(buildPodDisruptionBudget(w));
  enforceWorkload(w, objects, props);
  return { name: w.name, objects, overrides: w.overrides };
}

const ACCESS_MODES: readonly string[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadOnlyMany', 'ReadWriteMany'];

/** Validates `storage`, mounts each volume in its containers and returns the claim templates. */
function mountStorage(where: string, spec: PodSpec, mainName: string, storage: readonly PersistentStorage[] | undefined): PersistentVolumeClaim[] {
  if (storage === undefined) return [];
  if (!Array.isArray(storage)) throw new PropsError(where, 'storage must be a list of { name, mountPath, size }.');
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  const names = new Set<string>();
  return storage.map((volume, i) => {
    const field = `storage[${i}]`;
    if (!isRecord(volume)) throw new PropsError(where, `${field} must be an object { name, mountPath, size }.`);
    checkKnownProps(where, volume, STORAGE_PROP_NAMES, 'PersistentStorage', `${field}.`);
    if (!isDnsLabel(volume.name)) {
      throw new PropsError(where, `${field}.name ${JSON.stringify(volume.name)} is not a valid volume name. Fix: use at most 63 lower-case letters, digits and '-'.`);
    }
    if (names.has(volume.name) || (spec.volumes ?? []).some((v) => v.name === volume.name)) {
      throw new PropsError(where, `${field}.name "${volume.name}" is already the name of a volume of the pod. Fix: give each volume a unique name.`);
    }
    names.add(volume.name);
    if (typeof volume.mountPath !== 'string' || !volume.mountPath.startsWith('/') || volume.mountPath === '/' || volume.mountPath.split('/').includes('..')) {
      throw new PropsError(where, `${field}.mountPath ${JSON.stringify(volume.mountPath)} is not an absolute path. Fix: use a path such as "/var/lib/data".`);
    }
    if (!isPositiveQuantity(volume.size)) {
      const problem = isQuantity(volume.size) ? 'is not above 0, which the API server rejects' : 'is not a Kubernetes quantity';
      throw new PropsError(where, `${field}.size ${JSON.stringify(volume.size)} ${problem}. Fix: use a size such as "10Gi".`);
    }
    if (volume.storageClassName !== undefined && !isDnsSubdomain(volume.storageClassName)) {
      throw new PropsError(where, `${field}.storageClassName ${JSON.stringify(volume.storageClassName)} is not a StorageClass name. Fix: use lower-case letters, digits, '-' and '.', such as "fast-ssd".`);
    }
    const accessModes: readonly string[] = volume.accessModes ?? ['ReadWriteOnce'];
    const badMode = Array.isArray(accessModes) ? accessModes.find((m) => !ACCESS_MODES.includes(m)) : accessModes;
    if (!Array.isArray(accessModes) || accessModes.length === 0 || badMode !== undefined) {
      throw new PropsError(where, `${field}.accessModes ${JSON.stringify(accessModes)} is invalid. Fix: use ${ACCESS_MODES.join(', ')}.`);
    }
    for (const target of volume.containers ?? [mainName]) {
      const container = containers.find((c) => c.name === target);
      if (!container) {
        throw new PropsError(where, `${field}.containers names "${target}", which is not a container of the pod. Fix: use one of ${containers.map((c) => `"${c.name}"`).join(', ')}.`);
      }
      const mounts = (container.volumeMounts = container.volumeMounts ?? []);
      const clash = mounts.find((m) => normalMountPath(m.mountPath) === normalMountPath(volume.mountPath));
      if (clash) {
        throw new PropsError(where, `${field} is mounted at ${volume.mountPath} in container "${target}", which already mounts volume "${clash.name}" there. Fix: mount the storage at another path.`);
      }
      mounts.push({ name: volume.name, mountPath: volume.mountPath });
    }
    return {
      metadata: { name: volume.name },
      spec: {
        accessModes: [...accessModes],
        resources: { requests: { storage: volume.size } },
        ...(volume.storageClassName !== undefined ? { storageClassName: volume.storageClassName } : {}),
      },
    };
  });
}
