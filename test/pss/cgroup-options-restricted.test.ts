import { describeCheck, podView, restrictedContainer, restrictedSpec } from './pods';

const mountMode = (name: string, mode: unknown) => restrictedContainer(name, { cgroupOptions: { mountMode: mode } });

describeCheck('cgroupOptions_restricted', [
  { name: 'unset and ReadOnly pass', view: podView(restrictedSpec({ containers: [restrictedContainer('app'), mountMode('web', 'ReadOnly')] })) },
  { name: 'does not exist before v1.38', view: podView(restrictedSpec({ containers: [mountMode('app', 'Writable')] })), version: 'v1.37' },
  {
    name: 'Writable fails from v1.38',
    view: podView(restrictedSpec({ containers: [mountMode('app', 'Writable')], ephemeralContainers: [mountMode('debug', 'Writable')] })),
    version: 'v1.38',
    expected: {
      message: 'cgroupOptions (containers "app", "debug" must not set securityContext.cgroupOptions.mountMode to "Writable")',
      path: '/spec/containers/0/securityContext/cgroupOptions/mountMode',
    },
  },
  { name: 'it is not a baseline check', view: podView(restrictedSpec({ containers: [mountMode('app', 'Writable')] })), level: 'baseline' },
]);
