/**
 * HostPath volumes must be forbidden.
 *
 * Restricted fields: `spec.volumes[*].hostPath`.
 *
 * Allowed values: undefined/null.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { isSet, listAt, scalarText } from './fields';
import { joinQuote, pluralize } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { isRecord, pointer } from '../../core/types';

/** Id of the check, which `restrictedVolumes` overrides. */
export const HOST_PATH_VOLUMES_ID = 'hostPathVolumes';

function hostPathVolumesV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const volumes = listAt(view.spec, 'volumes') ?? [];
  const bad = volumes
    .map((volume, index) => ({ volume, index }))
    .filter(({ volume }) => isRecord(volume) && isSet(volume, 'hostPath'));
  if (bad.length === 0) return undefined;
  const names = bad.map(({ volume }) => scalarText((volume as Record<string, unknown>).name));
  return {
    reason: 'hostPath volumes',
    detail: `${pluralize('volume', 'volumes', names.length)} ${joinQuote(names)}`,
    path: pointer(view.specPointer, 'volumes', bad[0].index, 'hostPath'),
  };
}

/** Baseline check `hostPathVolumes` (v1.0+). */
export const hostPathVolumes: PssCheck = {
  id: HOST_PATH_VOLUMES_ID,
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: hostPathVolumesV1Dot0 }],
};
