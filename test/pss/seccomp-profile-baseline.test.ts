import { container, describeCheck, podView, restrictedSpec } from './pods';

const annotated = (annotations: Record<string, unknown>, spec: Record<string, unknown> = { containers: [container('app')] }) =>
  podView(spec, { annotations });

describeCheck('seccompProfile_baseline', [
  { name: 'nothing set passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'allowed annotations pass before v1.19',
    view: annotated({
      'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
      'container.seccomp.security.alpha.kubernetes.io/app': 'localhost/profile.json',
    }),
    level: 'baseline',
    version: 'v1.18',
  },
  {
    name: 'forbidden annotations fail before v1.19, sorted',
    view: annotated({
      'seccomp.security.alpha.kubernetes.io/pod': 'unconfined',
      'container.seccomp.security.alpha.kubernetes.io/app': '',
      'container.seccomp.security.alpha.kubernetes.io/other': 'unconfined',
    }),
    level: 'baseline',
    version: 'v1.0',
    expected: {
      message: 'seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/app="", seccomp.security.alpha.kubernetes.io/pod="unconfined")',
      path: '/metadata/annotations/container.seccomp.security.alpha.kubernetes.io~1app',
    },
  },
  {
    name: 'annotations are ignored from v1.19',
    view: annotated({ 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }),
    level: 'baseline',
    version: 'v1.19',
  },
  {
    name: 'fields are ignored before v1.19',
    view: podView({ securityContext: { seccompProfile: { type: 'Unconfined' } }, containers: [container('app')] }),
    level: 'baseline',
    version: 'v1.18',
  },
  {
    name: 'Unconfined and missing types fail from v1.19',
    view: podView({
      securityContext: { seccompProfile: { type: 'Unconfined' } },
      initContainers: [container('init', { securityContext: { seccompProfile: {} } })],
      containers: [container('app', { securityContext: { seccompProfile: { type: 'RuntimeDefault' } } }), container('web', { securityContext: { seccompProfile: { type: 'Unconfined' } } })],
    }),
    level: 'baseline',
    version: 'v1.19',
    expected: {
      message: 'seccompProfile (pod and containers "init", "web" must not set securityContext.seccompProfile.type to "", "Unconfined")',
      path: '/spec/securityContext/seccompProfile/type',
    },
  },
  {
    name: 'Localhost is allowed',
    view: podView({ containers: [container('app', { securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'p.json' } } })] }),
    level: 'baseline',
  },
  {
    name: 'runs at restricted before v1.19, when seccompProfile_restricted does not exist yet',
    view: podView(restrictedSpec(), { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }),
    level: 'restricted',
    version: 'v1.18',
    expected: {
      message: 'seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined")',
      path: '/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod',
    },
  },
  {
    name: 'at restricted from v1.19, reported alongside seccompProfile_restricted, which overrides it',
    view: podView({ ...restrictedSpec(), securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Unconfined' } } }),
    level: 'restricted',
    version: 'v1.19',
    expected: { message: 'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")', path: '/spec/securityContext/seccompProfile/type' },
  },
]);
