/**
 * The Pulumi side of every hardened construct: runs the core builder, creates each object as a typed child
 * resource, and audits the children's final inputs.
 *
 * Which children exist (kinds and names) depends on plain props only, so they are created in the
 * constructor. When some props are Outputs, the builder runs once on the plain props with stand-ins for the
 * Outputs (to know the children) and again on the resolved props inside `apply` (to produce their inputs,
 * audited); an error found there is a `ResourceError` on the child concerned.
 */
import * as pulumi from '@pulumi/pulumi';
import { kubernetesResourceClass, kubernetesTypeToken } from './kubernetes-types';
import { enforceHardening, HardeningError } from '../core/enforce';
import { PropsError } from '../core/errors';
import type { Override } from '../core/overrides';
import { detached, hasPlainPrototype } from '../core/plain-data';
import { isRecord, KubeObject } from '../core/types';

/** What a core builder returns: the objects, their common name and the validated overrides. */
export interface BuiltObjects {
  /** The name the objects share. */
  readonly name: string;
  /** The Kubernetes objects, in the order the children are created. */
  readonly objects: readonly KubeObject[];
  /** @default [] */
  readonly overrides?: readonly Override[];
}

/** Options of {@link createHardenedChildren}. */
export interface HardenedChildrenOptions<Props, Built extends BuiltObjects = BuiltObjects> {
  /** The component's name: prefix of its children's names and `[name]` in messages. */
  readonly name: string;
  /** The props as the user passed them, possibly with Inputs. */
  readonly args: unknown;
  /** Runs the core builder on plain props. */
  readonly build: (props: Props) => Built;
  /** Registries images must come from. */
  readonly allowedRegistries?: readonly string[];
  /** Transforms given to the component; they are applied to the children's inputs here, before the final audit. */
  readonly transforms?: readonly pulumi.ResourceTransform[];
  /**
   * The overrides the final audit expects to be used (an unused one is an error).
   * @default - every override the builder returns
   */
  readonly auditedOverrides?: (built: Built) => readonly Override[];
  /**
   * True when `build` itself audits the objects it returns, with their overrides and `allowedRegistries`.
   * @default false
   */
  readonly buildAudits?: boolean;
}

/** The children of a hardened component. */
export interface HardenedChildren<Built extends BuiltObjects = BuiltObjects> {
  /** The name of the Kubernetes objects. */
  readonly name: string;
  /** What the builder returned for the plain props (with stand-ins for Outputs). */
  readonly planned: Built;
  /** Every child, in the order the core builder emits the objects. */
  readonly resources: readonly pulumi.CustomResource[];
  /** The final inputs of every child, audited (with plain props, made on first use). */
  readonly objects: pulumi.Output<KubeObject[]>;
  /** The namespace of the objects when the props give it as a plain value (`undefined` when unset or an Output). */
  readonly knownNamespace?: string;
  /** The namespace of the objects: {@link knownNamespace}, or an Output of it when the props give it as an Output. */
  readonly namespace: pulumi.Input<string | undefined>;
  /** The first child of `kind`. */
  resourceOf(kind: string): pulumi.CustomResource | undefined;
}

/** Stands in for an Output-valued prop while the children are planned. */
const PLACEHOLDER = 'unresolved-input';

/** True when `value` stands in for an Output while the children are planned (a builder sees it as a plain value). */
export function isPlaceholder(value: unknown): boolean {
  return value === PLACEHOLDER;
}

