import { container, describeCheck, podView } from './pods';

describeCheck('hostPorts', [
  { name: 'container ports without hostPort pass', view: podView({ containers: [container('app', { ports: [{ containerPort: 80 }] })] }), level: 'baseline' },
  { name: 'hostPort 0 passes', view: podView({ containers: [container('app', { ports: [{ containerPort: 80, hostPort: 0 }] })] }), level: 'baseline' },
  {
    name: 'a hostPort fails',
    view: podView({ containers: [container('app', { ports: [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }] })] }),
    level: 'baseline',
    version: 'v1.0',
    expected: { message: 'hostPort (container "app" uses hostPort 443)', path: '/spec/containers/0/ports/1/hostPort' },
  },
  {
    name: 'ports of every container are listed once, sorted as text',
    view: podView({
      initContainers: [container('init', { ports: [{ containerPort: 1, hostPort: 9090 }] })],
      containers: [container('app', { ports: [{ containerPort: 2, hostPort: 10000 }, { containerPort: 3, hostPort: 9090 }] })],
      ephemeralContainers: [container('debug', { ports: [{ containerPort: 4, hostPort: 80 }] })],
    }),
    expected: {
      message: 'hostPort (containers "init", "app", "debug" use hostPorts 10000, 80, 9090)',
      path: '/spec/initContainers/0/ports/0/hostPort',
    },
  },
  { name: 'a non-list ports field is ignored', view: podView({ containers: [container('app', { ports: 'hostPort: 80' })] }), level: 'baseline' },
]);
