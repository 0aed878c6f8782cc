import type { KubeObject } from '../../src/core/types';
import { networkDefaultDeny } from '../../src/rules/network/network-default-deny';
import { ObjectIndex } from '../../src/rules/object-index';
import { noServiceAccountToken } from '../../src/rules/pod/no-service-account-token';
import { ConditionalFindings, resolveCrossObject, Rule, RuleContext } from '../../src/rules/rule';

const TODAY = '2026-01-01';

function pod(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop' },
    spec: { containers: [{ name: 'c', image: 'x' }], ...spec },
  };
}

const OPTED_OUT: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'api', namespace: 'shop' }, automountServiceAccountToken: false };
const NAMESPACE: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const DENY: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
};

/** `rule.crossObject` on `object` against an index of `objects` read so far. */
function crossObject(rule: Rule, object: KubeObject, ...objects: KubeObject[]) {
  const index = new ObjectIndex();
  for (const o of objects) index.add(o);
  const context: RuleContext = { index, allowedRegistries: [], today: TODAY };
  return { result: rule.crossObject!(object, context), index };
}

describe('findings a later object may withdraw', () => {
  test('a pod that leaves its token to its ServiceAccount: a finding the account withdraws if it opts out, keyed by namespace and account', () => {
    const { result, index } = crossObject(noServiceAccountToken, pod('api', { serviceAccountName: 'api' }));
    const conditional = result as ConditionalFindings;
    expect(conditional.key).toBe('shop/api');
    expect(conditional.findings).toEqual([{ message: 'the pod does not opt out of mounting a service account token', path: '/spec/automountServiceAccountToken' }]);
    expect(conditional.withdrawn(index)).toBe(false);
    expect(resolveCrossObject(result, index)).toEqual(conditional.findings);
    index.add(OPTED_OUT);
    expect(conditional.withdrawn(index)).toBe(true);
    expect(resolveCrossObject(result, index)).toEqual([]);
  });

  test('a pod without a service account name depends on the namespace\'s default account', () => {
    const conditional = crossObject(noServiceAccountToken, pod('web')).result as ConditionalFindings;
    expect(conditional.key).toBe('shop/default');
  });

  test('a null automountServiceAccountToken is unset: the ServiceAccount decides', () => {
    const { result, index } = crossObject(noServiceAccountToken, pod('api', { serviceAccountName: 'api', automountServiceAccountToken: null }));
    const conditional = result as ConditionalFindings;
    expect(conditional.key).toBe('shop/api');
    index.add(OPTED_OUT);
    expect(resolveCrossObject(result, index)).toEqual([]);
  });

  test('the account is serviceAccountName, else the deprecated serviceAccount, else default; an empty or null name is none', () => {
    const keyOf = (spec: Record<string, unknown>) => (crossObject(noServiceAccountToken, pod('web', spec)).result as ConditionalFindings).key;
    expect(keyOf({ serviceAccount: 'api' })).toBe('shop/api');
    expect(keyOf({ serviceAccountName: '', serviceAccount: 'api' })).toBe('shop/api');
    expect(keyOf({ serviceAccountName: 'web', serviceAccount: 'api' })).toBe('shop/web');
    expect(keyOf({ serviceAccountName: null, serviceAccount: '' })).toBe('shop/default');
  });

  test('a pod that decides for itself gives final findings', () => {
    expect(crossObject(noServiceAccountToken, pod('web', { automountServiceAccountToken: false })).result).toEqual([]);
    expect(crossObject(noServiceAccountToken, pod('web', { automountServiceAccountToken: true })).result)
      .toEqual([{ message: 'the pod mounts a service account token', path: '/spec/automountServiceAccountToken' }]);
  });

  test('a Namespace without a default-deny policy yet: a finding a later one withdraws, keyed by the namespace', () => {
    const { result, index } = crossObject(networkDefaultDeny, NAMESPACE);
    const conditional = result as ConditionalFindings;
    expect(conditional.key).toBe('shop');
    expect(conditional.findings).toEqual([{ message: 'namespace "shop" has no default-deny NetworkPolicy for ingress and egress', path: '/metadata/name' }]);
    index.add(DENY);
    expect(conditional.withdrawn(index)).toBe(true);
    expect(crossObject(networkDefaultDeny, NAMESPACE, DENY).result).toEqual([]);
  });

  test('a pod not covered yet is deferred: a later policy may cover one direction only, which changes the finding', () => {
    const { result, index } = crossObject(networkDefaultDeny, pod('web'));
    expect(typeof result).toBe('function');
    index.add({ ...DENY, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    expect(resolveCrossObject(result, index)).toEqual([{ message: 'no NetworkPolicy restricts the egress of these pods', path: '/metadata/labels' }]);
  });
});
