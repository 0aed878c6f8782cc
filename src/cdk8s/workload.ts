/**
 * The cdk8s side of every hardened construct: wraps the core's plain objects in ApiObjects and audits the
 * final JSON (escape-hatch patches included) at synth time.
 */
import { createHash } from 'crypto';
import {
  ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver, OwnerReference,
} from 'cdk8s';
import { Construct } from 'constructs';
import { claimObjectNames } from './object-names';
import { enforceHardening } from '../core/enforce';
import { todayIso } from '../core/overrides';
import type { Override } from '../core/overrides';
import { detached } from '../core/plain-data';
import type { KubeObject } from '../core/types';

/** Options of {@link emitHardened}. */
export interface EmitOptions {
  /** The objects built by the core; the first of `primaryKind` becomes the construct's default child. */
  readonly objects: readonly KubeObject[];
  readonly primaryKind: string;
  readonly overrides: readonly Override[];
  readonly allowedRegistries?: readonly string[];
  /**
   * The core builder audited `objects` before returning them (it throws on any weakening), so that unchanged
   * objects pass at synth without a second audit on the day they were built.
   * @default false
   */
  readonly builtAudited?: boolean;
}

/**
 * An ApiObject that knows whether an escape hatch patched it, and renders unpatched plain data under the
 * default resolvers directly: the same JSON as cdk8s's generic `toJson()`, without resolving every value.
 */
class HardenedApiObject extends ApiObject {
  /** JSON patches added with {@link addJsonPatch}. */
  public patchCount = 0;

  /** @param object the object as the core built it (its metadata is this ApiObject's initial metadata) */
  constructor(scope: Construct, id: string, public readonly object: KubeObject) {
    super(scope, id, object);
    Object.setPrototypeOf(this.metadata, TrackedMetadata.prototype);
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patchCount += ops.length;
    super.addJsonPatch(...ops);
  }

  /**
   * Renders the object as cdk8s does: `apiVersion`, `kind`, `metadata`, then the other fields, every key sorted.
   * Patched objects, custom resolvers, unsorted output (`CDK8S_DISABLE_SORT`) and data that is not plain JSON
   * take cdk8s's own path.
   */
  public toJson(): any {
    if (this.patchCount === 0 && !process.env.CDK8S_DISABLE_SORT && hasDefaultResolvers(this)) {
      const rendered = renderPlain(this.object, () => metadataJson(this));
      if (rendered !== NOT_PLAIN) return rendered;
    }
    return super.toJson();
  }
}

/**
 * Adds `objects` to `scope` as ApiObjects (the primary one with id `Resource`, so `ApiObject.of(scope)`
 * finds it), and a validation that audits their final JSON at synth.
 */
export function emitHardened(scope: Construct, given: EmitOptions): ApiObject[] {
  // Detached from the props, which the caller may still change: the synth-time audit trusts objects as built.
  const options: EmitOptions = { ...given, objects: given.objects.map(detached) };
  claimObjectNames(scope, options.objects);
  let primaryTaken = false;
  const apiObjects = options.objects.map((object) => {
    const isPrimary = !primaryTaken && object.kind === options.primaryKind;
    primaryTaken ||= isPrimary;
    return new HardenedApiObject(scope, isPrimary ? 'Resource' : object.kind, object);
  });
  scope.node.addValidation(new SynthAudit(scope, apiObjects, options));
  return apiObjects;
}

/** The objects the core built for `scope`'s hardened ApiObjects (its direct children), as built. */
export function builtObjectsOf(scope: Construct): KubeObject[] {
  return scope.node.children.filter((c): c is HardenedApiObject => c instanceof HardenedApiObject).map((o) => o.object);
}

/**
 * Metadata that counts the changes made to it through its methods (the only way to change it after construction:
 * its fields are private or read-only), so that unchanged metadata need not be compared.
 */
class TrackedMetadata extends ApiObjectMetadataDefinition {
  public addLabel(key: string, value: string): void {
    countChange(this);
    super.addLabel(key, value);
  }

  public addAnnotation(key: string, value: string): void {
    countChange(this);
    super.addAnnotation(key, value);
  }

  public addFinalizers(...finalizers: string[]): void {
    countChange(this);
    super.addFinalizers(...finalizers);
  }

  public addOwnerReference(owner: OwnerReference): void {
    countChange(this);
    super.addOwnerReference(owner);
  }

  public add(key: string, value: any): void {
    countChange(this);
    super.add(key, value);
  }
}

/** Changes made to each {@link TrackedMetadata} (none for metadata absent from the map). */
const METADATA_CHANGES = new WeakMap<ApiObjectMetadataDefinition, number>();

function countChange(metadata: ApiObjectMetadataDefinition): void {
  METADATA_CHANGES.set(metadata, (METADATA_CHANGES.get(metadata) ?? 0) + 1);
}

