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
  return prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** True when `value` is an instance of a class other than Object and Array (see {@link hasPlainPrototype}). */
export function isClassInstance(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !hasPlainPrototype(value);
}
