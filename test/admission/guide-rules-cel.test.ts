/**
 * The guide rules' admission policies deny exactly what the catalogue's rules report, on Pods, controllers and Services.
 */
import { evaluatePolicy } from './cel-harness';
import { podAndControllers } from './pod-cases';
import { generateAdmissionPolicies } from '../../src/admission';
import { isDigestPinned } from '../../src/core/image';
import type { KubeObject } from '../../src/core/types';
import { ObjectIndex } from '../../src/rules/object-index';
import { findRule } from '../../src/rules/registry';
import type { RuleContext } from '../../src/rules/rule';
import { restrictedContainer as container, restrictedSpec } from '../pss/pods';

const objects = generateAdmissionPolicies({ pss: 'baseline' });
const policy = (name: string) => objects.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata?.name === name)!;
const WORKLOADS = policy('kubeharden-guide-workloads');
const SERVICES = policy('kubeharden-guide-services');
const context: RuleContext = { index: ObjectIndex.of([]), allowedRegistries: [], today: '2026-01-01' };

/** Whether the catalogue rule `ruleId` reports anything on `object`. */
function ruleFails(ruleId: string, object: KubeObject): boolean {
  return findRule(ruleId)!.check!(object, context).length > 0;
}

function policyFailures(target: KubeObject, object: KubeObject): string[] {
  const outcome = evaluatePolicy(target, object);
  expect(outcome.matched).toBe(true);
  return outcome.failedRules;
}

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const IMAGES = [
  `registry.example.com/team/app@${DIGEST}`,
  `registry.example.com/team/app:1.2.3@${DIGEST}`,
  `localhost:5000/app@${DIGEST}`,
  `localhost/app@${DIGEST}`,
  `nginx@${DIGEST}`,
  `library/nginx:1.27@${DIGEST}`,
  `Registry.Example.com/app@${DIGEST}`,
  `my_registry.example.com:443/a/b/c@${DIGEST}`,
  `a__b/c--d/e.f@${DIGEST}`,
  'registry.example.com/team/app:1.2.3',
  'nginx',
  `nginx@sha256:${'0'.repeat(63)}`,
  `nginx@sha256:${'A'.repeat(64)}`,
  `nginx@sha512:${'0'.repeat(128)}`,
  `Nginx@${DIGEST}`,
  `/app@${DIGEST}`,
  `app:@${DIGEST}`,
  `app:-tag@${DIGEST}`,
  ` app@${DIGEST}`,
  `registry.example.com//app@${DIGEST}`,
  `app@@${DIGEST}`,
  `app_@${DIGEST}`,
  '',
];

describe('image-digest-pinned', () => {
  test.each(IMAGES)('agrees with the rule on %j', (image) => {
    const spec = restrictedSpec({ containers: [container('app', {}, { image })], initContainers: [] });
    for (const object of podAndControllers('p', spec)) {
      const denied = policyFailures(WORKLOADS, object).includes('image-digest-pinned');
      expect({ kind: object.kind, denied }).toEqual({ kind: object.kind, denied: ruleFails('image-digest-pinned', object) });
    }
    expect(ruleFails('image-digest-pinned', podAndControllers('p', spec)[0])).toBe(!isDigestPinned(image));
  });

  test('checks init and ephemeral containers, and a container without image', () => {
    const pinned = `registry.example.com/app@${DIGEST}`;
    const cases = [
      restrictedSpec({ containers: [container('app', {}, { image: pinned })], initContainers: [container('init', {}, { image: 'busybox' })] }),
      restrictedSpec({ containers: [container('app', {}, { image: pinned })], initContainers: [], ephemeralContainers: [container('debug', {}, { image: 'busybox' })] }),
      restrictedSpec({ containers: [{ name: 'app' }], initContainers: [] }),
    ];
    for (const spec of cases) {
      const [pod] = podAndControllers('p', spec);
      expect(ruleFails('image-digest-pinned', pod)).toBe(true);
      expect(policyFailures(WORKLOADS, pod)).toContain('image-digest-pinned');
    }
  });
});

