import { container, describeCheck, podView } from './pods';

const withOptions = (seLinuxOptions: unknown) => container('app', { securityContext: { seLinuxOptions } });

describeCheck('seLinuxOptions', [
  { name: 'nothing set passes', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'allowed types and a level pass',
    view: podView({
      securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } },
      initContainers: [container('init', { securityContext: { seLinuxOptions: { type: 'container_init_t' } } })],
      containers: [withOptions({ type: 'container_kvm_t' }), container('web', { securityContext: { seLinuxOptions: { type: '' } } })],
    }),
    level: 'baseline',
  },
  {
    name: 'a custom type fails',
    view: podView({ containers: [withOptions({ type: 'spc_t' })] }),
    level: 'baseline',
    expected: {
      message: 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t")',
      path: '/spec/containers/0/securityContext/seLinuxOptions/type',
    },
  },
  {
    name: 'container_engine_t fails before v1.31',
    view: podView({ containers: [withOptions({ type: 'container_engine_t' })] }),
    level: 'baseline',
    version: 'v1.30',
    expected: {
      message: 'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
      path: '/spec/containers/0/securityContext/seLinuxOptions/type',
    },
  },
  { name: 'container_engine_t passes from v1.31', view: podView({ containers: [withOptions({ type: 'container_engine_t' })] }), level: 'baseline', version: 'v1.31' },
  {
    name: 'user and role may not be set, even without a bad type',
    view: podView({
      securityContext: { seLinuxOptions: { user: 'system_u' } },
      containers: [withOptions({ type: 'container_t', role: 'object_r' })],
    }),
    level: 'baseline',
    expected: {
      message: 'seLinuxOptions (pod and container "app" set forbidden securityContext.seLinuxOptions: user may not be set; role may not be set)',
      path: '/spec/securityContext/seLinuxOptions/user',
    },
  },
  {
    name: 'types, user and role together',
    view: podView({
      securityContext: { seLinuxOptions: { type: 'b_t', user: 'u' } },
      ephemeralContainers: [container('debug', { securityContext: { seLinuxOptions: { type: 'a_t', role: 'r' } } })],
      containers: [container('app')],
    }),
    level: 'restricted',
    expected: {
      message: 'seLinuxOptions (pod and container "debug" set forbidden securityContext.seLinuxOptions: types "a_t", "b_t"; user may not be set; role may not be set)',
      path: '/spec/securityContext/seLinuxOptions/type',
    },
  },
]);
