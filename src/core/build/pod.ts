/**
 * The hardened pod template shared by every workload kind.
 */
import type { Container, PodSpec, PodTemplateSpec, SeccompProfile } from 'kubernetes-types/core/v1';
import { DEFAULT_TMPFS_SIZE } from '../../rules/defaults';
import { RULES } from '../../rules/registry';
import { mountTmpfs, normalMountPath } from '../../rules/remediate';
import { PropsError } from '../errors';
import { isPositiveQuantity, isQuantity } from '../quantity';
import { isRecord } from '../types';
import { buildContainer, CONTAINER_PROP_NAMES, ContainerProps, DEFAULT_WRITABLE_PATHS } from './container';
import { checkLabels, checkMetadata, NAME_LABEL, RESERVED_LABELS } from './metadata';
import { aBoolean, aCount, aList, anObject, aStringMap, checkKnownFields, checkKnownProps, checkPropTypes, isInt32, propNames } from './prop-types';
import { applySecretMounts, planSecretMounts, SecretMount, SecretMountPlan } from './secret-mount';

/** Pod-level settings shared by every workload kind. */
export interface PodProps {
  /**
   * uid the containers run as (rule `run-as-non-root`).
   * @default 65532
   */
  readonly runAsUser?: number;
  /**
   * gid the containers run as.
   * @default 65532
   */
  readonly runAsGroup?: number;
  /**
   * Group owning mounted volumes.
   * @default 65532
   */
  readonly fsGroup?: number;
  /**
   * Require a non-root user (rule `run-as-non-root`). `false` needs a justified override.
   * @default true
   */
  readonly runAsNonRoot?: boolean;
  /**
   * Seccomp profile of the pod (rule `seccomp-runtime-default`). `Unconfined` needs a justified override.
   * @default { type: 'RuntimeDefault' }
   */
  readonly seccompProfile?: SeccompProfile;
  /**
   * Use the node's network namespace (rule `no-host-namespaces`). Needs a justified override, and so do the ports: on
   * the node's network each is a host port (`hostPort`, as the API server sets it; rule `no-host-ports`).
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Use the node's PID namespace (rule `no-host-namespaces`). Needs a justified override.
   * @default false
   */
  readonly hostPID?: boolean;
  /**
   * Use the node's IPC namespace (rule `no-host-namespaces`). Needs a justified override.
   * @default false
   */
  readonly hostIPC?: boolean;
  /**
   * Mount the service account token (rule `no-service-account-token`). `true` needs a justified override.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Init containers, each hardened like the main container. Each needs a `name`.
   * @default []
   */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * Sidecar containers next to the main container, each hardened. Each needs a `name`. In Jobs and CronJobs
   * they run as native sidecars (init containers with `restartPolicy: Always`, Kubernetes 1.29+), so they
   * stop when the main container completes.
   * @default []
   */
  readonly sidecars?: readonly ContainerProps[];
  /**
   * Runtime secrets, mounted as read-only files with mode 0400, one volume each (rule `secret-files-read-only`).
   * @default []
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
   */
  readonly secrets?: readonly SecretMount[];
  /**
   * Extra labels on the pods.
   * @default - none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on the pods.
   * @default - none
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Node selector.
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Seconds to wait for a graceful shutdown.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
}

/** Inputs of {@link buildPodTemplate} computed by the workload builders. */
export interface PodTemplateInputs {
  /** Construct path or name, for messages. */
  readonly where: string;
  /** The workload name (the main container's default name). */
  readonly name: string;
  /** The main container. */
  readonly main: ContainerProps;
  /** Pod settings. */
  readonly pod: PodProps;
  /** Labels selecting the pods. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** The ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
  /** Annotations for the template (e.g. overrides). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Extra spec fields the workload kind needs (restartPolicy, affinity). */
  readonly extraSpec?: Partial<PodSpec>;
  /**
   * The pod's secrets, planned by the workload builder (which emits the plan's objects).
   * @default - planned here from `pod.secrets`
   */
  readonly secretMounts?: SecretMountPlan;
  /** Run sidecars as native sidecars (init containers with `restartPolicy: Always`), for pods that run to completion. */
  readonly nativeSidecars?: boolean;
}

/** Builds the pod template: containers from props, then every rule's remediation fills the secure defaults. */
export function buildPodTemplate(inputs: PodTemplateInputs): PodTemplateSpec {
  const { where, name, main, pod } = inputs;
  validatePodProps(where, pod);
  const named = (list: readonly ContainerProps[] | undefined, field: string) => (list ?? []).map((c, i) => {
    if (!isRecord(c)) throw new PropsError(where, `${field}[${i}] must be an object with at least image and name.`);
    if (typeof c.name !== 'string' || c.name.length === 0) {
      throw new PropsError(where, `${field}[${i}] has no name. Fix: give every init container and sidecar a unique name.`);
    }
    checkKnownProps(where, c, CONTAINER_PROP_NAMES, 'ContainerProps', `${field}[${i}].`);
    return buildContainer(`${where}/${c.name}`, c.name, c, false);
  });
  const mainContainer = buildContainer(where, main.name ?? name, main);
  const initContainers = named(pod.initContainers, 'initContainers').map((c) => withoutProbes(where, c, pod.initContainers));
  const sidecars = named(pod.sidecars, 'sidecars');
  if (inputs.nativeSidecars) initContainers.push(...sidecars.map((c) => ({ ...c, restartPolicy: 'Always' })));
  const containers = [mainContainer, ...(inputs.nativeSidecars ? [] : sidecars)];
  const all = [...initContainers, ...containers];
  const seen = new Set<string>();
  const portOwners = new Map<string, string>();
  for (const c of all) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(c.name) || c.name.length > 63) {
      throw new PropsError(where, `container name "${c.name}" is invalid. Fix: use lower-case letters, digits and '-' (at most 63).`);
    }
    if (seen.has(c.name)) throw new PropsError(where, `container name "${c.name}" is used twice. Fix: give each container a unique name.`);
    seen.add(c.name);
    checkPortsUnique(where, c, portOwners, !initContainers.includes(c) || c.restartPolicy === 'Always');
  }
  const propsByContainer = new Map<string, ContainerProps>([
    [mainContainer.name, main],
    ...[...(pod.initContainers ?? []), ...(pod.sidecars ?? [])].map((c) => [c.name as string, c] as [string, ContainerProps]),
  ]);
  const unprivilegedPortStart = lowestPrivilegedPort(where, all, propsByContainer, pod);
  if (pod.hostNetwork) for (const container of all) declareHostPorts(where, container);
  const spec: PodSpec = {
    serviceAccountName: inputs.serviceAccountName,
    ...(pod.automountServiceAccountToken !== undefined ? { automountServiceAccountToken: pod.automountServiceAccountToken } : {}),
    securityContext: {
      ...(pod.runAsNonRoot !== undefined ? { runAsNonRoot: pod.runAsNonRoot } : {}),
      ...(pod.runAsUser !== undefined ? { runAsUser: pod.runAsUser } : {}),
      ...(pod.runAsGroup !== undefined ? { runAsGroup: pod.runAsGroup } : {}),
      ...(pod.fsGroup !== undefined ? { fsGroup: pod.fsGroup } : {}),
      ...(pod.seccompProfile !== undefined ? { seccompProfile: { ...pod.seccompProfile } } : {}),
      ...(unprivilegedPortStart !== undefined ? { sysctls: [{ name: UNPRIVILEGED_PORT_START, value: String(unprivilegedPortStart) }] } : {}),
    },
    ...(pod.hostNetwork ? { hostNetwork: true } : {}),
    ...(pod.hostPID ? { hostPID: true } : {}),
    ...(pod.hostIPC ? { hostIPC: true } : {}),
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers,
    ...(pod.nodeSelector ? { nodeSelector: { ...pod.nodeSelector } } : {}),
    ...(pod.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds } : {}),
    ...inputs.extraSpec,
  };
  for (const container of all) mountWritablePaths(where, spec, container, propsByContainer.get(container.name)!);
  const secretMounts = inputs.secretMounts ?? planSecretMounts({
    where, workloadName: name, metadata: {}, containerNames: [mainContainer.name, ...all.filter((c) => c !== mainContainer).map((c) => c.name)],
  }, pod.secrets);
  applySecretMounts(where, secretMounts, spec);
  applyPodDefaults(spec);
  const annotations = { ...pod.podAnnotations, ...secretMounts.annotations, ...inputs.annotations };
  return {
    metadata: {
      labels: { ...pod.podLabels, ...inputs.selectorLabels },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec,
  };
}

