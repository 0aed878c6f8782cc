/**
 * Plain Kubernetes object shapes shared by the core builders, the rules and the adapters.
 *
 * The core never imports cdk8s or Pulumi: it works on JSON-compatible objects only.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';

/** A JSON value as found in a Kubernetes manifest. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Any Kubernetes object: `apiVersion`, `kind`, `metadata`, and the rest of its fields. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: ObjectMeta;
  readonly [field: string]: unknown;
}

/** The identity of an object, as reported by the audit. */
export interface ResourceRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** The identity of `object`, for reports and error messages. */
export function resourceRef(object: KubeObject): ResourceRef {
  const ref: ResourceRef = {
    apiVersion: String(object.apiVersion ?? ''),
    kind: String(object.kind ?? ''),
    name: textOf(object.metadata?.name ?? object.metadata?.generateName ?? ''),
  };
  return object.metadata?.namespace ? { ...ref, namespace: textOf(object.metadata.namespace) } : ref;
}

/** A metadata value as text, whatever its type (an object with a `toString` that is not a function cannot be `String`ed). */
function textOf(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/**
 * `resource` with the four keys of the report's contract, always: `namespace` is `null` for an object that names
 * no namespace (a cluster-scoped kind, a Dockerfile, or a namespaced object left to the namespace it is applied in).
 */
export function reportedResource({ apiVersion, kind, name, namespace }: ResourceRef): ReportedResource {
  return { apiVersion, kind, name, namespace: namespace ?? null };
}

/** A resource as the JSON report and SARIF's `properties.resource` write it (see {@link reportedResource}). */
export interface ReportedResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | null;
}

/** `Kind/name` or `Kind/namespace/name`, for messages. */
export function describeResource(ref: ResourceRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

/**
 * True when `value` is a plain (non-array, non-null) object. Narrows typed values to themselves, so their
 * declared fields keep their types.
 */
export function isRecord<T>(value: T): value is T & Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` is a string other than `""` (an `apiVersion`, a `kind`, a name). */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** What kind of value `value` is, for messages: `null`, `undefined`, `a list`, `a mapping`, `a string`, `a number`… */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

/** Escapes one JSON-pointer reference token (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  const text = typeof token === 'string' ? token : String(token);
  // Most tokens (field names, indexes) need no escaping: skip the replacements for them.
  if (text.indexOf('~') < 0 && text.indexOf('/') < 0) return text;
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins JSON-pointer tokens onto a base pointer: `pointer('/spec', 'containers', 0)` is `/spec/containers/0`. */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  let result = base;
  for (const token of tokens) result += '/' + escapePointerToken(token);
  return result;
}
