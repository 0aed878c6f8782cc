import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  AdmissionGuard, HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet, IsolatedNetwork, RestrictedNamespace,
  RuntimeMonitoring, SecretMount, SignedImagePolicy,
} from '../../src/pulumi';
import { PINNED_IMAGE } from '../fixtures';
import { recordResources, registered, resolved } from './mocks';

const recorded = recordResources();
const JUSTIFICATION = 'Accepted after review for this workload, tracked in SEC-1234';

/** The `<type>::<name>` of every child of `component`, once registered. */
async function childTypesAndNames(component: { resources: readonly pulumi.Resource[] }): Promise<string[]> {
  await registered(component.resources);
  const urns = await resolved(pulumi.all(component.resources.map((r) => r.urn)));
  return urns.map((urn) => {
    const [, , types, name] = urn.split('::');
    return `${types.split('$').pop()}::${name}`;
  });
}

describe('HardenedStatefulSet', () => {
  const database = new HardenedStatefulSet('database', {
    image: PINNED_IMAGE, ports: [{ port: 5432, name: 'postgres' }], storage: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi' }],
  });

  test('creates typed children, the headless Service apart from the client Service', async () => {
    expect(await childTypesAndNames(database)).toEqual([
      'kubernetes:core/v1:ServiceAccount::database',
      'kubernetes:apps/v1:StatefulSet::database',
      'kubernetes:core/v1:Service::database-headless',
      'kubernetes:core/v1:Service::database',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy::database',
    ]);
    expect(database.statefulSet).toBeInstanceOf(k8s.apps.v1.StatefulSet);
    expect(await resolved(database.headlessService.metadata.name)).toBe('database-headless');
    expect(await resolved(database.service!.metadata.name)).toBe('database');
    expect(database.podDisruptionBudget).toBeUndefined();
  });

  test('points serviceName at the headless Service and mounts the claim', async () => {
    const spec = await resolved(database.statefulSet.spec);
    expect(spec.serviceName).toBe('database-headless');
    expect(spec.volumeClaimTemplates.map((t) => t.metadata.name)).toEqual(['data']);
  });
});

describe('HardenedDaemonSet, HardenedJob, HardenedCronJob', () => {
  test('create typed children', async () => {
    const agent = new HardenedDaemonSet('agent', { image: PINNED_IMAGE, port: 9100, service: true });
    const migrate = new HardenedJob('migrate', { image: PINNED_IMAGE, args: ['migrate'] });
    const nightly = new HardenedCronJob('nightly', { image: PINNED_IMAGE, schedule: '@daily' });
    expect(await childTypesAndNames(agent)).toEqual([
      'kubernetes:core/v1:ServiceAccount::agent', 'kubernetes:apps/v1:DaemonSet::agent', 'kubernetes:core/v1:Service::agent',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy::agent',
    ]);
    expect(await childTypesAndNames(migrate)).toEqual([
      'kubernetes:core/v1:ServiceAccount::migrate', 'kubernetes:batch/v1:Job::migrate', 'kubernetes:networking.k8s.io/v1:NetworkPolicy::migrate',
    ]);
    expect(await childTypesAndNames(nightly)).toEqual([
      'kubernetes:core/v1:ServiceAccount::nightly', 'kubernetes:batch/v1:CronJob::nightly', 'kubernetes:networking.k8s.io/v1:NetworkPolicy::nightly',
    ]);
    expect([agent.daemonSet, migrate.job, nightly.cronJob].map((r) => r.constructor))
      .toEqual([k8s.apps.v1.DaemonSet, k8s.batch.v1.Job, k8s.batch.v1.CronJob]);
  });

  test('fail with the core\'s messages', () => {
    expect(() => new HardenedDaemonSet('bad-agent', { image: PINNED_IMAGE, service: true })).toThrow(
      '[bad-agent] service is true but the container has no port. Fix: declare port or ports, or remove service.');
    expect(() => new HardenedCronJob('bad-schedule', { image: PINNED_IMAGE, schedule: 'every night' }))
      .toThrow(/^\[bad-schedule\] schedule "every night" is invalid: /);
    expect(() => new HardenedJob('privileged-job', { image: PINNED_IMAGE, privileged: true, allowPrivilegeEscalation: true }))
      .toThrow(/^\[privileged-job\] (.|\n)*no-privileged: Job\/privileged-job /);
    expect(() => new HardenedDeployment('smuggled', { image: PINNED_IMAGE, port: 8080, annotations: { 'kubeharden.io/overrides': '[]' } })).toThrow(
      '[smuggled] annotations["kubeharden.io/overrides"] is reserved. Fix: remove it; pass overrides: [{ rule, justification }] instead, which kubeharden validates and writes there.');
  });

  test('emit an ExternalSecret as a CustomResource for an External Secrets mount', async () => {
    const report = new HardenedCronJob('report', {
      image: PINNED_IMAGE,
      schedule: '@daily',
      secrets: [SecretMount.fromExternalSecret({ name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }] })],
    });
    expect(await childTypesAndNames(report)).toContain('kubernetes:external-secrets.io/v1:ExternalSecret::report-db');
    expect(report.resources.find((r) => r instanceof k8s.apiextensions.CustomResource)).toBeDefined();
  });
});