/**
 * Containers of a pod share its network: two that run at once (`concurrent`: not a plain init container) cannot
 * listen on the same port, and port names (which Services and probes refer to) must be unique in the pod. `owners`
 * maps each port and name seen so far to its container.
 */
function checkPortsUnique(where: string, container: Container, owners: Map<string, string>, concurrent: boolean): void {
  for (const port of container.ports ?? []) {
    const checks: Array<[string, string, string]> = [[`name:${port.name}`, `port name "${port.name}"`, 'name the port (ports: [{ port, name }]) uniquely in the pod']];
    if (concurrent) {
      const number = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
      checks.unshift([number, `port ${number}`, 'listen on another port']);
    }
    for (const [key, what, fix] of checks) {
      const owner = owners.get(key);
      if (owner !== undefined) {
        throw new PropsError(where, `${what} of container "${container.name}" is already declared by container "${owner}" of the same pod. Fix: ${fix}.`);
      }
      owners.set(key, container.name);
    }
  }
}

/**
 * On the node's network every port is a port of the node: the API server sets each port's `hostPort` to it (and
 * refuses another), so kubeharden writes it out, and the audit of the synthesized YAML sees what the cluster will
 * (rule `no-host-ports`).
 */
function declareHostPorts(where: string, container: Container): void {
  for (const port of container.ports ?? []) {
    if (port.hostPort !== undefined && port.hostPort !== port.containerPort) {
      throw new PropsError(where, `port ${port.containerPort} of container "${container.name}" has hostPort ${port.hostPort}, but on the node's network (hostNetwork) `
        + 'the API server requires the two to be equal. Fix: remove hostPort.');
    }
    port.hostPort = port.containerPort;
  }
}

