/**
 * A Kubernetes API server audit policy (`audit.k8s.io/v1` `Policy`) for the events a runtime investigation needs:
 * who ran `kubectl exec`, `attach`, `port-forward` or `debug`, who read or changed Secrets, and who changed RBAC.
 * Secrets, ConfigMaps and token requests are logged at `Metadata` only, so their values never reach the audit log.
 */
import type { KubeObject } from '../core/types';

/** Audit levels, from the least to the most detailed. */
export const AUDIT_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;

/** An audit level. */
export type AuditLevel = (typeof AUDIT_LEVELS)[number];

/** Options of {@link auditPolicy}. */
export interface AuditPolicyOptions {
  /** Level of `pods/exec`, `pods/attach`, `pods/portforward` and `pods/ephemeralcontainers`. */
  readonly execLevel: 'Metadata' | 'RequestResponse';
  /** Level of every request no earlier rule matches. */
  readonly defaultLevel: 'None' | 'Metadata';
}

/** Resources whose bodies hold credentials: logged at `Metadata`, never with their content. */
export const SECRET_RESOURCES = [
  { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
  { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
] as const;

/** Interactive access to running containers. */
export const INTERACTIVE_RESOURCES = [{ group: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/ephemeralcontainers'] }] as const;

/**
 * The audit policy. Rules apply in order and the first match wins: health checks and events are not logged, then
 * credentials are logged at `Metadata` (whatever comes after), then interactive access at `execLevel`, RBAC writes at
 * `RequestResponse`, and everything else at `defaultLevel`. The `RequestReceived` stage is omitted.
 *
 * The API server reads the policy from a file (`kube-apiserver --audit-policy-file`), not from the cluster.
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/
 */
export function auditPolicy(options: AuditPolicyOptions): KubeObject {
  type Resources = ReadonlyArray<{ group: string; resources: readonly string[] }>;
  const copy = (list: Resources) => list.map((r) => ({ group: r.group, resources: [...r.resources] }));
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    metadata: { name: 'kubeharden' },
    omitStages: ['RequestReceived'],
    rules: [
      { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] },
      { level: 'None', resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
      { level: 'Metadata', resources: copy(SECRET_RESOURCES) },
      { level: options.execLevel, resources: copy(INTERACTIVE_RESOURCES) },
      {
        level: 'RequestResponse',
        verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
        resources: [{ group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] }],
      },
      { level: options.defaultLevel },
    ],
  };
}
