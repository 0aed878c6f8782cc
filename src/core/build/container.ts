/**
 * Containers: props in, a hardened Kubernetes container out. Every security field is written by the
 * catalogue's remediations (see `applyPodDefaults`), so props only ever *change* a default.
 */
import type { Container, ContainerPort, EnvVar, ExecAction, GRPCAction, HTTPGetAction, Probe, TCPSocketAction } from 'kubernetes-types/core/v1';
import { PropsError } from '../errors';
import { parseImageReference } from '../image';
import { isNonNegativeQuantity, isQuantity, parseQuantity } from '../quantity';
import { isRecord } from '../types';
import { isQualifiedName } from './metadata';
import { aBoolean, aList, anObject, aString, aStringList, checkKnownFields, checkKnownProps, checkPropTypes, isDeferred, isInt32, oneOf, PropType, propNames } from './prop-types';

/** A port a container listens on. */
export interface ContainerPortProps {
  /**
   * The port number the process listens on (1–65535). A port below 1024 needs no capability: the pod sets the
   * namespaced sysctl `net.ipv4.ip_unprivileged_port_start` to it, so the non-root process may bind it in the pod's
   * own network namespace (Kubernetes 1.22+; not with `hostNetwork`).
   */
  readonly port: number;
  /**
   * Port name, used by the Service and by probes; unique in the pod.
   * @default - `http` for the main container's first port, `port-<number>` for the others (sidecars' included)
   */
  readonly name?: string;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
  /**
   * Port exposed by the Service for this container port.
   * @default - the container port
   */
  readonly servicePort?: number;
  /**
   * Binds the port on the node. Weakens `no-host-ports`: needs a justified override.
   * @default - none
   */
  readonly hostPort?: number;
}

/** Requests or limits, by resource name (`cpu`, `memory`, `ephemeral-storage`). */
export type ResourceQuantities = Readonly<Record<string, string>>;