/** The namespaced sysctl below which ports are privileged (Linux: 1024 unless set). */
const UNPRIVILEGED_PORT_START = 'net.ipv4.ip_unprivileged_port_start';

/**
 * The lowest port below 1024 that a container without `NET_BIND_SERVICE` listens on, if any: the pod sets
 * {@link UNPRIVILEGED_PORT_START} to it, so that its non-root processes can bind it without a capability (a safe
 * sysctl of the Pod Security Standards, scoped to the pod's network namespace). On the node's network the sysctl
 * would change the node itself, so there such a port is an error.
 */
function lowestPrivilegedPort(
  where: string, containers: readonly Container[], props: ReadonlyMap<string, ContainerProps>, pod: PodProps,
): number | undefined {
  let lowest: number | undefined;
  for (const container of containers) {
    if ((props.get(container.name)?.addCapabilities ?? []).includes('NET_BIND_SERVICE')) continue;
    for (const { containerPort } of container.ports ?? []) {
      if (containerPort < 1024 && (lowest === undefined || containerPort < lowest)) lowest = containerPort;
    }
  }
  if (lowest !== undefined && pod.hostNetwork) {
    throw new PropsError(where, `port ${lowest} is below 1024, which a non-root container on the node's network cannot bind. Fix: listen on a port above 1023 (e.g. ${lowest + 8000}) and set servicePort: ${lowest}, or add addCapabilities: ['NET_BIND_SERVICE'] (with a binary that has the capability as a file capability).`);
  }
  return lowest;
}

/**
 * Applies every rule's remediation to `spec`: the catalogue's safe defaults where fields are missing.
 * Values already set are kept, so a weakening stays visible to the audit.
 */
export function applyPodDefaults(spec: PodSpec): void {
  const view = { metadata: {}, metadataPointer: '/metadata', spec, specPointer: '/spec' };
  for (const rule of RULES) rule.remediate?.(view);
}

/** An init container runs to completion: probes are invalid there, so the default ones are dropped. */
function withoutProbes(where: string, container: Container, props: readonly ContainerProps[] | undefined): Container {
  const own = (props ?? []).find((c) => c.name === container.name);
  if (own?.readinessProbe || own?.livenessProbe || own?.startupProbe) {
    throw new PropsError(where, `init container "${container.name}" has a probe, which Kubernetes rejects for init containers. Fix: remove the probe, or run it as a sidecar.`);
  }
  const copy = { ...container };
  delete copy.readinessProbe;
  delete copy.livenessProbe;
  delete copy.startupProbe;
  return copy;
}