/** The component's options without `transforms`, which {@link createHardenedChildren} applies to the children itself. */
export function componentOptions(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions | undefined {
  if (!opts?.transforms) return opts;
  const { transforms: _applied, ...rest } = opts;
  return rest;
}

/**
 * Builds the objects of a component with the core builder and creates them as children of `component`,
 * each with `{ parent: component }` (namespaced objects also depend on a Namespace created alongside).
 * Throws a `ResourceError` on `component` when plain props are invalid or weaken a rule without a
 * justified override.
 */
export function createHardenedChildren<Props, Built extends BuiltObjects = BuiltObjects>(
  component: pulumi.ComponentResource, options: HardenedChildrenOptions<Props, Built>,
): HardenedChildren<Built> {
  const pending = hasPendingValues(options.args);
  if (pending) onComponent(component, () => checkPlanningProps(options.name, options.args));
  const transforms = options.transforms ?? [];
  // Detached from the props, which the program may still change before the inputs are sent: they were audited as built.
  const planned = onComponent(component, () => pending
    ? planWithPlaceholders(options.name, () => options.build(withPlaceholders(options.args, undefined, options.allowedRegistries) as Props))
    : detachedBuild(options.build(options.args as Props)));
  const resources: pulumi.CustomResource[] = [];
  const auditedOverrides = (built: Built) => options.auditedOverrides?.(built) ?? built.overrides ?? [];
  const finalAudit = (built: Built, objects: readonly KubeObject[]) => enforceHardening(objects, {
    where: options.name,
    overrides: auditedOverrides(built),
    allowedRegistries: options.allowedRegistries,
    rejectUnusedOverrides: true,
  });
  const resourceFor = (error: unknown): pulumi.Resource => {
    const at = error instanceof HardeningError ? error.findings[0]?.resource : undefined;
    const index = at ? planned.objects.findIndex((o) => o.kind === at.kind && o.metadata?.name === at.name) : -1;
    return resources[index] ?? component;
  };
  const names = planned.objects.map((object) => childName(options.name, object));
  const types = planned.objects.map((object) => kubernetesTypeToken(object));

  const plain = !pending && transforms.length === 0;
  // The final audit of plain props checks the builder's objects as they are: when the builder audited them already,
  // only an override that may be unused is left to check.
  if (plain && !(options.buildAudits && auditedOverrides(planned).length === 0)) {
    onComponent(component, () => finalAudit(planned, planned.objects));
  }
  // With plain props and no transforms, each child's inputs are its planned object, and the Output of all of them
  // is made only when read: each Output costs Pulumi a deep copy of the objects and several promises.
  const final = plain ? undefined : outputOf(options.args).apply((resolved) => onResource(resourceFor, () => {
    const built = pending ? options.build(resolved as Props) : planned;
    checkSameObjects(options.name, planned, built);
    const transformed = applyTransforms(transforms, built.objects, { where: options.name, component, names, types })
      .catch((error) => onResource(resourceFor, () => {
        throw error;
      }));
    return outputOf(transformed).apply((objects) => onResource(resourceFor, () => {
      finalAudit(built, objects as KubeObject[]);
      return objects;
    }));
  })) as pulumi.Output<KubeObject[]>;
  let objects = final;

  const namespaces = new Map<string | undefined, number>();
  planned.objects.forEach((o, i) => o.kind === 'Namespace' && namespaces.set(o.metadata?.name, i));
  planned.objects.forEach((object, i) => {
    const resourceClass = kubernetesResourceClass(object);
    const args = final
      ? {
        apiVersion: object.apiVersion,
        kind: object.kind,
        ...Object.fromEntries(Object.keys(object).filter((key) => key !== 'apiVersion' && key !== 'kind')
          .map((key) => [key, final.apply((all) => all[i][key])])),
      }
      : object;
    const namespaceIndex = object.metadata?.namespace !== undefined ? namespaces.get(object.metadata.namespace) : undefined;
    const namespace = namespaceIndex !== undefined && namespaceIndex < i ? [resources[namespaceIndex]] : undefined;
    // The engine resolves dependsOn before it reads a child's inputs: when `final` fails (an Output prop breaks a rule),
    // each child then fails with the error itself, not wrapped in the name of each input that shares it.
    const dependsOn = final ? final.apply(() => namespace ?? []) : namespace;
    resources.push(new resourceClass(names[i], args, { parent: component, ...(dependsOn ? { dependsOn } : {}) }));
  });

  return {
    name: planned.name,
    planned,
    resources,
    get objects() {
      return objects ??= outputOf(planned.objects) as pulumi.Output<KubeObject[]>;
    },
    resourceOf: (kind) => resources.find((_, i) => planned.objects[i].kind === kind),
    knownNamespace: knownNamespaceOf(planned.objects, pending),
    get namespace() {
      const known = namespaceOf(planned.objects);
      return final && pending && known === PLACEHOLDER ? final.apply(namespaceOf) : known;
    },
  };
}

/** The namespace of the first namespaced object. */
function namespaceOf(objects: readonly KubeObject[]): string | undefined {
  return objects.find((o) => o.metadata?.namespace !== undefined)?.metadata?.namespace;
}

/** The namespace of the first namespaced object, unless it stands in for an Output. */
function knownNamespaceOf(objects: readonly KubeObject[], pending: boolean): string | undefined {
  const namespace = namespaceOf(objects);
  return pending && namespace === PLACEHOLDER ? undefined : namespace;
}

/** `built` with its objects detached from the props they were built from (see {@link detached}). */
function detachedBuild<Built extends BuiltObjects>(built: Built): Built {
  return { ...built, objects: built.objects.map(detached) };
}

/** A child's Pulumi name: the object's name, prefixed with the component's name unless it already starts with it. */
function childName(componentName: string, object: KubeObject): string {
  const objectName = object.metadata?.name;
  if (!objectName || objectName === componentName) return componentName;
  return objectName.startsWith(`${componentName}-`) ? objectName : `${componentName}-${objectName}`;
}

/** Runs `build`, turning any error into a `ResourceError` on `component`. */
function onComponent<T>(component: pulumi.Resource, build: () => T): T {
  return onResource(() => component, build);
}

/** Runs `build`, turning any error into a `ResourceError` on the resource `resourceFor` picks. */
function onResource<T>(resourceFor: (error: unknown) => pulumi.Resource, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof pulumi.ResourceError) throw error;
    throw new pulumi.ResourceError(error instanceof Error ? error.message : String(error), resourceFor(error), true);
  }
}

