import { isRecord, pointer } from '../../core/types';
import { PSS_CHECKS } from '../pss/registry';
import type { Rule, RuleFinding } from '../rule';

const PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'] as const;
/** A pinned version label as Pod Security Admission reads it (`v1.N`, no leading zero); the minor is group 1. */
export const PINNED_PSS_VERSION = /^v1\.(0|[1-9]\d*)$/;

/**
 * The restricted checks of the guide's own items (no privilege escalation, seccomp, no capabilities, no root uid)
 * with the version each first appears in: a restricted policy pinned before it does not check that item. Checks
 * added since are accepted, since a pin deliberately keeps the policy of its version.
 */
const GUIDE_CHECKS: ReadonlyArray<{ id: string; since: number }> = ['allowPrivilegeEscalation', 'seccompProfile_restricted', 'capabilities_restricted', 'runAsUser']
  .map((id) => ({ id, since: PSS_CHECKS.find((check) => check.id === id)!.versions[0].minimumVersion }));

/** The first version whose restricted policy checks every item of the guide. */
export const FIRST_COMPLETE_PSS_MINOR = Math.max(...GUIDE_CHECKS.map((check) => check.since));

/**
 * The guide's checks that the restricted policy of version `v1.<minor>` does not run, as e.g.
 * `capabilities_restricted (from v1.22) or runAsUser (from v1.23)`; empty when it runs them all.
 */
export function missingGuideChecks(minor: number): string {
  return GUIDE_CHECKS.filter((check) => check.since > minor).map((check) => `${check.id} (from v1.${check.since})`).join(' or ');
}

/**
 * Namespaces enforce, audit and warn the restricted Pod Security Standard, each with a pinned version that runs the
 * guide's checks. Enforcing `privileged` is high: it admits any pod.
 */
export const pssNamespaceLabels: Rule = {
  id: 'pss-namespace-labels',
  title: 'Namespaces enforce the restricted Pod Security Standard at a pinned version',
  rationale: 'Pod Security Admission only protects namespaces that opt in; a pinned version keeps a cluster upgrade from changing what is allowed, '
    + 'and must be recent enough (v1.23) for the restricted policy to check what the guide asks. Enforcing privileged admits any pod and is reported as high.',
  guide: 'Pod Security Standards',
  severity: 'medium',
  fix: `Label the namespace pod-security.kubernetes.io/{enforce,audit,warn}=restricted and {enforce,audit,warn}-version=v1.N with N at least ${FIRST_COMPLETE_PSS_MINOR} (RestrictedNamespace does).`,
  default: 'enforce, audit and warn = restricted, versions pinned to v1.35',
  appliesTo: ['Namespace'],
  highestSeverity: 'high',
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'],
  check(object) {
    if (object.kind !== 'Namespace') return [];
    const labels = isRecord(object.metadata?.labels) ? object.metadata.labels : {};
    const findings: RuleFinding[] = [];
    for (const mode of MODES) {
      const level = labels[PREFIX + mode];
      const version = labels[`${PREFIX}${mode}-version`];
      if (level !== 'restricted') {
        findings.push({
          message: level === undefined
            ? `namespace "${object.metadata?.name}" has no ${PREFIX}${mode} label`
            : `namespace "${object.metadata?.name}" ${mode}s the ${level} level, not restricted`,
          path: pointer('/metadata/labels', PREFIX + mode),
          // Enforcing privileged admits any pod: the cluster checks nothing, and an audit without --pss only baseline.
          ...(mode === 'enforce' && level === 'privileged' ? { severity: 'high' as const } : {}),
        });
        continue;
      }
      const pinned = typeof version === 'string' ? PINNED_PSS_VERSION.exec(version) : null;
      if (pinned === null) {
        findings.push({
          message: `namespace "${object.metadata?.name}" does not pin ${PREFIX}${mode}-version (found ${version ?? 'none'})`,
          path: pointer('/metadata/labels', `${PREFIX}${mode}-version`),
        });
        continue;
      }
      const missing = missingGuideChecks(Number(pinned[1]));
      if (missing !== '') {
        findings.push({
          message: `namespace "${object.metadata?.name}" pins ${PREFIX}${mode}-version ${version}, whose restricted policy does not check ${missing}`,
          path: pointer('/metadata/labels', `${PREFIX}${mode}-version`),
        });
      }
    }
    return findings;
  },
};
