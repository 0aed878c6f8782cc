import { isRecord, pointer } from '../../core/types';
import type { Rule, RuleFinding } from '../rule';

const PREFIX = 'pod-security.kubernetes.io/';
const MODES = ['enforce', 'audit', 'warn'] as const;
const PINNED_VERSION = /^v1\.\d+$/;

/** Namespaces enforce, audit and warn the restricted Pod Security Standard, each with a pinned version. */
export const pssNamespaceLabels: Rule = {
  id: 'pss-namespace-labels',
  title: 'Namespaces enforce the restricted Pod Security Standard at a pinned version',
  rationale: 'Pod Security Admission only protects namespaces that opt in; a pinned version keeps a cluster upgrade from changing what is allowed.',
  guide: 'Pod Security Standards',
  severity: 'medium',
  fix: 'Label the namespace pod-security.kubernetes.io/{enforce,audit,warn}=restricted and {enforce,audit,warn}-version=v1.N (RestrictedNamespace does).',
  default: 'enforce, audit and warn = restricted, versions pinned to v1.28',
  appliesTo: ['Namespace'],
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
        });
      } else if (version === undefined || !PINNED_VERSION.test(version)) {
        findings.push({
          message: `namespace "${object.metadata?.name}" does not pin ${PREFIX}${mode}-version (found ${version ?? 'none'})`,
          path: pointer('/metadata/labels', `${PREFIX}${mode}-version`),
        });
      }
    }
    return findings;
  },
};