describe('resource-limits', () => {
  const full = { requests: { cpu: '250m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } };
  test.each([
    ['requests and limits everywhere', full, full],
    ['no resources on the app', undefined, full],
    ['no memory limit', { requests: full.requests, limits: { cpu: '1' } }, full],
    ['no requests', { limits: full.limits }, full],
    ['no memory request', { requests: { cpu: '250m' }, limits: full.limits }, full],
    ['no requests and no memory limit', { limits: { cpu: '1' } }, full],
    ['no requests and a limit of 0', { limits: { cpu: '0', memory: '512Mi' } }, full],
    ['no requests on the init container', full, { limits: full.limits }],
    ['numbers as quantities', { requests: { cpu: 1, memory: 134217728 }, limits: { cpu: 2, memory: 536870912 } }, full],
    ['a cpu limit of 0 (no limit)', { requests: full.requests, limits: { cpu: '0', memory: '512Mi' } }, full],
    ['a memory request of 0Mi and a cpu request of 0m', { requests: { cpu: '0m', memory: '0Mi' }, limits: full.limits }, full],
    ['a negative limit', { requests: full.requests, limits: { cpu: '-1', memory: '512Mi' } }, full],
    ['a limit of 0 as a number', { requests: full.requests, limits: { cpu: 0, memory: '512Mi' } }, full],
    ['a small limit that is not 0', { requests: { cpu: '1m', memory: '0.5Mi' }, limits: { cpu: '10m', memory: '1Mi' } }, full],
    ['no resources on the init container', full, undefined],
  ])('agrees with the rule: %s', (_name, appResources, initResources) => {
    const spec = restrictedSpec({
      containers: [container('app', {}, appResources ? { resources: appResources } : {})],
      initContainers: [container('init', {}, initResources ? { resources: initResources } : {})],
      ephemeralContainers: [container('debug')],
    });
    for (const object of podAndControllers('p', spec)) {
      const denied = policyFailures(WORKLOADS, object).includes('resource-limits');
      expect({ kind: object.kind, denied }).toEqual({ kind: object.kind, denied: ruleFails('resource-limits', object) });
    }
  });
});

describe('no-external-exposure', () => {
  test.each([
    [{ type: 'ClusterIP', ports: [{ port: 80 }] }, []],
    [{ ports: [{ port: 80 }] }, []],
    [{ type: 'ExternalName', externalName: 'db.example.com' }, []],
    [{ type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }, ['no-external-exposure']],
    [{ type: 'LoadBalancer', ports: [{ port: 443 }] }, ['no-external-exposure']],
    [{ type: 'ClusterIP', externalIPs: ['203.0.113.10'] }, ['no-external-exposure']],
    [{ type: 'ClusterIP', externalIPs: [] }, []],
    [{ type: 'LoadBalancer', externalIPs: ['203.0.113.10'] }, ['no-external-exposure', 'no-external-exposure']],
  ])('%j', (spec, expected) => {
    const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec };
    expect(policyFailures(SERVICES, service)).toEqual(expected);
    expect(ruleFails('no-external-exposure', service)).toBe(expected.length > 0);
  });

  test('the Service policy does not match workloads, nor the workload policies Services', () => {
    const [pod] = podAndControllers('p', restrictedSpec());
    expect(evaluatePolicy(SERVICES, pod).matched).toBe(false);
    expect(evaluatePolicy(WORKLOADS, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: {} }).matched).toBe(false);
  });
});

describe('updates', () => {
  const bad: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: restrictedSpec({ hostNetwork: true }) };
  const pss = generateAdmissionPolicies({ pss: 'restricted', guideRules: [] })[0];

  test('a metadata-only update of an object admitted before the policy is not re-checked', () => {
    const relabelled = { ...bad, metadata: { name: 'p', labels: { tier: 'web' }, finalizers: [] } };
    expect(evaluatePolicy(pss, relabelled, { operation: 'UPDATE', oldObject: bad }).matched).toBe(false);
  });

  test('a PodTemplate is checked at its template, and an update that leaves the template alone is not re-checked', () => {
    const template = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { spec: bad.spec } } as KubeObject;
    expect(evaluatePolicy(pss, template).failedRules).toEqual(['hostNamespaces']);
    const relabelled = { ...template, metadata: { name: 't', labels: { tier: 'web' } } };
    expect(evaluatePolicy(pss, relabelled, { operation: 'UPDATE', oldObject: template }).matched).toBe(false);
  });

  test('an update that changes the spec is checked', () => {
    const changed = { ...bad, spec: { ...(bad.spec as object), activeDeadlineSeconds: 60 } };
    expect(evaluatePolicy(pss, changed, { operation: 'UPDATE', oldObject: bad }).failedRules).toEqual(['hostNamespaces']);
  });
});
