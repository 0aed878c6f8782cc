import { describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const podLevel = (runAsNonRoot: unknown, fields: Record<string, unknown> = {}) =>
  restrictedSpec({ securityContext: { runAsNonRoot, seccompProfile: { type: 'RuntimeDefault' } }, ...fields });

describeCheck('runAsNonRoot', [
  { name: 'pod-level true passes', view: podView(restrictedSpec()) },
  {
    name: 'true on every container passes without the pod level',
    view: podView(podLevel(undefined, {
      initContainers: [restrictedContainer('init', { runAsNonRoot: true })],
      containers: [restrictedContainer('app', { runAsNonRoot: true })],
    })),
  },
  {
    name: 'unset everywhere fails, pointing at the pod level',
    view: podView(podLevel(undefined)),
    version: 'v1.0',
    expected: {
      message: 'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
      path: '/spec/securityContext/runAsNonRoot',
    },
  },
  {
    name: 'containers not covered by the pod level are named',
    view: podView(podLevel(undefined, { containers: [restrictedContainer('app', { runAsNonRoot: true })] })),
    expected: {
      message: 'runAsNonRoot != true (pod or container "init" must set securityContext.runAsNonRoot=true)',
      path: '/spec/securityContext/runAsNonRoot',
    },
  },
  {
    name: 'explicit false at pod and container levels',
    view: podView(podLevel(false, {
      containers: [restrictedContainer('app', { runAsNonRoot: false }), restrictedContainer('web', { runAsNonRoot: false })],
    })),
    expected: {
      message: 'runAsNonRoot != true (pod and containers "app", "web" must not set securityContext.runAsNonRoot=false)',
      path: '/spec/securityContext/runAsNonRoot',
    },
  },
  {
    name: 'a container false overrides a pod-level true',
    view: podView(restrictedSpec({ ephemeralContainers: [restrictedContainer('debug', { runAsNonRoot: false })] })),
    expected: {
      message: 'runAsNonRoot != true (container "debug" must not set securityContext.runAsNonRoot=false)',
      path: '/spec/ephemeralContainers/0/securityContext/runAsNonRoot',
    },
  },
  {
    name: 'a string "true" does not count',
    view: podView(podLevel('true')),
    expected: {
      message: 'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
      path: '/spec/securityContext/runAsNonRoot',
    },
  },
  {
    name: 'user-namespace pods are not exempt before v1.35',
    view: podView(podLevel(undefined, { hostUsers: false })),
    version: 'v1.34',
    expected: {
      message: 'runAsNonRoot != true (pod or containers "init", "app" must set securityContext.runAsNonRoot=true)',
      path: '/spec/securityContext/runAsNonRoot',
    },
  },
  { name: 'user-namespace pods are exempt from v1.35', view: podView(podLevel(false, { hostUsers: false })), version: 'v1.35' },
  { name: 'it is not a baseline check', view: podView(podLevel(false)), level: 'baseline' },
]);
