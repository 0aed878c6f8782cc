import { checkServiceAccountShape, podTemplateOf, serviceAccountOf } from '../../core/pod-spec';
import { KubeObject, pointer } from '../../core/types';
import { namespaceOf } from '../object-index';
import { CrossObjectResult, resolveCrossObject, Rule } from '../rule';

/** Pods do not mount a service account token unless they need the Kubernetes API. */
export const noServiceAccountToken: Rule = {
  id: 'no-service-account-token',
  title: 'Service account tokens are not automounted',
  rationale: 'A mounted token lets anyone who compromises the container call the Kubernetes API as the pod\'s service account.',
  guide: 'Least privilege (beyond the guide)',
  severity: 'medium',
  fix: 'Set automountServiceAccountToken: false on the pod (or its dedicated ServiceAccount); mount a projected token only where the API is needed.',
  default: 'automountServiceAccountToken: false on the pod and its dedicated ServiceAccount',
  appliesTo: ['pod-workloads', 'ServiceAccount'],
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting'],
  remediate({ spec }) {
    spec.automountServiceAccountToken ??= false;
  },
  check: (object, context) => resolveCrossObject(tokenMount(object), context.index),
  crossObject: tokenMount,
};

/**
 * The findings on `object`; when the pod leaves automounting to its ServiceAccount, a finding that the account, if
 * the audit defines it with automountServiceAccountToken: false, withdraws (a later ServiceAccount of the same name
 * replaces an earlier one).
 */
function tokenMount(object: KubeObject): CrossObjectResult {
  if (object.kind === 'ServiceAccount') {
    checkServiceAccountShape(object);
    return object.automountServiceAccountToken === false ? [] : [{
      message: `ServiceAccount "${object.metadata?.name}" automounts its token into every pod that uses it`,
      path: '/automountServiceAccountToken',
    }];
  }
  const view = podTemplateOf(object);
  if (!view) return [];
  const automount = view.spec.automountServiceAccountToken;
  if (automount === false) return [];
  const path = pointer(view.specPointer, 'automountServiceAccountToken');
  // null is unset: the ServiceAccount decides, as when the field is left out.
  if (automount !== undefined && automount !== null) {
    return [{ message: automount === true ? 'the pod mounts a service account token' : 'the pod does not opt out of mounting a service account token', path }];
  }
  const namespace = namespaceOf(object);
  const accountName = serviceAccountOf(view.spec) as string;
  return {
    findings: [{ message: 'the pod does not opt out of mounting a service account token', path }],
    key: `${namespace}/${accountName}`,
    withdrawn: (index) => index.serviceAccount(namespace, accountName)?.automountServiceAccountToken === false,
  };
}
