/**
 * Resource inputs as the Pulumi engine hands them to transforms and policies: plain data, except for
 * values that are unknown during preview, secrets, assets and resource references. These are kept aside
 * as opaque values, so the catalogue's remediations and audit can work on the rest.
 */
import * as pulumi from '@pulumi/pulumi';
import { hasPlainPrototype } from '../core/plain-data';
import { isRecord, KubeObject } from '../core/types';
import { RULES } from '../rules/registry';

/** A value the audit cannot see into (unknown during preview, secret, asset, resource reference). Frozen. */
export class OpaqueValue {
  constructor(public readonly original: unknown) {
    Object.freeze(this);
  }
}

/** True when `value` is a plain JSON object (not an Output, a sentinel, or a class instance). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  return hasPlainPrototype(value) && !(pulumi.runtime.specialSigKey in value);
}

/**
 * A deep copy of resource inputs in which every value that is not plain data becomes an {@link OpaqueValue}.
 * Reading a property may throw (CrossGuard's proxy throws on values unknown during preview): such values
 * become opaque too.
 */
export function copyResourceProps(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    // An index loop, not `map`: CrossGuard's proxy wraps an array's methods too, and `map` through it throws.
    const copy: unknown[] = [];
    for (let i = 0; i < value.length; i++) copy.push(copyResourceProps(readProperty(value, i)));
    return copy;
  }
  if (!isPlainObject(value) || pulumi.isUnknown(value)) return new OpaqueValue(value);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = readProperty(value, key);
    if (item !== undefined) copy[key] = copyResourceProps(item);
  }
  return copy;
}

function readProperty(container: object, key: string | number): unknown {
  try {
    return (container as Record<string | number, unknown>)[key];
  } catch {
    return new OpaqueValue(undefined);
  }
}

/** The inverse of {@link copyResourceProps}: opaque values are put back as they were. */
export function restoreResourceProps(value: unknown): unknown {
  if (value instanceof OpaqueValue) return value.original;
  if (Array.isArray(value)) return value.map(restoreResourceProps);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreResourceProps(v)]));
  return value;
}

/** True when `value` holds an {@link OpaqueValue} anywhere. */
export function containsOpaque(value: unknown): boolean {
  if (value instanceof OpaqueValue) return true;
  if (Array.isArray(value)) return value.some(containsOpaque);
  if (isRecord(value)) return Object.values(value).some(containsOpaque);
  return false;
}

/** True when the field at JSON pointer `path` of `object`, or one of its parents, is opaque. */
export function isOpaqueAt(object: unknown, path: string): boolean {
  return valueAtPointer(object, path) instanceof OpaqueValue;
}

/**
 * True when `object` sets the field at JSON pointer `path` (to anything but `null`): a finding there is about a value
 * the object writes, not about one it leaves out.
 */
export function isSetAt(object: unknown, path: string): boolean {
  const value = valueAtPointer(object, path);
  return value !== undefined && value !== null;
}

/** The value at JSON pointer `path` in `object`, or the unknown value on its way; `undefined` when nothing is there. */
function valueAtPointer(object: unknown, path: string): unknown {
  let node = object;
  for (const token of path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (node instanceof OpaqueValue) return node;
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/**
 * Rule ids that look across objects (NetworkPolicies selecting a workload, the ServiceAccount a pod runs
 * as): auditing one resource alone cannot decide them, so the policy list checks them over the whole stack.
 */
export const CROSS_OBJECT_RULES: readonly string[] = ['network-default-deny', 'no-service-account-token'];

/** Rule ids that can be decided on one resource alone. */
export const SINGLE_OBJECT_RULES: readonly string[] = RULES.map((rule) => rule.id).filter((id) => !CROSS_OBJECT_RULES.includes(id));

/** The Kubernetes object behind a resource's inputs, with `apiVersion` and `kind` from its type. */
export function objectOfProps(props: Record<string, unknown>, meta: { apiVersion: string; kind: string }): KubeObject {
  return { ...props, apiVersion: meta.apiVersion, kind: meta.kind };
}
