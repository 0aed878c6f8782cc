/**
 * Plain data against values resolved later: a cdk8s `Lazy` or a Pulumi `Output` in props is an instance of a class,
 * a value to check once resolved; an object of plain data is checked now.
 */

/**
 * True when `value` is an object of plain data: its prototype is `Object.prototype` (of this or another realm, such
 * as jest's, where `structuredClone` makes objects of the outer one) or `null`. A class instance (a cdk8s `Lazy`, a
 * Pulumi `Output`) is not.
 */
export function hasPlainPrototype(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** True when `value` is an instance of a class other than Object and Array (see {@link hasPlainPrototype}). */
export function isClassInstance(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !hasPlainPrototype(value);
}

/**
 * A deep copy of the arrays and plain-data objects of `value`; anything else (a class instance such as a cdk8s `Lazy`,
 * a primitive) is kept as it is. Built objects are detached from the props they were built from this way, so that a
 * change to the props after construction cannot reach the output without being audited.
 */
export function detached<T>(value: T): T {
  if (Array.isArray(value)) return value.map(detached) as T;
  if (typeof value !== 'object' || value === null || !hasPlainPrototype(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = detached((value as Record<string, unknown>)[key]);
  return copy as T;
}
