import { container, describeCheck, podView } from './pods';

const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

describeCheck('appArmorProfile', [
  { name: 'nothing set passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'allowed annotations pass',
    view: podView({ containers: [container('app')] }, {
      annotations: { [`${ANNOTATION}app`]: 'runtime/default', [`${ANNOTATION}init`]: 'localhost/custom', [`${ANNOTATION}other`]: '' },
    }),
    level: 'baseline',
  },
  {
    name: 'an unconfined annotation fails, at v1.0 too',
    view: podView({ containers: [container('app')] }, { annotations: { [`${ANNOTATION}app`]: 'unconfined' } }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'forbidden AppArmor profile (annotation must not set AppArmor profile type to "container.apparmor.security.beta.kubernetes.io/app=\\"unconfined\\"")',
      path: '/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app',
    },
  },
  {
    name: 'allowed field types pass',
    view: podView({
      securityContext: { appArmorProfile: { type: 'RuntimeDefault' } },
      containers: [container('app', { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } } })],
    }),
    level: 'baseline',
  },
  {
    name: 'the fields are checked at every version',
    view: podView({ securityContext: { appArmorProfile: { type: 'Unconfined' } }, containers: [container('app')] }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'forbidden AppArmor profile (pod must not set AppArmor profile type to "Unconfined")',
      path: '/spec/securityContext/appArmorProfile/type',
    },
  },
  {
    name: 'pod, containers and annotations are one violation',
    view: podView({
      securityContext: { appArmorProfile: { type: 'Unconfined' } },
      initContainers: [container('init', { securityContext: { appArmorProfile: { type: 'Unconfined' } } })],
      containers: [container('app')],
      ephemeralContainers: [container('debug', { securityContext: { appArmorProfile: {} } })],
    }, { annotations: { [`${ANNOTATION}b`]: 'unconfined', [`${ANNOTATION}a`]: 'other' } }),
    level: 'baseline',
    expected: {
      message: 'forbidden AppArmor profiles (pod and containers "init", "debug" and annotations must not set AppArmor profile type to '
        + '"", "Unconfined", "container.apparmor.security.beta.kubernetes.io/a=\\"other\\"", "container.apparmor.security.beta.kubernetes.io/b=\\"unconfined\\"")',
      path: '/spec/securityContext/appArmorProfile/type',
    },
  },
  {
    name: 'other annotations are ignored',
    view: podView({ containers: [container('app')] }, { annotations: { 'apparmor.example.com/app': 'unconfined' } }),
    level: 'baseline',
  },
]);
