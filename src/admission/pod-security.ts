/**
 * The Pod Security Standards checks as CEL, one expression per Kubernetes check id, each allowing exactly the pod
 * specs that `evaluatePodSecurity` allows at the latest policy version. Every expression reads the variables that
 * {@link POD_VARIABLES} defines, so it works for Pods and for every controller's pod template.
 */
import { celAll, celAny, celSetAnd, celString, celStringList, celUnsetOr } from './cel';

/** A ValidatingAdmissionPolicy variable. */
export interface PolicyVariable {
  readonly name: string;
  readonly expression: string;
}

/** Where the pod template sits in each matched kind, as CEL (Pod, CronJob, PodTemplate, and every other controller). */
function podTemplateField(field: 'spec' | 'metadata'): string {
  const inTemplate = (template: string) => (field === 'spec'
    ? `${template}.spec`
    : `(has(${template}.metadata) ? ${template}.metadata : {})`);
  return `object.kind == 'Pod' ? object.${field} : (object.kind == 'CronJob' ? ${inTemplate('object.spec.jobTemplate.spec.template')} : `
    + `(object.kind == 'PodTemplate' ? ${inTemplate('object.template')} : ${inTemplate('object.spec.template')}))`;
}

/** The variables every pod-level validation reads, in evaluation order. */
export const POD_VARIABLES: readonly PolicyVariable[] = [
  { name: 'podSpec', expression: podTemplateField('spec') },
  { name: 'podMetadata', expression: podTemplateField('metadata') },
  { name: 'podSecurityContext', expression: 'has(variables.podSpec.securityContext) ? variables.podSpec.securityContext : {}' },
  {
    name: 'containers',
    expression: ['initContainers', 'containers', 'ephemeralContainers']
      .map((list) => `(has(variables.podSpec.${list}) ? variables.podSpec.${list} : [])`).join(' + '),
  },
  { name: 'securityContexts', expression: 'variables.containers.map(c, has(c.securityContext) ? c.securityContext : {})' },
  { name: 'volumes', expression: 'has(variables.podSpec.volumes) ? variables.podSpec.volumes : []' },
  { name: 'isWindows', expression: celSetAnd('variables.podSpec', ['os', 'name'], (p) => `${p} == 'windows'`) },
  { name: 'inUserNamespace', expression: celSetAnd('variables.podSpec', ['hostUsers'], (p) => `${p} == false`) },
];

const POD_SC = 'variables.podSecurityContext';
const SECURITY_CONTEXTS = 'variables.securityContexts';
const CONTAINERS = 'variables.containers';
const VOLUMES = 'variables.volumes';

/** `condition` holds for every container's security context (written over `sc`). */
function everySecurityContext(condition: string): string {
  return `${SECURITY_CONTEXTS}.all(sc, ${condition})`;
}

/** `condition` (written over a path) holds for the pod's security context and every container's. */
function podAndContainers(condition: (base: string) => string): string {
  return celAll(condition(POD_SC), everySecurityContext(condition('sc')));
}

/** A boolean field that must not be `true`. */
function notTrue(base: string, fields: readonly string[]): string {
  return `!${celSetAnd(base, fields, (p) => `${p} == true`)}`;
}

const ALLOWED_PROFILE_TYPES = celStringList(['RuntimeDefault', 'Localhost']);

/** A profile object (`seccompProfile`, `appArmorProfile`) that is unset, or set with an allowed type. */
function allowedProfile(base: string, field: string): string {
  return celUnsetOr(base, [field], (p) => celSetAnd(p, ['type'], (type) => `${type} in ${ALLOWED_PROFILE_TYPES}`));
}

const DEFAULT_CAPABILITIES = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat',
];
const ALLOWED_VOLUME_SOURCES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];
const RESTRICTED_VOLUME_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume', 'cinder', 'cephfs',
  'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'portworxVolume', 'scaleIO', 'storageos',
];
const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

/** A probe or lifecycle handler without `httpGet.host` or `tcpSocket.host`. */
function handlerWithoutHost(handler: string): string {
  return celAll(...['httpGet', 'tcpSocket'].map((action) => celUnsetOr(handler, [action, 'host'], (host) => `${host} == ''`)));
}