/** True when some metadata of `objects` changed since construction. */
function metadataChanged(objects: readonly ApiObject[]): boolean {
  return objects.some((o) => METADATA_CHANGES.has(o.metadata));
}

/** The synth-time audit of the objects {@link emitHardened} adds to `scope`. */
class SynthAudit {
  /** The objects' bodies (all but their metadata) are plain JSON, which cdk8s renders as it is. */
  private readonly bodiesArePlain: boolean;
  /**
   * The day the objects were built when they count as passed as built: the core builder audited them before they
   * were emitted (it throws otherwise), so with plain metadata, no override whose use is still to be checked and no
   * change since, they pass on that day.
   */
  private readonly passedAsBuilt?: string;
  /** The digest of the day and the final objects' metadata when they last passed: the same metadata passes again. */
  private passed?: string;

  constructor(private readonly scope: Construct, private readonly apiObjects: readonly HardenedApiObject[], private readonly options: EmitOptions) {
    this.bodiesArePlain = options.objects.every((object) => isPlainJson(bodyOf(object)));
    if (options.builtAudited && this.bodiesArePlain && options.overrides.length === 0 && apiObjects.every((o) => plainMetadataState(o))) {
      this.passedAsBuilt = todayIso();
    }
  }

  public validate(): string[] {
    const removed = this.apiObjects.find((o) => this.scope.node.tryFindChild(o.node.id) !== o);
    if (removed) {
      return [`[${this.scope.node.path}] its ${removed.kind} "${removed.name}" was removed from the construct tree, but the workload needs every `
        + 'object kubeharden built for it (its NetworkPolicy, its ServiceAccount). Fix: keep it; to weaken what it does, use an override.'];
    }
    try {
      // Unpatched objects of plain data under the default resolvers render as their props with the current
      // metadata: they are audited as such, and once they pass, only a change of metadata is audited again.
      // Anything else, and anything that fails, is audited as `toJson()` renders it.
      if (this.bodiesArePlain && this.apiObjects.every((o) => o.patchCount === 0) && hasDefaultResolvers(this.scope)) {
        if (this.passedAsBuilt === todayIso() && !metadataChanged(this.apiObjects)) return [];
        const current = this.fingerprint();
        if (current === this.passed) return [];
        try {
          this.enforce(this.apiObjects.map((o) => ({ ...o.object, metadata: o.metadata.toJson() as KubeObject['metadata'] })));
          this.passed = current;
          return [];
        } catch {
          this.passed = undefined;
        }
      }
      this.enforce(this.apiObjects.map((o) => o.toJson()));
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  }

  private enforce(objects: KubeObject[]): void {
    enforceHardening(objects, {
      overrides: this.options.overrides,
      allowedRegistries: this.options.allowedRegistries,
      rejectUnusedOverrides: true,
    });
  }

  /**
   * A SHA-256 digest of today's date and every object's metadata: its state when plain (see {@link plainMetadataState}),
   * else its rendering.
   */
  private fingerprint(): string {
    const hash = createHash('sha256').update(todayIso());
    for (const o of this.apiObjects) {
      const state = plainMetadataState(o);
      hash.update(state ? `\nstate ${JSON.stringify(state)}` : `\nrendered ${JSON.stringify(o.metadata.toJson())}`);
    }
    return hash.digest('base64');
  }
}

/** `object` without its metadata (which cdk8s renders from the ApiObject's metadata). */
function bodyOf(object: KubeObject): Omit<KubeObject, 'metadata'> {
  const { metadata, ...body } = object;
  return body;
}

/**
 * The state of `o`'s metadata (every field but its ApiObject) when it is plain data: under the default resolvers
 * it alone decides what `o.metadata.toJson()` renders, so equal JSON of it renders equal metadata.
 */
function plainMetadataState(o: ApiObject): Record<string, unknown> | undefined {
  const { apiObject, ...state } = o.metadata as unknown as Record<string, unknown>;
  return isPlainState(state) ? state : undefined;
}

/** Finds the first emitted ApiObject of `kind`. */
export function objectOfKind(objects: readonly ApiObject[], kind: string): ApiObject | undefined {
  return objects.find((o) => o.kind === kind);
}

/**
 * True when `value` is plain JSON that cdk8s renders unchanged (apart from key order): objects, arrays, strings,
 * finite numbers and booleans, with no `null` or `undefined` (which rendering drops).
 */
function isPlainJson(value: unknown): boolean {
  return isPlain(value, false);
}

/** Returned by {@link renderPlain} and {@link sortedCopy} for data that is not plain JSON. */
const NOT_PLAIN = Symbol('not plain JSON');

/**
 * `object` as cdk8s's `ApiObject.toJson()` renders it when no patch or resolver changes it, with `metadata()` (sorted
 * JSON) as its metadata: `apiVersion`, `kind`, `metadata`, then the other fields in key order, all keys sorted at
 * every level. {@link NOT_PLAIN} when the data or the metadata is not plain JSON, or the metadata cannot be rendered.
 */
function renderPlain(object: KubeObject, metadata: () => unknown): Record<string, unknown> | typeof NOT_PLAIN {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return NOT_PLAIN;
  let renderedMetadata: unknown;
  try {
    renderedMetadata = metadata();
  } catch {
    return NOT_PLAIN; // cdk8s's path reports the error as it does for any object
  }
  if (renderedMetadata === NOT_PLAIN) return NOT_PLAIN;
  const result: Record<string, unknown> = { apiVersion, kind, metadata: renderedMetadata };
  for (const key of Object.keys(object).sort()) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
    const value = sortedCopy(object[key]);
    if (value === NOT_PLAIN) return NOT_PLAIN;
    result[key] = value;
  }
  return result;
}

