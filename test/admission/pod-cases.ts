/**
 * Pods that pass and fail each Pod Security Standards check, built from a pod that passes every restricted check,
 * and the same pod specs wrapped in every pod-template controller.
 */
import type { KubeObject } from '../../src/core/types';
import { restrictedContainer as container, restrictedSpec } from '../pss/pods';

type Json = Record<string, any>;

/** A restricted pod spec whose container `app` has `securityContext` fields merged in. */
function appWith(securityContext: Json, extra: Json = {}): Json {
  return restrictedSpec({ containers: [container('app', securityContext, extra)] });
}

/** A restricted pod spec whose pod security context has fields merged in. */
function podWith(securityContext: Json, fields: Json = {}): Json {
  return restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, ...securityContext }, ...fields });
}

/** One pod spec with the pod metadata it needs. */
export interface PodCase {
  readonly name: string;
  readonly spec: Json;
  readonly annotations?: Record<string, string>;
}

const handler = (action: 'httpGet' | 'tcpSocket', host: string) => ({ [action]: { port: 8080, ...(action === 'httpGet' ? { path: '/' } : {}), host } });

/** Pass and fail variants for every check (names say which check they exercise). */
export const POD_CASES: readonly PodCase[] = [
  { name: 'restricted', spec: restrictedSpec() },
  { name: 'baseline only: no security context', spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause' }] } },
  { name: 'no init containers', spec: restrictedSpec({ initContainers: undefined }) },

  { name: 'appArmorProfile pod RuntimeDefault', spec: podWith({ appArmorProfile: { type: 'RuntimeDefault' } }) },
  { name: 'appArmorProfile pod Localhost', spec: podWith({ appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-apparmor' } }) },
  { name: 'appArmorProfile pod Unconfined', spec: podWith({ appArmorProfile: { type: 'Unconfined' } }) },
  { name: 'appArmorProfile container Unconfined', spec: appWith({ appArmorProfile: { type: 'Unconfined' } }) },
  { name: 'appArmorProfile annotation unconfined', spec: restrictedSpec(), annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } },
  { name: 'appArmorProfile annotation runtime/default', spec: restrictedSpec(), annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'runtime/default' } },
  { name: 'appArmorProfile annotation localhost', spec: restrictedSpec(), annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/custom' } },
  { name: 'appArmorProfile annotation empty', spec: restrictedSpec(), annotations: { 'container.apparmor.security.beta.kubernetes.io/app': '' } },
  { name: 'unrelated annotation', spec: restrictedSpec(), annotations: { 'example.com/unconfined': 'unconfined' } },

  { name: 'capabilities add NET_RAW', spec: appWith({ capabilities: { drop: ['ALL'], add: ['NET_RAW'] } }) },
  { name: 'capabilities add CHOWN', spec: appWith({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }) },
  { name: 'capabilities add NET_BIND_SERVICE', spec: appWith({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }) },
  { name: 'capabilities drop missing', spec: appWith({ capabilities: {} }) },
  { name: 'capabilities drop without ALL', spec: appWith({ capabilities: { drop: ['NET_RAW'] } }) },
  { name: 'capabilities missing', spec: restrictedSpec({ containers: [{ name: 'app', image: 'x', securityContext: { allowPrivilegeEscalation: false } }] }) },
  { name: 'capabilities add SYS_ADMIN in init container', spec: restrictedSpec({ initContainers: [container('init', { capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } })] }) },

  { name: 'hostNetwork', spec: restrictedSpec({ hostNetwork: true }) },
  { name: 'hostPID', spec: restrictedSpec({ hostPID: true }) },
  { name: 'hostIPC', spec: restrictedSpec({ hostIPC: true }) },
  { name: 'host namespaces false', spec: restrictedSpec({ hostNetwork: false, hostPID: false, hostIPC: false }) },

  { name: 'hostPath volume', spec: restrictedSpec({ volumes: [{ name: 'host', hostPath: { path: '/var/run/docker.sock' } }] }) },
  { name: 'nfs volume', spec: restrictedSpec({ volumes: [{ name: 'nfs', nfs: { server: 'nfs.example.com', path: '/' } }] }) },
  {
    name: 'allowed volumes',
    spec: restrictedSpec({
      volumes: [
        { name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'c' } }, { name: 'c', secret: { secretName: 's' } },
        { name: 'd', projected: { sources: [] } }, { name: 'e', persistentVolumeClaim: { claimName: 'p' } }, { name: 'f', downwardAPI: {} },
        { name: 'g', csi: { driver: 'd' } }, { name: 'h', ephemeral: { volumeClaimTemplate: { spec: {} } } }, { name: 'i', image: { reference: 'x' } },
        { name: 'j' },
      ],
    }),
  },

  { name: 'hostPort', spec: appWith({}, { ports: [{ containerPort: 80, hostPort: 8080 }] }) },
  { name: 'hostPort 0', spec: appWith({}, { ports: [{ containerPort: 80, hostPort: 0 }] }) },
  { name: 'containerPort only', spec: appWith({}, { ports: [{ containerPort: 80 }] }) },

  { name: 'liveness probe host', spec: appWith({}, { livenessProbe: handler('httpGet', '169.254.169.254') }) },
  { name: 'readiness probe tcp host', spec: appWith({}, { readinessProbe: handler('tcpSocket', 'db.example.com') }) },
  { name: 'startup probe empty host', spec: appWith({}, { startupProbe: handler('httpGet', '') }) },
  { name: 'postStart host', spec: appWith({}, { lifecycle: { postStart: handler('httpGet', 'example.com') } }) },
  { name: 'preStop tcp host', spec: appWith({}, { lifecycle: { preStop: handler('tcpSocket', 'example.com') } }) },
  { name: 'exec probe', spec: appWith({}, { livenessProbe: { exec: { command: ['true'] } }, lifecycle: { preStop: { sleep: { seconds: 1 } } } }) },

  { name: 'privileged', spec: appWith({ privileged: true }) },
  { name: 'privileged false', spec: appWith({ privileged: false }) },
  { name: 'privileged ephemeral container', spec: restrictedSpec({ ephemeralContainers: [container('debug', { privileged: true })] }) },

  { name: 'procMount Unmasked', spec: appWith({ procMount: 'Unmasked' }) },
  { name: 'procMount Default', spec: appWith({ procMount: 'Default' }) },
  { name: 'procMount Unmasked in a user namespace', spec: restrictedSpec({ hostUsers: false, containers: [container('app', { procMount: 'Unmasked' })] }) },

  { name: 'seLinuxOptions container_t', spec: podWith({ seLinuxOptions: { type: 'container_t', level: 's0:c123,c456' } }) },
  { name: 'seLinuxOptions container_engine_t', spec: appWith({ seLinuxOptions: { type: 'container_engine_t' } }) },
  { name: 'seLinuxOptions spc_t', spec: appWith({ seLinuxOptions: { type: 'spc_t' } }) },
  { name: 'seLinuxOptions user', spec: podWith({ seLinuxOptions: { user: 'system_u' } }) },
  { name: 'seLinuxOptions role', spec: appWith({ seLinuxOptions: { role: 'system_r' } }) },
  { name: 'seLinuxOptions empty strings', spec: appWith({ seLinuxOptions: { type: '', user: '', role: '' } }) },

  { name: 'seccomp pod Unconfined', spec: podWith({ seccompProfile: { type: 'Unconfined' } }) },
  { name: 'seccomp container Unconfined', spec: appWith({ seccompProfile: { type: 'Unconfined' } }) },
  { name: 'seccomp pod Localhost', spec: podWith({ seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } }) },
  {
    name: 'seccomp on every container only',
    spec: restrictedSpec({
      securityContext: { runAsNonRoot: true },
      initContainers: [container('init', { seccompProfile: { type: 'RuntimeDefault' } })],
      containers: [container('app', { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } })],
    }),
  },
  {
    name: 'seccomp missing on one container',
    spec: restrictedSpec({ securityContext: { runAsNonRoot: true }, containers: [container('app', { seccompProfile: { type: 'RuntimeDefault' } })] }),
  },

  { name: 'safe sysctls', spec: podWith({ sysctls: [{ name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'net.ipv4.tcp_notsent_lowat', value: '1' }] }) },
  { name: 'unsafe sysctl', spec: podWith({ sysctls: [{ name: 'kernel.msgmax', value: '1' }] }) },

  { name: 'ulimits', spec: appWith({ ulimits: [{ name: 'nofile', soft: 1024, hard: 2048 }] }) },

  { name: 'windows hostProcess pod', spec: podWith({ windowsOptions: { hostProcess: true } }) },
  { name: 'windows hostProcess container', spec: appWith({ windowsOptions: { hostProcess: true } }) },
  { name: 'windows hostProcess false', spec: appWith({ windowsOptions: { hostProcess: false } }) },

  { name: 'allowPrivilegeEscalation true', spec: appWith({ allowPrivilegeEscalation: true }) },
  { name: 'allowPrivilegeEscalation missing', spec: restrictedSpec({ containers: [{ name: 'app', image: 'x', securityContext: { capabilities: { drop: ['ALL'] } } }] }) },
  {
    name: 'windows pod without restricted container fields',
    spec: { os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [{ name: 'app', image: 'x' }] },
  },
  { name: 'linux os', spec: restrictedSpec({ os: { name: 'linux' } }) },

  { name: 'cgroupOptions Writable', spec: appWith({ cgroupOptions: { mountMode: 'Writable' } }) },
  { name: 'cgroupOptions ReadOnly', spec: appWith({ cgroupOptions: { mountMode: 'ReadOnly' } }) },

  { name: 'runAsNonRoot missing', spec: restrictedSpec({ securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }) },
  { name: 'runAsNonRoot pod false', spec: podWith({ runAsNonRoot: false }) },
  { name: 'runAsNonRoot container false', spec: appWith({ runAsNonRoot: false }) },
  {
    name: 'runAsNonRoot on every container only',
    spec: restrictedSpec({
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [container('init', { runAsNonRoot: true })],
      containers: [container('app', { runAsNonRoot: true })],
    }),
  },
  { name: 'runAsNonRoot pod false, containers true', spec: restrictedSpec({ securityContext: { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } }, initContainers: [container('init', { runAsNonRoot: true })], containers: [container('app', { runAsNonRoot: true })] }) },
  { name: 'runAsNonRoot missing in a user namespace', spec: restrictedSpec({ hostUsers: false, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }) },

  { name: 'runAsUser pod 0', spec: podWith({ runAsUser: 0 }) },
  { name: 'runAsUser container 0', spec: appWith({ runAsUser: 0 }) },
  { name: 'runAsUser 1000', spec: podWith({ runAsUser: 1000 }) },
  { name: 'runAsUser 0 in a user namespace', spec: podWith({ runAsUser: 0 }, { hostUsers: false }) },
  { name: 'hostUsers true', spec: restrictedSpec({ hostUsers: true }) },

  {
    name: 'everything wrong',
    spec: {
      hostNetwork: true,
      securityContext: { runAsUser: 0, sysctls: [{ name: 'kernel.core_pattern', value: 'x' }], seccompProfile: { type: 'Unconfined' } },
      volumes: [{ name: 'root', hostPath: { path: '/' } }],
      containers: [{
        name: 'app',
        image: 'x',
        ports: [{ containerPort: 1, hostPort: 1 }],
        securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] }, procMount: 'Unmasked', seLinuxOptions: { type: 'spc_t' } },
      }],
    },
    annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' },
  },
];

