/**
 * One place that knows where a pod spec lives in each workload kind, and how to visit its containers.
 * Mirrors pod-security-admission's `DefaultPodSpecExtractor` and `visitContainers`.
 */
import type { Container, EphemeralContainer, PodSpec } from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { isClassInstance } from './plain-data';
import { isRecord, KubeObject, pointer } from './types';

/** The pod spec of a workload, with the JSON pointers of its spec and of the metadata that applies to its pods. */
export interface PodTemplateView {
  /** Metadata of the pods (the template's metadata, or the Pod's own). */
  readonly metadata: ObjectMeta;
  /** JSON pointer of `metadata` inside the object. */
  readonly metadataPointer: string;
  /** The pod spec. */
  readonly spec: PodSpec;
  /** JSON pointer of `spec` inside the object. */
  readonly specPointer: string;
}

/** Where the pod template sits, per kind (apiVersion is not consulted: every served version keeps it there). */
const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** Kinds whose objects carry a pod spec. */
export const POD_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

/** True when `object` is a Pod or a controller with a pod template. */
export function hasPodSpec(object: KubeObject): boolean {
  return POD_KIND_SET.has(object.kind);
}

const POD_KIND_SET: ReadonlySet<unknown> = new Set(POD_KINDS);

/**
 * The pod spec of `object`, or `undefined` when its kind has none or the template is absent.
 * A template or spec of the wrong type is reported as a {@link PodSpecShapeError}.
 */
export function podTemplateOf(object: KubeObject): PodTemplateView | undefined {
  if (memo && memo.object === object) {
    if (!memo.viewKnown) {
      memo.view = readPodTemplate(object);
      memo.viewKnown = true;
    }
    return memo.view;
  }
  return readPodTemplate(object);
}

/**
 * For a kind that carries a pod spec: the JSON pointer of the first level of its pod spec that is absent (`/spec`
 * of a Pod, `/spec/template` of a Deployment…), when the object has none, so that none of its pods' checks can
 * run. `undefined` when the pod spec is there (or is of the wrong type, which {@link podTemplateOf} reports), or
 * when the kind carries none.
 */
export function missingPodSpecPointer(object: KubeObject): string | undefined {
  const path = TEMPLATE_PATHS[object.kind];
  if (!path) return undefined;
  let node: unknown = object;
  let base = '';
  for (const token of [...path, 'spec']) {
    if (!isRecord(node)) return undefined;
    node = node[token];
    base += `/${token}`;
    if (node === undefined || node === null) return base;
  }
  return undefined;
}

function readPodTemplate(object: KubeObject): PodTemplateView | undefined {
  const path = TEMPLATE_PATHS[object.kind];
  if (!path) return undefined;
  let node: unknown = object;
  let base = '';
  for (const token of path) {
    if (!isRecord(node)) return undefined;
    node = node[token];
    // The path's tokens need no JSON-pointer escaping.
    base += `/${token}`;
    if (node === undefined || node === null) return undefined;
    if (!isRecord(node)) throw new PodSpecShapeError(base, 'an object');
  }
  const template = node as Record<string, unknown>;
  const spec = template.spec;
  const specPointer = `${base}/spec`;
  if (spec === undefined || spec === null) return undefined;
  if (!isRecord(spec)) throw new PodSpecShapeError(specPointer, 'an object');
  const metadata = isRecord(template.metadata) ? (template.metadata as ObjectMeta) : {};
  checkContainerLists(spec, specPointer);
  return { metadata, metadataPointer: `${base}/metadata`, spec: spec as unknown as PodSpec, specPointer };
}

/**
 * The views of the one object being audited, computed once for all rules: {@link podTemplateOf} and
 * {@link containersOf} return the same (unchanged) results while {@link withPodViewsOf} runs.
 */
interface PodViewMemo {
  readonly object: KubeObject;
  viewKnown: boolean;
  view?: PodTemplateView;
  containersView?: PodTemplateView;
  containers?: ContainerView[];
}

let memo: PodViewMemo | undefined;

/**
 * Runs `audit`, during which `object` is not modified, with {@link podTemplateOf} and {@link containersOf}
 * computed at most once for it (the rules read them many times).
 */
