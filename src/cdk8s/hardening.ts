/**
 * `Hardening.of(chart)`: the rule catalogue applied to every ApiObject of a chart, whichever construct library
 * wrote it (cdk8s-plus-28, imported CRDs, hand-written ApiObjects), at synth time.
 */
import { ApiObject, JsonPatch } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { audit, InvalidObjectError, RuleSelection } from '../audit/engine';
import type { Exemption, Finding } from '../audit/types';
import { isAtOrAbove } from '../config/apply';
import { ruleDocsLink } from '../config/rule-docs';
import { FAIL_ON_VALUES, FailOn } from '../config/schema';
import { aBoolean, aString, checkKnownProps, checkPropTypes, oneOf, preview, propNames } from '../core/build/prop-types';
import { ENFORCED_SEVERITY } from '../core/enforce';
import { PropsError } from '../core/errors';
import {
  formatOverridesAnnotation, Override, OverrideError, OVERRIDES_ANNOTATION, readOverridesAnnotation, todayIso, validateOverrides,
} from '../core/overrides';
import { hasPodSpec, podTemplateOf, PodSpecShapeError } from '../core/pod-spec';
import { describeResource, isRecord, KubeObject, pointer, ResourceRef, resourceRef } from '../core/types';
import { RULE_IDS, RULES } from '../rules/registry';
import type { PssLevel } from '../rules/rule';

/** Options of {@link Hardening.of}. */
export interface HardeningOptions {
  /**
   * Before auditing, fill the catalogue's safe defaults where a pod template leaves a field unset (non-root
   * uid/gid 65532, seccomp RuntimeDefault, `capabilities.drop: [ALL]`, no privilege escalation, read-only root
   * filesystem with tmpfs scratch space, resource requests and limits, no service account token). Values that
   * are set are never changed, and rules overridden on an object are not filled in on it.
   * @default false
   */
  readonly applyDefaults?: boolean;
  /**
   * Pod Security Standards level the pods must pass.
   * @default 'restricted'
   */
  readonly level?: PssLevel;
  /**
   * Pod Security Standards version, `v1.N` or `latest`.
   * @default 'latest'
   */
  readonly pssVersion?: string;
  /**
   * Rules to run: `all`, `pss` or a list of rule ids (RULES.md).
   * @default 'all'
   */
  readonly rules?: RuleSelection;
  /**
   * Registries images must come from (rule `trusted-registry`).
   * @default - any explicit registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Findings at or above this severity fail the synth; `never` only reports through `kubeharden audit`.
   * @default 'medium' - what kubeharden's own constructs refuse
   */
  readonly failOn?: FailOn;
  /**
   * Today as `YYYY-MM-DD`, for override expiry.
   * @default - the current UTC date
   */
  readonly today?: string;
}

/** An override added with {@link Hardening.addOverride}, and the objects it was written to. */
interface RecordedOverride {
  readonly override: Override;
  readonly targetPath: string;
  readonly objects: readonly ApiObject[];
}

const INSTANCES = new WeakMap<IConstruct, Hardening>();

/**
 * Audits every ApiObject under a scope (usually a Chart) against the rule catalogue when the app is
 * synthesized (`app.synth()`, `Testing.synth()`, `chart.toJson()`), and fails the synth listing each finding
 * with its rule, object, construct, field and fix. Honours `kubeharden.io/overrides` annotations; with
 * `applyDefaults`, first fills the safe defaults that cdk8s-plus-28 and other libraries leave unset.
 *
 * @example
 * const hardening = Hardening.of(chart, { applyDefaults: true });
 * const web = new kplus.Deployment(chart, 'web', { containers: [{ image: 'registry.example.com/vendor/web:2.4.1', portNumber: 8080 }], isolate: true });
 * hardening.addOverride(web, { rule: 'image-digest-pinned', justification: 'Mirror with digests lands in SEC-7; until then tags only', expires: '2027-06-30' });
 */
export class Hardening {
  /**
   * The hardening of `scope`, created (with a synth-time validation on `scope`) on the first call. Options may
   * be given on any call but must not contradict those of an earlier one.
   */
  public static of(scope: IConstruct, options?: HardeningOptions): Hardening {
    if (!isRecord(scope) || !isRecord(scope.node)) {
      throw new PropsError('Hardening.of', `scope ${preview(scope)} is not a construct. Fix: pass the chart (or app) whose objects to audit.`);
    }
    if (options !== undefined) checkHardeningOptions(pathOf(scope), options);
    const existing = INSTANCES.get(scope);
    if (existing) {
      if (options !== undefined && JSON.stringify(normalise(options)) !== JSON.stringify(existing.options)) {
        throw new Error(`[${pathOf(scope)}] Hardening.of() was already called with other options `
          + `(${JSON.stringify(existing.options)}). Fix: pass the options once, on the first call.`);
      }
      return existing;
    }
    const hardening = new Hardening(scope, normalise(options ?? {}));
    INSTANCES.set(scope, hardening);
    return hardening;
  }

