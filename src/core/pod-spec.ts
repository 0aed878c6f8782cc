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

/**
 * Where the pod template sits, per kind (apiVersion is not consulted: every served version keeps it there). A Map, so
 * that a kind such as `constructor` or `__proto__` is simply a kind without one.
 */
const TEMPLATE_PATHS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['Pod', []],
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['ReplicationController', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
  ['PodTemplate', ['template']],
]);

/** Kinds whose objects carry a pod spec. */
export const POD_KINDS: readonly string[] = [...TEMPLATE_PATHS.keys()];

/** True when `object` is a Pod or a controller with a pod template. */
export function hasPodSpec(object: KubeObject): boolean {
  return TEMPLATE_PATHS.has(object.kind);
}

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
  const path = TEMPLATE_PATHS.get(object.kind);
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
  const path = TEMPLATE_PATHS.get(object.kind);
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
  // A Pod's own metadata is the loader's to check: an error about it could not name the Pod.
  checkShapes(template, path.length > 0 ? TEMPLATE_METADATA_TREE : METADATA_TREE, () => base);
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
      checkShapes(c, CONTAINER_TREE, () => pointer(specPointer, list, i));
    });
  }
  checkShapes(spec, POD_SPEC_TREE, () => specPointer);
}

/**
 * Throws a {@link PodSpecShapeError} when ServiceAccount `account` sets `automountServiceAccountToken` to anything but
 * true or false (a quoted `"false"` would read as not opting out).
 */
export function checkServiceAccountShape(account: KubeObject): void {
  checkShapes(account, SERVICE_ACCOUNT_TREE, () => '');
}

/** The JSON type of a field the checks and the safe defaults read, with the values the API server accepts. */
type Expected =
  | 'an object' | 'a list' | 'a list of objects' | 'a string' | 'true or false'
  | typeof AN_ID | typeof A_PORT | typeof A_HOST_PORT | typeof A_FILE_MODE | typeof A_QUOTED_STRING;

/** A uid or gid, as the API server accepts them (`IsValidUserID`, `IsValidGroupID`). */
const AN_ID = 'a user or group id (a whole number from 0 to 2147483647)';
/** A containerPort. */
const A_PORT = 'a port number (a whole number from 1 to 65535)';
/** A hostPort, where 0 means none. */
const A_HOST_PORT = 'a port number (a whole number from 0 to 65535)';
/** A secret file's mode (whether it is restrictive enough is secret-files-read-only's finding). */
const A_FILE_MODE = 'a file mode (a whole number such as 0400, unquoted)';
/** An env value, which YAML reads as a number or boolean unless quoted. */
const A_QUOTED_STRING = 'a string (quote numbers and booleans)';

/**
 * A field the checks and the safe defaults read, by its path, and the JSON type it must have when set. {@link EACH}
 * in the path stands for every item of a list or every value of a map.
 */
type Shape = readonly [path: readonly string[], expected: Expected];

/** In a {@link Shape}'s path: every item of a list, or every value of a map. */
const EACH = '*';

/** `shapes` of each item of the list at `list`. */
function eachOf(list: readonly string[], shapes: readonly Shape[]): Shape[] {
  return shapes.map(([path, expected]): Shape => [[...list, EACH, ...path], expected]);
}

/** `shapes` of the `securityContext` of the pod or of a container. */
function securityContextShapes(shapes: readonly Shape[]): Shape[] {
  return shapes.map(([path, expected]): Shape => [['securityContext', ...path], expected]);
}

/** The security context fields of both pods and containers that hold objects, ids, flags or names. */
const SECURITY_CONTEXT_VALUES: readonly Shape[] = securityContextShapes([
  ...['seccompProfile', 'seLinuxOptions', 'appArmorProfile', 'windowsOptions'].map((field): Shape => [[field], 'an object']),
  [['runAsUser'], AN_ID], [['runAsGroup'], AN_ID], [['runAsNonRoot'], 'true or false'],
  [['windowsOptions', 'hostProcess'], 'true or false'],
  [['seccompProfile', 'type'], 'a string'], [['appArmorProfile', 'type'], 'a string'],
  ...['type', 'user', 'role'].map((field): Shape => [['seLinuxOptions', field], 'a string']),
]);