/**
 * Props that decide which objects a component creates and how they are named: the children are planned from them
 * before any Output resolves, so they must be plain values.
 */
const PLANNING_PROPS = ['name', 'port', 'ports', 'replicas'];

function checkPlanningProps(where: string, args: unknown): void {
  if (!isRecord(args)) return;
  for (const prop of PLANNING_PROPS) {
    if (hasPendingValues(args[prop])) {
      throw new PropsError(where, `${prop} is an Output (or a Promise), but it decides which objects the component creates. Fix: pass ${prop} as a plain value.`);
    }
  }
  // Overrides are validated as the children are planned, so an Output in one would be judged as a stand-in value.
  const overrides = args.overrides;
  const pendingOverride = Array.isArray(overrides)
    ? overrides.flatMap((o, i) => (isRecord(o) ? Object.keys(o).filter((k) => hasPendingValues(o[k])).map((k) => `overrides[${i}].${k}`) : []))[0]
    : hasPendingValues(overrides) ? 'overrides' : undefined;
  if (pendingOverride !== undefined) {
    throw new PropsError(where, `${pendingOverride} is an Output (or a Promise), but overrides are checked before the objects are created. `
      + `Fix: pass ${pendingOverride} as a plain value.`);
  }
}

/** `value` as an Output, its nested Outputs and Promises resolved. */
function outputOf(value: unknown): pulumi.Output<unknown> {
  return pulumi.output(value) as unknown as pulumi.Output<unknown>;
}

/** True when `value` holds an Output or a Promise anywhere. */
export function hasPendingValues(value: unknown): boolean {
  if (isPending(value)) return true;
  if (Array.isArray(value)) return value.some(hasPendingValues);
  if (isPlainObject(value)) return Object.values(value).some(hasPendingValues);
  return false;
}

