/**
 * Labels and metadata every builder writes.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { PropsError } from '../errors';
import { isDnsSubdomain } from '../names';
import { formatOverridesAnnotation, Override, OVERRIDES_ANNOTATION } from '../overrides';
import { isRecord } from '../types';
import { isDeferred } from './prop-types';

/** Label selecting a workload's pods; other workloads name it in network peers. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/**
 * Label naming the instance an object belongs to: the workload's (or namespace's) name, unless `labels` set it. Polaris
 * expects it on every workload, equal to its name.
 */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Label recording who manages an object. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Common metadata props. */
export interface MetadataProps {
  /**
   * Namespace of every object.
   * @default - none (the namespace of the chart, or of `kubectl apply -n`)
   */
  readonly namespace?: string;
  /**
   * Extra labels on every object.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on every object.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The labels that select the pods of workload `name`. */
export function selectorLabels(name: string): Record<string, string> {
  return { [NAME_LABEL]: name };
}

/** Metadata for an object of workload `name`, with the overrides annotation when any apply to it. */
export function objectMetadata(name: string, props: MetadataProps, overrides: readonly Override[] = []): ObjectMeta {
  const annotations: Record<string, string> = { ...props.annotations };
  if (overrides.length > 0) annotations[OVERRIDES_ANNOTATION] = formatOverridesAnnotation(overrides);
  return {
    name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    labels: { [INSTANCE_LABEL]: name, ...props.labels, [NAME_LABEL]: name, [MANAGED_BY_LABEL]: 'kubeharden' },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}

/** A label or annotation key kubeharden writes itself, with what to do instead of setting it. */
export interface ReservedKey {
  /** The key, or a prefix ending in '/' for every key under it. */
  readonly key: string;
  /** What the error's fix says instead (after "Fix: remove it"). */
  readonly instead: string;
}

/** The labels kubeharden sets on every object it builds. */
export const RESERVED_LABELS: readonly ReservedKey[] = [
  { key: NAME_LABEL, instead: 'kubeharden sets it to the object\'s name (its pods\' selector); pass name to change it' },
  { key: MANAGED_BY_LABEL, instead: 'kubeharden sets it to "kubeharden"' },
];

/** The annotations kubeharden writes: overrides travel only through the `overrides` prop, where they are validated. */
export const RESERVED_ANNOTATIONS: readonly ReservedKey[] = [
  { key: OVERRIDES_ANNOTATION, instead: 'pass overrides: [{ rule, justification }] instead, which kubeharden validates and writes there' },
];

/** Which props hold the labels and annotations to check, and the keys reserved in each. */
export interface MetadataFields {
  readonly labels: string;
  readonly annotations: string;
  readonly reservedLabels?: readonly ReservedKey[];
}

/**
 * Throws a {@link PropsError} for the first label or annotation of `props` that the API server would reject (key or
 * value syntax) or that kubeharden writes itself: a reserved label would be silently replaced, and a hand-written
 * overrides annotation would exempt rules without the validation of the `overrides` prop.
 */
export function checkMetadata(
  where: string, props: object, fields: MetadataFields = { labels: 'labels', annotations: 'annotations' },
): void {
  const record = props as Record<string, unknown>;
  checkLabels(where, fields.labels, record[fields.labels], fields.reservedLabels ?? RESERVED_LABELS);
  const annotations = record[fields.annotations];
  if (isRecord(annotations) && !isDeferred(annotations)) {
    for (const key of Object.keys(annotations)) checkKey(where, fields.annotations, key, RESERVED_ANNOTATIONS);
  }
}

/**
 * Throws a {@link PropsError} for the first key or value of `labels` (a label map such as a node selector, in prop
 * `field`) that the API server would reject, or whose key is `reserved`. Anything but a plain object passes (its
 * type is checked elsewhere).
 */
export function checkLabels(where: string, field: string, labels: unknown, reserved: readonly ReservedKey[] = []): void {
  if (!isRecord(labels) || isDeferred(labels)) return;
  for (const [key, value] of Object.entries(labels)) {
    checkKey(where, field, key, reserved);
    if (typeof value === 'string' && !isLabelValue(value)) {
      throw new PropsError(where, `${field}[${JSON.stringify(key)}] value ${JSON.stringify(value)} is not a valid label value. Fix: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, or "".`);
    }
  }
}

function checkKey(where: string, field: string, key: string, reserved: readonly ReservedKey[]): void {
  if (!isQualifiedName(key)) {
    throw new PropsError(where, `${field} key ${JSON.stringify(key)} is not a valid key. Fix: use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit, optionally after a DNS prefix and '/' (e.g. "example.com/team").`);
  }
  const owned = reserved.find((r) => (r.key.endsWith('/') ? key.startsWith(r.key) : key === r.key));
  if (owned) throw new PropsError(where, `${field}[${JSON.stringify(key)}] is reserved. Fix: remove it; ${owned.instead}.`);
}

const NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** True for a Kubernetes qualified name: `[prefix/]name`, the syntax of label and annotation keys. */
export function isQualifiedName(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0 && !isDnsSubdomain(key.slice(0, slash))) return false;
  return name.length <= 63 && NAME_PART.test(name);
}

/** True for a valid label value: empty, or at most 63 characters of the qualified-name alphabet. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME_PART.test(value));
}
