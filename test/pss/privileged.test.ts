import { container, deploymentView, describeCheck, podView } from './pods';

describeCheck('privileged', [
  { name: 'no security context passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  { name: 'privileged=false passes', view: podView({ containers: [container('app', { securityContext: { privileged: false } })] }) },
  {
    name: 'a non-boolean privileged is ignored',
    view: podView({ containers: [container('app', { securityContext: { privileged: 'true' } })] }),
    level: 'baseline',
  },
  {
    name: 'a wrong-typed security context is ignored',
    view: podView({ containers: [container('app', { securityContext: 'privileged' })] }),
    level: 'baseline',
  },
  {
    name: 'privileged=true fails at baseline v1.0',
    view: podView({ containers: [container('app', { securityContext: { privileged: true } })] }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'privileged (container "app" must not set securityContext.privileged=true)',
      path: '/spec/containers/0/securityContext/privileged',
    },
  },
  {
    name: 'init, regular and ephemeral containers are one violation',
    view: podView({
      initContainers: [container('init', { securityContext: { privileged: true } })],
      containers: [container('ok'), container('app', { securityContext: { privileged: true } })],
      ephemeralContainers: [container('debug', { securityContext: { privileged: true } })],
    }),
    expected: {
      message: 'privileged (containers "init", "app", "debug" must not set securityContext.privileged=true)',
      path: '/spec/initContainers/0/securityContext/privileged',
    },
  },
  {
    name: 'controllers point into the pod template',
    view: deploymentView({ containers: [container('app', { securityContext: { privileged: true } })] }),
    level: 'baseline',
    expected: {
      message: 'privileged (container "app" must not set securityContext.privileged=true)',
      path: '/spec/template/spec/containers/0/securityContext/privileged',
    },
  },
]);
