import { audit, Auditor } from '../../src/audit/engine';
import { PSS_CHECK_IDS } from '../../src/rules/pss';
import { RULES, validateCatalogue } from '../../src/rules/registry';
import type { Rule } from '../../src/rules/rule';
import { compliantDeployment, compliantPolicy, firstContainer, podSpec, tweak } from '../fixtures';
import { exactly } from '../messages';

const TODAY = '2026-11-28';

function rulesHit(objects: any[], options = {}): string[] {
  const report = audit(objects, { today: TODAY, ...options });
  return [...new Set(report.findings.map((f) => f.rule))].sort();
}

describe('the catalogue', () => {
  test('validates itself: unique kebab-case ids, known severities, every PSS check owned once', () => {
    expect(() => validateCatalogue(RULES, PSS_CHECK_IDS)).not.toThrow();
  });

  test('rejects a duplicate id', () => {
    expect(() => validateCatalogue([...RULES, RULES[0]], PSS_CHECK_IDS)).toThrow(`rule id "${RULES[0].id}" is defined twice`);
  });

  test('rejects an unknown severity', () => {
    const bad = { ...RULES[0], severity: 'urgent' } as unknown as Rule;
    expect(() => validateCatalogue([bad, ...RULES.slice(1)], PSS_CHECK_IDS)).toThrow(`rule "${RULES[0].id}" has unknown severity "urgent"`);
  });

  test('rejects a non-kebab-case id', () => {
    const bad = { ...RULES[0], id: 'RunAsNonRoot' };
    expect(() => validateCatalogue([bad, ...RULES.slice(1)], PSS_CHECK_IDS)).toThrow('rule id "RunAsNonRoot" is not kebab-case');
  });

  test('rejects a PSS check owned by no rule', () => {
    expect(() => validateCatalogue(RULES.filter((r) => r.id !== 'no-privileged'), PSS_CHECK_IDS)).toThrow('Pod Security check "privileged" belongs to no rule');
  });

  test('has the public rule ids of the design', () => {
    const ids = RULES.map((r) => r.id);
    for (const id of ['run-as-non-root', 'drop-all-capabilities', 'no-privilege-escalation', 'no-privileged', 'no-host-namespaces',
      'no-host-path', 'read-only-root-filesystem', 'seccomp-runtime-default', 'resource-limits', 'image-digest-pinned',
      'trusted-registry', 'no-external-exposure', 'no-host-ports', 'network-default-deny', 'no-literal-secrets',
      'secret-files-read-only', 'pss-namespace-labels', 'no-service-account-token']) {
      expect(ids).toContain(id);
    }
  });

  test('the compliant fixture passes every rule', () => {
    expect(audit([compliantDeployment(), compliantPolicy()], { today: TODAY }).findings).toEqual([]);
  });
});

