import { audit, InvalidObjectError } from '../../src/audit/engine';
import { hasPodSpec, podTemplateOf } from '../../src/core/pod-spec';
import type { KubeObject } from '../../src/core/types';
import { PINNED_IMAGE } from '../fixtures';

/** A Pod whose spec is `spec` plus, on its one container, `container`. */
function pod(spec: Record<string, unknown>, container: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { ...spec, containers: [{ name: 'web', image: PINNED_IMAGE, ...container }] } } as KubeObject;
}

/** A Deployment whose pod template has `metadata` and the spec of {@link pod}. */
function deployment(metadata: unknown): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'shop' }, spec: { template: { metadata, spec: pod({}).spec } } } as KubeObject;
}

function auditError(object: KubeObject, options: Parameters<typeof audit>[1] = {}): string {
  try {
    audit([object], options);
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
    ['a command item as a number', {}, { command: ['/app', 42] }, '/spec/containers/0/command/1 must be a string'],
    ['an args item as an object, which could hide a secret', {}, { args: [{ token: 'ghp_x' }] }, '/spec/containers/0/args/0 must be a string'],
    ['args as a string', {}, { args: '--verbose' }, '/spec/containers/0/args must be a list'],
    ['serviceAccountName as a number', { serviceAccountName: 5 }, {}, '/spec/serviceAccountName must be a string'],
    ['the deprecated serviceAccount as a list', { serviceAccount: ['api'] }, {}, '/spec/serviceAccount must be a string'],
    ['a hostPort as a string', {}, { ports: [{ containerPort: 80, hostPort: '80' }] }, '/spec/containers/0/ports/0/hostPort must be a port number (a whole number from 0 to 65535)'],
    ['a containerPort of 0', {}, { ports: [{ containerPort: 0 }] }, '/spec/containers/0/ports/0/containerPort must be a port number (a whole number from 1 to 65535)'],
    ['an env value as a number', {}, { env: [{ name: 'A', value: 'x' }, { name: 'B', value: 5 }] }, '/spec/containers/0/env/1/value must be a string (quote numbers and booleans)'],
  ])('%s', (_what, spec, container, message) => {
    expect(auditError(pod(spec, container))).toBe(`Pod/shop/p: field ${message}`);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    ['a pod hostProcess as a string', { securityContext: { windowsOptions: { hostProcess: 'true' } } }, {},
      '/spec/securityContext/windowsOptions/hostProcess must be true or false'],
    ['a container hostProcess as a string', {}, { securityContext: { windowsOptions: { hostProcess: 'yes' } } },
      '/spec/containers/0/securityContext/windowsOptions/hostProcess must be true or false'],
    ['an SELinux type as an object', { securityContext: { seLinuxOptions: { type: { name: 'spc_t' } } } }, {}, '/spec/securityContext/seLinuxOptions/type must be a string'],
    ['an SELinux user as a list', {}, { securityContext: { seLinuxOptions: { user: ['root'] } } }, '/spec/containers/0/securityContext/seLinuxOptions/user must be a string'],
    ['an SELinux role as an object', {}, { securityContext: { seLinuxOptions: { role: {} } } }, '/spec/containers/0/securityContext/seLinuxOptions/role must be a string'],
    ['a seccomp profile type as a list', { securityContext: { seccompProfile: { type: ['Unconfined'] } } }, {}, '/spec/securityContext/seccompProfile/type must be a string'],
    ['an AppArmor profile type as an object', {}, { securityContext: { appArmorProfile: { type: {} } } },
      '/spec/containers/0/securityContext/appArmorProfile/type must be a string'],
    ['procMount as a list', {}, { securityContext: { procMount: ['Unmasked'] } }, '/spec/containers/0/securityContext/procMount must be a string'],
    ['cgroupOptions as a string', {}, { securityContext: { cgroupOptions: 'Writable' } }, '/spec/containers/0/securityContext/cgroupOptions must be an object'],
    ['a cgroup mountMode as a list', {}, { securityContext: { cgroupOptions: { mountMode: ['Writable'] } } },
      '/spec/containers/0/securityContext/cgroupOptions/mountMode must be a string'],
    ['an added capability as an object', {}, { securityContext: { capabilities: { add: ['CHOWN', { name: 'SYS_ADMIN' }] } } },
      '/spec/containers/0/securityContext/capabilities/add/1 must be a string'],
    ['a dropped capability as a number', {}, { securityContext: { capabilities: { drop: [0] } } }, '/spec/containers/0/securityContext/capabilities/drop/0 must be a string'],
    ['a sysctl name as an object', { securityContext: { sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: {}, value: '1' }] } }, {},
      '/spec/securityContext/sysctls/1/name must be a string'],
    ['a supplemental group as a string', { securityContext: { supplementalGroups: ['0'] } }, {}, `/spec/securityContext/supplementalGroups/0 must be ${ID}`],
    ['os as a string', { os: 'windows' }, {}, '/spec/os must be an object'],
    ['an os name as a number', { os: { name: 1 } }, {}, '/spec/os/name must be a string'],
    ['a probe host as a number', {}, { readinessProbe: { httpGet: { host: 10, port: 80 } } }, '/spec/containers/0/readinessProbe/httpGet/host must be a string'],
    ['a lifecycle handler action as a string', {}, { lifecycle: { preStop: { tcpSocket: 'metadata.internal:80' } } },
      '/spec/containers/0/lifecycle/preStop/tcpSocket must be an object'],
    ['a secret volume as a string', { volumes: [{ name: 's', secret: 's' }] }, {}, '/spec/volumes/0/secret must be an object'],
    ['a volume name as a number', { volumes: [{ name: 1, emptyDir: {} }] }, {}, '/spec/volumes/0/name must be a string'],
    ['a defaultMode as a string', { volumes: [{ name: 's', secret: { secretName: 's', defaultMode: '0400' } }] }, {},
      '/spec/volumes/0/secret/defaultMode must be a file mode (a whole number such as 0400, unquoted)'],
    ['an item mode as a string', { volumes: [{ name: 's', secret: { secretName: 's', defaultMode: 0o400, items: [{ key: 'k', path: 'k', mode: '0400' }] } }] }, {},
      '/spec/volumes/0/secret/items/0/mode must be a file mode (a whole number such as 0400, unquoted)'],
    ['a projected defaultMode as a negative number', { volumes: [{ name: 's', projected: { defaultMode: -1, sources: [] } }] }, {},
      '/spec/volumes/0/projected/defaultMode must be a file mode (a whole number such as 0400, unquoted)'],
    ['a projected secret item mode as a fraction', { volumes: [{ name: 's', projected: { sources: [{ configMap: { name: 'c' } }, { secret: { name: 's', items: [{ key: 'k', path: 'k', mode: 0.5 }] } }] } }] }, {},
      '/spec/volumes/0/projected/sources/1/secret/items/0/mode must be a file mode (a whole number such as 0400, unquoted)'],
    ['a projected secret source as a string', { volumes: [{ name: 's', projected: { sources: [{ secret: 's' }] } }] }, {},
      '/spec/volumes/0/projected/sources/0/secret must be an object'],
    ['a CSI readOnly as a string', { volumes: [{ name: 's', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: 'true' } }] }, {},
      '/spec/volumes/0/csi/readOnly must be true or false'],
    ['a CSI driver as a list', { volumes: [{ name: 's', csi: { driver: ['secrets-store.csi.k8s.io'] } }] }, {}, '/spec/volumes/0/csi/driver must be a string'],
    ['a volumeMount readOnly as a string', {}, { volumeMounts: [{ name: 's', mountPath: '/s', readOnly: 'true' }] },
      '/spec/containers/0/volumeMounts/0/readOnly must be true or false'],
    ['a volumeMount name as a number', {}, { volumeMounts: [{ name: 1, mountPath: '/s' }] }, '/spec/containers/0/volumeMounts/0/name must be a string'],
    ['a secretKeyRef as a string', {}, { env: [{ name: 'A', valueFrom: { secretKeyRef: 'db' } }] }, '/spec/containers/0/env/0/valueFrom/secretKeyRef must be an object'],
    ['an envFrom secretRef as a string', {}, { envFrom: [{ secretRef: 'db' }] }, '/spec/containers/0/envFrom/0/secretRef must be an object'],
  ])('%s', (_what, spec, container, message) => {
    expect(auditError(pod(spec, container))).toBe(`Pod/shop/p: field ${message}`);
  });

  test('a pod hostProcess as a string is refused at baseline too (it would pass windowsHostProcess as unset)', () => {
    expect(auditError(pod({ os: { name: 'windows' }, securityContext: { windowsOptions: { hostProcess: 'true' } } }), { rules: 'pss', pss: 'baseline' }))
      .toBe('Pod/shop/p: field /spec/securityContext/windowsOptions/hostProcess must be true or false');
  });

  test.each<[string, unknown, string]>([
    ['metadata as a list', [], '/spec/template/metadata must be an object'],
    ['annotations as a list', { annotations: [] }, '/spec/template/metadata/annotations must be an object'],
    ['an annotation value as a number', { annotations: { 'container.apparmor.security.beta.kubernetes.io/web': 1 } },
      '/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1web must be a string'],
    ['a label value as a boolean', { labels: { app: true } }, '/spec/template/metadata/labels/app must be a string'],
  ])('a pod template\'s %s', (_what, metadata, message) => {
    expect(auditError(deployment(metadata))).toBe(`Deployment/shop/d: field ${message}`);
  });

  test('a Pod\'s own annotation value of the wrong type', () => {
    const object = { ...pod({}), metadata: { name: 'p', namespace: 'shop', annotations: { 'seccomp.security.alpha.kubernetes.io/pod': {} } } } as unknown as KubeObject;
    expect(auditError(object)).toBe('Pod/shop/p: field /metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod must be a string');
  });

  test('a ServiceAccount\'s automountServiceAccountToken as a string', () => {
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa', namespace: 'shop' }, automountServiceAccountToken: 'false' } as KubeObject;
    expect(auditError(account)).toBe('ServiceAccount/shop/sa: field /automountServiceAccountToken must be true or false');
    expect(auditError(account, { rules: ['no-service-account-token'] })).toBe('ServiceAccount/shop/sa: field /automountServiceAccountToken must be true or false');
    expect(auditError({ ...account, automountServiceAccountToken: false } as KubeObject)).toBe('no error');
  });

  test('the fields checked above pass with values of the right type', () => {
    expect(auditError(pod({
      os: { name: 'linux' },
      securityContext: { windowsOptions: { hostProcess: false }, seLinuxOptions: { type: 'container_t' }, sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }], supplementalGroups: [1000] },
      volumes: [
        { name: 's', secret: { secretName: 's', defaultMode: 0o400, items: [{ key: 'k', path: 'k', mode: 0o440 }] } },
        { name: 'p', projected: { defaultMode: 0o400, sources: [{ secret: { name: 's', items: [{ key: 'k', path: 'k', mode: 0o400 }] } }] } },
        { name: 'c', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true } },
      ],
    }, {
      securityContext: { procMount: 'Default', capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }, cgroupOptions: { mountMode: 'ReadOnly' } },
      readinessProbe: { httpGet: { path: '/', port: 80 } },
      volumeMounts: [{ name: 's', mountPath: '/s', readOnly: true }],
      env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
    }))).toBe('no error');
    expect(auditError(deployment({ labels: { app: 'web' }, annotations: { 'container.apparmor.security.beta.kubernetes.io/web': 'runtime/default' } }))).toBe('no error');
  });

  test('values of the right type pass (0 is a valid uid, hostPort 0 is no host port)', () => {
    expect(auditError(pod({ hostNetwork: false, securityContext: { runAsUser: 0, fsGroup: 2147483647 } },
      { ports: [{ containerPort: 8080, hostPort: 0 }], securityContext: { privileged: false, runAsNonRoot: true } }))).toBe('no error');
  });
});

