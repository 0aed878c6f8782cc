import { audit, InvalidObjectError } from '../../src/audit/engine';
import type { KubeObject } from '../../src/core/types';
import { PINNED_IMAGE } from '../fixtures';

/** A Pod whose spec is `spec` plus, on its one container, `container`. */
function pod(spec: Record<string, unknown>, container: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { ...spec, containers: [{ name: 'web', image: PINNED_IMAGE, ...container }] } } as KubeObject;
}

function auditError(object: KubeObject): string {
  try {
    audit([object]);
  } catch (e) {
    if (e instanceof InvalidObjectError) return e.message;
    throw e;
  }
  return 'no error';
}

const ID = 'a user or group id (a whole number from 0 to 2147483647)';

describe('security fields of the wrong type are bad input, not a pass (the API server refuses them)', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['privileged as a string', {}, { securityContext: { privileged: 'true' } }, '/spec/containers/0/securityContext/privileged must be true or false'],
    ['allowPrivilegeEscalation as a string', {}, { securityContext: { allowPrivilegeEscalation: 'false' } },
      '/spec/containers/0/securityContext/allowPrivilegeEscalation must be true or false'],
    ['readOnlyRootFilesystem as a number', {}, { securityContext: { readOnlyRootFilesystem: 1 } },
      '/spec/containers/0/securityContext/readOnlyRootFilesystem must be true or false'],
    ['a container uid as a string', {}, { securityContext: { runAsUser: '0' } }, `/spec/containers/0/securityContext/runAsUser must be ${ID}`],
    ['a fractional gid', {}, { securityContext: { runAsGroup: 1000.5 } }, `/spec/containers/0/securityContext/runAsGroup must be ${ID}`],
    ['a negative uid', { securityContext: { runAsUser: -1 } }, {}, `/spec/securityContext/runAsUser must be ${ID}`],
    ['a uid beyond an int32', { securityContext: { runAsUser: 4294967296 } }, {}, `/spec/securityContext/runAsUser must be ${ID}`],
    ['an fsGroup as a string', { securityContext: { fsGroup: '65532' } }, {}, `/spec/securityContext/fsGroup must be ${ID}`],
    ['runAsNonRoot as a string', { securityContext: { runAsNonRoot: 'true' } }, {}, '/spec/securityContext/runAsNonRoot must be true or false'],
    ['hostNetwork as a string', { hostNetwork: 'true' }, {}, '/spec/hostNetwork must be true or false'],
    ['hostPID as a number', { hostPID: 1 }, {}, '/spec/hostPID must be true or false'],
    ['automountServiceAccountToken as a string', { automountServiceAccountToken: 'false' }, {}, '/spec/automountServiceAccountToken must be true or false'],
    ['a hostPort as a string', {}, { ports: [{ containerPort: 80, hostPort: '80' }] }, '/spec/containers/0/ports/0/hostPort must be a port number (a whole number from 0 to 65535)'],
    ['a containerPort of 0', {}, { ports: [{ containerPort: 0 }] }, '/spec/containers/0/ports/0/containerPort must be a port number (a whole number from 1 to 65535)'],
    ['an env value as a number', {}, { env: [{ name: 'A', value: 'x' }, { name: 'B', value: 5 }] }, '/spec/containers/0/env/1/value must be a string (quote numbers and booleans)'],
  ])('%s', (_what, spec, container, message) => {
    expect(auditError(pod(spec, container))).toBe(`Pod/shop/p: field ${message}`);
  });

  test('values of the right type pass (0 is a valid uid, hostPort 0 is no host port)', () => {
    expect(auditError(pod({ hostNetwork: false, securityContext: { runAsUser: 0, fsGroup: 2147483647 } },
      { ports: [{ containerPort: 8080, hostPort: 0 }], securityContext: { privileged: false, runAsNonRoot: true } }))).toBe('no error');
  });
});
