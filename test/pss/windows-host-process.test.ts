import { container, describeCheck, podView } from './pods';

const hostProcess = (name: string, value: unknown) => container(name, { securityContext: { windowsOptions: { hostProcess: value } } });

describeCheck('windowsHostProcess', [
  { name: 'unset passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  { name: 'false passes', view: podView({ securityContext: { windowsOptions: { hostProcess: false } }, containers: [hostProcess('app', false)] }), level: 'baseline' },
  {
    name: 'pod-level true fails',
    view: podView({ os: { name: 'windows' }, securityContext: { windowsOptions: { hostProcess: true } }, hostNetwork: true, containers: [container('app')] }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)',
      path: '/spec/securityContext/windowsOptions/hostProcess',
    },
  },
  {
    name: 'pod and containers are named together',
    view: podView({
      securityContext: { windowsOptions: { hostProcess: true } },
      initContainers: [hostProcess('init', true)],
      containers: [hostProcess('app', false)],
      ephemeralContainers: [hostProcess('debug', true)],
    }),
    expected: {
      message: 'hostProcess (pod and containers "init", "debug" must not set securityContext.windowsOptions.hostProcess=true)',
      path: '/spec/securityContext/windowsOptions/hostProcess',
    },
  },
  {
    name: 'a container alone',
    view: podView({ containers: [hostProcess('app', true)] }),
    level: 'baseline',
    expected: {
      message: 'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
      path: '/spec/containers/0/securityContext/windowsOptions/hostProcess',
    },
  },
]);
