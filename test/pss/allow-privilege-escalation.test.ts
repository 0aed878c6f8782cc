import { container, describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

describeCheck('allowPrivilegeEscalation', [
  { name: 'false passes', view: podView(restrictedSpec()) },
  {
    name: 'unset fails, pointing where it must be set',
    view: podView(restrictedSpec({ containers: [container('app')] })),
    expected: {
      message: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      path: '/spec/containers/0/securityContext/allowPrivilegeEscalation',
    },
  },
  {
    name: 'true and the string "false" fail, across container lists',
    view: podView(restrictedSpec({
      initContainers: [restrictedContainer('init', { allowPrivilegeEscalation: true })],
      containers: [restrictedContainer('app', { allowPrivilegeEscalation: 'false' })],
      ephemeralContainers: [container('debug', { securityContext: 'none' })],
    })),
    expected: {
      message: 'allowPrivilegeEscalation != false (containers "init", "app", "debug" must set securityContext.allowPrivilegeEscalation=false)',
      path: '/spec/initContainers/0/securityContext/allowPrivilegeEscalation',
    },
  },
  { name: 'does not exist before v1.8', view: podView({ securityContext: { runAsNonRoot: true }, containers: [container('app')] }), version: 'v1.7' },
  {
    name: 'applies from v1.8',
    view: podView({ securityContext: { runAsNonRoot: true }, containers: [container('app')] }),
    version: 'v1.8',
    expected: {
      message: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      path: '/spec/containers/0/securityContext/allowPrivilegeEscalation',
    },
  },
  {
    name: 'Windows pods are not exempt at v1.24',
    view: podView(restrictedSpec({ os: { name: 'windows' }, containers: [container('app')] })),
    version: 'v1.24',
    expected: {
      message: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      path: '/spec/containers/0/securityContext/allowPrivilegeEscalation',
    },
  },
  { name: 'Windows pods are exempt from v1.25', view: podView(restrictedSpec({ os: { name: 'windows' }, containers: [container('app')] })), version: 'v1.25' },
  {
    name: 'only the exact OS name "windows" exempts',
    view: podView(restrictedSpec({ os: { name: 'Windows' }, containers: [container('app')] })),
    expected: {
      message: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
      path: '/spec/containers/0/securityContext/allowPrivilegeEscalation',
    },
  },
  { name: 'it is not a baseline check', view: podView({ containers: [container('app')] }), level: 'baseline' },
]);