/** The pod template controllers, and how each wraps a pod template. */
export const CONTROLLERS: Readonly<Record<string, (template: Json) => Omit<KubeObject, 'metadata'> & Json>> = {
  Deployment: (template) => ({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { selector: {}, template } }),
  StatefulSet: (template) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { selector: {}, serviceName: 's', template } }),
  DaemonSet: (template) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { selector: {}, template } }),
  ReplicaSet: (template) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { selector: {}, template } }),
  ReplicationController: (template) => ({ apiVersion: 'v1', kind: 'ReplicationController', spec: { template } }),
  Job: (template) => ({ apiVersion: 'batch/v1', kind: 'Job', spec: { template } }),
  CronJob: (template) => ({ apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: '@hourly', jobTemplate: { spec: { template } } } }),
  PodTemplate: (template) => ({ apiVersion: 'v1', kind: 'PodTemplate', template }),
};

/** `spec` as a Pod, and as the pod template of every controller. */
export function podAndControllers(name: string, spec: Json, annotations?: Record<string, string>): KubeObject[] {
  const metadata = annotations ? { annotations } : undefined;
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...metadata }, spec };
  const template = metadata ? { metadata, spec } : { spec };
  const controllers = Object.values(CONTROLLERS).map((wrap) => ({ ...wrap(template), metadata: { name } }) as KubeObject);
  return [pod, ...controllers];
}