export function withPodViewsOf<T>(object: KubeObject, audit: () => T): T {
  const outer = memo;
  memo = { object, viewKnown: false };
  try {
    return audit();
  } finally {
    memo = outer;
  }
}

/** A field of a pod spec has the wrong JSON type (for example `containers: "x"`). */
export class PodSpecShapeError extends Error {
  constructor(public readonly path: string, expected: string) {
    super(`field ${path} must be ${expected}`);
    this.name = 'PodSpecShapeError';
  }
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

function checkContainerLists(spec: Record<string, unknown>, specPointer: string): void {
  for (const list of CONTAINER_LISTS) {
    const value = spec[list];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) throw new PodSpecShapeError(pointer(specPointer, list), 'a list of containers');
    value.forEach((c, i) => {
      if (!isRecord(c)) throw new PodSpecShapeError(pointer(specPointer, list, i), 'a container object');
      if ((typeof c.name !== 'string' || c.name === '') && !isClassInstance(c.name)) throw new PodSpecShapeError(pointer(specPointer, list, i, 'name'), 'a container name (the API server requires one)');
      checkShapes(c, CONTAINER_SHAPES, () => pointer(specPointer, list, i));
      checkPorts(c.ports, () => pointer(specPointer, list, i));
      checkEnvValues(c.env, () => pointer(specPointer, list, i));
    });
  }
  checkShapes(spec, POD_SPEC_SHAPES, () => specPointer);
}

/** The JSON type of a field the checks and the safe defaults read, with the values the API server accepts. */
type Expected = 'an object' | 'a list' | 'a list of objects' | 'a string' | 'true or false' | typeof AN_ID;

/** A uid or gid, as the API server accepts them (`IsValidUserID`, `IsValidGroupID`). */
const AN_ID = 'a user or group id (a whole number from 0 to 2147483647)';

/** A field the checks and the safe defaults read, by its path, and the JSON type it must have when set. */
type Shape = readonly [path: readonly string[], expected: Expected];

const SECURITY_CONTEXT_OBJECTS = ['seccompProfile', 'seLinuxOptions', 'appArmorProfile', 'windowsOptions'];

/** The security context fields of both pods and containers that hold ids or flags. */
const SECURITY_CONTEXT_VALUES: readonly Shape[] = [
  [['securityContext', 'runAsUser'], AN_ID], [['securityContext', 'runAsGroup'], AN_ID], [['securityContext', 'runAsNonRoot'], 'true or false'],
];

/** The fields of a pod spec, parents before their children. */
const POD_SPEC_SHAPES: readonly Shape[] = [
  [['volumes'], 'a list of objects'], [['hostAliases'], 'a list'], [['tolerations'], 'a list'], [['nodeSelector'], 'an object'],
  [['hostNetwork'], 'true or false'], [['hostPID'], 'true or false'], [['hostIPC'], 'true or false'], [['hostUsers'], 'true or false'],
  [['automountServiceAccountToken'], 'true or false'],
  [['securityContext'], 'an object'],
  ...SECURITY_CONTEXT_OBJECTS.map((field): Shape => [['securityContext', field], 'an object']),
  ...SECURITY_CONTEXT_VALUES, [['securityContext', 'fsGroup'], AN_ID],
  [['securityContext', 'sysctls'], 'a list of objects'], [['securityContext', 'supplementalGroups'], 'a list'],
];

/** The fields of a container, parents before their children. */
const CONTAINER_SHAPES: readonly Shape[] = [
  [['image'], 'a string'],
  [['securityContext'], 'an object'],
  [['securityContext', 'capabilities'], 'an object'],
  [['securityContext', 'capabilities', 'add'], 'a list'], [['securityContext', 'capabilities', 'drop'], 'a list'],
  ...SECURITY_CONTEXT_OBJECTS.map((field): Shape => [['securityContext', field], 'an object']),
  ...SECURITY_CONTEXT_VALUES,
  [['securityContext', 'privileged'], 'true or false'], [['securityContext', 'allowPrivilegeEscalation'], 'true or false'],
  [['securityContext', 'readOnlyRootFilesystem'], 'true or false'],
  [['resources'], 'an object'], [['resources', 'limits'], 'an object'], [['resources', 'requests'], 'an object'],
  [['ports'], 'a list of objects'], [['env'], 'a list of objects'], [['envFrom'], 'a list of objects'], [['volumeMounts'], 'a list of objects'],
  [['readinessProbe'], 'an object'], [['livenessProbe'], 'an object'], [['startupProbe'], 'an object'], [['lifecycle'], 'an object'],
];

