/**
 * The cdk8s side of every hardened construct: wraps the core's plain objects in ApiObjects and audits the
 * final JSON (escape-hatch patches included) at synth time.
 */
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { enforceHardening } from '../core/enforce';
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

/**
 * Adds `objects` to `scope` as ApiObjects (the primary one with id `Resource`, so `ApiObject.of(scope)`
 * finds it), and a validation that audits their final JSON at synth.
 */
export function emitHardened(scope: Construct, options: EmitOptions): ApiObject[] {
  let primaryTaken = false;
  const apiObjects = options.objects.map((object) => {
    const isPrimary = !primaryTaken && object.kind === options.primaryKind;
    primaryTaken ||= isPrimary;
    const { apiVersion, kind, metadata, ...rest } = object;
    return new ApiObject(scope, isPrimary ? 'Resource' : kind, { apiVersion, kind, metadata, ...rest });
  });
  scope.node.addValidation({
    validate: () => {
      try {
        enforceHardening(apiObjects.map((o) => o.toJson()), {
          overrides: options.overrides,
          allowedRegistries: options.allowedRegistries,
          rejectUnusedOverrides: true,
        });
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