  /** The options in effect, defaults included. */
  public readonly options: Required<Pick<HardeningOptions, 'applyDefaults' | 'level' | 'pssVersion' | 'failOn'>> & HardeningOptions;

  private readonly overrides: RecordedOverride[] = [];

  private constructor(private readonly scope: IConstruct, options: HardeningOptions) {
    this.options = options as Hardening['options'];
    scope.node.addValidation({ validate: () => this.validate() });
  }

  /**
   * Justifies a weakening on `target` (a construct under the scope, or its path relative to the scope such as
   * `'web'`): writes the override to the `kubeharden.io/overrides` annotation of every ApiObject under it. The
   * override is checked now (known rule, real justification, valid `expires`) and, at synth, must exempt a finding.
   */
  public addOverride(target: IConstruct | string, override: Override): Hardening {
    const construct = typeof target === 'string' ? this.findConstruct(target) : target;
    const targetPath = this.relativePath(construct);
    if (construct !== this.scope && !this.scope.node.findAll().includes(construct)) {
      throw new Error(`[${pathOf(this.scope)}] Hardening.addOverride: ${pathOf(construct)} is not under ${pathOf(this.scope)}. `
        + 'Fix: call Hardening.of() on a scope that contains it.');
    }
    const where = `[${pathOf(construct)}] Hardening.addOverride:`;
    let valid: Override;
    try {
      [valid] = validateOverrides([override], { knownRules: RULE_IDS, today: this.today(), where });
    } catch (e) {
      if (e instanceof OverrideError) throw new OverrideError(e.message.replace(`${where} overrides[0]`, `${where} the override`));
      throw e;
    }
    const objects = construct.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    if (objects.length === 0) {
      throw new Error(`[${pathOf(construct)}] Hardening.addOverride: no Kubernetes object under this construct. Fix: pass the construct that holds the ApiObject.`);
    }
    for (const object of objects) {
      const current = readOverridesAnnotation(object.metadata.toJson().annotations).overrides;
      if (current.some((o) => o.rule === valid.rule)) {
        throw new Error(`[${pathOf(object)}] rule "${valid.rule}" is overridden twice on ${object.kind}/${object.name}. Fix: keep one override per rule.`);
      }
      object.metadata.addAnnotation(OVERRIDES_ANNOTATION, formatOverridesAnnotation([...current, valid]));
    }
    this.overrides.push({ override: valid, targetPath, objects });
    return this;
  }

  /** The validation run at synth: fills defaults (when asked), audits, and returns one message per problem. */
  private validate(): string[] {
    const apiObjects = this.scope.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c));
    if (this.options.applyDefaults) for (const object of apiObjects) fillDefaults(object);
    const objects = apiObjects.map((o) => o.toJson() as KubeObject);
    let findings: readonly Finding[];
    let exemptions: readonly Exemption[];
    try {
      ({ findings, exemptions } = audit(objects, {
        pss: this.options.level,
        pssVersion: this.options.pssVersion,
        ...(this.options.rules !== undefined ? { rules: this.options.rules } : {}),
        ...(this.options.allowedRegistries !== undefined ? { allowedRegistries: this.options.allowedRegistries } : {}),
        today: this.today(),
      }));
    } catch (e) {
      if (e instanceof InvalidObjectError) return [`kubeharden cannot audit ${e.message}`];
      throw e;
    }
    const constructOf = new Map(objects.map((o, i) => [refKey(resourceRef(o)), apiObjects[i]]));
    const problems = findings.filter((f) => isAtOrAbove(f.severity, this.options.failOn)).map((f) => {
      const path = this.relativePath(overrideTarget(constructOf.get(refKey(f.resource)) ?? this.scope));
      return `${f.rule}: ${describeResource(f.resource)} (construct ${path}) ${f.message} (at ${f.path}). `
        + `Fix: ${f.fix} See ${ruleDocsLink(f.rule)}. To accept the risk instead: Hardening.of(${this.scopeName()}).addOverride('${path}', `
        + `{ rule: '${f.rule}', justification: '<why, at least 20 characters>' }).`;
    });
    for (const recorded of this.overrides) {
      if (!runsRule(this, recorded.override.rule)) continue;
      const exempted = exemptions.some((e) => e.rule === recorded.override.rule
        && recorded.objects.some((o) => constructOf.get(refKey(e.resource)) === o));
      if (!exempted) {
        problems.push(`override for rule "${recorded.override.rule}" on ${recorded.targetPath} is not needed: nothing there breaks the rule. `
          + `Fix: remove the override (see ${ruleDocsLink(recorded.override.rule)}).`);
      }
    }
    return problems;
  }

  private today(): string {
    return this.options.today ?? todayIso();
  }


  private findConstruct(path: string): IConstruct {
    const trimmed = path.replace(/^\/+|\/+$/g, '');
    const found = [this.scope, ...this.scope.node.findAll()].find((c) => c.node.path === trimmed || this.relativePath(c) === trimmed);
    if (!found) {
      throw new Error(`[${pathOf(this.scope)}] Hardening.addOverride: no construct at "${path}". `
        + 'Fix: pass the construct itself, or its path relative to the scope of Hardening.of() (e.g. "web").');
    }
    return found;
  }

  private relativePath(construct: IConstruct): string {
    const base = this.scope.node.path;
    const path = construct.node.path;
    if (base === '') return path;
    return path === base ? '.' : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path;
  }

  private scopeName(): string {
    return this.scope.node.id === '' ? 'app' : 'chart';
  }
}

