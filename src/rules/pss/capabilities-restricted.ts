/**
 * Containers must drop ALL capabilities, and may only add back NET_BIND_SERVICE.
 *
 * Restricted fields: `spec.containers[*].securityContext.capabilities.drop`,
 * `spec.initContainers[*].securityContext.capabilities.drop`, `spec.ephemeralContainers[*].securityContext.capabilities.drop`.
 *
 * Allowed values: a list including `ALL`.
 *
 * Restricted fields: `spec.containers[*].securityContext.capabilities.add`,
 * `spec.initContainers[*].securityContext.capabilities.add`, `spec.ephemeralContainers[*].securityContext.capabilities.add`.
 *
 * Allowed values: undefined/empty, `NET_BIND_SERVICE`.
 *
 * From v1.25, pods with `spec.os.name: windows` are exempt. Overrides `capabilities_baseline`.
 */
import { CAPABILITIES_BASELINE_ID } from './capabilities-baseline';
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, isWindowsPod, listAt, recordAt, scalarText, securityContextOf } from './fields';
import { containerList, joinQuote, sortedUnique } from './format';
import { containersOf } from '../../core/pod-spec';
import type { PodTemplateView } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const CAPABILITY_ALL = 'ALL';
const CAPABILITY_NET_BIND_SERVICE = 'NET_BIND_SERVICE';

interface Offence {
  readonly name: string;
  readonly path: string;
}

function capabilitiesRestrictedV1Dot22(view: PodTemplateView): PssCheckFailure | undefined {
  const missingDropAll: Offence[] = [];
  const addingForbidden: Offence[] = [];
  const forbiddenCapabilities: string[] = [];
  for (const container of containersOf(view)) {
    const name = containerNameOf(container);
    const capabilitiesPointer = pointer(container.pointer, 'securityContext', 'capabilities');
    const capabilities = recordAt(securityContextOf(container), 'capabilities');
    if (!capabilities) {
      missingDropAll.push({ name, path: pointer(capabilitiesPointer, 'drop') });
      continue;
    }
    if (!(listAt(capabilities, 'drop') ?? []).some((entry) => entry === CAPABILITY_ALL)) {
      missingDropAll.push({ name, path: pointer(capabilitiesPointer, 'drop') });
    }
    const add = listAt(capabilities, 'add') ?? [];
    const firstForbidden = add.findIndex((entry) => entry !== CAPABILITY_NET_BIND_SERVICE);
    if (firstForbidden >= 0) {
      addingForbidden.push({ name, path: pointer(capabilitiesPointer, 'add', firstForbidden) });
      forbiddenCapabilities.push(...add.filter((entry) => entry !== CAPABILITY_NET_BIND_SERVICE).map(scalarText));
    }
  }
  const details: string[] = [];
  if (missingDropAll.length > 0) {
    details.push(`${containerList(missingDropAll.map((o) => o.name))} must set securityContext.capabilities.drop=["ALL"]`);
  }
  if (addingForbidden.length > 0) {
    details.push(`${containerList(addingForbidden.map((o) => o.name))} must not include ${joinQuote(sortedUnique(forbiddenCapabilities))} in securityContext.capabilities.add`);
  }
  if (details.length === 0) return undefined;
  return {
    reason: 'unrestricted capabilities',
    detail: details.join('; '),
    path: (missingDropAll[0] ?? addingForbidden[0]).path,
  };
}

function capabilitiesRestrictedV1Dot25(view: PodTemplateView): PssCheckFailure | undefined {
  return isWindowsPod(view) ? undefined : capabilitiesRestrictedV1Dot22(view);
}

/** Restricted check `capabilities_restricted` (v1.22+, Windows pods exempt from v1.25). */
export const capabilitiesRestricted: PssCheck = {
  id: 'capabilities_restricted',
  level: 'restricted',
  versions: [
    { minimumVersion: 22, check: capabilitiesRestrictedV1Dot22, overrides: [CAPABILITIES_BASELINE_ID] },
    { minimumVersion: 25, check: capabilitiesRestrictedV1Dot25, overrides: [CAPABILITIES_BASELINE_ID] },
  ],
};