/** Everything about one container; the workload's main container, init containers and sidecars share it. */
export interface ContainerProps {
  /**
   * Image reference, pinned by digest: `registry.example.com/app@sha256:<64 hex>` (a tag may precede the
   * digest). A tag-only image is an error (rule `image-digest-pinned`).
   */
  readonly image: string;
  /**
   * Container name.
   * @default - the workload name for the main container; required for init containers and sidecars
   */
  readonly name?: string;
  /**
   * Shorthand for `ports: [{ port }]` (a port below 1024 works as described in {@link ContainerPortProps.port}).
   * @default - no port
   */
  readonly port?: number;
  /**
   * Ports the container listens on.
   * @default - only `port`, if given
   */
  readonly ports?: readonly ContainerPortProps[];
  /** @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** @default - the image's cmd */
  readonly args?: readonly string[];
  /**
   * Plain configuration as environment variables. Secret-looking literals are rejected (rule
   * `no-literal-secrets`): mount secrets with `secrets` instead.
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>>;
  /** @default - the image's working directory */
  readonly workingDir?: string;
  /**
   * Resource requests and limits; missing entries get the guide's values (rule `resource-limits`).
   * @default - requests cpu 250m, memory 128Mi, ephemeral-storage 64Mi; limits cpu 1, memory 512Mi, ephemeral-storage 1Gi
   */
  readonly resources?: { readonly requests?: ResourceQuantities; readonly limits?: ResourceQuantities };
  /**
   * Read-only root filesystem (rule `read-only-root-filesystem`). `false` needs a justified override.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /**
   * Writable paths, each a memory-backed emptyDir of `tmpfsSizeLimit`.
   * @default ['/tmp', '/var/run']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Size limit of each writable path.
   * @default '64Mi'
   */
  readonly tmpfsSizeLimit?: string;
  /**
   * Capabilities to add back after dropping ALL (rule `drop-all-capabilities`). Only `NET_BIND_SERVICE`
   * passes the restricted standard; anything else needs a justified override.
   * @default []
   */
  readonly addCapabilities?: readonly string[];
  /**
   * Allow privilege escalation (rule `no-privilege-escalation`). `true` needs a justified override.
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;
  /**
   * Privileged container (rule `no-privileged`). `true` needs a justified override.
   * @default false
   */
  readonly privileged?: boolean;
  /**
   * Readiness probe. Every probe has exactly one handler (exec, httpGet, tcpSocket or grpc), and a port it names is
   * one of `ports`.
   * @default - a TCP probe on the first port, if any
   */
  readonly readinessProbe?: Probe;
  /**
   * Liveness probe: set it to a check that fails only when the container must be restarted (a deadlock), never to
   * the readiness probe. A TCP probe on the serving port is not one: it passes while the process is deadlocked and
   * fails when it is merely overloaded, which restarts busy pods.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
   */
  readonly livenessProbe?: Probe;
  /**
   * Startup probe.
   * @default - none
   */
  readonly startupProbe?: Probe;
  /** @default 'Always' */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

const PROBE_EXAMPLE = '{ httpGet: { path: "/healthz", port: "http" } }';

/** Writable paths every container gets unless told otherwise. */
export const DEFAULT_WRITABLE_PATHS: readonly string[] = ['/tmp', '/var/run'];

/** The JSON types of the container props that the builder does not check as it reads them. */
const CONTAINER_PROP_TYPES = {
  ports: aList('[{ port: 8080 }]'),
  command: aStringList('["/app", "--serve"]'),
  args: aStringList('["--port", "8080"]'),
  workingDir: aString('"/app"'),
  resources: anObject('{ limits: { memory: "1Gi" } }'),
  readinessProbe: anObject(PROBE_EXAMPLE),
  livenessProbe: anObject(PROBE_EXAMPLE),
  startupProbe: anObject(PROBE_EXAMPLE),
  imagePullPolicy: oneOf(['Always', 'IfNotPresent', 'Never']),
  readOnlyRootFilesystem: aBoolean,
  allowPrivilegeEscalation: aBoolean,
  privileged: aBoolean,
  writablePaths: aStringList('["/tmp", "/var/cache/app"]'),
  addCapabilities: aStringList('["NET_BIND_SERVICE"]'),
};

/** The names of {@link ContainerProps}: what a sidecar or init container takes. */
export const CONTAINER_PROP_NAMES = propNames<ContainerProps>()(
  'image', 'name', 'port', 'ports', 'command', 'args', 'env', 'workingDir', 'resources', 'readOnlyRootFilesystem',
  'writablePaths', 'tmpfsSizeLimit', 'addCapabilities', 'allowPrivilegeEscalation', 'privileged', 'readinessProbe',
  'livenessProbe', 'startupProbe', 'imagePullPolicy',
);

const PORT_PROP_NAMES = propNames<ContainerPortProps>()('port', 'name', 'protocol', 'servicePort', 'hostPort');

/** The protocols of a container port. */
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/**
 * Validates `props` and returns the container without security fields (the remediations add them). `main` is false
 * for init containers and sidecars, whose unnamed ports are never `http` (the main container's).
 */
export function buildContainer(where: string, name: string, props: ContainerProps, main = true): Container {
  checkPropTypes(where, props, CONTAINER_PROP_TYPES);
  validateImage(where, props.image);
  const ports = containerPorts(where, props, main);
  const container: Container = { name, image: props.image, imagePullPolicy: props.imagePullPolicy ?? 'Always' };
  if (props.command) container.command = [...props.command];
  if (props.args) container.args = [...props.args];
  if (props.workingDir) container.workingDir = props.workingDir;
  if (props.env) container.env = environment(where, props.env);
  if (ports.length > 0) {
    container.ports = ports.map((p) => ({
      name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP', ...(p.hostPort !== undefined ? { hostPort: p.hostPort } : {}),
    } as ContainerPort));
  }
  container.resources = resources(where, props.resources ?? undefined);
  const firstTcp = ports.find((p) => (p.protocol ?? 'TCP') === 'TCP');
  const defaultProbe = firstTcp
    ? { tcpSocket: { port: firstTcp.name as string | number }, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }
    : undefined;
  const readiness = props.readinessProbe ?? (defaultProbe && { ...defaultProbe, initialDelaySeconds: 2 });
  for (const field of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
    if (props[field]) checkProbe(where, field, props[field], ports);
  }
  if (readiness) container.readinessProbe = readiness;
  if (props.livenessProbe) container.livenessProbe = props.livenessProbe;
  if (props.startupProbe) container.startupProbe = props.startupProbe;
  container.securityContext = {
    ...(props.readOnlyRootFilesystem !== undefined ? { readOnlyRootFilesystem: props.readOnlyRootFilesystem } : {}),
    ...(props.allowPrivilegeEscalation !== undefined ? { allowPrivilegeEscalation: props.allowPrivilegeEscalation } : {}),
    ...(props.privileged ? { privileged: true } : {}),
    capabilities: { drop: ['ALL'], ...(props.addCapabilities?.length ? { add: [...props.addCapabilities] } : {}) },
  };
  checkEscalationAllowedWhereImplied(where, props);
  return container;
}

/**
 * A privileged container, or one given CAP_SYS_ADMIN, always can escalate its privileges: the API server refuses either
 * with `allowPrivilegeEscalation: false` (kubeharden's default), so the weakening must be written out too.
 */
function checkEscalationAllowedWhereImplied(where: string, props: ContainerProps): void {
  const [cause, rule] = props.privileged ? ['privileged is true', 'no-privileged']
    : props.addCapabilities?.includes('CAP_SYS_ADMIN') ? ['addCapabilities includes CAP_SYS_ADMIN', 'drop-all-capabilities'] : [];
  if (cause === undefined || props.allowPrivilegeEscalation === true) return;
  throw new PropsError(where, `${cause}, which always allows privilege escalation: the API server refuses it with allowPrivilegeEscalation false (the default). `
    + `Fix: also set allowPrivilegeEscalation: true; each weakening needs a justified override (rules ${rule} and no-privilege-escalation).`);
}

/** A probe's timing fields, with the least value Kubernetes accepts. */
const PROBE_TIMINGS: ReadonlyArray<readonly [keyof Probe, number]> = [
  ['initialDelaySeconds', 0], ['periodSeconds', 1], ['timeoutSeconds', 1], ['successThreshold', 1], ['failureThreshold', 1],
  ['terminationGracePeriodSeconds', 1],
];

/** The ways a probe can check a container: Kubernetes requires exactly one. */
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'] as const;

/**
 * Fails unless `probe` has exactly one handler, and a port it names is one of the container's `ports` (Kubernetes
 * rejects a probe without a handler; a probe of an undeclared named port never succeeds).
 */
function checkProbe(where: string, field: string, probe: Probe, ports: ReadonlyArray<{ name: string }>): void {
  if (isDeferred(probe)) return;
  checkKnownFields(where, probe, PROBE_FIELDS, 'Probe', `${field}.`);
  const handlers = PROBE_HANDLERS.filter((handler) => probe[handler] !== undefined && probe[handler] !== null);
  if (handlers.length !== 1) {
    const found = handlers.length === 0 ? 'no handler' : `${handlers.length} handlers (${handlers.join(', ')})`;
    throw new PropsError(where, `${field} has ${found}. Fix: give it exactly one of exec, httpGet, tcpSocket or grpc, e.g. ${PROBE_EXAMPLE}.`);
  }
  const handler: unknown = probe[handlers[0]];
  if (isDeferred(handler)) return;
  checkProbeHandler(where, `${field}.${handlers[0]}`, handlers[0], handler);
  for (const [timing, minimum] of PROBE_TIMINGS) {
    const value: unknown = probe[timing];
    if (value !== undefined && !isInt32(value, minimum)) {
      throw new PropsError(where, `${field}.${timing} ${JSON.stringify(value)} is invalid. Fix: use a whole number, ${minimum} or more.`);
    }
  }
  if (field !== 'readinessProbe' && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    throw new PropsError(where, `${field}.successThreshold ${JSON.stringify(probe.successThreshold)} is invalid: Kubernetes requires 1 for liveness and startup probes. Fix: remove it.`);
  }
  const port: unknown = (handler as { port?: unknown }).port;
  if (typeof port === 'number' && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw new PropsError(where, `${field} checks port ${port}, which is not a port number. Fix: use an integer from 1 to 65535, or a declared port's name.`);
  }
  if (typeof port === 'string' && !ports.some((p) => p.name === port)) {
    const names = ports.map((p) => `"${p.name}"`).join(', ');
    throw new PropsError(where, `${field} checks port "${port}", which the container does not declare. Fix: ${names ? `use one of ${names}, or a port number` : 'use a port number, or declare the port in ports'}.`);
  }
}

/** The fields of a probe (`Probe` of Kubernetes' core/v1). */
const PROBE_FIELDS = propNames<Probe>()(
  'exec', 'httpGet', 'tcpSocket', 'grpc', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'successThreshold',
  'failureThreshold', 'terminationGracePeriodSeconds',
);

/** A probe handler's Kubernetes type, its fields, the one Kubernetes requires and what it must be, and an example. */
interface ProbeHandlerShape {
  readonly type: string;
  readonly fields: readonly string[];
  readonly required: string;
  readonly requiredIs: (value: unknown) => boolean;
  readonly expected: string;
  readonly example: string;
  /** The types of its other fields. */
  readonly optional: Readonly<Record<string, PropType>>;
}

const isPortReference = (value: unknown): boolean => typeof value === 'number' || typeof value === 'string';
const PORT_REFERENCE = 'a port number or a declared port\'s name';

const PROBE_HANDLER_SHAPES: Readonly<Record<typeof PROBE_HANDLERS[number], ProbeHandlerShape>> = {
  exec: {
    type: 'ExecAction',
    fields: propNames<ExecAction>()('command'),
    required: 'command',
    requiredIs: (v) => Array.isArray(v) && v.length > 0 && v.every((item) => typeof item === 'string' || isDeferred(item)),
    expected: 'a non-empty list of strings',
    example: '{ command: ["/bin/healthcheck"] }',
    optional: {},
  },
  httpGet: {
    type: 'HTTPGetAction',
    fields: propNames<HTTPGetAction>()('path', 'port', 'host', 'scheme', 'httpHeaders'),
    required: 'port',
    requiredIs: isPortReference,
    expected: PORT_REFERENCE,
    example: '{ path: "/healthz", port: "http" }',
    optional: {
      path: aString('"/healthz"'),
      host: aString('a host name, or leave it out for the pod\'s IP'),
      scheme: oneOf(['HTTP', 'HTTPS']),
      httpHeaders: {
        is: (v) => Array.isArray(v) && v.every((h) => isRecord(h) && typeof h.name === 'string' && typeof h.value === 'string'),
        expected: 'a list of { name, value } strings',
        example: '[{ name: "Accept", value: "application/json" }]',
      },
    },
  },
  tcpSocket: {
    type: 'TCPSocketAction',
    fields: propNames<TCPSocketAction>()('port', 'host'),
    required: 'port',
    requiredIs: isPortReference,
    expected: PORT_REFERENCE,
    example: '{ port: "http" }',
    optional: { host: aString('a host name, or leave it out for the pod\'s IP') },
  },
  grpc: {
    type: 'GRPCAction',
    fields: propNames<GRPCAction>()('port', 'service'),
    required: 'port',
    requiredIs: (v) => typeof v === 'number',
    expected: 'a port number',
    example: '{ port: 9090 }',
    optional: { service: aString('the gRPC health service name, such as "liveness"') },
  },
};

/** Fails unless `value`, the `handler` of the probe at `field`, is an object of that handler's fields with the one Kubernetes requires. */
function checkProbeHandler(where: string, field: string, handler: typeof PROBE_HANDLERS[number], value: unknown): void {
  const shape = PROBE_HANDLER_SHAPES[handler];
  if (!isRecord(value)) throw new PropsError(where, `${field} ${JSON.stringify(value) ?? String(value)} is not an object. Fix: use ${shape.example}.`);
  checkKnownFields(where, value, shape.fields, shape.type, `${field}.`);
  const required = value[shape.required];
  if (!isDeferred(required) && !shape.requiredIs(required)) {
    const problem = required === undefined || required === null ? `is missing: Kubernetes requires ${shape.expected}` : `${JSON.stringify(required)} is not ${shape.expected}`;
    throw new PropsError(where, `${field}.${shape.required} ${problem}. Fix: use ${shape.example}.`);
  }
  checkPropTypes(where, value, shape.optional, `${field}.`);
}

const PORTS_PROP_TYPE = { ports: CONTAINER_PROP_TYPES.ports };

/** The ports of `props`, normalized, named and validated. */
export function containerPorts(where: string, props: ContainerProps, main = true): Array<ContainerPortProps & { name: string }> {
  if (props.port !== undefined && props.ports !== undefined) {
    throw new PropsError(where, 'both port and ports are set. Fix: use ports: [{ port: … }, …] alone.');
  }
  // Read before the container's other props are checked (the workload's Service and policy need the ports first).
  checkPropTypes(where, props, PORTS_PROP_TYPE);
  const list = props.ports ?? (props.port !== undefined ? [{ port: props.port }] : []);
  const seenNames = new Set<string>();
  const seenPorts = new Set<string>();
  const seenServicePorts = new Set<string>();
  return list.map((p, i) => {
    if (!isRecord(p)) throw new PropsError(where, `ports[${i}] must be an object { port, name?, protocol? }.`);
    checkKnownProps(where, p, PORT_PROP_NAMES, 'ContainerPortProps', `ports[${i}].`);
    if (p.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) {
      throw new PropsError(where, `ports[${i}].protocol ${JSON.stringify(p.protocol)} is not one of ${PROTOCOLS.join(', ')}. Fix: use ${PROTOCOLS.join(' or ')} (upper case).`);
    }
    checkPort(where, i === 0 && props.port !== undefined ? 'port' : `ports[${i}].port`, p.port);
    if (p.servicePort !== undefined) checkPort(where, `ports[${i}].servicePort`, p.servicePort);
    if (p.hostPort !== undefined) checkPort(where, `ports[${i}].hostPort`, p.hostPort);
    const name = p.name ?? (i === 0 && main ? 'http' : `port-${p.port}`);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 15 || !/[a-z]/.test(name)) {
      throw new PropsError(where, `port name ${JSON.stringify(name)} is invalid. Fix: use at most 15 lower-case letters, digits and '-', with at least one letter.`);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (seenNames.has(name) || seenPorts.has(key)) {
      throw new PropsError(where, `port ${seenNames.has(name) ? `name "${name}"` : key} is declared twice. Fix: declare each port once, with a unique name.`);
    }
    const serviceKey = `${p.servicePort ?? p.port}/${p.protocol ?? 'TCP'}`;
    if (seenServicePorts.has(serviceKey)) {
      throw new PropsError(where, `ports[${i}] is served on Service port ${serviceKey}, like an earlier port. Fix: give each port its own servicePort.`);
    }
    seenNames.add(name);
    seenPorts.add(key);
    seenServicePorts.add(serviceKey);
    return { ...p, name };
  });
}

function checkPort(where: string, field: string, port: unknown): void {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new PropsError(where, `${field} ${JSON.stringify(port)} is not a port number. Fix: use an integer from 1 to 65535.`);
  }
}

