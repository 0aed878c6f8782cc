/**
 * Pulumi type tokens of Kubernetes resources (`kubernetes:apps/v1:Deployment`) and the typed
 * `@pulumi/kubernetes` classes behind them.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

/** The `apiVersion` and `kind` of a Kubernetes resource. */
export interface KubernetesTypeMeta {
  readonly apiVersion: string;
  readonly kind: string;
}

/** Pulumi groups of `@pulumi/kubernetes` that are not Kubernetes objects (components, Helm releases). */
const NON_OBJECT_GROUPS: ReadonlySet<string> = new Set(['helm.sh', 'yaml', 'kustomize']);

/** True for a group served by Kubernetes itself (core, `apps`, `*.k8s.io`…), as opposed to a CRD's group. */
function isBuiltInGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}

/**
 * The `apiVersion` and `kind` of the Kubernetes object behind a Pulumi type token, or `undefined` for
 * anything else: other providers, components (`kubernetes:helm.sh/v4:Chart`, `kubernetes:yaml/v2:ConfigGroup`),
 * and the partial `…Patch` and `…List` resources of built-in groups.
 *
 * @example kubernetesTypeMeta('kubernetes:apps/v1:Deployment') // { apiVersion: 'apps/v1', kind: 'Deployment' }
 * @example kubernetesTypeMeta('kubernetes:core/v1:Pod') // { apiVersion: 'v1', kind: 'Pod' }
 */
export function kubernetesTypeMeta(type: string): KubernetesTypeMeta | undefined {
  const match = /^kubernetes:(?:([^:/]+)\/)?([^:/]+):([^:]+)$/.exec(type);
  if (!match) return undefined;
  const [, group = 'core', version, kind] = match;
  if (NON_OBJECT_GROUPS.has(group)) return undefined;
  if (isBuiltInGroup(group) && /(Patch|List)$/.test(kind)) return undefined;
  return { apiVersion: group === 'core' ? version : `${group}/${version}`, kind };
}

/**
 * For a `…Patch` resource of a built-in group (`kubernetes:apps/v1:DeploymentPatch`, a server-side apply patch of an
 * object that exists already), the `apiVersion` and `kind` of the object it patches; `undefined` for anything else.
 *
 * @example patchedTypeMeta('kubernetes:apps/v1:DeploymentPatch') // { apiVersion: 'apps/v1', kind: 'Deployment' }
 */
export function patchedTypeMeta(type: string): KubernetesTypeMeta | undefined {
  const match = /^kubernetes:(?:([^:/]+)\/)?([^:/]+):([^:]+)Patch$/.exec(type);
  if (!match) return undefined;
  const [, group = 'core', version, kind] = match;
  if (NON_OBJECT_GROUPS.has(group) || !isBuiltInGroup(group) || kind === '') return undefined;
  return { apiVersion: group === 'core' ? version : `${group}/${version}`, kind };
}

/** The Pulumi type token of an object: `kubernetes:<group or core>/<version>:<kind>`. */
export function kubernetesTypeToken(meta: KubernetesTypeMeta): string {
  const [group, version] = meta.apiVersion.includes('/') ? meta.apiVersion.split('/', 2) : ['core', meta.apiVersion];
  return `kubernetes:${group}/${version}:${meta.kind}`;
}

/** A `@pulumi/kubernetes` resource class. */
export type KubernetesResourceClass = new (name: string, args: any, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The typed `@pulumi/kubernetes` class for an object (`k8s.apps.v1.Deployment` for `apps/v1` Deployment),
 * or `k8s.apiextensions.CustomResource` for kinds it does not know (CRDs such as ExternalSecret).
 */
export function kubernetesResourceClass(meta: KubernetesTypeMeta): KubernetesResourceClass {
  const key = `${meta.apiVersion}/${meta.kind}`;
  let found = RESOURCE_CLASSES.get(key);
  if (!found) {
    found = lookUpResourceClass(meta);
    RESOURCE_CLASSES.set(key, found);
  }
  return found;
}

/** The classes {@link kubernetesResourceClass} found, by `<apiVersion>/<kind>` (components create thousands of children of a few kinds). */
const RESOURCE_CLASSES = new Map<string, KubernetesResourceClass>();

function lookUpResourceClass(meta: KubernetesTypeMeta): KubernetesResourceClass {
  const [group, version] = meta.apiVersion.includes('/') ? meta.apiVersion.split('/', 2) : ['', meta.apiVersion];
  if (isBuiltInGroup(group)) {
    const moduleName = group === '' ? 'core' : group.split('.')[0];
    const found = (k8s as unknown as Record<string, Record<string, Record<string, unknown>> | undefined>)[moduleName]?.[version]?.[meta.kind];
    if (typeof found === 'function') return found as KubernetesResourceClass;
  }
  return k8s.apiextensions.CustomResource as unknown as KubernetesResourceClass;
}
