/**
 * Pulumi unit-test helpers: mocks that record every resource, and ways to wait for Outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import type { KubeObject } from '../../src/core/types';
import { kubernetesTypeMeta } from '../../src/pulumi/kubernetes-types';

/** A resource the mocks received. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
}

/** Installs Pulumi's mocks (no CLI, no provider plugin) and returns the list the resources are recorded in. */
export function recordResources(): RecordedResource[] {
  const recorded: RecordedResource[] = [];
  void pulumi.runtime.setMocks({
    newResource: (args) => {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (args) => args.inputs,
  }, 'project', 'stack', false);
  return recorded;
}

/** The value of `output` once known. */
export function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => {
    resolve(value);
    return value;
  }));
}

/** Waits until every resource in `resources` is registered with the mocks. */
export async function registered(resources: readonly pulumi.Resource[]): Promise<void> {
  await resolved(pulumi.all(resources.map((r) => r.urn)));
}

/** The Kubernetes objects among `recorded`, apiVersion and kind taken from the type token, sorted by kind, namespace, name. */
export function kubernetesObjects(recorded: readonly RecordedResource[]): KubeObject[] {
  return recorded.flatMap((r) => {
    const meta = kubernetesTypeMeta(r.type);
    return meta ? [{ ...r.inputs, apiVersion: meta.apiVersion, kind: meta.kind }] : [];
  }).sort(byKindNamespaceName);
}

/** `objects` sorted by kind, namespace, then name. */
export function sorted<T extends KubeObject>(objects: readonly T[]): T[] {
  return [...objects].sort(byKindNamespaceName);
}

/** Orders objects by kind, namespace, then name. */
export function byKindNamespaceName(a: KubeObject, b: KubeObject): number {
  const key = (o: KubeObject) => [o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