function validateImage(where: string, image: unknown): void {
  if (image !== undefined && image !== null && typeof image !== 'string') {
    throw new PropsError(where, `image ${JSON.stringify(image)} is not a string. Fix: set image to a digest-pinned reference such as registry.example.com/app@sha256:<digest>.`);
  }
  if (typeof image !== 'string' || image.trim().length === 0) {
    throw new PropsError(where, 'image is missing. Fix: set image to a digest-pinned reference such as registry.example.com/app@sha256:<digest>.');
  }
  if (!parseImageReference(image)) {
    throw new PropsError(where, `image ${JSON.stringify(image)} is not a valid image reference. Fix: use registry/repository[:tag]@sha256:<64 hex digits>.`);
  }
}

function environment(where: string, env: Readonly<Record<string, string>>): EnvVar[] {
  if (!isRecord(env)) throw new PropsError(where, 'env must be an object of NAME: "value" pairs.');
  return Object.entries(env).map(([name, value]) => {
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name)) {
      throw new PropsError(where, `env name ${JSON.stringify(name)} is invalid. Fix: use letters, digits, '_', '-' and '.', not starting with a digit.`);
    }
    if (typeof value !== 'string') {
      throw new PropsError(where, `env ${name} must be a string (got ${typeof value}). Fix: quote the value, e.g. "${String(value)}".`);
    }
    return { name, value };
  });
}

