/**
 * Sysctls can disable security mechanisms or affect all containers on a host, and should be disallowed except for
 * an allowed "safe" subset: sysctls namespaced in the container or the pod, and isolated from other pods or processes
 * on the same node.
 *
 * Restricted fields: `spec.securityContext.sysctls[*].name`.
 *
 * Allowed values: `kernel.shm_rmid_forced`, `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`,
 * `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`;
 * from v1.27 `net.ipv4.ip_local_reserved_ports`;
 * from v1.29 `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`, `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`;
 * from v1.32 `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`;
 * from v1.37 `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat`.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { listAt, podSecurityContextOf, scalarText } from './fields';
import type { PodTemplateView } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';

const ALLOWED_V1_DOT_0 = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const ALLOWED_V1_DOT_27 = [...ALLOWED_V1_DOT_0, 'net.ipv4.ip_local_reserved_ports'];
const ALLOWED_V1_DOT_29 = [
  ...ALLOWED_V1_DOT_27, 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const ALLOWED_V1_DOT_32 = [...ALLOWED_V1_DOT_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const ALLOWED_V1_DOT_37 = [...ALLOWED_V1_DOT_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

function sysctlsCheck(allowedNames: readonly string[]) {
  const allowed: ReadonlySet<string> = new Set(allowedNames);
  return (view: PodTemplateView): PssCheckFailure | undefined => {
    const forbidden: Array<{ name: string; index: number }> = [];
    (listAt(podSecurityContextOf(view), 'sysctls') ?? []).forEach((sysctl, index) => {
      if (!isRecord(sysctl)) return;
      const name = scalarText(sysctl.name);
      if (!allowed.has(name)) forbidden.push({ name, index });
    });
    if (forbidden.length === 0) return undefined;
    return {
      reason: 'forbidden sysctls',
      detail: forbidden.map((f) => f.name).join(', '),
      path: pointer(view.specPointer, 'securityContext', 'sysctls', forbidden[0].index, 'name'),
    };
  };
}

/** Baseline check `sysctls` (v1.0+, allow-list grown in v1.27, v1.29, v1.32 and v1.37). */
export const sysctls: PssCheck = {
  id: 'sysctls',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: sysctlsCheck(ALLOWED_V1_DOT_0) },
    { minimumVersion: 27, check: sysctlsCheck(ALLOWED_V1_DOT_27) },
    { minimumVersion: 29, check: sysctlsCheck(ALLOWED_V1_DOT_29) },
    { minimumVersion: 32, check: sysctlsCheck(ALLOWED_V1_DOT_32) },
    { minimumVersion: 37, check: sysctlsCheck(ALLOWED_V1_DOT_37) },
  ],
};
