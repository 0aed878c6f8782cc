/**
 * In addition to restricting HostPath volumes, the restricted profile limits usage of inline pod volume sources to
 * `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and `secret`.
 *
 * Restricted fields: `spec.volumes[*]` sources `hostPath`, `gcePersistentDisk`, `awsElasticBlockStore`, `gitRepo`, `nfs`,
 * `iscsi`, `glusterfs`, `rbd`, `flexVolume`, `cinder`, `cephfs`, `flocker`, `fc`, `azureFile`, `vsphereVolume`, `quobyte`,
 * `azureDisk`, `portworxVolume`, `photonPersistentDisk`, `scaleIO`, `storageos`.
 *
 * Allowed values: undefined/null. A volume with no source is an `emptyDir` (the API server defaults it so).
 *
 * Overrides `hostPathVolumes`.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { isSet, listAt, scalarText } from './fields';
import { joinQuote, pluralize, sortedUnique } from './format';
import { HOST_PATH_VOLUMES_ID } from './host-path-volumes';
import type { PodTemplateView } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';

const ALLOWED_SOURCES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
] as const;

const RESTRICTED_SOURCES = [
  'hostPath', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'nfs', 'iscsi', 'glusterfs', 'rbd', 'flexVolume',
  'cinder', 'cephfs', 'flocker', 'fc', 'azureFile', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk',
  'portworxVolume', 'scaleIO', 'storageos',
] as const;

/** The restricted source a volume uses, or `undefined` when it uses an allowed one (allowed sources win, as in Kubernetes). */
function restrictedSourceOf(volume: Record<string, unknown>): string | undefined {
  if (ALLOWED_SOURCES.some((source) => isRecord(volume[source]))) return undefined;
  return RESTRICTED_SOURCES.find((source) => isSet(volume, source));
}

function restrictedVolumesV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const bad: Array<{ name: string; source: string; path: string }> = [];
  (listAt(view.spec, 'volumes') ?? []).forEach((volume, index) => {
    if (!isRecord(volume)) return;
    const source = restrictedSourceOf(volume);
    if (source === undefined) return;
    bad.push({ name: scalarText(volume.name), source, path: pointer(view.specPointer, 'volumes', index, source) });
  });
  if (bad.length === 0) return undefined;
  const sources = sortedUnique(bad.map((b) => b.source));
  return {
    reason: 'restricted volume types',
    detail: `${pluralize('volume', 'volumes', bad.length)} ${joinQuote(bad.map((b) => b.name))} ${pluralize('uses', 'use', bad.length)} `
      + `${pluralize('restricted volume type', 'restricted volume types', sources.length)} ${joinQuote(sources)}`,
    path: bad[0].path,
  };
}

/** Restricted check `restrictedVolumes` (v1.0+). */
export const restrictedVolumes: PssCheck = {
  id: 'restrictedVolumes',
  level: 'restricted',
  versions: [{ minimumVersion: 0, check: restrictedVolumesV1Dot0, overrides: [HOST_PATH_VOLUMES_ID] }],
};