/** The fields of `resources`. */
const RESOURCE_LIST_NAMES = ['requests', 'limits'];

/** The JSON types of `resources` (a container's, or a namespace's container defaults). */
export const RESOURCE_LIST_TYPES = { requests: anObject('{ cpu: "250m", memory: "128Mi" }'), limits: anObject('{ cpu: "1", memory: "512Mi" }') };

function resources(where: string, props: ContainerProps['resources']): Container['resources'] {
  if (props === undefined) return {};
  checkKnownProps(where, props, RESOURCE_LIST_NAMES, 'ContainerProps', 'resources.');
  checkPropTypes(where, props, RESOURCE_LIST_TYPES, 'resources.');
  checkResourceLists(where, 'resources', props.requests ?? {}, props.limits ?? {});
  const result: { requests?: Record<string, string>; limits?: Record<string, string> } = {};
  for (const kind of ['requests', 'limits'] as const) {
    const values = props[kind];
    if (values !== undefined && values !== null) result[kind] = { ...values };
  }
  return result;
}

/** Resource names served without a domain prefix; any other resource (a GPU, say) is an extended resource, `vendor.com/name`. */
const STANDARD_RESOURCES = /^(cpu|memory|ephemeral-storage|hugepages-[0-9]+(\.[0-9]+)?[KMGTPE]i?)$/;

