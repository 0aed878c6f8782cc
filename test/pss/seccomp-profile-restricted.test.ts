import { container, describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const MUST_SET = 'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"';

describeCheck('seccompProfile_restricted', [
  { name: 'pod-level RuntimeDefault passes', view: podView(restrictedSpec()) },
  {
    name: 'container-level Localhost on every container passes',
    view: podView(restrictedSpec({
      securityContext: { runAsNonRoot: true },
      initContainers: [restrictedContainer('init', { seccompProfile: { type: 'Localhost', localhostProfile: 'p' } })],
      containers: [restrictedContainer('app', { seccompProfile: { type: 'RuntimeDefault' } })],
    })),
  },
  {
    name: 'unset fails, pointing at the pod level',
    view: podView(restrictedSpec({ securityContext: { runAsNonRoot: true } })),
    expected: { message: `seccompProfile (pod or containers "init", "app" ${MUST_SET})`, path: '/spec/securityContext/seccompProfile/type' },
  },
  {
    name: 'containers not covered by the pod level are named',
    view: podView(restrictedSpec({
      securityContext: { runAsNonRoot: true },
      containers: [restrictedContainer('app', { seccompProfile: { type: 'RuntimeDefault' } })],
    })),
    expected: { message: `seccompProfile (pod or container "init" ${MUST_SET})`, path: '/spec/securityContext/seccompProfile/type' },
  },
  {
    name: 'explicit bad values are reported before missing ones',
    view: podView(restrictedSpec({
      securityContext: { runAsNonRoot: true },
      containers: [restrictedContainer('app', { seccompProfile: { type: 'Unconfined' } }), restrictedContainer('web', { seccompProfile: { type: 'Unconfined' } })],
    })),
    expected: {
      message: 'seccompProfile (containers "app", "web" must not set securityContext.seccompProfile.type to "Unconfined")',
      path: '/spec/containers/0/securityContext/seccompProfile/type',
    },
  },
  {
    name: 'a pod-level Unconfined is named',
    view: podView(restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } })),
    expected: { message: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")', path: '/spec/securityContext/seccompProfile/type' },
  },
  {
    name: 'a seccompProfile that is not an object counts as unset',
    view: podView(restrictedSpec({ securityContext: { runAsNonRoot: true, seccompProfile: 'RuntimeDefault' } })),
    expected: { message: `seccompProfile (pod or containers "init", "app" ${MUST_SET})`, path: '/spec/securityContext/seccompProfile/type' },
  },
  { name: 'does not exist before v1.19', view: podView(restrictedSpec({ securityContext: { runAsNonRoot: true } })), version: 'v1.18' },
  {
    name: 'Windows pods are not exempt at v1.24',
    view: podView(restrictedSpec({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } })),
    version: 'v1.24',
    expected: { message: `seccompProfile (pod or containers "init", "app" ${MUST_SET})`, path: '/spec/securityContext/seccompProfile/type' },
  },
  { name: 'Windows pods are exempt from v1.25', view: podView(restrictedSpec({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true } })), version: 'v1.25' },
  { name: 'it is not a baseline check', view: podView({ containers: [container('app')] }), level: 'baseline' },
]);
