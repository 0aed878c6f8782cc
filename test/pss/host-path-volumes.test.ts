import { container, describeCheck, podView, restrictedSpec } from './pods';

describeCheck('hostPathVolumes', [
  { name: 'no volumes pass', view: podView({ containers: [container('app')] }), level: 'baseline' },
  {
    name: 'other volume types pass at baseline',
    view: podView({ containers: [container('app')], volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', nfs: { server: 's', path: '/' } }] }),
    level: 'baseline',
  },
  {
    name: 'hostPath fails',
    view: podView({ containers: [container('app')], volumes: [{ name: 'ok', emptyDir: {} }, { name: 'host', hostPath: { path: '/' } }] }),
    level: 'baseline',
    version: 'v1.0',
    expected: { message: 'hostPath volumes (volume "host")', path: '/spec/volumes/1/hostPath' },
  },
  {
    name: 'several hostPath volumes are one violation',
    view: podView({ containers: [container('app')], volumes: [{ name: 'a', hostPath: { path: '/a' } }, { name: 'b', hostPath: {} }] }),
    level: 'baseline',
    expected: { message: 'hostPath volumes (volumes "a", "b")', path: '/spec/volumes/0/hostPath' },
  },
  {
    name: 'hostPath: null is unset',
    view: podView({ containers: [container('app')], volumes: [{ name: 'a', hostPath: null, emptyDir: {} }] }),
    level: 'baseline',
  },
  {
    name: 'at restricted, reported alongside restrictedVolumes, which overrides it',
    view: podView(restrictedSpec({ volumes: [{ name: 'host', hostPath: { path: '/' } }] })),
    level: 'restricted',
    expected: { message: 'hostPath volumes (volume "host")', path: '/spec/volumes/0/hostPath' },
  },
]);