const HARDENING_OPTIONS = propNames<HardeningOptions>()('applyDefaults', 'level', 'pssVersion', 'rules', 'allowedRegistries', 'failOn', 'today');

/**
 * Throws a {@link PropsError} for options of the wrong type, and for an unknown key or severity, which would
 * otherwise leave the gate open (`failOn: 'High'` matches no finding). Levels, versions, rule ids and dates are
 * checked by the audit itself, at synth.
 */
function checkHardeningOptions(where: string, options: unknown): void {
  if (!isRecord(options)) throw new PropsError(where, `Hardening.of options ${preview(options)} are not an object. Fix: pass HardeningOptions, such as { failOn: 'high' }.`);
  checkKnownProps(where, options, HARDENING_OPTIONS, 'HardeningOptions', 'Hardening.of options.');
  checkPropTypes(where, options, {
    applyDefaults: aBoolean,
    level: oneOf(['baseline', 'restricted']),
    pssVersion: aString('a version such as "v1.35" or "latest"'),
    failOn: oneOf(FAIL_ON_VALUES),
    today: aString('a date such as "2027-01-31"'),
  }, 'Hardening.of options.');
}

/** Options with their defaults. */
function normalise(options: HardeningOptions): Hardening['options'] {
  return {
    ...options,
    applyDefaults: options.applyDefaults ?? false,
    level: options.level ?? 'restricted',
    pssVersion: options.pssVersion ?? 'latest',
    failOn: options.failOn ?? ENFORCED_SEVERITY,
  };
}

/**
 * A copy of `rendered` with the safe defaults filled in (but those of rules its overrides name), or `undefined` when it
 * has no pod spec to fill.
 */
function withSafeDefaults(rendered: KubeObject): KubeObject | undefined {
  if (!hasPodSpec(rendered)) return undefined;
  const completed = JSON.parse(JSON.stringify(rendered)) as KubeObject;
  let view;
  try {
    view = podTemplateOf(completed);
  } catch (e) {
    if (e instanceof PodSpecShapeError) return undefined;
    throw e;
  }
  if (!view) return undefined;
  const overridden = new Set(readOverridesAnnotation(rendered.metadata?.annotations).overrides.map((o) => o.rule));
  for (const rule of RULES) {
    if (!overridden.has(rule.id)) rule.remediate?.(view);
  }
  return completed;
}

/**
 * `object` as synthesis emits it: its JSON, with the safe defaults filled in when a {@link Hardening} with
 * `applyDefaults` covers it (whose validation may not have filled them yet).
 */
export function renderedAtSynth(object: ApiObject): KubeObject {
  const rendered = object.toJson() as KubeObject;
  const fills = object.node.scopes.some((scope) => INSTANCES.get(scope)?.options.applyDefaults === true);
  return (fills && withSafeDefaults(rendered)) || rendered;
}

/** True when `hardening` runs rule `rule` (by its `rules` option). */
export function runsRule(hardening: Hardening, rule: string): boolean {
  const selection = hardening.options.rules ?? 'all';
  if (selection === 'all') return true;
  if (selection === 'pss') return RULES.some((r) => r.id === rule && (r.pssChecks?.length ?? 0) > 0);
  return selection.includes(rule);
}

/** The nearest {@link Hardening} whose scope holds `construct`, if any. */
export function hardeningOf(construct: IConstruct): Hardening | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hardening = INSTANCES.get(scopes[i]);
    if (hardening) return hardening;
  }
  return undefined;
}

/**
 * Adds to `object` the JSON patches that fill the catalogue's safe defaults missing from its pod template,
 * computed on a copy of its rendered JSON; a second call adds nothing.
 */
