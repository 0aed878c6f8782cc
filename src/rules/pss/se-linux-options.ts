/**
 * Setting the SELinux type is restricted, and setting a custom SELinux user or role option is forbidden.
 *
 * Restricted fields: `spec.securityContext.seLinuxOptions.type`, `spec.containers[*].securityContext.seLinuxOptions.type`,
 * `spec.initContainers[*].securityContext.seLinuxOptions.type`, `spec.ephemeralContainers[*].securityContext.seLinuxOptions.type`.
 *
 * Allowed values: undefined/empty, `container_t`, `container_init_t`, `container_kvm_t`,
 * and from v1.31 `container_engine_t`.
 *
 * Restricted fields: `seLinuxOptions.user` and `seLinuxOptions.role` at the same places.
 *
 * Allowed values: undefined/empty.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { containerNameOf, podSecurityContextOf, recordAt, scalarText, securityContextOf } from './fields';
import { containerList, joinQuote, pluralize, sortedUnique } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const ALLOWED_TYPES_V1_DOT_0: ReadonlySet<string> = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
const ALLOWED_TYPES_V1_DOT_31: ReadonlySet<string> = new Set([...ALLOWED_TYPES_V1_DOT_0, 'container_engine_t']);

interface OptionsFindings {
  readonly badTypes: string[];
  setUser: boolean;
  setRole: boolean;
}

/** Records what is wrong with one `seLinuxOptions`; returns the pointer of its first offending field, if any. */
function inspectOptions(
  options: Record<string, unknown>, optionsPointer: string, allowedTypes: ReadonlySet<string>, findings: OptionsFindings,
): string | undefined {
  const offending: string[] = [];
  const type = scalarText(options.type);
  if (!allowedTypes.has(type)) {
    findings.badTypes.push(type);
    offending.push('type');
  }
  if (scalarText(options.user).length > 0) {
    findings.setUser = true;
    offending.push('user');
  }
  if (scalarText(options.role).length > 0) {
    findings.setRole = true;
    offending.push('role');
  }
  return offending.length > 0 ? pointer(optionsPointer, offending[0]) : undefined;
}

function seLinuxOptionsCheck(allowedTypes: ReadonlySet<string>) {
  return (view: PodTemplateView): PssCheckFailure | undefined => {
    const findings: OptionsFindings = { badTypes: [], setUser: false, setRole: false };
    const setters: string[] = [];
    const paths: string[] = [];
    const podOptions = recordAt(podSecurityContextOf(view), 'seLinuxOptions');
    if (podOptions) {
      const path = inspectOptions(podOptions, pointer(view.specPointer, 'securityContext', 'seLinuxOptions'), allowedTypes, findings);
      if (path) {
        setters.push('pod');
        paths.push(path);
      }
    }
    const badContainers: string[] = [];
    for (const container of containersOf(view)) {
      const options = recordAt(securityContextOf(container), 'seLinuxOptions');
      if (!options) continue;
      const path = inspectOptions(options, pointer(container.pointer, 'securityContext', 'seLinuxOptions'), allowedTypes, findings);
      if (path) {
        badContainers.push(containerNameOf(container));
        paths.push(path);
      }
    }
    if (badContainers.length > 0) setters.push(containerList(badContainers));
    if (setters.length === 0) return undefined;

    const badData: string[] = [];
    const types = sortedUnique(findings.badTypes);
    if (types.length > 0) badData.push(`${pluralize('type', 'types', types.length)} ${joinQuote(types)}`);
    if (findings.setUser) badData.push('user may not be set');
    if (findings.setRole) badData.push('role may not be set');
    return {
      reason: 'seLinuxOptions',
      detail: `${setters.join(' and ')} set forbidden securityContext.seLinuxOptions: ${badData.join('; ')}`,
      path: paths[0],
    };
  };
}

/** Baseline check `seLinuxOptions` (v1.0+, `container_engine_t` allowed from v1.31). */
export const seLinuxOptions: PssCheck = {
  id: 'seLinuxOptions',
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: seLinuxOptionsCheck(ALLOWED_TYPES_V1_DOT_0) },
    { minimumVersion: 31, check: seLinuxOptionsCheck(ALLOWED_TYPES_V1_DOT_31) },
  ],
};
