/**
 * Property-test inputs: Kubernetes objects with one field replaced by a value of any type, as hand-written YAML,
 * `any` and foreign charts can hold them.
 */
import * as fc from 'fast-check';
import type { KubeObject } from '../src/core/types';

/** A value of any type, with the scalars, lists and strings that Kubernetes fields often hold. */
export const anyValue = fc.oneof(
  fc.anything({ maxDepth: 2, withBoxedValues: false }),
  fc.constantFrom(null, -1, 0, '', [], {}, [null], [{}], true, 'Unconfined', ['ALL'], ['SYS_ADMIN'], 65536, 'privileged'),
);

/** The paths of every field of `value` but apiVersion, kind and metadata.name (the loader checks those). */
function fieldPaths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    const own = prefix.length === 0 && (key === 'apiVersion' || key === 'kind') ? [] : [path];
    return [...own, ...fieldPaths((value as Record<string, unknown>)[key], path)].filter((p) => p.join('/') !== 'metadata/name');
  });
}

/** A copy of one of `objects` with one of its fields (at any depth) set to {@link anyValue}. */
export function withAnyField(objects: readonly KubeObject[]): fc.Arbitrary<KubeObject> {
  return fc.tuple(fc.constantFrom(...objects), fc.nat(), anyValue).map(([object, n, value]) => {
    // A JSON copy, not structuredClone: under jest that makes objects of another realm, which look like class instances.
    const copy = JSON.parse(JSON.stringify(object)) as Record<string | number, any>;
    const paths = fieldPaths(copy);
    const path = paths[n % paths.length];
    let node = copy;
    for (const token of path.slice(0, -1)) node = node[token];
    node[path[path.length - 1]] = value;
    return copy as KubeObject;
  });
}
