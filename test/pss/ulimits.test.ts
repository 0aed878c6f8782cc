import { container, describeCheck, podView } from './pods';

describeCheck('ulimits', [
  { name: 'unset passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'does not exist before v1.37',
    view: podView({ containers: [container('app', { securityContext: { ulimits: { nofile: { soft: 1024, hard: 2048 } } } })] }),
    level: 'baseline',
    version: 'v1.36',
  },
  {
    name: 'any ulimits fail from v1.37',
    view: podView({
      initContainers: [container('init', { securityContext: { ulimits: { core: { soft: 1, hard: 1 } } } })],
      containers: [container('app'), container('web', { securityContext: { ulimits: {} } })],
    }),
    level: 'baseline',
    version: 'v1.37',
    expected: { message: 'ulimits (containers "init", "web" must not set securityContext.ulimits)', path: '/spec/initContainers/0/securityContext/ulimits' },
  },
  { name: 'ulimits: null is unset', view: podView({ containers: [container('app', { securityContext: { ulimits: null } })] }), level: 'baseline' },
]);