/**
 * Checks requests and limits as the API server does: known resource names (or `domain/name` for extended ones),
 * valid quantities, and no request above its limit. `field` names them in errors (`resources`).
 */
export function checkResourceLists(
  where: string, field: string, requests: Readonly<Record<string, unknown>>, limits: Readonly<Record<string, unknown>>,
): void {
  for (const [kind, values] of [['requests', requests], ['limits', limits]] as const) {
    for (const [resource, quantity] of Object.entries(values)) {
      if (!STANDARD_RESOURCES.test(resource) && !(resource.includes('/') && isQualifiedName(resource))) {
        throw new PropsError(where, `${field}.${kind} names resource ${JSON.stringify(resource)}, which Kubernetes does not know. Fix: use cpu, memory, ephemeral-storage or hugepages-<size>, or an extended resource with its domain (e.g. "nvidia.com/gpu").`);
      }
      if (!isQuantity(quantity)) {
        throw new PropsError(where, `${field}.${kind}.${resource} ${JSON.stringify(quantity)} is not a Kubernetes quantity. Fix: use values like "250m", "1", "512Mi".`);
      }
      if (!isNonNegativeQuantity(quantity)) {
        throw new PropsError(where, `${field}.${kind}.${resource} ${JSON.stringify(quantity)} is negative, which the API server rejects. Fix: use values like "250m", "1", "512Mi".`);
      }
    }
  }
  for (const [resource, request] of Object.entries(requests)) {
    const limit = limits[resource];
    if (limit !== undefined && parseQuantity(request)! > parseQuantity(limit)!) {
      throw new PropsError(where, `${field}.requests.${resource} ${JSON.stringify(request)} is above ${field}.limits.${resource} ${JSON.stringify(limit)}, which the API server rejects. Fix: request at most the limit, or raise the limit.`);
    }
  }
}
