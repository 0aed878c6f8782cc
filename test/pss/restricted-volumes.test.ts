import { describeCheck, podView, restrictedSpec } from './pods';

const withVolumes = (volumes: unknown[]) => podView(restrictedSpec({ volumes }));

describeCheck('restrictedVolumes', [
  {
    name: 'every allowed source passes, and a volume with no source is an emptyDir',
    view: withVolumes([
      { name: 'a', configMap: { name: 'c' } }, { name: 'b', csi: { driver: 'd' } }, { name: 'c', downwardAPI: {} },
      { name: 'd', emptyDir: {} }, { name: 'e', ephemeral: { volumeClaimTemplate: {} } }, { name: 'f', image: { reference: 'r' } },
      { name: 'g', persistentVolumeClaim: { claimName: 'p' } }, { name: 'h', projected: { sources: [] } }, { name: 'i', secret: { secretName: 's' } },
      { name: 'j' },
    ]),
    version: 'v1.0',
  },
  {
    name: 'hostPath fails',
    view: withVolumes([{ name: 'ok', emptyDir: {} }, { name: 'host', hostPath: { path: '/' } }]),
    version: 'v1.0',
    expected: {
      message: 'restricted volume types (volume "host" uses restricted volume type "hostPath")',
      path: '/spec/volumes/1/hostPath',
    },
  },
  {
    name: 'several volumes and types, types sorted',
    view: withVolumes([
      { name: 'n', nfs: { server: 's', path: '/' } }, { name: 'g', gitRepo: { repository: 'r' } }, { name: 'n2', nfs: {} },
      { name: 'x', cephfs: { monitors: [] } },
    ]),
    expected: {
      message: 'restricted volume types (volumes "n", "g", "n2", "x" use restricted volume types "cephfs", "gitRepo", "nfs")',
      path: '/spec/volumes/0/nfs',
    },
  },
  { name: 'an allowed source wins over a restricted one, as in Kubernetes', view: withVolumes([{ name: 'both', emptyDir: {}, hostPath: { path: '/' } }]) },
  {
    name: 'a wrong-typed allowed source does not hide a restricted one',
    view: withVolumes([{ name: 'both', emptyDir: 'yes', flexVolume: { driver: 'd' } }]),
    expected: { message: 'restricted volume types (volume "both" uses restricted volume type "flexVolume")', path: '/spec/volumes/0/flexVolume' },
  },
  { name: 'it is not a baseline check', view: withVolumes([{ name: 'n', nfs: {} }]), level: 'baseline' },
]);