describe('kinds named like properties of Object.prototype are kinds without a pod template', () => {
  test.each(['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'])('kind %s', (kind) => {
    const object = { apiVersion: 'v1', kind, metadata: { name: 'x', namespace: 'shop' }, spec: {} } as KubeObject;
    expect(hasPodSpec(object)).toBe(false);
    expect(podTemplateOf(object)).toBeUndefined();
    expect(audit([object]).findings).toEqual([]);
  });
});

describe('a value not known yet (an instance of a class) passes, with everything under it', () => {
  class Unknown {
    public readonly image = 5;
    public readonly hostNetwork = 'yes';
  }

  test('as the pod spec, a container or a field', () => {
    expect(() => podTemplateOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: new Unknown() } as unknown as KubeObject)).not.toThrow();
    const unknownContext = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: PINNED_IMAGE, securityContext: new Unknown() }] } };
    expect(() => podTemplateOf(unknownContext as unknown as KubeObject)).not.toThrow();
    const unknownField = { ...unknownContext, spec: { ...unknownContext.spec, hostNetwork: new Unknown() } };
    expect(() => podTemplateOf(unknownField as unknown as KubeObject)).not.toThrow();
  });

  test('while the same fields as plain data are refused', () => {
    expect(() => podTemplateOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { ...new Unknown() } } as unknown as KubeObject))
      .toThrow('field /spec/hostNetwork must be true or false');
  });
});