/** The fields of a pod's volumes that the checks read (a wrong-typed source or name would not read as a secret volume). */
const VOLUME_SHAPES: readonly Shape[] = eachOf(['volumes'], [
  [['name'], 'a string'], [['secret'], 'an object'], [['secret', 'defaultMode'], A_FILE_MODE], [['secret', 'items'], 'a list of objects'],
  ...eachOf(['secret', 'items'], [[['mode'], A_FILE_MODE]]),
  [['projected'], 'an object'], [['projected', 'defaultMode'], A_FILE_MODE], [['projected', 'sources'], 'a list of objects'],
  ...eachOf(['projected', 'sources'], [
    [['secret'], 'an object'], [['secret', 'items'], 'a list of objects'], ...eachOf(['secret', 'items'], [[['mode'], A_FILE_MODE]]),
  ]),
  [['csi'], 'an object'], [['csi', 'driver'], 'a string'], [['csi', 'readOnly'], 'true or false'],
]);

/** The fields of a pod spec, parents before their children. */
const POD_SPEC_SHAPES: readonly Shape[] = [
  [['volumes'], 'a list of objects'], [['hostAliases'], 'a list'], [['tolerations'], 'a list'], [['nodeSelector'], 'an object'],
  [['hostNetwork'], 'true or false'], [['hostPID'], 'true or false'], [['hostIPC'], 'true or false'], [['hostUsers'], 'true or false'],
  [['automountServiceAccountToken'], 'true or false'], [['serviceAccountName'], 'a string'], [['serviceAccount'], 'a string'],
  [['os'], 'an object'], [['os', 'name'], 'a string'],
  [['securityContext'], 'an object'],
  ...SECURITY_CONTEXT_VALUES, [['securityContext', 'fsGroup'], AN_ID],
  [['securityContext', 'sysctls'], 'a list of objects'], ...eachOf(['securityContext', 'sysctls'], [[['name'], 'a string']]),
  [['securityContext', 'supplementalGroups'], 'a list'], [['securityContext', 'supplementalGroups', EACH], AN_ID],
  ...VOLUME_SHAPES,
];

/** The handlers of a probe or lifecycle hook that the host check reads: `httpGet` and `tcpSocket`, and their `host`. */
function handlerShapes(handler: readonly string[]): Shape[] {
  return ['httpGet', 'tcpSocket'].flatMap((action): Shape[] => [[[...handler, action], 'an object'], [[...handler, action, 'host'], 'a string']]);
}

/** The fields of a container, parents before their children. */
const CONTAINER_SHAPES: readonly Shape[] = [
  [['image'], 'a string'],
  [['command'], 'a list'], [['command', EACH], 'a string'], [['args'], 'a list'], [['args', EACH], 'a string'],
  [['securityContext'], 'an object'],
  ...securityContextShapes([
    [['capabilities'], 'an object'],
    [['capabilities', 'add'], 'a list'], [['capabilities', 'add', EACH], 'a string'],
    [['capabilities', 'drop'], 'a list'], [['capabilities', 'drop', EACH], 'a string'],
  ]),
  ...SECURITY_CONTEXT_VALUES,
  ...securityContextShapes([
    [['privileged'], 'true or false'], [['allowPrivilegeEscalation'], 'true or false'], [['readOnlyRootFilesystem'], 'true or false'],
    [['procMount'], 'a string'], [['cgroupOptions'], 'an object'], [['cgroupOptions', 'mountMode'], 'a string'],
  ]),
  [['resources'], 'an object'], [['resources', 'limits'], 'an object'], [['resources', 'requests'], 'an object'],
  [['ports'], 'a list of objects'], ...eachOf(['ports'], [[['containerPort'], A_PORT], [['hostPort'], A_HOST_PORT]]),
  [['env'], 'a list of objects'],
  ...eachOf(['env'], [[['value'], A_QUOTED_STRING], [['valueFrom'], 'an object'], [['valueFrom', 'secretKeyRef'], 'an object']]),
  [['envFrom'], 'a list of objects'], ...eachOf(['envFrom'], [[['secretRef'], 'an object']]),
  [['volumeMounts'], 'a list of objects'], ...eachOf(['volumeMounts'], [[['name'], 'a string'], [['readOnly'], 'true or false']]),
  ...['readinessProbe', 'livenessProbe', 'startupProbe'].flatMap((probe): Shape[] => [[[probe], 'an object'], ...handlerShapes([probe])]),
  [['lifecycle'], 'an object'],
  ...['postStart', 'preStop'].flatMap((hook): Shape[] => [[['lifecycle', hook], 'an object'], ...handlerShapes(['lifecycle', hook])]),
];

/** The fields of a pod's metadata that the checks read: annotations name profiles, labels are selected. */
const METADATA_SHAPES: readonly Shape[] = ['labels', 'annotations']
  .flatMap((field): Shape[] => [[['metadata', field], 'an object'], [['metadata', field, EACH], 'a string']]);

/** {@link METADATA_SHAPES} of a pod template, whose metadata must be an object too. */
const TEMPLATE_METADATA_SHAPES: readonly Shape[] = [[['metadata'], 'an object'], ...METADATA_SHAPES];