function containerWithoutHostHandlers(): string {
  const probes = ['livenessProbe', 'readinessProbe', 'startupProbe'].map((probe) => celUnsetOr('c', [probe], handlerWithoutHost));
  const lifecycle = ['postStart', 'preStop'].map((handler) => celUnsetOr('c', ['lifecycle', handler], handlerWithoutHost));
  return `${CONTAINERS}.all(c, ${celAll(...probes, ...lifecycle)})`;
}

function seLinuxOptionsAllowed(base: string): string {
  return celUnsetOr(base, ['seLinuxOptions'], (options) => celAll(
    celUnsetOr(options, ['type'], (type) => `${type} in ${celStringList(ALLOWED_SELINUX_TYPES)}`),
    celUnsetOr(options, ['user'], (user) => `${user} == ''`),
    celUnsetOr(options, ['role'], (role) => `${role} == ''`),
  ));
}

/** One Pod Security Standards check as CEL: the condition a compliant pod spec meets, and what to tell a rejected one. */
export interface PssCelCheck {
  /** The expression, true when the pod spec passes the check. */
  readonly expression: string;
  /** What the check requires, in pod-security-admission's words. */
  readonly requirement: string;
}

/**
 * Every Pod Security Standards check as CEL, as of policy version {@link PSS_CEL_VERSION}: Windows pods exempt
 * from the restricted container checks (v1.25), user-namespace pods from runAsNonRoot, runAsUser and the baseline
 * procMount check (v1.35), the v1.37 sysctls allow-list and the v1.31 SELinux types.
 */
