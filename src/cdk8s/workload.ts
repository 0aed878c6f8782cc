/**
 * The cdk8s side of every hardened construct: wraps the core's plain objects in ApiObjects and audits the
 * final JSON (escape-hatch patches included) at synth time.
 */
import { ApiObject, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { enforceHardening } from '../core/enforce';
import { todayIso } from '../core/overrides';
import type { Override } from '../core/overrides';
import type { KubeObject } from '../core/types';

/** Options of {@link emitHardened}. */
export interface EmitOptions {
  /** The objects built by the core; the first of `primaryKind` becomes the construct's default child. */
  readonly objects: readonly KubeObject[];
  readonly primaryKind: string;
  readonly overrides: readonly Override[];
  readonly allowedRegistries?: readonly string[];
}

/** An ApiObject that knows whether an escape hatch patched it. */
class HardenedApiObject extends ApiObject {
  /** JSON patches added with {@link addJsonPatch}. */
  public patchCount = 0;

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patchCount += ops.length;
    super.addJsonPatch(...ops);
  }
}

/**
 * Adds `objects` to `scope` as ApiObjects (the primary one with id `Resource`, so `ApiObject.of(scope)`
 * finds it), and a validation that audits their final JSON at synth.
 */
export function emitHardened(scope: Construct, options: EmitOptions): ApiObject[] {
  let primaryTaken = false;
  const emitted = options.objects.map((object) => {
    const isPrimary = !primaryTaken && object.kind === options.primaryKind;
    primaryTaken ||= isPrimary;
    const { apiVersion, kind, metadata, ...rest } = object;
    const apiObject = new HardenedApiObject(scope, isPrimary ? 'Resource' : kind, { apiVersion, kind, metadata, ...rest });
    return { apiObject, body: { apiVersion, kind, ...rest } };
  });
  const apiObjects = emitted.map((e) => e.apiObject);
  const bodiesArePlain = emitted.every((e) => isPlainJson(e.body));
  const fingerprint = (): string => `${todayIso()} ${JSON.stringify(apiObjects.map((o) => o.metadata.toJson()))}`;
  /**
   * The metadata of the final objects when they last passed, with the day: the same metadata passes again. The core
   * builder audited the objects before they were emitted (it throws otherwise), so with no override whose use is
   * still to be checked, the objects as emitted count as passed.
   */
  let passed: string | undefined = bodiesArePlain && options.overrides.length === 0 ? fingerprint() : undefined;
  const enforce = (objects: KubeObject[]): void => enforceHardening(objects, {
    overrides: options.overrides,
    allowedRegistries: options.allowedRegistries,
    rejectUnusedOverrides: true,
  });
  scope.node.addValidation({
    validate: () => {
      try {
        // Unpatched objects of plain data under the default resolvers render as their props with the current
        // metadata: they are audited as such, and once they pass, only a change of metadata is audited again.
        // Anything else, and anything that fails, is audited as `toJson()` renders it.
        if (bodiesArePlain && emitted.every((e) => e.apiObject.patchCount === 0) && hasDefaultResolvers(scope)) {
          const current = fingerprint();
          if (current === passed) return [];
          const metadata = apiObjects.map((o) => o.metadata.toJson() as KubeObject['metadata']);
          try {
            enforce(emitted.map((e, i) => ({ ...e.body, metadata: metadata[i] })));
            passed = current;
            return [];
          } catch {
            passed = undefined;
          }
        }
        enforce(apiObjects.map((o) => o.toJson()));
        return [];
      } catch (e) {
        return [(e as Error).message];
      }
    },
  });
  return apiObjects;
}

/** Finds the first emitted ApiObject of `kind`. */
export function objectOfKind(objects: readonly ApiObject[], kind: string): ApiObject | undefined {
  return objects.find((o) => o.kind === kind);
}

/**
 * True when `value` is plain JSON that cdk8s renders unchanged (apart from key order): objects, arrays,
 * strings, numbers and booleans, with no `null` or `undefined` (which rendering drops).
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    case 'object':
      if (value === null) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isPlainJson(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key of Object.keys(value)) if (!isPlainJson((value as Record<string, unknown>)[key])) return false;
      return true;
    default:
      return false;
  }
}

/** True when the App resolves values with cdk8s's built-in resolvers only, which leave plain JSON as it is. */
function hasDefaultResolvers(scope: Construct): boolean {
  const resolvers: unknown = (App.of(scope) as { resolvers?: unknown }).resolvers;
  return Array.isArray(resolvers) && resolvers.length === 3
    && resolvers[0] instanceof LazyResolver
    && resolvers[1] instanceof ImplicitTokenResolver
    && resolvers[2] instanceof NumberStringUnionResolver;
}
