/**
 * One object per name: two constructs of a chart that emit the same kind, namespace and name would overwrite each
 * other when its manifest is applied (the last one wins, silently). The names are claimed as the constructs are made,
 * so the error names both. Charts are compared with themselves only: an App's charts may go to different clusters
 * (one per environment, say), where the same names do not meet.
 */
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { PropsError } from '../core/errors';
import type { KubeObject } from '../core/types';

/** Kinds without a namespace among those the constructs emit. */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ClusterImagePolicy', 'ClusterPolicy',
]);

/** The construct path that claimed each object identity, per chart. */
const CLAIMS = new WeakMap<Chart, Map<string, string>>();

/**
 * Claims the identity (API group, kind, namespace, name) of each of `objects`, emitted by `scope`; throws a
 * {@link PropsError} naming both constructs when another construct of the chart already emits one of them. Objects
 * without a namespace are in the chart's.
 */
export function claimObjectNames(scope: Construct, objects: readonly KubeObject[]): void {
  const chart = Chart.of(scope);
  let claims = CLAIMS.get(chart);
  if (!claims) CLAIMS.set(chart, (claims = new Map()));
  const chartNamespace = chart.namespace;
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