/**
 * `o`'s metadata as `ApiObjectMetadataDefinition.toJson()` renders it under the default resolvers: rendered directly
 * when its state is plain data (the default resolvers leave plain data as it is), else through `toJson()`;
 * {@link NOT_PLAIN} when that is not plain JSON either.
 */
function metadataJson(o: ApiObject): unknown {
  // The fields `toJson()` reads, in its order: the options it was built with, then its current fields.
  const m = o.metadata as unknown as Record<string, unknown>;
  const direct = sanitizedPlain({
    ...(m._additionalAttributes as object | undefined),
    name: m.name,
    namespace: m.namespace,
    annotations: m.annotations,
    finalizers: m.finalizers,
    ownerReferences: m.ownerReferences,
    labels: m.labels,
  });
  return direct !== NOT_PLAIN ? direct : sortedCopy(o.metadata.toJson());
}

/**
 * `value` as cdk8s's `sanitizeValue` returns it with empty arrays and objects filtered out (as metadata is rendered):
 * keys sorted, `null` and `undefined` values, empty arrays and empty objects left out; {@link NOT_PLAIN} when `value`
 * holds anything but plain JSON (finite numbers, not -0), `null` and `undefined`.
 */
function sanitizedPlain(value: unknown): unknown {
  return plainCopy(value, true);
}

/**
 * A copy of `value` with the keys of every object sorted, as cdk8s's `sanitizeValue` makes it, when `value` is
 * plain JSON (see {@link isPlainJson}); {@link NOT_PLAIN} otherwise.
 */
function sortedCopy(value: unknown): unknown {
  return plainCopy(value, false);
}

/** {@link sanitizedPlain} when `sanitize`, else {@link sortedCopy}: one walk, two treatments of absent and empty values. */
function plainCopy(value: unknown, sanitize: boolean): unknown {
  switch (typeof value) {
    case 'undefined':
      return sanitize ? undefined : NOT_PLAIN;
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return !sanitize || (Number.isFinite(value) && !Object.is(value, -0)) ? value : NOT_PLAIN;
    case 'object': {
      if (value === null) return sanitize ? undefined : NOT_PLAIN;
      if (Array.isArray(value)) {
        if (sanitize && value.length === 0) return undefined;
        const copy = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) return NOT_PLAIN;
          const item = plainCopy(value[i], sanitize);
          if (item === NOT_PLAIN) return NOT_PLAIN;
          copy[i] = item;
        }
        return copy;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_PLAIN;
      const copy: Record<string, unknown> = {};
      let empty = true;
      for (const key of Object.keys(value).sort()) {
        if (key === '__proto__' || key === 'constructor') return NOT_PLAIN;
        const item = plainCopy((value as Record<string, unknown>)[key], sanitize);
        if (item === NOT_PLAIN) return NOT_PLAIN;
        if (item !== undefined) {
          copy[key] = item;
          empty = false;
        }
      }
      return sanitize && empty ? undefined : copy;
    }
    default:
      return NOT_PLAIN;
  }
}

/**
 * True when `value` is data that `JSON.stringify` writes exactly, so that equal JSON means equal data:
 * {@link isPlainJson} data where `null` and `undefined` may also appear (rendering drops both, JSON writes them alike).
 */
function isPlainState(value: unknown): boolean {
  return isPlain(value, true);
}

/**
 * True when `value` is strings, finite numbers (not -0), booleans, arrays without holes and objects of
 * `Object.prototype` (without `__proto__` or `constructor` keys) of those; with `absent`, `null` and `undefined` too.
 * Strings, the most common values, are checked without a call.
 */
function isPlain(value: unknown, absent: boolean): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'undefined':
      return absent;
    case 'object': {
      if (value === null) return absent;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (typeof item !== 'string' && (!(i in value) || !isPlain(item, absent))) return false;
        }
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key of Object.keys(value)) {
        if (key === '__proto__' || key === 'constructor') return false;
        const item = (value as Record<string, unknown>)[key];
        if (typeof item !== 'string' && !isPlain(item, absent)) return false;
      }
      return true;
    }
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
