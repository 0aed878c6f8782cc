import { describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const withPodUser = (runAsUser: unknown, fields: Record<string, unknown> = {}) =>
  restrictedSpec({ securityContext: { runAsNonRoot: true, runAsUser, seccompProfile: { type: 'RuntimeDefault' } }, ...fields });

describeCheck('runAsUser', [
  { name: 'unset passes', view: podView(restrictedSpec()) },
  { name: 'non-zero passes', view: podView(withPodUser(1000, { containers: [restrictedContainer('app', { runAsUser: 1 })] })) },
  {
    name: 'pod runAsUser=0 fails',
    view: podView(withPodUser(0)),
    expected: { message: 'runAsUser=0 (pod must not set runAsUser=0)', path: '/spec/securityContext/runAsUser' },
  },
  {
    name: 'pod and containers are named together',
    view: podView(withPodUser(0, {
      initContainers: [restrictedContainer('init', { runAsUser: 0 })],
      containers: [restrictedContainer('app', { runAsUser: 1000 }), restrictedContainer('web', { runAsUser: 0 })],
    })),
    expected: { message: 'runAsUser=0 (pod and containers "init", "web" must not set runAsUser=0)', path: '/spec/securityContext/runAsUser' },
  },
  {
    name: 'an ephemeral container fails alone',
    view: podView(restrictedSpec({ ephemeralContainers: [restrictedContainer('debug', { runAsUser: 0 })] })),
    expected: { message: 'runAsUser=0 (container "debug" must not set runAsUser=0)', path: '/spec/ephemeralContainers/0/securityContext/runAsUser' },
  },
  { name: 'a string "0" is ignored', view: podView(withPodUser('0')) },
  { name: 'does not exist before v1.23', view: podView(withPodUser(0)), version: 'v1.22' },
  {
    name: 'applies from v1.23',
    view: podView(withPodUser(0)),
    version: 'v1.23',
    expected: { message: 'runAsUser=0 (pod must not set runAsUser=0)', path: '/spec/securityContext/runAsUser' },
  },
  {
    name: 'user-namespace pods are not exempt before v1.35',
    view: podView(withPodUser(0, { hostUsers: false })),
    version: 'v1.34',
    expected: { message: 'runAsUser=0 (pod must not set runAsUser=0)', path: '/spec/securityContext/runAsUser' },
  },
  { name: 'user-namespace pods are exempt from v1.35', view: podView(withPodUser(0, { hostUsers: false })), version: 'v1.35' },
  { name: 'hostUsers: true is no exemption', view: podView(withPodUser(0, { hostUsers: true })), version: 'v1.35', expected: { message: 'runAsUser=0 (pod must not set runAsUser=0)', path: '/spec/securityContext/runAsUser' } },
]);
