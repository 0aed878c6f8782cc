import * as fc from 'fast-check';
import { container, cronJobView, deploymentView, podView, restrictedContainer, restrictedSpec } from './pods';
import type { PodTemplateView } from '../../src/core/pod-spec';
import { evaluatePodSecurity, LATEST_PSS_VERSION, parsePssVersion, PssVersionError } from '../../src/rules/pss';
import type { PssLevel } from '../../src/rules/rule';

describe('parsePssVersion', () => {
  test.each([
    ['v1.0', 0], ['v1.25', 25], ['V1.29', 29], ['1.8', 8], ['latest', 38], ['Latest', 38], [' v1.3 ', 3], ['v1.38', 38], ['v1.39', 38], ['v1.1000', 38],
  ])('%j is v1.%d', (text, minor) => {
    expect(parsePssVersion(text)).toBe(minor);
  });

  test.each(['', 'v2.0', 'v1', 'v1.', 'v1.01', '1.2.3', 'v1.-1', 'newest', 'v1.2x', 'vv1.2'])('rejects %j', (text) => {
    expect(() => parsePssVersion(text)).toThrow(PssVersionError);
    expect(() => parsePssVersion(text)).toThrow(`invalid Pod Security Standards version "${text}": use v1.0 … ${LATEST_PSS_VERSION} or latest`);
  });

  test('the error is an Error', () => {
    expect(new PssVersionError('x')).toBeInstanceOf(Error);
  });
});

describe('evaluatePodSecurity', () => {
  const versions = ['latest', ...Array.from({ length: 40 }, (_, minor) => `v1.${minor}`)];

  test.each(versions)('a hardened pod passes both levels at %s', (version) => {
    const view = podView(restrictedSpec({ ephemeralContainers: [restrictedContainer('debug')], volumes: [{ name: 'v', emptyDir: {} }] }));
    expect(evaluatePodSecurity(view, 'restricted', version)).toEqual([]);
    expect(evaluatePodSecurity(view, 'baseline', version)).toEqual([]);
  });

  test('a plain pod passes baseline and fails restricted, one violation per check, in Kubernetes order', () => {
    const view = podView({ containers: [container('app')] });
    expect(evaluatePodSecurity(view, 'baseline', 'latest')).toEqual([]);
    expect(evaluatePodSecurity(view, 'restricted', 'latest')).toEqual([
      {
        check: 'allowPrivilegeEscalation',
        level: 'restricted',
        message: 'allowPrivilegeEscalation != false (container "app" must set securityContext.allowPrivilegeEscalation=false)',
        path: '/spec/containers/0/securityContext/allowPrivilegeEscalation',
      },
      {
        check: 'capabilities_restricted',
        level: 'restricted',
        message: 'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"])',
        path: '/spec/containers/0/securityContext/capabilities/drop',
      },
      {
        check: 'runAsNonRoot',
        level: 'restricted',
        message: 'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
        path: '/spec/securityContext/runAsNonRoot',
      },
      {
        check: 'seccompProfile_restricted',
        level: 'restricted',
        message: 'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        path: '/spec/securityContext/seccompProfile/type',
      },
    ]);
  });

  test('baseline violations keep their level when evaluated at restricted', () => {
    const view = podView(restrictedSpec({ hostNetwork: true }));
    expect(evaluatePodSecurity(view, 'restricted', 'v1.25')).toEqual([
      { check: 'hostNamespaces', level: 'baseline', message: 'host namespaces (hostNetwork=true)', path: '/spec/hostNetwork' },
    ]);
  });

  test('the restricted minimum grows with the version', () => {
    const view = podView({ securityContext: { runAsNonRoot: true }, containers: [container('app')] });
    expect(evaluatePodSecurity(view, 'restricted', 'v1.7')).toEqual([]);
    expect(evaluatePodSecurity(view, 'restricted', 'v1.8').map((v) => v.check)).toEqual(['allowPrivilegeEscalation']);
    expect(evaluatePodSecurity(view, 'restricted', 'v1.19').map((v) => v.check)).toEqual(['allowPrivilegeEscalation', 'seccompProfile_restricted']);
    expect(evaluatePodSecurity(view, 'restricted', 'v1.22').map((v) => v.check)).toEqual([
      'allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted',
    ]);
  });

  test('a Windows pod needs only runAsNonRoot at restricted from v1.25', () => {
    const view = podView({ os: { name: 'windows' }, securityContext: { runAsNonRoot: true }, containers: [container('app')] });
    expect(evaluatePodSecurity(view, 'restricted', 'v1.24').map((v) => v.check)).toEqual([
      'allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted',
    ]);
    expect(evaluatePodSecurity(view, 'restricted', 'v1.25')).toEqual([]);
  });

  test('controllers report pointers into their pod template', () => {
    const spec = { hostPID: true, containers: [container('app', { securityContext: { privileged: true } })] };
    expect(evaluatePodSecurity(deploymentView(spec), 'baseline', 'latest').map((v) => v.path)).toEqual([
      '/spec/template/spec/hostPID', '/spec/template/spec/containers/0/securityContext/privileged',
    ]);
    expect(evaluatePodSecurity(cronJobView(spec), 'baseline', 'latest').map((v) => v.path)).toEqual([
      '/spec/jobTemplate/spec/template/spec/hostPID', '/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged',
    ]);
  });

  test('template annotations are pointed at through the template metadata', () => {
    const view = deploymentView({ containers: [container('app')] }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } });
    expect(evaluatePodSecurity(view, 'baseline', 'latest').map((v) => v.path)).toEqual([
      '/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app',
    ]);
  });

  test('rejects an invalid version and an unknown level', () => {
    const view = podView({ containers: [container('app')] });
    expect(() => evaluatePodSecurity(view, 'baseline', 'v2')).toThrow(PssVersionError);
    expect(() => evaluatePodSecurity(view, 'privileged' as PssLevel, 'latest')).toThrow('invalid Pod Security Standards level "privileged"');
  });

  test('never throws on wrong-typed fields', () => {
    const anything = fc.anything({ withNullPrototype: false });
    const containerArb = fc.dictionary(
      fc.constantFrom('name', 'securityContext', 'ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'),
      fc.oneof(anything, fc.dictionary(fc.constantFrom(
        'privileged', 'capabilities', 'seccompProfile', 'appArmorProfile', 'seLinuxOptions', 'runAsUser', 'runAsNonRoot', 'procMount',
        'windowsOptions', 'allowPrivilegeEscalation', 'ulimits', 'cgroupOptions', 'add', 'drop', 'type', 'httpGet', 'host',
      ), anything)),
    );
    const specArb = fc.record({
      containers: fc.array(fc.oneof(containerArb, anything)),
      initContainers: fc.array(containerArb),
      securityContext: anything,
      volumes: fc.array(anything),
      hostNetwork: anything,
      hostUsers: anything,
      os: anything,
    });
    fc.assert(fc.property(specArb, anything, fc.constantFrom<PssLevel>('baseline', 'restricted'), fc.integer({ min: 0, max: 40 }), (spec, annotations, level, minor) => {
      const view = { metadata: { annotations }, metadataPointer: '/metadata', spec, specPointer: '/spec' } as unknown as PodTemplateView;
      for (const violation of evaluatePodSecurity(view, level, `v1.${minor}`)) {
        expect(typeof violation.message).toBe('string');
        expect(violation.path.startsWith('/')).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
