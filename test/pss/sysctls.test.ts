import { container, describeCheck, podView } from './pods';

const withSysctls = (...names: string[]) =>
  podView({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) }, containers: [container('app')] });

describeCheck('sysctls', [
  { name: 'no sysctls pass', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'the v1.0 safe set passes at v1.0',
    view: withSysctls('kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start'),
    level: 'baseline',
    version: 'v1.0',
  },
  {
    name: 'unsafe sysctls fail, listed in order',
    view: withSysctls('net.core.somaxconn', 'kernel.shm_rmid_forced', 'kernel.msgmax'),
    level: 'baseline',
    expected: { message: 'forbidden sysctls (net.core.somaxconn, kernel.msgmax)', path: '/spec/securityContext/sysctls/0/name' },
  },
  {
    name: 'ip_local_reserved_ports fails before v1.27',
    view: withSysctls('net.ipv4.ip_local_reserved_ports'),
    level: 'baseline',
    version: 'v1.26',
    expected: { message: 'forbidden sysctls (net.ipv4.ip_local_reserved_ports)', path: '/spec/securityContext/sysctls/0/name' },
  },
  { name: 'ip_local_reserved_ports passes from v1.27', view: withSysctls('net.ipv4.ip_local_reserved_ports'), level: 'baseline', version: 'v1.27' },
  {
    name: 'keepalive sysctls fail before v1.29',
    view: withSysctls('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout'),
    level: 'baseline',
    version: 'v1.28',
    expected: { message: 'forbidden sysctls (net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout)', path: '/spec/securityContext/sysctls/0/name' },
  },
  {
    name: 'keepalive sysctls pass from v1.29',
    view: withSysctls('net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'),
    level: 'baseline',
    version: 'v1.29',
  },
  {
    name: 'tcp buffer sysctls fail before v1.32',
    view: withSysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'),
    level: 'baseline',
    version: 'v1.31',
    expected: { message: 'forbidden sysctls (net.ipv4.tcp_rmem, net.ipv4.tcp_wmem)', path: '/spec/securityContext/sysctls/0/name' },
  },
  { name: 'tcp buffer sysctls pass from v1.32', view: withSysctls('net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'), level: 'baseline', version: 'v1.32' },
  {
    name: 'slow start and notsent sysctls fail before v1.37',
    view: withSysctls('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'),
    level: 'baseline',
    version: 'v1.36',
    expected: { message: 'forbidden sysctls (net.ipv4.tcp_slow_start_after_idle, net.ipv4.tcp_notsent_lowat)', path: '/spec/securityContext/sysctls/0/name' },
  },
  { name: 'slow start and notsent sysctls pass from v1.37', view: withSysctls('net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'), level: 'baseline', version: 'v1.37' },
  {
    name: 'a sysctl without a name is forbidden (an empty detail is left out, as in Kubernetes)',
    view: podView({ securityContext: { sysctls: [{ value: '1' }] }, containers: [container('app')] }),
    level: 'baseline',
    expected: { message: 'forbidden sysctls', path: '/spec/securityContext/sysctls/0/name' },
  },
  { name: 'a sysctls field that is not a list is ignored', view: podView({ securityContext: { sysctls: 'kernel.msgmax' }, containers: [container('app')] }), level: 'baseline' },
]);
