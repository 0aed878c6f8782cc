/**
 * The JSON types of props, checked for programs that reach the builders without TypeScript's checks (JavaScript,
 * `any`, props read from a file): a prop of the wrong type is a {@link PropsError} that names it and shows a valid
 * value, never a crash inside a builder nor a malformed object. `undefined` and `null` mean "not set". A value that
 * is an instance of a class (a cdk8s `Lazy`, for example) stands for a value resolved later, and passes: the adapters
 * resolve it and audit the result.
 */
import { closestMatch } from '../did-you-mean';
import { PropsError } from '../errors';
import { isDnsLabel } from '../names';
import { isClassInstance } from '../plain-data';
import { isRecord } from '../types';

/** What a prop must be, with a valid example for the error's fix. */
export interface PropType {
  /** True when `value` has the type. */
  readonly is: (value: unknown) => boolean;
  /** The type, after "is not" in the error (`a list of strings`). */
  readonly expected: string;
  /** A valid value, after "Fix: use" in the error. */
  readonly example: string;
}

/** A string. */
export const aString = (example: string): PropType => ({ is: (v) => typeof v === 'string', expected: 'a string', example });

/** `true` or `false`. */
export const aBoolean: PropType = { is: (v) => typeof v === 'boolean', expected: 'true or false', example: 'true or false' };

/** A whole number, 0 or more (an int64 field of Kubernetes, within the numbers JavaScript holds exactly). */
export const aCount: PropType = {
  is: (v) => Number.isSafeInteger(v) && (v as number) >= 0, expected: 'a whole number, 0 or more', example: 'a whole number such as 30',
};

/** The largest value of an int32 field of Kubernetes (replicas, probe timings, history limits). */
export const MAX_INT32 = 2147483647;

/** True for a whole number from `min` to {@link MAX_INT32}: what an int32 field of Kubernetes accepts. */
export function isInt32(value: unknown, min = 0): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= MAX_INT32;
}

/** A list of anything (its items are checked where they are read). */
export const aList = (example: string): PropType => ({ is: Array.isArray, expected: 'a list', example });

/** A list of strings. */
export const aStringList = (example: string): PropType => ({
  is: (v) => Array.isArray(v) && v.every((item) => typeof item === 'string' || isDeferred(item)), expected: 'a list of strings', example,
});

/** An object (its fields are checked where they are read). */
export const anObject = (example: string): PropType => ({ is: (v) => isRecord(v), expected: 'an object', example });

/** An object whose values are strings (labels, annotations, selectors). */
export const aStringMap = (example: string): PropType => ({
  is: (v) => isRecord(v) && Object.values(v).every((item) => typeof item === 'string' || isDeferred(item)), expected: 'an object of string values', example,
});

/** A list of port numbers (1 to 65535). */
export const aPortList: PropType = {
  is: (v) => Array.isArray(v) && v.every((port) => Number.isInteger(port) && port >= 1 && port <= 65535),
  expected: 'a list of port numbers',
  example: 'a list such as [8080]',
};

/** One of `values`. */
export const oneOf = (values: readonly string[]): PropType => ({
  is: (v) => typeof v === 'string' && values.includes(v), expected: `one of ${values.join(', ')}`, example: values.join(' or '),
});

/** A namespace name (a DNS label). */
export const aNamespaceName: PropType = {
  is: isDnsLabel, expected: 'a namespace name', example: 'lower-case letters, digits and \'-\', such as "shop"',
};

/**
 * Throws a {@link PropsError} for the first prop of `props` named in `types` that is set (not `undefined` or `null`)
 * and has another type. `prefix` names the object `props` sits in (`allowIngressFrom[0].`).
 */
export function checkPropTypes(where: string, props: object, types: Readonly<Record<string, PropType>>, prefix = ''): void {
  for (const field of Object.keys(types)) {
    const value: unknown = (props as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (isDeferred(value)) throw deferredPropError(where, `${prefix}${field}`);
    const type = types[field];
    if (!type.is(value)) throw new PropsError(where, `${prefix}${field} ${preview(value)} is not ${type.expected}. Fix: use ${type.example}.`);
  }
}

/**
 * The names of the props of `P`, written out once and checked by the compiler: a missing name fails with
 * `missing: '<name>'`, an unknown one as not assignable. `propNames<ContainerPortProps>()('port', 'name', …)`.
 */
export function propNames<P>() {
  return <const N extends ReadonlyArray<keyof P & string>>(
    ...names: N & (Exclude<keyof P, N[number]> extends never ? unknown : { readonly missing: Exclude<keyof P, N[number]> })
  ): readonly string[] => names;
}

/**
 * {@link checkKnownProps} for an object of a Kubernetes type that kubeharden takes as it is (a probe, a toleration):
 * the fix lists its fields.
 */
export function checkKnownFields(where: string, value: object, names: readonly string[], type: string, prefix = ''): void {
  checkKnown(where, value, names, prefix, `Kubernetes' ${type} has ${names.join(', ')}`, false);
}

/**
 * Throws a {@link PropsError} for the first key of `props` that is not in `names`: a mistyped prop (`replica`,
 * `readOnlyRootFileSystem`) would otherwise be ignored and leave its default silently in place.
 * A prop given as a value resolved later (a cdk8s `Lazy`) is refused too: the builder reads props. `type` names the
 * props' type in the fix (`HardenedDeploymentProps`); `prefix` names the object `props` sits in (`ports[0].`).
 */
export function checkKnownProps(where: string, props: object, names: readonly string[], type: string, prefix = ''): void {
  checkKnown(where, props, names, prefix, `${type} in API.md lists the props`, true);
}

/**
 * The error for a prop given as a value resolved later (a cdk8s `Lazy`): the builder reads props to build and check
 * the objects, so a prop must be plain data; a `Lazy` may stand only for a value kubeharden copies as it is (such
 * as an annotation's value).
 */
function deferredPropError(where: string, prop: string): PropsError {
  return new PropsError(where, `${prop} is a value resolved later (a cdk8s Lazy, or another class instance), but kubeharden reads it to build `
    + `and check the objects. Fix: pass ${prop} as a plain value.`);
}

/** The checks of {@link checkKnownProps} (deferred values refused when `plain`) and {@link checkKnownFields}, in one walk. */
function checkKnown(where: string, props: object, names: readonly string[], prefix: string, listed: string, plain: boolean): void {
  for (const key of Object.keys(props)) {
    if (!names.includes(key)) {
      const match = closestMatch(key, names);
      const fix = match !== undefined ? `use ${prefix}${match}, or remove it` : `remove it; ${listed}`;
      throw new PropsError(where, `unknown prop ${prefix}${key}. Fix: ${fix}.`);
    }
    if (plain && isDeferred((props as Record<string, unknown>)[key])) throw deferredPropError(where, `${prefix}${key}`);
  }
}

/** True for an instance of a class other than Object and Array: a value the adapter resolves later. */
export function isDeferred(value: unknown): boolean {
  return isClassInstance(value);
}

/** `value` as JSON, shortened to about 60 characters. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
