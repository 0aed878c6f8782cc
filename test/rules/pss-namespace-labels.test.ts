import { audit } from '../../src/audit/engine';
import type { KubeObject } from '../../src/core/types';

/** A Namespace that enforces, audits and warns `level` pinned to `version`. */
function namespace(version: unknown, level = 'restricted'): KubeObject {
  const labels: Record<string, unknown> = {};
  for (const mode of ['enforce', 'audit', 'warn']) {
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } } as unknown as KubeObject;
}

function messages(object: KubeObject): string[] {
  return audit([object], { rules: ['pss-namespace-labels'] }).findings.map((f) => `${f.path} ${f.message}`);
}

const ENFORCE_VERSION = '/metadata/labels/pod-security.kubernetes.io~1enforce-version';

describe('pss-namespace-labels: the pinned version', () => {
  test.each(['v1.23', 'v1.28', 'v1.35', 'v1.99'])('%s runs every check of the guide: passes', (version) => {
    expect(messages(namespace(version))).toEqual([]);
  });

  test('a version before the restricted policy checked capabilities and the root uid fails, naming what it misses', () => {
    expect(messages(namespace('v1.21'))[0]).toBe(`${ENFORCE_VERSION} namespace "shop" pins pod-security.kubernetes.io/enforce-version v1.21, `
      + 'whose restricted policy does not check capabilities_restricted (from v1.22) or runAsUser (from v1.23)');
    expect(messages(namespace('v1.21'))).toHaveLength(3);
  });

  test('v1.0 misses every check the guide asks for', () => {
    expect(messages(namespace('v1.0'))[0]).toBe(`${ENFORCE_VERSION} namespace "shop" pins pod-security.kubernetes.io/enforce-version v1.0, whose `
      + 'restricted policy does not check allowPrivilegeEscalation (from v1.8) or seccompProfile_restricted (from v1.19) or '
      + 'capabilities_restricted (from v1.22) or runAsUser (from v1.23)');
  });

  test.each([['latest'], ['1.28'], ['v1.028'], [1.28], [undefined]])('%s is not a pinned version', (version) => {
    expect(messages(namespace(version))[0]).toBe(`${ENFORCE_VERSION} namespace "shop" does not pin pod-security.kubernetes.io/enforce-version (found ${version ?? 'none'})`);
  });

  test('a weaker level is reported for the level, not for its version', () => {
    expect(messages(namespace('v1.0', 'baseline'))[0]).toBe('/metadata/labels/pod-security.kubernetes.io~1enforce namespace "shop" enforces the baseline level, not restricted');
    expect(messages(namespace('v1.0', 'baseline'))).toHaveLength(3);
  });

  test('enforcing privileged is high: it admits any pod; auditing or warning at privileged stays medium', () => {
    const severities = audit([namespace('v1.35', 'privileged')], { rules: ['pss-namespace-labels'] }).findings.map((f) => [f.path.split('~1').pop(), f.severity]);
    expect(severities).toEqual([['enforce', 'high'], ['audit', 'medium'], ['warn', 'medium']]);
    expect(audit([namespace('v1.35', 'baseline')], { rules: ['pss-namespace-labels'] }).findings.map((f) => f.severity)).toEqual(['medium', 'medium', 'medium']);
  });
});
