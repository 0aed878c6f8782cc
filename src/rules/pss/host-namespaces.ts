/**
 * Sharing the host namespaces must be disallowed.
 *
 * Restricted fields: `spec.hostNetwork`, `spec.hostPID`, `spec.hostIPC`.
 *
 * Allowed values: `false`, undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { booleanAt } from './fields';
import type { PodTemplateView } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespacesV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const shared = HOST_NAMESPACE_FIELDS.filter((field) => booleanAt(view.spec, field) === true);
  if (shared.length === 0) return undefined;
  return {
    reason: 'host namespaces',
    detail: shared.map((field) => `${field}=true`).join(', '),
    path: pointer(view.specPointer, shared[0]),
  };
}

/** Baseline check `hostNamespaces` (v1.0+). */
export const hostNamespaces: PssCheck = {
  id: 'hostNamespaces',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: hostNamespacesV1Dot0 }],
};