describe('RestrictedNamespace', () => {
  const shop = new RestrictedNamespace('shop-ns', { name: 'shop' });

  test('creates the Namespace, its default-deny policy, quota, limits and default ServiceAccount', async () => {
    expect(await childTypesAndNames(shop)).toEqual([
      'kubernetes:core/v1:Namespace::shop-ns-shop',
      'kubernetes:networking.k8s.io/v1:NetworkPolicy::shop-ns-default-deny',
      'kubernetes:core/v1:ResourceQuota::shop-ns-shop',
      'kubernetes:core/v1:LimitRange::shop-ns-shop',
      'kubernetes:core/v1:ServiceAccount::shop-ns-default',
    ]);
    expect(shop.namespace).toBeInstanceOf(k8s.core.v1.Namespace);
    expect((await resolved(shop.namespace.metadata)).labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.35',
    });
  });

  test('gives workloads an Output namespace that carries the dependency', async () => {
    const api = new HardenedDeployment('ns-api', { image: PINNED_IMAGE, port: 8080, namespace: shop.namespace.metadata.name });
    expect(await resolved(api.deployment.metadata.namespace)).toBe('shop');
    expect([...await pulumi.getAllResources(api.objects)]).toContain(shop.namespace);
  });

  test('refuses a weaker level without a justified override, and an override that applies to workloads only', () => {
    expect(() => new RestrictedNamespace('weak', { enforce: 'baseline' })).toThrow(
      '[weak] enforce "baseline" weakens the restricted Pod Security Standard (rule pss-namespace-labels). Fix: keep enforce: \'restricted\', '
      + 'or add an override { rule: \'pss-namespace-labels\', justification: \'<why, at least 20 characters>\' }.');
    expect(() => new RestrictedNamespace('foreign', { overrides: [{ rule: 'no-privileged', justification: JUSTIFICATION }] }))
      .toThrow(/^\[foreign\] override for rule "no-privileged" does not apply to a namespace\./);
  });

  test('refuses a version before the guide\'s checks without a justified override, and pins it with one', async () => {
    expect(() => new RestrictedNamespace('old', { version: 'v1.22' })).toThrow(
      '[old] version "v1.22" pins a restricted policy that does not check runAsUser (from v1.23) (rule pss-namespace-labels). '
      + 'Fix: use v1.23 or later (the default is v1.35), or add an override { rule: \'pss-namespace-labels\', justification: \'<why, at least 20 characters>\' }.');
    const old = new RestrictedNamespace('old-justified', { version: 'v1.22', overrides: [{ rule: 'pss-namespace-labels', justification: JUSTIFICATION }] });
    expect((await resolved(old.namespace.metadata)).labels['pod-security.kubernetes.io/warn-version']).toBe('v1.22');
  });

  test('accepts the no-external-exposure override the quota uses', async () => {
    const edge = new RestrictedNamespace('edge', { quota: { loadBalancers: 1 }, overrides: [{ rule: 'no-external-exposure', justification: JUSTIFICATION }] });
    await registered(edge.resources);
    expect((await resolved(edge.resourceQuota.spec)).hard['services.loadbalancers']).toBe('1');
  });
});

