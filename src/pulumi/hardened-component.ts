import * as pulumi from '@pulumi/pulumi';
import { BuiltObjects, componentOptions, createHardenedChildren, HardenedChildren } from './children';
import type { Override } from '../core/overrides';
import type { KubeObject } from '../core/types';

/** How a component builds its objects. */
export interface ComponentBuild<Props, Built extends BuiltObjects> {
  /** Runs the core builder on plain props. */
  readonly build: (props: Props) => Built;
  /** Registries images must come from. */
  readonly allowedRegistries?: readonly string[];
  /**
   * The overrides the final audit expects to be used (an unused one is an error).
   * @default - every override the builder returns
   */
  readonly auditedOverrides?: (built: Built) => readonly Override[];
  /**
   * True when `build` itself audits the objects it returns, with their overrides and {@link allowedRegistries} (the
   * workload builders do): plain props without transforms or overrides then skip the final audit, which would repeat it.
   * @default false
   */
  readonly buildAudits?: boolean;
}

/** What each component's builder returned for its plain props (Inputs standing in for their values). */
const PLANNED_OBJECTS = new WeakMap<HardenedComponentResource<any>, readonly KubeObject[]>();

/** The objects `component` planned: their kinds, names and every prop given as a plain value are final. */
export function plannedObjectsOf(component: HardenedComponentResource<any>): readonly KubeObject[] {
  return PLANNED_OBJECTS.get(component) ?? [];
}

/**
 * What every kubeharden component shares: the core builder's objects as typed child resources
 * (`{ parent: this }`), their audited final inputs, and the `transforms` of `opts` applied to the children
 * before that audit. Errors are `pulumi.ResourceError`s.
 */
export abstract class HardenedComponentResource<Built extends BuiltObjects = BuiltObjects> extends pulumi.ComponentResource {
  /** Name of the Kubernetes objects. */
  public readonly name: string;
  /** Every child resource, in the order of {@link objects}. */
  public readonly resources: readonly pulumi.CustomResource[];
  /** The children and what the builder returned for the plain props. */
  protected readonly children: HardenedChildren<Built>;

  protected constructor(
    type: string, name: string, args: unknown, opts: pulumi.ComponentResourceOptions | undefined, how: ComponentBuild<any, Built>,
  ) {
    super(type, name, {}, componentOptions(opts));
    if (opts?.transformations?.length) {
      throw new pulumi.ResourceError(`[${name}] opts.transformations would change the children after kubeharden audits them. `
        + 'Fix: pass them as opts.transforms, which kubeharden applies to the children before its audit.', this, true);
    }
    this.children = createHardenedChildren(this, { name, args, transforms: opts?.transforms, ...how });
    this.name = this.children.name;
    this.resources = this.children.resources;
    PLANNED_OBJECTS.set(this, this.children.planned.objects);
    // Only the name: the objects are in the state already, as the children's inputs, and registering them
    // again would double the state and the work of serializing every object.
    this.registerOutputs({ name: this.name });
  }

  /** The final inputs of the children, audited: the objects Kubernetes receives. */
  public get objects(): pulumi.Output<KubeObject[]> {
    return this.children.objects;
  }

  /**
   * The namespace of the objects when it was given as a plain value; `undefined` when none was set or it is an
   * Output (known only once resolved).
   */
  public get knownNamespace(): string | undefined {
    return this.children.knownNamespace;
  }

  /**
   * The namespace of the objects: `knownNamespace` when it was given as a plain value, an Output that resolves
   * to it when it was given as an Output, `undefined` when none was set.
   */
  public get namespaceInput(): pulumi.Input<string | undefined> {
    return this.children.namespace;
  }

  /** The first child of `kind`. */
  protected childOf<T extends pulumi.CustomResource>(kind: string): T | undefined {
    return this.children.resourceOf(kind) as T | undefined;
  }
}