/** For each rule: an object that breaks it (and, to prove the rule is what fails, only it). */
const FAILING: Record<string, () => any[]> = {
  'run-as-non-root': () => [tweak(compliantDeployment(), (d) => { podSpec(d).securityContext.runAsNonRoot = false; }), compliantPolicy()],
  'drop-all-capabilities': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).securityContext.capabilities = { drop: ['NET_RAW'] }; }), compliantPolicy()],
  'no-privilege-escalation': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).securityContext.allowPrivilegeEscalation = true; }), compliantPolicy()],
  'no-host-namespaces': () => [tweak(compliantDeployment(), (d) => { podSpec(d).hostPID = true; }), compliantPolicy()],
  'no-host-ports': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).ports = [{ containerPort: 8080, hostPort: 8080 }]; }), compliantPolicy()],
  'seccomp-runtime-default': () => [tweak(compliantDeployment(), (d) => { delete podSpec(d).securityContext.seccompProfile; }), compliantPolicy()],
  'read-only-root-filesystem': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).securityContext.readOnlyRootFilesystem = false; }), compliantPolicy()],
  'resource-limits': () => [tweak(compliantDeployment(), (d) => { delete firstContainer(d).resources.limits; }), compliantPolicy()],
  'image-digest-pinned': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).image = 'registry.example.com/team/app:1.0.0'; }), compliantPolicy()],
  'trusted-registry': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).image = 'nginx@sha256:' + 'a'.repeat(64); }), compliantPolicy()],
  'no-service-account-token': () => [tweak(compliantDeployment(), (d) => { delete podSpec(d).automountServiceAccountToken; }), compliantPolicy()],
  'secret-files-read-only': () => [tweak(compliantDeployment(), (d) => {
    podSpec(d).volumes.push({ name: 'creds', secret: { secretName: 'creds' } });
    firstContainer(d).volumeMounts.push({ name: 'creds', mountPath: '/etc/creds' });
  }), compliantPolicy()],
  'no-literal-secrets': () => [tweak(compliantDeployment(), (d) => { firstContainer(d).env = [{ name: 'API_KEY', value: 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e' }]; }), compliantPolicy()],
  'network-default-deny': () => [compliantDeployment()],
  'no-external-exposure': () => [{
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: 'shop' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
  }],
  'pss-namespace-labels': () => [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }],
};

describe.each(Object.entries(FAILING))('rule %s', (id, failing) => {
  test('fails on an object that breaks it, and only it', () => {
    const objects = failing();
    const extra = id === 'pss-namespace-labels' ? ['network-default-deny'] : [];
    expect(rulesHit(objects)).toEqual([id, ...extra].sort());
  });

  test('passes on the compliant fixture', () => {
    expect(rulesHit([compliantDeployment(), compliantPolicy()], { rules: [id] })).toEqual([]);
  });
});

describe('rule run-as-non-root and the root group', () => {
  test.each<[string, (spec: any) => void, string, string]>([
    ['fsGroup 0', (spec) => { spec.securityContext.fsGroup = 0; }, 'the pod has fsGroup 0, so its processes run in the root group', '/spec/template/spec/securityContext/fsGroup'],
    ['supplementalGroups with 0', (spec) => { spec.securityContext.supplementalGroups = [1000, 0]; },
      'the pod\'s supplementalGroups include 0, so its processes run in the root group', '/spec/template/spec/securityContext/supplementalGroups'],
  ])('%s is a finding', (_what, change, message, path) => {
    const report = audit([tweak(compliantDeployment(), (d) => change(podSpec(d))), compliantPolicy()], { today: TODAY });
    expect(report.findings.map((f) => [f.rule, f.message, f.path])).toEqual([['run-as-non-root', message, path]]);
    expect(report.findings[0].fix).toMatch(/^(Set securityContext\.fsGroup to a non-zero gid|Remove 0 from securityContext\.supplementalGroups)/);
  });

  test('other groups pass', () => {
    const groups = tweak(compliantDeployment(), (d) => {
      podSpec(d).securityContext.fsGroup = 2000;
      podSpec(d).securityContext.supplementalGroups = [3000];
    });
    expect(audit([groups, compliantPolicy()], { today: TODAY }).findings).toEqual([]);
  });
});

describe('rule run-as-non-root and uid 0', () => {
  const POD = '/spec/template/spec/securityContext/runAsUser';
  const CONTAINER = '/spec/template/spec/containers/0/securityContext/runAsUser';
  const ROOT = 'container "app" runs with uid 0 (root)';
  const own = (objects: any[], options = {}) => audit(objects, { today: TODAY, rules: ['run-as-non-root'], ...options }).findings
    .map((f) => [f.message, f.path, f.pssCheck]);

  test.each<[string, (d: any) => void, Array<[string, string]>]>([
    ['pod runAsUser 0', (d) => { podSpec(d).securityContext.runAsUser = 0; }, [[ROOT, POD]]],
    ['container runAsUser 0', (d) => { firstContainer(d).securityContext.runAsUser = 0; }, [[ROOT, CONTAINER]]],
    ['container runAsUser 0 under a pod uid 0', (d) => { podSpec(d).securityContext.runAsUser = 0; firstContainer(d).securityContext.runAsUser = 0; }, [[ROOT, CONTAINER]]],
    ['pod runAsUser 0 that the container overrides', (d) => { podSpec(d).securityContext.runAsUser = 0; firstContainer(d).securityContext.runAsUser = 1000; }, []],
    ['an init container inheriting pod uid 0', (d) => {
      podSpec(d).securityContext.runAsUser = 0;
      firstContainer(d).securityContext.runAsUser = 1000;
      const { runAsUser: _uid, ...context } = firstContainer(d).securityContext;
      podSpec(d).initContainers = [{ ...firstContainer(d), name: 'init', securityContext: context }];
    }, [['container "init" runs with uid 0 (root)', POD]]],
    ['uid 0 and gid 0', (d) => { firstContainer(d).securityContext.runAsUser = 0; firstContainer(d).securityContext.runAsGroup = 0; },
      [[ROOT, CONTAINER], ['container "app" runs with gid 0 (root group)', '/spec/template/spec/containers/0/securityContext/runAsGroup']]],
  ])('%s at baseline, where the PSS runAsUser check does not run', (_what, change, expected) => {
    expect(own([tweak(compliantDeployment(), change)], { pss: 'baseline' })).toEqual(expected.map(([message, path]) => [message, path, undefined]));
  });

  test('is reported in a namespace that enforces privileged, before v1.23, and in a user namespace from v1.35', () => {
    const root = tweak(compliantDeployment(), (d) => { podSpec(d).securityContext.runAsUser = 0; });
    const privileged = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } };
    const userNamespace = tweak(root, (d) => { podSpec(d).hostUsers = false; });
    expect(own([privileged, root])).toEqual([[ROOT, POD, undefined]]);
    expect(own([root], { pss: 'restricted', pssVersion: 'v1.22' })).toEqual([[ROOT, POD, undefined]]);
    expect(own([userNamespace], { pss: 'restricted', pssVersion: 'v1.35' })).toEqual([[ROOT, POD, undefined]]);
  });

  test('at restricted, the PSS runAsUser check reports the field, once (pssCheck runAsUser)', () => {
    const root = tweak(compliantDeployment(), (d) => { podSpec(d).securityContext.runAsUser = 0; });
    expect(own([root], { pss: 'restricted' })).toEqual([['runAsUser=0 (pod must not set runAsUser=0)', POD, 'runAsUser']]);
  });

  test('a non-zero uid passes, and a missing one is still reported as such', () => {
    expect(own([compliantDeployment()], { pss: 'baseline' })).toEqual([]);
    const unset = tweak(compliantDeployment(), (d) => { delete podSpec(d).securityContext.runAsUser; });
    expect(own([unset], { pss: 'baseline' })).toEqual([['container "app" has no explicit runAsUser, so its uid comes from the image', CONTAINER, undefined]]);
  });
});

describe('rule secret-files-read-only and file modes', () => {
  const VOLUME = '/spec/template/spec/volumes/1';
  /** The findings on the compliant Deployment with `volume` (named "creds") mounted read-only. */
  const modes = (volume: any) => {
    const deployment = tweak(compliantDeployment(), (d) => {
      podSpec(d).volumes.push({ name: 'creds', ...volume });
      firstContainer(d).volumeMounts.push({ name: 'creds', mountPath: '/etc/creds', readOnly: true });
    });
    return audit([deployment], { today: TODAY, rules: ['secret-files-read-only'] }).findings.map((f) => `${f.path}: ${f.message}`);
  };
  const item = (key: string, mode?: number) => ({ key, path: key, ...(mode === undefined ? {} : { mode }) });

  test('an item mode more open than the defaultMode is reported, even when it is numerically smaller', () => {
    expect(modes({ secret: { secretName: 'tls', defaultMode: 0o440, items: [item('tls.key', 0o404)] } })).toEqual([
      `${VOLUME}/secret/items/0/mode: secret volume "creds" has file mode 0404 for key "tls.key", more permissive than 0440`,
    ]);
  });

  test('every permissive mode is reported, each at its field', () => {
    expect(modes({ secret: { secretName: 'tls', defaultMode: 0o644, items: [item('a', 0o400), item('b', 0o604), item('c'), item('d', 0o2440)] } })).toEqual([
      `${VOLUME}/secret/defaultMode: secret volume "creds" has file mode 0644, more permissive than 0440`,
      `${VOLUME}/secret/items/1/mode: secret volume "creds" has file mode 0604 for key "b", more permissive than 0440`,
      `${VOLUME}/secret/items/3/mode: secret volume "creds" has file mode 02440 for key "d", more permissive than 0440`,
    ]);
  });

  test('a defaultMode that no file takes is not reported', () => {
    expect(modes({ secret: { secretName: 'tls', defaultMode: 0o644, items: [item('a', 0o400), item('b', 0o440)] } })).toEqual([]);
    expect(modes({ secret: { secretName: 'tls', items: [item('a', 0o400)] } })).toEqual([]);
  });

  test('a missing defaultMode is reported when a file takes it', () => {
    expect(modes({ secret: { secretName: 'tls' } })).toEqual([`${VOLUME}/secret/defaultMode: secret volume "creds" has no defaultMode, so its files are world-readable (0644)`]);
    expect(modes({ secret: { secretName: 'tls', items: [item('a', 0o400), item('b')] } }))
      .toEqual([`${VOLUME}/secret/defaultMode: secret volume "creds" has no defaultMode, so its files are world-readable (0644)`]);
  });

  test('restrictive modes pass', () => {
    expect(modes({ secret: { secretName: 'tls', defaultMode: 0o400, items: [item('a', 0o440), item('b', 0o400), item('c', 0), item('d')] } })).toEqual([]);
  });

  test('the item modes of a projected volume\'s secret sources are read', () => {
    expect(modes({ projected: { defaultMode: 0o400, sources: [{ secret: { name: 'tls', items: [item('tls.key', 0o644)] } }] } })).toEqual([
      `${VOLUME}/projected/sources/0/secret/items/0/mode: secret volume "creds" has file mode 0644 for key "tls.key" of secret "tls", more permissive than 0440`,
    ]);
  });

  test('a projected volume\'s defaultMode counts when a secret file takes it, once', () => {
    expect(modes({ projected: { sources: [{ secret: { name: 'a' } }, { secret: { name: 'b', items: [item('k')] } }] } }))
      .toEqual([`${VOLUME}/projected/defaultMode: secret volume "creds" has no defaultMode, so its files are world-readable (0644)`]);
    expect(modes({ projected: { defaultMode: 0o640, sources: [{ secret: { name: 'a' } }] } }))
      .toEqual([`${VOLUME}/projected/defaultMode: secret volume "creds" has file mode 0640, more permissive than 0440`]);
    // The defaultMode applies to the ConfigMap's files only: they are not secrets.
    expect(modes({ projected: { defaultMode: 0o644, sources: [{ configMap: { name: 'settings' } }, { secret: { name: 'a', items: [item('k', 0o400)] } }] } })).toEqual([]);
  });
});

describe('findings', () => {
  test('carry rule, severity, message, fix, resource and a JSON pointer to the field', () => {
    const writable = tweak(compliantDeployment(), (d) => { firstContainer(d).securityContext.readOnlyRootFilesystem = false; });
    const report = audit([writable, compliantPolicy()], { today: TODAY });
    expect(report.findings).toEqual([{
      rule: 'read-only-root-filesystem',
      severity: 'high',
      message: 'container "app" has a writable root filesystem',
      fix: expect.stringContaining('readOnlyRootFilesystem: true'),
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app', namespace: 'shop' },
      path: '/spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem',
    }]);
  });

  test.each([
    ['restricted', ['restrictedVolumes', 'hostPathVolumes']],
    ['baseline', ['hostPathVolumes']],
  ] as const)('from a PSS check carry its Kubernetes id in pssCheck (%s)', (pss, checks) => {
    const hostPath = tweak(compliantDeployment(), (d) => { podSpec(d).volumes.push({ name: 'host', hostPath: { path: '/var/run/docker.sock' } }); });
    const report = audit([hostPath, compliantPolicy()], { today: TODAY, rules: 'pss', pss });
    expect(report.findings.map((f) => [f.rule, f.pssCheck, f.path])).toEqual(
      checks.map((check) => ['no-host-path', check, '/spec/template/spec/volumes/1/hostPath']),
    );
  });

  test('--rules pss reports only Pod Security Standards findings', () => {
    const broken = tweak(compliantDeployment(), (d) => { firstContainer(d).image = 'nginx:latest'; podSpec(d).hostNetwork = true; });
    const report = audit([broken], { today: TODAY, rules: 'pss' });
    expect(report.findings.every((f) => f.pssCheck !== undefined)).toBe(true);
    expect(report.findings.map((f) => f.pssCheck)).toEqual(['hostNamespaces']);
  });
});

describe('overrides on audited objects', () => {
  const weakened = (annotation: unknown) => tweak(compliantDeployment(), (d) => {
    d.metadata.annotations = { 'kubeharden.io/overrides': JSON.stringify(annotation) };
    firstContainer(d).securityContext.readOnlyRootFilesystem = false;
  });

  test('a justified override turns the finding into an exemption', () => {
    const report = audit([weakened([{ rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement in SEC-150' }]), compliantPolicy()], { today: TODAY });
    expect(report.findings).toEqual([]);
    expect(report.exemptions).toMatchObject([{ rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement in SEC-150' }]);
  });

  test('an expired override is a finding', () => {
    const report = audit([weakened([{ rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement in SEC-150', expires: '2026-01-31' }]), compliantPolicy()], { today: TODAY });
    expect(report.exemptions).toEqual([]);
    expect(report.findings.map((f) => f.message)).toEqual(['container "app" has a writable root filesystem (override not honoured: expired on 2026-01-31)']);
  });

  test.each<[string, unknown, string]>([
    ['is not JSON', 'not json', 'annotation kubeharden.io/overrides is not valid JSON. Fix: write a JSON list such as [{"rule":"<rule id>","justification":"<why, at least 20 characters>"}]'],
    ['is not a list', { rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; SEC-150' },
      'annotation kubeharden.io/overrides must be a JSON array. Fix: write a JSON list such as [{"rule":"<rule id>","justification":"<why, at least 20 characters>"}]'],
    ['has an entry without a justification', [{ rule: 'read-only-root-filesystem' }],
      'annotation kubeharden.io/overrides has an entry without rule and justification. Fix: write a JSON list such as [{"rule":"<rule id>","justification":"<why, at least 20 characters>"}]'],
    ['names an unknown rule', [{ rule: 'read-only-root-filesytem', justification: 'Writes its cache to /var/lib/legacy; SEC-150' }],
      'annotation kubeharden.io/overrides names unknown rule "read-only-root-filesytem". Fix: use a rule id from RULES.md (did you mean "read-only-root-filesystem"?)'],
  ])('an annotation that %s is invalid input, not an override that silently does nothing', (_what, annotation, message) => {
    const object = tweak(compliantDeployment(), (d) => {
      d.metadata.annotations = { 'kubeharden.io/overrides': typeof annotation === 'string' ? annotation : JSON.stringify(annotation) };
    });
    expect(() => audit([object, compliantPolicy()], { today: TODAY })).toThrow(exactly(`Deployment/shop/app: ${message}`));
  });

  test('an expired override that nothing needs any more is flagged, low', () => {
    const stale = tweak(compliantDeployment(), (d) => {
      d.metadata.annotations = { 'kubeharden.io/overrides': JSON.stringify([{ rule: 'no-privileged', justification: 'Needed raw devices until SEC-9 landed', expires: '2026-01-31' }]) };
    });
    expect(audit([stale, compliantPolicy()], { today: TODAY }).findings).toEqual([{
      rule: 'no-privileged',
      severity: 'low',
      message: 'has an expired override of this rule that nothing needs any more (override not honoured: expired on 2026-01-31)',
      fix: 'Remove the override of no-privileged from the kubeharden.io/overrides annotation.',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'app', namespace: 'shop' },
      path: '/metadata/annotations/kubeharden.io~1overrides',
    }]);
    // Not before it expires, nor with --rules pss (Pod Security checks only), nor for a rule not selected.
    expect(audit([stale, compliantPolicy()], { today: '2026-01-31' }).findings).toEqual([]);
    expect(audit([stale, compliantPolicy()], { today: TODAY, rules: 'pss' }).findings).toEqual([]);
    expect(audit([stale, compliantPolicy()], { today: TODAY, rules: ['read-only-root-filesystem'] }).findings).toEqual([]);
  });

  test('an expired override of a cross-object rule that nothing needs any more is flagged once the rule is decided', () => {
    const stale = tweak(compliantDeployment(), (d) => {
      d.metadata.annotations = { 'kubeharden.io/overrides': JSON.stringify([{ rule: 'network-default-deny', justification: 'No policy until the CNI migration in SEC-12', expires: '2026-01-31' }]) };
    });
    const flagged = [{ rule: 'network-default-deny', severity: 'low', path: '/metadata/annotations/kubeharden.io~1overrides' }];
    // The policy selects the pods, so the override is not needed; read before the Deployment in a stream, the policy decides it at once.
    expect(audit([stale, compliantPolicy()], { today: TODAY }).findings).toMatchObject(flagged);
    const streamed = new Auditor({ today: TODAY }).start();
    streamed.add({ object: compliantPolicy() });
    streamed.add({ object: stale });
    expect(streamed.finish().findings).toMatchObject(flagged);
    // Still needed (no policy): the expired override is the finding itself, not flagged twice.
    expect(audit([stale], { today: TODAY }).findings.filter((f) => f.rule === 'network-default-deny').map((f) => f.severity)).toEqual(['high']);
  });

  test('a placeholder justification is not honoured', () => {
    const report = audit([weakened([{ rule: 'read-only-root-filesystem', justification: 'lorem ipsum dolor sit amet consectetur' }]), compliantPolicy()], { today: TODAY });
    expect(report.findings.map((f) => f.message)).toEqual([
      'container "app" has a writable root filesystem (override not honoured: it has a placeholder justification ("lorem ipsum dolor sit amet consectetur"))',
    ]);
  });
});