function isPending(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || (isRecord(value) && typeof (value as { then?: unknown }).then === 'function');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return isRecord(value) && hasPlainPrototype(value);
}

/** `value` with every Output or Promise replaced by a valid stand-in (a digest-pinned image for `image`). */
function withPlaceholders(value: unknown, key: string | undefined, allowedRegistries: readonly string[] | undefined): unknown {
  if (isPending(value)) {
    return key === 'image' ? `${allowedRegistries?.[0] ?? 'registry.invalid'}/${PLACEHOLDER}@sha256:${'0'.repeat(64)}` : PLACEHOLDER;
  }
  if (Array.isArray(value)) return value.map((item) => withPlaceholders(item, undefined, allowedRegistries));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withPlaceholders(v, k, allowedRegistries)]));
  }
  return value;
}

/**
 * Runs the planning `build`, where Outputs stand in as placeholders: a prop the builder must check as a plain value
 * (a flag, a count) fails there with the placeholder in its message, which is reported as what it is, an Output.
 */
function planWithPlaceholders<T>(where: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const message = error instanceof PropsError ? error.message : '';
    if (!message.includes(JSON.stringify(PLACEHOLDER))) throw error;
    const field = new RegExp(`^\\[[^\\]]*\\] (\\S+) ${JSON.stringify(PLACEHOLDER)}`).exec(message)?.[1];
    throw new PropsError(where, `${field ?? 'a prop'} is an Output (or a Promise), but kubeharden checks it before it creates the objects. `
      + `Fix: pass ${field ?? 'the props it checks'} as a plain value.`);
  }
}

function checkSameObjects(where: string, planned: BuiltObjects, built: BuiltObjects): void {
  const describe = (b: BuiltObjects) => b.objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ');
  if (describe(planned) !== describe(built)) {
    throw new Error(`[${where}] the resolved inputs produce other objects (${describe(built)}) than the plain props (${describe(planned)}). `
      + 'Fix: pass the props that decide which objects exist (name, ports, replicas, serviceAccountName) as plain values.');
  }
}

interface TransformTarget {
  readonly where: string;
  readonly component: pulumi.ComponentResource;
  readonly names: readonly string[];
  readonly types: readonly string[];
}

/** Applies the component's transforms to each object, as the engine would to its children. */
async function applyTransforms(
  transforms: readonly pulumi.ResourceTransform[], objects: readonly KubeObject[], target: TransformTarget,
): Promise<Record<string, unknown>[]> {
  return Promise.all(objects.map(async (object, i) => {
    let props: Record<string, unknown> = JSON.parse(JSON.stringify(object));
    const opts: pulumi.CustomResourceOptions = { parent: target.component };
    for (const transform of transforms) {
      const result = await transform({ custom: true, type: target.types[i], name: target.names[i], props, opts });
      if (result === undefined) continue;
      if (result.opts !== opts && !sameOptions(result.opts ?? {}, opts)) {
        throw new Error(`[${target.where}] a transform changed the resource options of ${target.types[i]} "${target.names[i]}". `
          + 'Fix: transforms given to kubeharden components may change inputs only; set resource options on the component.');
      }
      props = { ...result.props, apiVersion: object.apiVersion, kind: object.kind };
    }
    const added = Object.keys(props).filter((key) => !(key in object));
    if (added.length > 0) {
      throw new Error(`[${target.where}] a transform added the field ${added.join(', ')} to ${target.types[i]} "${target.names[i]}". `
        + `Fix: transforms given to kubeharden components may change only the fields the object has (${Object.keys(object).join(', ')}).`);
    }
    return props;
  }));
}

function sameOptions(a: pulumi.ResourceOptions, b: pulumi.ResourceOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof pulumi.ResourceOptions>;
  return [...keys].every((key) => a[key] === b[key]);
}