function mountWritablePaths(where: string, spec: PodSpec, container: Container, props: ContainerProps): void {
  const readOnly = props.readOnlyRootFilesystem ?? true;
  container.securityContext = { ...container.securityContext, readOnlyRootFilesystem: readOnly };
  const size = props.tmpfsSizeLimit ?? DEFAULT_TMPFS_SIZE;
  if (!isQuantity(size)) {
    throw new PropsError(where, `tmpfsSizeLimit ${JSON.stringify(size)} is not a Kubernetes quantity. Fix: use a size such as "64Mi".`);
  }
  if (!isPositiveQuantity(size)) {
    throw new PropsError(where, `tmpfsSizeLimit ${JSON.stringify(size)} is not above 0: a memory emptyDir without a size can fill the node's memory. Fix: use a size such as "64Mi".`);
  }
  for (const entry of props.writablePaths ?? DEFAULT_WRITABLE_PATHS) {
    if (typeof entry !== 'string' || !entry.startsWith('/') || entry.split('/').includes('..')) {
      throw new PropsError(where, `writablePaths entry ${JSON.stringify(entry)} is not an absolute path. Fix: use paths like "/tmp".`);
    }
    const path = normalMountPath(entry);
    if (path === '/') {
      throw new PropsError(where, `writablePaths entry ${JSON.stringify(entry)} would make the whole root filesystem writable. Fix: list the directories the process writes, such as "/tmp".`);
    }
    if ((container.volumeMounts ?? []).some((m) => m.mountPath === path)) {
      throw new PropsError(where, `writablePaths lists ${path} twice. Fix: list each path once.`);
    }
    mountTmpfs(spec, container, path, size);
  }
}

/** The JSON types of the pod props that the builder does not check as it reads them. */
export const POD_PROP_TYPES = {
  runAsNonRoot: aBoolean,
  hostNetwork: aBoolean,
  hostPID: aBoolean,
  hostIPC: aBoolean,
  automountServiceAccountToken: aBoolean,
  seccompProfile: anObject('{ type: "RuntimeDefault" }'),
  initContainers: aList('[{ name: "migrate", image: "registry.example.com/migrate@sha256:…" }]'),
  sidecars: aList('[{ name: "proxy", image: "registry.example.com/proxy@sha256:…" }]'),
  podLabels: aStringMap('{ team: "payments" }'),
  podAnnotations: aStringMap('{ "example.com/owner": "payments" }'),
  nodeSelector: aStringMap('{ "kubernetes.io/arch": "amd64" }'),
  terminationGracePeriodSeconds: aCount,
};

/** The pod label kubeharden sets: the workload's selector. */
const POD_RESERVED_LABELS = RESERVED_LABELS.filter((r) => r.key === NAME_LABEL);

/** The names of {@link PodProps}. */
export const POD_PROP_NAMES = propNames<PodProps>()(
  'runAsUser', 'runAsGroup', 'fsGroup', 'runAsNonRoot', 'seccompProfile', 'hostNetwork', 'hostPID', 'hostIPC',
  'automountServiceAccountToken', 'initContainers', 'sidecars', 'secrets', 'podLabels', 'podAnnotations', 'nodeSelector',
  'terminationGracePeriodSeconds',
);

function validatePodProps(where: string, pod: PodProps): void {
  checkPropTypes(where, pod, POD_PROP_TYPES);
  checkMetadata(where, pod, { labels: 'podLabels', annotations: 'podAnnotations', reservedLabels: POD_RESERVED_LABELS });
  checkLabels(where, 'nodeSelector', pod.nodeSelector);
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    const value = pod[field];
    if (value !== undefined && !isInt32(value)) {
      throw new PropsError(where, `${field} ${JSON.stringify(value)} is not a valid id. Fix: use a non-zero integer uid/gid such as 65532.`);
    }
  }
  const type = pod.seccompProfile?.type;
  if (pod.seccompProfile !== undefined && !['RuntimeDefault', 'Localhost', 'Unconfined'].includes(type as string)) {
    throw new PropsError(where, `seccompProfile.type ${JSON.stringify(type)} is invalid. Fix: use RuntimeDefault or Localhost (with localhostProfile).`);
  }
  if (pod.seccompProfile !== undefined) checkKnownFields(where, pod.seccompProfile, ['type', 'localhostProfile'], 'SeccompProfile', 'seccompProfile.');
  if (type === 'Localhost' && !pod.seccompProfile?.localhostProfile) {
    throw new PropsError(where, 'seccompProfile.type Localhost needs localhostProfile. Fix: set localhostProfile to the profile file on the node.');
  }
  if (type !== 'Localhost' && pod.seccompProfile?.localhostProfile !== undefined) {
    throw new PropsError(where, `seccompProfile.localhostProfile is set with type ${type}, which the API server refuses. Fix: remove localhostProfile, or use type Localhost.`);
  }
}