/**
 * Throws a {@link PodSpecShapeError} for the first field of `shapes` that `node` sets (not `undefined` or `null`) to
 * another JSON type. A field under a parent that is not set is not set either; `base` gives the pointer of `node`.
 * An instance of a class stands for a value not known yet (a Pulumi preview's unknown or secret) and passes.
 */
function checkShapes(node: Record<string, unknown>, shapes: readonly Shape[], base: () => string): void {
  for (const [path, expected] of shapes) {
    let value: unknown = node;
    for (const token of path) {
      value = (value as Record<string, unknown>)[token];
      if (value === undefined || value === null) break;
    }
    if (value === undefined || value === null || hasShape(value, expected) || isClassInstance(value)) continue;
    throw new PodSpecShapeError(pointer(base(), ...path), expected);
  }
}

function hasShape(value: unknown, expected: Expected): boolean {
  switch (expected) {
    case 'an object': return isRecord(value);
    case 'a string': return typeof value === 'string';
    case 'true or false': return typeof value === 'boolean';
    case AN_ID: return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_ID;
    default: return Array.isArray(value) && (expected === 'a list' || value.every(isRecord));
  }
}

const MAX_ID = 2147483647;

/**
 * Throws a {@link PodSpecShapeError} for a variable of `env` (a list of objects) whose `value` is not a string: the API
 * server takes only strings there (`value: 5` must be quoted), and no-literal-secrets reads them.
 */
function checkEnvValues(env: unknown, base: () => string): void {
  if (!Array.isArray(env)) return;
  env.forEach((variable: Record<string, unknown>, i) => {
    const value = variable.value;
    if (value !== undefined && value !== null && typeof value !== 'string' && !isClassInstance(value)) {
      throw new PodSpecShapeError(pointer(base(), 'env', i, 'value'), 'a string (quote numbers and booleans)');
    }
  });
}

/**
 * Throws a {@link PodSpecShapeError} for a port of `ports` (a list of objects) whose `containerPort` or `hostPort` is not
 * a port number: the no-host-ports checks read them.
 */
function checkPorts(ports: unknown, base: () => string): void {
  if (!Array.isArray(ports)) return;
  ports.forEach((port: Record<string, unknown>, i) => {
    for (const [field, least] of [['containerPort', 1], ['hostPort', 0]] as const) {
      const value = port[field];
      if (value === undefined || value === null || (Number.isInteger(value) && (value as number) >= least && (value as number) <= 65535)) continue;
      if (!isClassInstance(value)) throw new PodSpecShapeError(pointer(base(), 'ports', i, field), `a port number (a whole number from ${least} to 65535)`);
    }
  });
}

/** Which list a container belongs to. */
export type ContainerType = 'initContainers' | 'containers' | 'ephemeralContainers';

/** A container of a pod spec, with its JSON pointer. */
export interface ContainerView {
  readonly container: Container | EphemeralContainer;
  readonly type: ContainerType;
  readonly index: number;
  /** JSON pointer of the container inside the object. */
  readonly pointer: string;
}

/** Every container of `view` (init, regular, then ephemeral), as pod-security-admission visits them. */
export function containersOf(view: PodTemplateView): ContainerView[] {
  if (memo && memo.view === view && memo.viewKnown) {
    if (memo.containersView !== view) {
      memo.containers = readContainers(view);
      memo.containersView = view;
    }
    return memo.containers!;
  }
  return readContainers(view);
}

function readContainers(view: PodTemplateView): ContainerView[] {
  const result: ContainerView[] = [];
  for (const type of CONTAINER_LISTS) {
    const list = (view.spec as unknown as Record<string, unknown>)[type];
    if (!Array.isArray(list)) continue;
    // The list names and indexes need no JSON-pointer escaping.
    const listPointer = `${view.specPointer}/${type}/`;
    list.forEach((container, index) => {
      result.push({ container, type, index, pointer: listPointer + index });
    });
  }
  return result;
}
