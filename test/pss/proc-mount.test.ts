import { container, describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const unmasked = (name: string) => container(name, { securityContext: { procMount: 'Unmasked' } });

describeCheck('procMount', [
  { name: 'unset passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  { name: 'Default passes', view: podView({ containers: [container('app', { securityContext: { procMount: 'Default' } })] }), level: 'baseline' },
  {
    name: 'Unmasked fails',
    view: podView({ initContainers: [unmasked('init')], containers: [container('app'), unmasked('web')] }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'procMount (containers "init", "web" must not set securityContext.procMount to "Unmasked")',
      path: '/spec/initContainers/0/securityContext/procMount',
    },
  },
  {
    name: 'user-namespace pods are not exempt before v1.35',
    view: podView({ hostUsers: false, containers: [unmasked('app')] }),
    level: 'baseline',
    version: 'v1.34',
    expected: { message: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")', path: '/spec/containers/0/securityContext/procMount' },
  },
  { name: 'user-namespace pods are exempt at baseline from v1.35', view: podView({ hostUsers: false, containers: [unmasked('app')] }), level: 'baseline', version: 'v1.35' },
  {
    name: 'it runs at restricted before v1.35',
    view: podView(restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Unmasked' })] })),
    level: 'restricted',
    version: 'v1.34',
    expected: { message: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")', path: '/spec/containers/0/securityContext/procMount' },
  },
  {
    name: 'at restricted from v1.35, reported alongside procMount_restricted, which overrides it',
    view: podView(restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Unmasked' })] })),
    level: 'restricted',
    version: 'v1.35',
    expected: { message: 'procMount (container "app" must not set securityContext.procMount to "Unmasked")', path: '/spec/containers/0/securityContext/procMount' },
  },
  {
    name: 'at restricted from v1.35, not reported for a user-namespaced pod (procMount_restricted decides)',
    view: podView(restrictedSpec({ hostUsers: false, containers: [restrictedContainer('app', { procMount: 'Default' })] })),
    level: 'restricted',
    version: 'v1.35',
  },
]);

describeCheck('procMount_restricted', [
  { name: 'does not exist before v1.35', view: podView(restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Unmasked' })] })), version: 'v1.34' },
  { name: 'Default passes', view: podView(restrictedSpec({ containers: [restrictedContainer('app', { procMount: 'Default' })] })) },
  {
    name: 'Unmasked fails even in a user namespace',
    view: podView(restrictedSpec({ hostUsers: false, ephemeralContainers: [restrictedContainer('debug', { procMount: 'Unmasked' })] })),
    version: 'v1.35',
    expected: {
      message: 'procMount (container "debug" must not set securityContext.procMount to "Unmasked")',
      path: '/spec/ephemeralContainers/0/securityContext/procMount',
    },
  },
  { name: 'it is not a baseline check', view: podView({ containers: [unmasked('app')] }), level: 'baseline' },
]);
