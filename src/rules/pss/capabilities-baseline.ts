/**
 * Adding NET_RAW or capabilities beyond the default set must be disallowed.
 *
 * Restricted fields: `spec.containers[*].securityContext.capabilities.add`,
 * `spec.initContainers[*].securityContext.capabilities.add`, `spec.ephemeralContainers[*].securityContext.capabilities.add`.
 *
 * Allowed values: undefined/empty, or values from the default set `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`,
 * `FSETID`, `KILL`, `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID`, `SYS_CHROOT`
 * (exact spelling: no `CAP_` prefix, upper case).
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, listAt, recordAt, scalarText, securityContextOf } from './fields';
import { containerList, joinQuote, sortedUnique } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

/** Id of the check, which `capabilities_restricted` overrides. */
export const CAPABILITIES_BASELINE_ID = 'capabilities_baseline';

const DEFAULT_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD',
  'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

function capabilitiesBaselineV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const names: string[] = [];
  const added: string[] = [];
  let firstPath: string | undefined;
  for (const container of containersOf(view)) {
    const add = listAt(recordAt(securityContextOf(container), 'capabilities'), 'add') ?? [];
    const forbidden = add.map((entry, index) => ({ name: scalarText(entry), index })).filter(({ name }) => !DEFAULT_CAPABILITIES.has(name));
    if (forbidden.length === 0) continue;
    names.push(containerNameOf(container));
    added.push(...forbidden.map(({ name }) => name));
    firstPath ??= pointer(container.pointer, 'securityContext', 'capabilities', 'add', forbidden[0].index);
  }
  if (!firstPath) return undefined;
  return {
    reason: 'non-default capabilities',
    detail: `${containerList(names)} must not include ${joinQuote(sortedUnique(added))} in securityContext.capabilities.add`,
    path: firstPath,
  };
}

/** Baseline check `capabilities_baseline` (v1.0+). */
export const capabilitiesBaseline: PssCheck = {
  id: CAPABILITIES_BASELINE_ID,
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: capabilitiesBaselineV1Dot0 }],
};