describe('IsolatedNetwork', () => {
  test('takes workload components as members and creates one policy per member', async () => {
    const web = new HardenedDeployment('web', { image: PINNED_IMAGE, port: 8080 });
    const db = new HardenedStatefulSet('db', { image: PINNED_IMAGE, port: 5432 });
    const network = new IsolatedNetwork('net', {
      namespace: pulumi.output('shop'),
      tiers: [{ name: 'data', members: [db], internal: true }],
      members: [web],
      allow: [{ from: web, to: db, ports: [5432] }],
    });
    expect(network.members).toEqual(['db', 'web']);
    expect(await childTypesAndNames(network)).toEqual([
      'kubernetes:networking.k8s.io/v1:NetworkPolicy::net-db', 'kubernetes:networking.k8s.io/v1:NetworkPolicy::net-web',
    ]);
    expect(await resolved(network.policies.get('web')!.metadata.namespace)).toBe('shop');
  });

  test('refuses a member component in another namespace than the network\'s, at once when both are plain values', async () => {
    const api = new HardenedDeployment('api', { image: PINNED_IMAGE, port: 8080, namespace: 'other' });
    const web = new HardenedDeployment('web', { image: PINNED_IMAGE, port: 8080, namespace: 'shop' });
    expect(() => new IsolatedNetwork('net', { namespace: 'shop', members: [web], allow: [{ from: web, to: api, ports: [8080] }], tiers: [{ name: 'app', members: [api] }] })).toThrow(
      '[net] member "api" is in namespace "other", not in the network\'s namespace "shop". Fix: create the network in "other", or move the workload.');
    expect(new IsolatedNetwork('same', { namespace: 'shop', members: [web] }).members).toEqual(['web']);
    expect(() => new IsolatedNetwork('closed-port', { namespace: 'shop', members: [web], ingressFrom: [{ namespace: 'ingress-nginx', to: web, ports: [9090] }] })).toThrow(
      '[closed-port] ingressFrom[0].ports includes 9090/TCP, which "web" does not listen on. Fix: use one of 8080/TCP.');
    expect(() => new IsolatedNetwork('nowhere', { members: [web] })).toThrow(
      '[nowhere] member "web" is in namespace "shop", but the network sets no namespace, so its policies would land wherever they are applied and may select nothing. Fix: set namespace: \'shop\' on the network (or on its chart).');
    // An Output namespace is compared once resolved (a mismatch then fails the program: programs/failing-after-resolution.ts).
    const pending = new HardenedDeployment('pending', { image: PINNED_IMAGE, port: 8080, namespace: pulumi.output('shop') });
    const later = new IsolatedNetwork('later', { namespace: pulumi.output('shop'), members: [web, pending] });
    expect(later.members).toEqual(['web', 'pending']);
    expect(await resolved(later.policies.get('pending')!.metadata.namespace)).toBe('shop');
    const plainNetwork = new IsolatedNetwork('plain-network', { namespace: 'shop', members: [pending] });
    expect(await resolved(plainNetwork.policies.get('pending')!.metadata.namespace)).toBe('shop');
    expect(api.knownNamespace).toBe('other');
    expect(api.namespaceInput).toBe('other');
    expect(pending.knownNamespace).toBeUndefined();
    expect(await resolved(pulumi.output(pending.namespaceInput))).toBe('shop');
    expect(new HardenedDeployment('anywhere', { image: PINNED_IMAGE, port: 8080 }).namespaceInput).toBeUndefined();
  });

  test('refuses an allow naming a workload that is not a member', () => {
    expect(() => new IsolatedNetwork('partial', { members: ['web'], allow: [{ from: 'web', to: 'cache', ports: [6379] }] })).toThrow(
      '[partial] allow[0].to names "cache", which is not a member of network "partial". Fix: add "cache" to members (or to a tier), or correct the name.');
  });

  test('refuses props that are not an object, such as a list of members', () => {
    expect(() => new IsolatedNetwork('listed', ['web', 'api'] as any)).toThrow(
      '[listed] props must be an object such as { tiers: [...], allow: [...] }.');
  });
});

