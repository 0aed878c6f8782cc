import { container, describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const withAdd = (name: string, add: unknown) => container(name, { securityContext: { capabilities: { add } } });

describeCheck('capabilities_baseline', [
  { name: 'no capabilities pass', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'the default set passes',
    view: podView({
      containers: [withAdd('app', ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'])],
    }),
    level: 'baseline',
  },
  {
    name: 'NET_RAW fails',
    view: podView({ containers: [withAdd('app', ['CHOWN', 'NET_RAW'])] }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
      path: '/spec/containers/0/securityContext/capabilities/add/1',
    },
  },
  {
    name: 'case and CAP_ prefix matter, values are sorted and deduplicated',
    view: podView({ initContainers: [withAdd('init', ['chown'])], containers: [withAdd('app', ['CAP_CHOWN', 'chown'])] }),
    level: 'baseline',
    expected: {
      message: 'non-default capabilities (containers "init", "app" must not include "CAP_CHOWN", "chown" in securityContext.capabilities.add)',
      path: '/spec/initContainers/0/securityContext/capabilities/add/0',
    },
  },
  {
    name: 'ephemeral containers are checked',
    view: podView({ containers: [container('app')], ephemeralContainers: [withAdd('debug', ['SYS_ADMIN'])] }),
    level: 'baseline',
    expected: {
      message: 'non-default capabilities (container "debug" must not include "SYS_ADMIN" in securityContext.capabilities.add)',
      path: '/spec/ephemeralContainers/0/securityContext/capabilities/add/0',
    },
  },
  { name: 'a non-list add is ignored', view: podView({ containers: [withAdd('app', 'NET_RAW')] }), level: 'baseline' },
  {
    name: 'it runs at restricted before v1.22',
    view: podView({ securityContext: { runAsNonRoot: true }, containers: [withAdd('app', ['NET_RAW'])] }),
    level: 'restricted',
    version: 'v1.21',
    expected: {
      message: 'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
      path: '/spec/containers/0/securityContext/capabilities/add/0',
    },
  },
  {
    name: 'at restricted from v1.22, reported alongside capabilities_restricted, which overrides it',
    view: podView(restrictedSpec({ containers: [restrictedContainer('app', { capabilities: { drop: ['ALL'], add: ['NET_RAW'] } })] })),
    level: 'restricted',
    version: 'v1.22',
    expected: {
      message: 'non-default capabilities (container "app" must not include "NET_RAW" in securityContext.capabilities.add)',
      path: '/spec/containers/0/securityContext/capabilities/add/0',
    },
  },
  {
    name: 'at restricted from v1.25, not run for a Windows pod that capabilities_restricted exempts',
    view: podView(restrictedSpec({ os: { name: 'windows' }, containers: [restrictedContainer('app', { capabilities: { add: ['NET_RAW'] } })] })),
    level: 'restricted',
    version: 'v1.25',
  },
]);
