import { container, cronJobView, describeCheck, podView } from './pods';

describeCheck('hostNamespaces', [
  { name: 'unset passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'false values pass',
    view: podView({ hostNetwork: false, hostPID: false, hostIPC: false, containers: [container('app')] }),
    level: 'baseline',
  },
  { name: 'a string "true" is ignored', view: podView({ hostNetwork: 'true', containers: [container('app')] }), level: 'baseline' },
  {
    name: 'hostPID fails',
    view: podView({ hostPID: true, containers: [container('app')] }),
    level: 'baseline',
    version: 'v1.0',
    expected: { message: 'host namespaces (hostPID=true)', path: '/spec/hostPID' },
  },
  {
    name: 'every shared namespace is named, in Kubernetes order',
    view: podView({ hostIPC: true, hostPID: true, hostNetwork: true, containers: [container('app')] }),
    expected: { message: 'host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)', path: '/spec/hostNetwork' },
  },
  {
    name: 'a CronJob points into its job template',
    view: cronJobView({ hostIPC: true, containers: [container('app')] }),
    level: 'baseline',
    expected: { message: 'host namespaces (hostIPC=true)', path: '/spec/jobTemplate/spec/template/spec/hostIPC' },
  },
]);
