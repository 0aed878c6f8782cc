import { LATEST_PSS_VERSION, PSS_CHECK_IDS } from '../../src/rules/pss';
import type { PssCheck } from '../../src/rules/pss/check';
import { applicableChecks, LATEST_PSS_MINOR, overridesOf, PSS_CHECKS, validatePssChecks } from '../../src/rules/pss/registry';

const allowed = () => undefined;
const check = (id: string, level: string, versions: Array<[number, string[]?]>): PssCheck => ({
  id, level: level as PssCheck['level'], versions: versions.map(([minimumVersion, overrides]) => ({ minimumVersion, check: allowed, overrides })),
});

describe('Pod Security check registry', () => {
  test('the registered checks are valid', () => {
    expect(() => validatePssChecks(PSS_CHECKS)).not.toThrow();
  });

  test.each([
    ['duplicate ids', [check('a', 'baseline', [[0]]), check('a', 'restricted', [[1]])], 'multiple Pod Security checks registered for id "a"'],
    ['an unknown level', [check('a', 'privileged', [[0]])], 'Pod Security check "a": invalid level "privileged"'],
    ['no versions', [check('a', 'baseline', [])], 'Pod Security check "a": no versions'],
    ['a negative version', [check('a', 'baseline', [[-1]])], 'Pod Security check "a": invalid minimum version -1'],
    ['a fractional version', [check('a', 'baseline', [[1.5]])], 'Pod Security check "a": invalid minimum version 1.5'],
    ['repeated versions', [check('a', 'baseline', [[3], [3]])], 'Pod Security check "a": versions must be strictly increasing (v1.3 after v1.3)'],
    ['decreasing versions', [check('a', 'baseline', [[5], [2]])], 'Pod Security check "a": versions must be strictly increasing (v1.2 after v1.5)'],
    ['an override from a baseline check', [check('a', 'baseline', [[0]]), check('b', 'baseline', [[0, ['a']]])], 'Pod Security check "b": only restricted checks may override checks'],
    ['an override of a restricted check', [check('a', 'restricted', [[0]]), check('b', 'restricted', [[0, ['a']]])], 'Pod Security check "b": overrides restricted check "a"'],
    ['an override of an unknown check', [check('b', 'restricted', [[0, ['nope']]])], 'Pod Security check "b": overrides unknown check "nope"'],
  ])('rejects %s', (_name, checks, message) => {
    expect(() => validatePssChecks(checks)).toThrow(new Error(message));
  });

  test('every Kubernetes check id is registered, baseline checks first, each group sorted', () => {
    expect(PSS_CHECK_IDS).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle',
      'privileged', 'procMount', 'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'ulimits', 'windowsHostProcess',
      'allowPrivilegeEscalation', 'capabilities_restricted', 'cgroupOptions_restricted', 'procMount_restricted', 'restrictedVolumes',
      'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    ]);
  });

  test('the latest version is the newest version any check changed in', () => {
    expect(LATEST_PSS_MINOR).toBe(38);
    expect(LATEST_PSS_VERSION).toBe('v1.38');
  });

  test.each([
    ['capabilities_restricted', 22, ['capabilities_baseline']],
    ['capabilities_restricted', 21, []],
    ['seccompProfile_restricted', 25, ['seccompProfile_baseline']],
    ['restrictedVolumes', 0, ['hostPathVolumes']],
    ['procMount_restricted', 35, ['procMount']],
    ['privileged', 38, []],
  ])('%s at v1.%d overrides %j', (id, minor, expected) => {
    expect(overridesOf(id as string, minor as number)).toEqual(expected);
  });

  const idsAt = (level: 'baseline' | 'restricted', minor: number) => applicableChecks(level, minor).map((c) => c.id);

  test('baseline runs only baseline checks that exist at the version', () => {
    expect(idsAt('baseline', 0)).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPathVolumes', 'hostPorts', 'privileged', 'procMount',
      'seLinuxOptions', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess',
    ]);
    expect(idsAt('baseline', 34)).toContain('hostProbesAndHostLifecycle');
    expect(idsAt('baseline', 36)).not.toContain('ulimits');
    expect(idsAt('baseline', 37)).toContain('ulimits');
  });

  test('restricted runs baseline checks too, less the overridden ones', () => {
    expect(idsAt('restricted', 0)).toEqual([
      'appArmorProfile', 'capabilities_baseline', 'hostNamespaces', 'hostPorts', 'privileged', 'procMount', 'seLinuxOptions',
      'seccompProfile_baseline', 'sysctls', 'windowsHostProcess', 'restrictedVolumes', 'runAsNonRoot',
    ]);
    expect(idsAt('restricted', 18)).toContain('seccompProfile_baseline');
    expect(idsAt('restricted', 19)).not.toContain('seccompProfile_baseline');
    expect(idsAt('restricted', 21)).toContain('capabilities_baseline');
    expect(idsAt('restricted', 22)).not.toContain('capabilities_baseline');
    expect(idsAt('restricted', 34)).toContain('procMount');
    expect(idsAt('restricted', 35)).not.toContain('procMount');
    expect(idsAt('restricted', 38)).toEqual([
      'appArmorProfile', 'hostNamespaces', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'seLinuxOptions', 'sysctls',
      'ulimits', 'windowsHostProcess', 'allowPrivilegeEscalation', 'capabilities_restricted', 'cgroupOptions_restricted',
      'procMount_restricted', 'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
    ]);
  });

  test('versions after the latest evaluate as the latest', () => {
    expect(applicableChecks('restricted', 99)).toBe(applicableChecks('restricted', LATEST_PSS_MINOR));
  });
});