/** The fields of a ServiceAccount that the token check reads. */
const SERVICE_ACCOUNT_SHAPES: readonly Shape[] = [[['automountServiceAccountToken'], 'true or false']];

const POD_SPEC_TREE = shapeTree(POD_SPEC_SHAPES);
const CONTAINER_TREE = shapeTree(CONTAINER_SHAPES);
const METADATA_TREE = shapeTree(METADATA_SHAPES);
const TEMPLATE_METADATA_TREE = shapeTree(TEMPLATE_METADATA_SHAPES);
const SERVICE_ACCOUNT_TREE = shapeTree(SERVICE_ACCOUNT_SHAPES);

/**
 * {@link Shape}s merged into a tree, so that one walk of an object checks all of them and reads each field once: a
 * node holds the type its field must have (if any), its named fields, and the node every item or map value takes.
 */
interface ShapeNode {
  expected?: Expected;
  readonly fields: Array<[key: string, node: ShapeNode]>;
  each?: ShapeNode;
}

/** `shapes` as a {@link ShapeNode} tree, in their order (parents are listed before their children). */
function shapeTree(shapes: readonly Shape[]): ShapeNode {
  const root: ShapeNode = { fields: [] };
  for (const [path, expected] of shapes) {
    let node = root;
    for (const token of path) {
      if (token === EACH) {
        node = node.each ??= { fields: [] };
        continue;
      }
      let child = node.fields.find(([key]) => key === token)?.[1];
      if (!child) node.fields.push([token, child = { fields: [] }]);
      node = child;
    }
    if (node.expected !== undefined && node.expected !== expected) throw new Error(`conflicting shapes for ${path.join('.')}`);
    node.expected = expected;
  }
  return root;
}

/**
 * Throws a {@link PodSpecShapeError} for the first field of `shapes` that `node` sets (not `undefined` or `null`) to
 * another JSON type, parents before their children. A field under a parent that is not set is not set either; `base`
 * gives the pointer of `node`. An instance of a class stands for a value not known yet (a Pulumi preview's unknown or
 * secret) and passes, with everything under it.
 */
function checkShapes(node: object, shapes: ShapeNode, base: () => string): void {
  if (!isClassInstance(node)) checkFieldsOf(node, shapes, [], base);
}

/** {@link checkShapes} of the fields and items under `value`, at `path` (the tokens from `base`). */
function checkFieldsOf(value: object, shapes: ShapeNode, path: Array<string | number>, base: () => string): void {
  for (const [key, node] of shapes.fields) checkField((value as Record<string, unknown>)[key], node, key, path, base);
  const each = shapes.each;
  if (each === undefined) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) checkField(value[index], each, index, path, base);
  } else {
    for (const key of Object.keys(value)) checkField((value as Record<string, unknown>)[key], each, key, path, base);
  }
}

/** {@link checkShapes} of `value`, the field or item `key` under `path`, against `node`. */
function checkField(value: unknown, node: ShapeNode, key: string | number, path: Array<string | number>, base: () => string): void {
  if (value === undefined || value === null || isClassInstance(value)) return;
  path.push(key);
  if (node.expected !== undefined && !hasShape(value, node.expected)) throw new PodSpecShapeError(pointer(base(), ...path), node.expected);
  if (typeof value === 'object') checkFieldsOf(value, node, path, base);
  path.pop();
}

function hasShape(value: unknown, expected: Expected): boolean {
  switch (expected) {
    case 'an object': return isRecord(value);
    case 'a string': case A_QUOTED_STRING: return typeof value === 'string';
    case 'true or false': return typeof value === 'boolean';
    case AN_ID: return isWholeNumber(value, 0, MAX_ID);
    case A_PORT: return isWholeNumber(value, 1, 65535);
    case A_HOST_PORT: return isWholeNumber(value, 0, 65535);
    case A_FILE_MODE: return isWholeNumber(value, 0, Number.MAX_SAFE_INTEGER);
    default: return Array.isArray(value) && (expected === 'a list' || value.every(isRecord));
  }
}

const MAX_ID = 2147483647;

function isWholeNumber(value: unknown, least: number, most: number): boolean {
  return Number.isInteger(value) && (value as number) >= least && (value as number) <= most;
}

/**
 * The name of the ServiceAccount a pod runs as, as the API server reads it: `serviceAccountName`, else the deprecated
 * `serviceAccount`, else `default` (an empty or null name is none). A value not known yet is returned as it is.
 */
export function serviceAccountOf(spec: PodSpec): unknown {
  for (const name of [spec.serviceAccountName, spec.serviceAccount]) {
    if (name !== undefined && name !== null && name !== '') return name;
  }
  return 'default';
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
