/**
 * Resource inputs as the Pulumi engine hands them to transforms and policies: plain data, except for
 * values that are unknown during preview, secrets, assets and resource references. These are kept aside
 * as opaque values, so the catalogue's remediations and audit can work on the rest.
 */
import * as pulumi from '@pulumi/pulumi';
import { OVERRIDES_ANNOTATION } from '../core/overrides';
import { hasPlainPrototype } from '../core/plain-data';
import { isRecord, KubeObject, pointer as joinPointer } from '../core/types';
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

/**
 * Resource inputs as the engine hands them to transforms, with their secrets revealed: the engine marks a whole
 * top-level input secret (`{ [specialSigKey]: specialSecretSig, value }`) when any value inside it is. Secrets are
 * known values, so the catalogue can read and harden them; {@link concealSecrets} marks the same inputs secret again.
 */
export function revealSecrets(props: Record<string, unknown>): { props: Record<string, unknown>; secretKeys: string[] } {
  const secretKeys: string[] = [];
  const revealed: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const found = { secret: false };
    revealed[key] = revealValue(props[key], found);
    if (found.secret) secretKeys.push(key);
  }
  return { props: revealed, secretKeys };
}

function revealValue(value: unknown, found: { secret: boolean }): unknown {
  if (pulumi.runtime.isRpcSecret(value)) {
    found.secret = true;
    return revealValue(pulumi.runtime.unwrapRpcSecret(value), found);
  }
  if (Array.isArray(value)) return value.map((item) => revealValue(item, found));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revealValue(v, found)]));
  return value;
}

/** The inverse of {@link revealSecrets}: the inputs named in `secretKeys` are marked secret again. */
export function concealSecrets(props: Record<string, unknown>, secretKeys: readonly string[]): Record<string, unknown> {
  if (secretKeys.length === 0) return props;
  const concealed = { ...props };
  for (const key of secretKeys) {
    if (key in concealed) concealed[key] = { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: concealed[key] };
  }
  return concealed;
}

/**
 * A copy of {@link copyResourceProps}' output, sharing its {@link OpaqueValue}s: a change to the copy can be dropped, and
 * the opaque values can be found where they were by identity.
 */
export function cloneResourceProps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneResourceProps);
  if (isRecord(value) && !(value instanceof OpaqueValue)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneResourceProps(v)]));
  }
  return value;
}

/** The JSON pointer of each {@link OpaqueValue} in `value`, with the value. */
export function opaqueValuesOf(value: unknown, pointer = ''): Array<[string, OpaqueValue]> {
  if (value instanceof OpaqueValue) return [[pointer, value]];
  if (Array.isArray(value)) return value.flatMap((item, i) => opaqueValuesOf(item, joinPointer(pointer, i)));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => opaqueValuesOf(v, joinPointer(pointer, k)));
  return [];
}

/** True when every one of `opaqueValues` is still at its pointer in `value` (nothing replaced, moved or removed them). */
export function keepsOpaqueValues(value: unknown, opaqueValues: ReadonlyArray<[string, OpaqueValue]>): boolean {
  return opaqueValues.every(([pointer, opaque]) => valueAtPointer(value, pointer) === opaque);
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
 * True when the object's `kubeharden.io/overrides` annotation (or the metadata holding it) is not known yet: which of
 * its findings the annotation exempts is not known either.
 */
export function overridesNotKnown(object: KubeObject): boolean {
  return isOpaqueAt(object, joinPointer('/metadata/annotations', OVERRIDES_ANNOTATION));
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
