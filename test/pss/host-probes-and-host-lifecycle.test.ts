import { container, describeCheck, podView } from './pods';

describeCheck('hostProbesAndHostLifecycle', [
  {
    name: 'probes without a host pass',
    view: podView({
      containers: [container('app', {
        livenessProbe: { httpGet: { port: 8080 } },
        readinessProbe: { tcpSocket: { port: 8080, host: '' } },
        lifecycle: { preStop: { exec: { command: ['sleep', '1'] } } },
      })],
    }),
    level: 'baseline',
  },
  {
    name: 'does not exist before v1.34',
    view: podView({ containers: [container('app', { livenessProbe: { httpGet: { host: 'example.com', port: 80 } } })] }),
    level: 'baseline',
    version: 'v1.33',
  },
  {
    name: 'a probe host fails from v1.34, even localhost',
    view: podView({ containers: [container('app', { startupProbe: { tcpSocket: { host: '127.0.0.1', port: 80 } } })] }),
    level: 'baseline',
    version: 'v1.34',
    expected: {
      message: 'probe or lifecycle host (container "app" uses probe or lifecycle host "127.0.0.1")',
      path: '/spec/containers/0/startupProbe/tcpSocket/host',
    },
  },
  {
    name: 'probes and lifecycle handlers of every container, names and hosts sorted',
    view: podView({
      initContainers: [container('z-init', { lifecycle: { postStart: { httpGet: { host: 'b.example', port: 80 } } } })],
      containers: [container('app', {
        readinessProbe: { httpGet: { host: 'a.example', port: 80 } },
        lifecycle: { preStop: { tcpSocket: { host: 'b.example', port: 80 } } },
      })],
      ephemeralContainers: [container('debug', { livenessProbe: { tcpSocket: { host: '10.0.0.1', port: 80 } } })],
    }),
    expected: {
      message: 'probe or lifecycle host (containers "app", "debug", "z-init" use probe or lifecycle hosts "10.0.0.1", "a.example", "b.example")',
      path: '/spec/initContainers/0/lifecycle/postStart/httpGet/host',
    },
  },
]);
