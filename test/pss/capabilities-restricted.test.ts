import { container, describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const caps = (name: string, capabilities: unknown) => restrictedContainer(name, { capabilities });

describeCheck('capabilities_restricted', [
  { name: 'drop ALL passes', view: podView(restrictedSpec()) },
  { name: 'adding NET_BIND_SERVICE passes', view: podView(restrictedSpec({ containers: [caps('app', { drop: ['ALL'], add: ['NET_BIND_SERVICE'] })] })) },
  {
    name: 'missing capabilities fail, pointing where drop must be set',
    view: podView(restrictedSpec({ containers: [restrictedContainer('app', { capabilities: undefined })] })),
    expected: {
      message: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
      path: '/spec/containers/0/securityContext/capabilities/drop',
    },
  },
  {
    name: 'a drop list without ALL fails (case matters)',
    view: podView(restrictedSpec({ containers: [caps('app', { drop: ['all', 'NET_RAW'] })] })),
    expected: {
      message: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
      path: '/spec/containers/0/securityContext/capabilities/drop',
    },
  },
  {
    name: 'a drop that is not a list fails',
    view: podView(restrictedSpec({ containers: [caps('app', { drop: 'ALL' })] })),
    expected: {
      message: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
      path: '/spec/containers/0/securityContext/capabilities/drop',
    },
  },
  {
    name: 'missing drop and forbidden add are both reported',
    view: podView(restrictedSpec({
      initContainers: [caps('init', { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'SYS_TIME', 'CHOWN'] })],
      containers: [container('app'), caps('web', { drop: ['ALL'], add: ['CHOWN'] })],
    })),
    expected: {
      message: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; '
        + 'containers "init", "web" must not include "CHOWN", "SYS_TIME" in securityContext.capabilities.add)',
      path: '/spec/containers/0/securityContext/capabilities/drop',
    },
  },
  {
    name: 'ephemeral containers must drop ALL too',
    view: podView(restrictedSpec({ ephemeralContainers: [container('debug')] })),
    expected: {
      message: 'unrestricted capabilities (container "debug" must set securityContext.capabilities.drop=["ALL"])',
      path: '/spec/ephemeralContainers/0/securityContext/capabilities/drop',
    },
  },
  {
    name: 'does not exist before v1.22',
    view: podView(restrictedSpec({ containers: [container('app')] })),
    version: 'v1.21',
  },
  {
    name: 'Windows pods are not exempt at v1.24',
    view: podView(restrictedSpec({ os: { name: 'windows' }, containers: [container('app')] })),
    version: 'v1.24',
    expected: {
      message: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
      path: '/spec/containers/0/securityContext/capabilities/drop',
    },
  },
  {
    name: 'Windows pods are exempt from v1.25',
    view: podView(restrictedSpec({ os: { name: 'windows' }, containers: [container('app')] })),
    version: 'v1.25',
  },
  { name: 'it is not a baseline check', view: podView({ containers: [container('app')] }), level: 'baseline' },
]);
