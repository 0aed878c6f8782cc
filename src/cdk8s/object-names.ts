/**
 * One object per name: two constructs of an App that emit the same kind, namespace and name would overwrite each
 * other when applied (the second `kubectl apply` wins, silently). The names are claimed as the constructs are made,
 * so the error names both.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsError } from '../core/errors';
import type { KubeObject } from '../core/types';

/** Kinds without a namespace among those the constructs emit. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ClusterImagePolicy', 'ClusterPolicy',
]);

/** The construct path that claimed each object identity, per App (the root construct). */
const CLAIMS = new WeakMap<Construct, Map<string, string>>();

/**
 * Claims the identity (API group, kind, namespace, name) of each of `objects`, emitted by `scope`; throws a
 * {@link PropsError} naming both constructs when another construct of the App already emits one of them. Objects
 * without a namespace are in their chart's.
 */
export function claimObjectNames(scope: Construct, objects: readonly KubeObject[]): void {
  const root = scope.node.root;
  let claims = CLAIMS.get(root);
  if (!claims) CLAIMS.set(root, (claims = new Map()));
  const chartNamespace = Chart.of(scope).namespace;
  for (const object of objects) {
    const name = object.metadata?.name;
    if (typeof name !== 'string') continue;
    const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
    const namespace = CLUSTER_SCOPED_KINDS.has(object.kind) ? '' : object.metadata?.namespace ?? chartNamespace ?? '';
    const identity = `${group}/${object.kind}/${namespace}/${name}`;
    const owner = claims.get(identity);
    if (owner !== undefined && owner !== scope.node.path) {
      const where = namespace ? ` in namespace "${namespace}"` : '';
      throw new PropsError(scope.node.path, `${object.kind} "${name}"${where} is already emitted by ${owner}; applied together, one would overwrite the other. Fix: give one of them another name (props.name).`);
    }
    claims.set(identity, scope.node.path);
  }
}