export const PSS_CEL_CHECKS: Readonly<Record<string, PssCelCheck>> = {
  appArmorProfile: {
    requirement: 'AppArmor profiles must be RuntimeDefault or Localhost (annotations: runtime/default or localhost/*)',
    expression: celAll(
      podAndContainers((base) => allowedProfile(base, 'appArmorProfile')),
      celUnsetOr('variables.podMetadata', ['annotations'], (annotations) => `${annotations}.all(key, ${celAny(
        `!key.startsWith(${celString(APPARMOR_ANNOTATION_PREFIX)})`,
        `${annotations}[key] in ['', 'runtime/default']`,
        `${annotations}[key].startsWith('localhost/')`,
      )})`),
    ),
  },
  capabilities_baseline: {
    requirement: `securityContext.capabilities.add may only include ${DEFAULT_CAPABILITIES.join(', ')}`,
    expression: everySecurityContext(celUnsetOr('sc', ['capabilities', 'add'], (add) => `${add}.all(cap, cap in ${celStringList(DEFAULT_CAPABILITIES)})`)),
  },
  hostNamespaces: {
    requirement: 'hostNetwork, hostPID and hostIPC must not be true',
    expression: celAll(...['hostNetwork', 'hostPID', 'hostIPC'].map((field) => notTrue('variables.podSpec', [field]))),
  },
  hostPathVolumes: {
    requirement: 'volumes must not use hostPath',
    expression: `${VOLUMES}.all(v, !has(v.hostPath))`,
  },
  hostPorts: {
    requirement: 'containers must not set ports[*].hostPort',
    expression: `${CONTAINERS}.all(c, ${celUnsetOr('c', ['ports'], (ports) => `${ports}.all(p, ${celUnsetOr('p', ['hostPort'], (h) => `${h} == 0`)})`)})`,
  },
  hostProbesAndHostLifecycle: {
    requirement: 'probes and lifecycle handlers must not set httpGet.host or tcpSocket.host',
    expression: containerWithoutHostHandlers(),
  },
  privileged: {
    requirement: 'containers must not set securityContext.privileged=true',
    expression: everySecurityContext(notTrue('sc', ['privileged'])),
  },
  procMount: {
    requirement: 'securityContext.procMount must be Default (pods with hostUsers: false are exempt)',
    expression: celAny('variables.inUserNamespace', everySecurityContext(celUnsetOr('sc', ['procMount'], (p) => `${p} == 'Default'`))),
  },
  seLinuxOptions: {
    requirement: `seLinuxOptions.type must be one of ${ALLOWED_SELINUX_TYPES.filter(Boolean).join(', ')}; user and role must not be set`,
    expression: podAndContainers(seLinuxOptionsAllowed),
  },
  seccompProfile_baseline: {
    requirement: 'securityContext.seccompProfile.type must not be Unconfined',
    expression: podAndContainers((base) => allowedProfile(base, 'seccompProfile')),
  },
  sysctls: {
    requirement: `securityContext.sysctls may only set ${SAFE_SYSCTLS.join(', ')}`,
    expression: celUnsetOr(POD_SC, ['sysctls'], (list) => `${list}.all(s, ${celSetAnd('s', ['name'], (n) => `${n} in ${celStringList(SAFE_SYSCTLS)}`)})`),
  },
  ulimits: {
    requirement: 'containers must not set securityContext.ulimits',
    expression: everySecurityContext('!has(sc.ulimits)'),
  },
  windowsHostProcess: {
    requirement: 'pod and containers must not set securityContext.windowsOptions.hostProcess=true',
    expression: podAndContainers((base) => notTrue(base, ['windowsOptions', 'hostProcess'])),
  },
  allowPrivilegeEscalation: {
    requirement: 'containers must set securityContext.allowPrivilegeEscalation=false',
    expression: celAny('variables.isWindows', everySecurityContext(celSetAnd('sc', ['allowPrivilegeEscalation'], (p) => `${p} == false`))),
  },
  capabilities_restricted: {
    requirement: 'containers must set securityContext.capabilities.drop=["ALL"] and may only add NET_BIND_SERVICE',
    expression: celAny('variables.isWindows', everySecurityContext(celAll(
      celSetAnd('sc', ['capabilities', 'drop'], (drop) => `'ALL' in ${drop}`),
      celUnsetOr('sc', ['capabilities', 'add'], (add) => `${add}.all(cap, cap == 'NET_BIND_SERVICE')`),
    ))),
  },
  cgroupOptions_restricted: {
    requirement: 'containers must not set securityContext.cgroupOptions.mountMode to "Writable"',
    expression: everySecurityContext(`!${celSetAnd('sc', ['cgroupOptions', 'mountMode'], (m) => `${m} == 'Writable'`)}`),
  },
  procMount_restricted: {
    requirement: 'securityContext.procMount must be Default',
    expression: everySecurityContext(celUnsetOr('sc', ['procMount'], (p) => `${p} == 'Default'`)),
  },
  restrictedVolumes: {
    requirement: `volumes may only use ${ALLOWED_VOLUME_SOURCES.join(', ')}`,
    expression: `${VOLUMES}.all(v, ${celAny(
      ...ALLOWED_VOLUME_SOURCES.map((source) => `has(v.${source})`),
      `!(${RESTRICTED_VOLUME_SOURCES.map((source) => `has(v.${source})`).join(' || ')})`,
    )})`,
  },
  runAsNonRoot: {
    requirement: 'pod or containers must set securityContext.runAsNonRoot=true, and none may set it to false (pods with hostUsers: false are exempt)',
    expression: celAny('variables.inUserNamespace', celAll(
      `!${celSetAnd(POD_SC, ['runAsNonRoot'], (p) => `${p} == false`)}`,
      everySecurityContext(`has(sc.runAsNonRoot) ? sc.runAsNonRoot == true : ${celSetAnd(POD_SC, ['runAsNonRoot'], (p) => `${p} == true`)}`),
    )),
  },
  runAsUser: {
    requirement: 'pod and containers must not set runAsUser=0 (pods with hostUsers: false are exempt)',
    expression: celAny('variables.inUserNamespace', podAndContainers((base) => `!${celSetAnd(base, ['runAsUser'], (p) => `${p} == 0`)}`)),
  },
  seccompProfile_restricted: {
    requirement: 'pod or containers must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    expression: celAny('variables.isWindows', celAll(
      podAndContainers((base) => allowedProfile(base, 'seccompProfile')),
      celAny(`has(${POD_SC}.seccompProfile)`, everySecurityContext('has(sc.seccompProfile)')),
    )),
  },
};

/** The policy version (minor of v1.N) the CEL of {@link PSS_CEL_CHECKS} implements. */
export const PSS_CEL_VERSION = 38;