function fillDefaults(object: ApiObject): void {
  const rendered = object.toJson() as KubeObject;
  const completed = withSafeDefaults(rendered);
  if (!completed) return;
  const operations = operationsBetween(rendered, completed, '');
  if (operations.length === 0) return;
  const render = rendererOf(object);
  let source: unknown = render ? ApiObject.prototype.toJson.call(object) : rendered;
  for (const operation of operations) {
    const patch = toPatch(operation.op, operation.path, render ? encodeFor(render, source, operation) : operation.value);
    object.addJsonPatch(patch);
    source = JsonPatch.apply(clone(source), patch);
  }
}

/** One JSON patch operation, as plain data. */
interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

/** The operations that turn `before` into `after`: added members and items, replaced values, removed members. */
function operationsBetween(before: unknown, after: unknown, path: string): PatchOperation[] {
  if (deepEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    return [
      ...Object.keys(before).filter((key) => !(key in after)).map((key) => ({ op: 'remove' as const, path: pointer(path, key) })),
      ...Object.keys(after).flatMap((key) => (key in before
        ? operationsBetween(before[key], after[key], pointer(path, key))
        : [{ op: 'add' as const, path: pointer(path, key), value: after[key] }])),
    ];
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length >= before.length) {
    return [
      ...before.flatMap((item, i) => operationsBetween(item, after[i], pointer(path, i))),
      ...after.slice(before.length).map((item, i) => ({ op: 'add' as const, path: pointer(path, before.length + i), value: item })),
    ];
  }
  return [{ op: 'replace', path, value: after }];
}

/**
 * How an imported L1 class (cdk8s-plus-28's `KubeDeployment`, `cdk8s import` output) renders the JSON its
 * patches apply to: its static `manifest(props)`. Quantities and int-or-strings are `{ value }` objects before
 * that rendering. `undefined` for a plain ApiObject, whose patches apply to the rendered JSON itself.
 */
function rendererOf(object: ApiObject): ((source: unknown) => unknown) | undefined {
  const prototype = Object.getPrototypeOf(object) as { toJson?: unknown; constructor?: { manifest?: unknown } };
  if (prototype.toJson === ApiObject.prototype.toJson) return undefined;
  const manifest = prototype.constructor?.manifest;
  return typeof manifest === 'function' ? (source) => manifest.call(prototype.constructor, source) : undefined;
}

/**
 * The value to patch into `source` so that, once rendered, `operation.path` holds `operation.value`: each
 * string or number the rendering drops is tried again as `{ value }`.
 */
function encodeFor(render: (source: unknown) => unknown, source: unknown, operation: PatchOperation): unknown {
  if (operation.op === 'remove') return undefined;
  const renderedAt = (candidate: unknown) => {
    const patched = JsonPatch.apply(clone(source), toPatch(operation.op, operation.path, candidate));
    return valueAt(render(patched), operation.path);
  };
  let candidate = clone(operation.value);
  if (deepEqual(renderedAt(candidate), operation.value)) return candidate;
  for (const leaf of primitiveLeaves(operation.value, '')) {
    const expected = valueAt(operation.value, leaf);
    const trial = withValueAt(clone(candidate), leaf, { value: expected });
    if (deepEqual(valueAt(renderedAt(trial), leaf), expected)) candidate = trial;
  }
  return candidate;
}

function toPatch(op: PatchOperation['op'], path: string, value: unknown): JsonPatch {
  if (op === 'remove') return JsonPatch.remove(path);
  return op === 'add' ? JsonPatch.add(path, value) : JsonPatch.replace(path, value);
}

function primitiveLeaves(value: unknown, path: string): string[] {
  if (typeof value === 'string' || typeof value === 'number') return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => primitiveLeaves(item, pointer(path, i)));
  if (isRecord(value)) return Object.keys(value).flatMap((key) => primitiveLeaves(value[key], pointer(path, key)));
  return [];
}

function tokensOf(path: string): string[] {
  return path === '' ? [] : path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(document: unknown, path: string): unknown {
  let node = document;
  for (const token of tokensOf(path)) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function withValueAt(document: unknown, path: string, value: unknown): unknown {
  const tokens = tokensOf(path);
  if (tokens.length === 0) return value;
  const parent = valueAt(document, pointer('', ...tokens.slice(0, -1))) as Record<string, unknown>;
  parent[tokens[tokens.length - 1]] = value;
  return document;
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a).filter((k) => a[k] !== undefined);
  return keys.length === Object.keys(b).filter((k) => b[k] !== undefined).length && keys.every((k) => deepEqual(a[k], b[k]));
}

/** The construct to name in an override hint: the owner of a `Resource` default child, else the object itself. */
export function overrideTarget(construct: IConstruct): IConstruct {
  return construct.node.id === 'Resource' && construct.node.scope ? construct.node.scope : construct;
}

function refKey(ref: ResourceRef): string {
  return JSON.stringify([ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name]);
}

function pathOf(construct: IConstruct): string {
  return construct.node.path || '<app>';
}