describe('SignedImagePolicy', () => {
  test('creates the ClusterImagePolicy as a CustomResource and exposes the namespace opt-in labels', async () => {
    const signed = new SignedImagePolicy('signed', {
      images: ['registry.example.com/**'],
      keyless: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main' }],
    });
    expect(await childTypesAndNames(signed)).toEqual(['kubernetes:policy.sigstore.dev/v1beta1:ClusterImagePolicy::signed']);
    expect(signed.policy).toBeInstanceOf(k8s.apiextensions.CustomResource);
    expect(signed.namespaceLabels).toEqual({ 'policy.sigstore.dev/include': 'true' });
    expect(SignedImagePolicy.NAMESPACE_OPT_IN_LABELS).toEqual({ 'policy.sigstore.dev/include': 'true' });
  });

  test('fails without a trusted signer', () => {
    expect(() => new SignedImagePolicy('unsigned', { images: ['registry.example.com/**'] })).toThrow(
      '[unsigned] no signer is trusted. Fix: give publicKeys (PEM public keys) or keyless identities ({ issuer, subject }).');
  });
});

describe('AdmissionGuard', () => {
  test('creates typed ValidatingAdmissionPolicies and bindings', async () => {
    const guard = new AdmissionGuard('guard');
    await registered(guard.resources);
    expect(guard.policies.length).toBeGreaterThan(0);
    expect(guard.bindings).toHaveLength(guard.policies.length);
    expect(guard.policies.every((p) => p instanceof k8s.admissionregistration.v1.ValidatingAdmissionPolicy)).toBe(true);
    expect(guard.bindings.every((b) => b instanceof k8s.admissionregistration.v1.ValidatingAdmissionPolicyBinding)).toBe(true);
  });
});

describe('RuntimeMonitoring', () => {
  test('creates the Falco rules and audit policy ConfigMaps and exposes the rules, chart values and audit policy', async () => {
    const runtime = new RuntimeMonitoring('runtime', { internalNamespaces: ['payments'] });
    await registered(runtime.resources);
    expect(runtime.falcoRulesConfigMap).toBeInstanceOf(k8s.core.v1.ConfigMap);
    expect(runtime.auditPolicyConfigMap).toBeInstanceOf(k8s.core.v1.ConfigMap);
    expect(Object.values(runtime.falcoHelmValues.customRules)).toEqual([runtime.falcoRulesYaml]);
    expect(runtime.auditPolicy.kind).toBe('Policy');
    expect(new RuntimeMonitoring('rules-only', { auditPolicyConfigMap: false }).auditPolicyConfigMap).toBeUndefined();
  });
});

test('every component registers under its kubeharden:index type token', () => {
  expect([...new Set(recorded.filter((r) => r.type.startsWith('kubeharden:')).map((r) => r.type))].sort()).toEqual([
    'kubeharden:index:AdmissionGuard', 'kubeharden:index:HardenedCronJob', 'kubeharden:index:HardenedDaemonSet', 'kubeharden:index:HardenedDeployment', 'kubeharden:index:HardenedJob',
    'kubeharden:index:HardenedStatefulSet', 'kubeharden:index:IsolatedNetwork', 'kubeharden:index:RestrictedNamespace', 'kubeharden:index:RuntimeMonitoring',
    'kubeharden:index:SignedImagePolicy',
  ]);
});
