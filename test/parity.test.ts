/**
 * The cdk8s constructs and the Pulumi components emit identical objects for identical props: the cdk8s side
 * through `Testing.synth`, the Pulumi side through the inputs its Kubernetes resources are registered with
 * under Pulumi's mocks (apiVersion and kind taken from the type token).
 */
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import { PINNED_IMAGE } from './fixtures';
import { ShopChart } from '../examples/cdk8s-app/app';
import { createShop } from '../examples/pulumi-app/shop';
import * as cdk8s from '../src/cdk8s';
import type { KubeObject } from '../src/core/types';
import * as kh from '../src/pulumi';
import { kubernetesTypeMeta } from '../src/pulumi/kubernetes-types';

/** Inputs the mocks received, in registration order. */
const registered: Array<{ type: string; name: string; inputs: Record<string, any> }> = [];
void pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.push({ type: args.type, name: args.name, inputs: args.inputs });
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call: (args) => args.inputs,
}, 'project', 'stack', false);

const byKindNamespaceName = (a: KubeObject, b: KubeObject) => {
  const key = (o: KubeObject) => [o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('\u0000');
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
};

/** The objects cdk8s synthesizes for the constructs `build` adds to a chart (or for the chart it returns). */
function cdk8sObjects(build: (chart: Chart) => Chart | unknown): KubeObject[] {
  const chart = Testing.chart();
  const built = build(chart);
  return Testing.synth(built instanceof Chart ? built : chart).sort(byKindNamespaceName);
}

/** `value` with Pulumi's secret wrappers replaced by the values they hold. */
function unwrapSecrets(value: unknown): any {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return unwrapSecrets(record.value);
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** The objects Pulumi registers for the components `create` makes, once every child is registered. */
async function pulumiObjects(create: () => kh.HardenedComponentResource | kh.HardenedComponentResource[]): Promise<KubeObject[]> {
  const start = registered.length;
  const components = [create()].flat();
  const children = components.flatMap((component) => component.resources);
  await new Promise((resolve) => pulumi.all(children.map((child) => child.urn)).apply(resolve));
  return registered.slice(start).flatMap(({ type, inputs }) => {
    const meta = kubernetesTypeMeta(type);
    return meta ? [{ ...unwrapSecrets(inputs), apiVersion: meta.apiVersion, kind: meta.kind }] : [];
  }).sort(byKindNamespaceName);
}

const JUSTIFICATION = 'Accepted after review for this workload, tracked in SEC-1234';
const TAG_ONLY = 'registry.example.com/vendor/tool:4.2';
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEx9w5X1kXKQ6Gm0h4bW2WgJQfZkpk\nu1p3R0v0h1rGQ0pJ1i3yJ6yTKp1M8rKJ8X3Xv3f9Zr1xq3w7m8B1oK2aQg==\n-----END PUBLIC KEY-----\n';

/** Every construct, with props that exercise its options. Each case: id, cdk8s construct, Pulumi component, props. */
const cases: Array<[string, (chart: Chart, id: string, props: any) => unknown, (name: string, props: any) => kh.HardenedComponentResource, any]> = [
  ['deployment-minimal', (c, id, p) => new cdk8s.HardenedDeployment(c, id, p), (n, p) => new kh.HardenedDeployment(n, p), { image: PINNED_IMAGE, port: 8080 }],
  ['deployment-full', (c, id, p) => new cdk8s.HardenedDeployment(c, id, p), (n, p) => new kh.HardenedDeployment(n, p), {
    image: PINNED_IMAGE,
    namespace: 'shop',
    ports: [{ port: 8080 }, { port: 9090, name: 'metrics' }],
    replicas: 3,
    env: { LOG_LEVEL: 'debug' },
    labels: { team: 'shop' },
    annotations: { owner: 'shop-team' },
    podLabels: { tier: 'web' },
    resources: { limits: { memory: '1Gi' } },
    initContainers: [{ name: 'migrate', image: PINNED_IMAGE, args: ['migrate'] }],
    sidecars: [{ name: 'proxy', image: PINNED_IMAGE, port: 15001 }],
    allowIngressFrom: [{ namespace: 'ingress-nginx', ports: [8080] }, { workload: 'frontend' }],
    allowEgressTo: [{ workload: 'database', ports: [5432] }, { cidr: '10.20.0.0/16', ports: [443] }],
    readOnlyRootFilesystem: false,
    secrets: [
      kh.SecretMount.fromSecret('tls', { mountPath: '/etc/tls' }),
      kh.SecretMount.fromExternalSecret({
        name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }], mountPath: '/etc/secrets/db',
      }),
    ],
    overrides: [{ rule: 'read-only-root-filesystem', justification: JUSTIFICATION }],
  }],
  ['deployment-shared-account', (c, id, p) => new cdk8s.HardenedDeployment(c, id, p), (n, p) => new kh.HardenedDeployment(n, p), {
    image: PINNED_IMAGE, replicas: 1, serviceAccountName: 'shared', name: 'renamed',
  }],
  ['statefulset', (c, id, p) => new cdk8s.HardenedStatefulSet(c, id, p), (n, p) => new kh.HardenedStatefulSet(n, p), {
    image: PINNED_IMAGE,
    ports: [{ port: 5432, name: 'postgres' }],
    replicas: 2,
    storage: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi', storageClassName: 'fast' }],
    writablePaths: ['/tmp', '/var/run/postgresql'],
  }],
  ['daemonset', (c, id, p) => new cdk8s.HardenedDaemonSet(c, id, p), (n, p) => new kh.HardenedDaemonSet(n, p), {
    image: PINNED_IMAGE, port: 9100, service: true, tolerations: [{ operator: 'Exists' }], maxUnavailable: 2,
  }],
  ['job', (c, id, p) => new cdk8s.HardenedJob(c, id, p), (n, p) => new kh.HardenedJob(n, p), {
    image: PINNED_IMAGE, args: ['migrate', 'up'], backoffLimit: 2, activeDeadlineSeconds: 600,
  }],
  ['cronjob', (c, id, p) => new cdk8s.HardenedCronJob(c, id, p), (n, p) => new kh.HardenedCronJob(n, p), {
    image: TAG_ONLY,
    schedule: '30 2 * * *',
    timeZone: 'Europe/Paris',
    secrets: [kh.SecretMount.fromSecret('report-credentials')],
    overrides: [{ rule: 'image-digest-pinned', justification: JUSTIFICATION }],
  }],
  ['namespace', (c, id, p) => new cdk8s.RestrictedNamespace(c, id, p), (n, p) => new kh.RestrictedNamespace(n, p), {}],
  ['namespace-weakened', (c, id, p) => new cdk8s.RestrictedNamespace(c, id, p), (n, p) => new kh.RestrictedNamespace(n, p), {
    enforce: 'baseline',
    version: 'v1.30',
    quota: { pods: 20, loadBalancers: 1 },
    overrides: [{ rule: 'pss-namespace-labels', justification: JUSTIFICATION }, { rule: 'no-external-exposure', justification: JUSTIFICATION }],
  }],
  ['network', (c, id, p) => new cdk8s.IsolatedNetwork(c, id, p), (n, p) => new kh.IsolatedNetwork(n, p), {
    namespace: 'shop',
    tiers: [{ name: 'app', members: ['api'] }, { name: 'data', members: ['database'], internal: true }],
    members: ['frontend'],
    allow: [{ from: 'frontend', to: 'api', ports: [8080] }, { from: 'api', to: 'database', ports: [5432] }],
    ingressFrom: [{ namespace: 'ingress-nginx', to: 'frontend', ports: [8080] }],
    egressTo: [{ from: 'api', cidr: '203.0.113.0/24', ports: [443] }],
  }],
  ['signed-sigstore', (c, id, p) => new cdk8s.SignedImagePolicy(c, id, p), (n, p) => new kh.SignedImagePolicy(n, p), {
    images: ['registry.example.com/**'],
    keyless: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main' }],
  }],
  ['signed-kyverno', (c, id, p) => new cdk8s.SignedImagePolicy(c, id, p), (n, p) => new kh.SignedImagePolicy(n, p), {
    verifier: 'kyverno', images: ['registry.example.com/**'], publicKeys: [PUBLIC_KEY], mode: 'warn',
  }],
  ['admission-guard', (c, id, p) => new cdk8s.AdmissionGuard(c, id, p), (n, p) => new kh.AdmissionGuard(n, p), {}],
  ['admission-guard-baseline', (c, id, p) => new cdk8s.AdmissionGuard(c, id, p), (n, p) => new kh.AdmissionGuard(n, p), {
    pss: 'baseline', exemptNamespaces: ['monitoring'], validationActions: ['Warn', 'Audit'],
  }],
  ['runtime-monitoring', (c, id, p) => new cdk8s.RuntimeMonitoring(c, id, p), (n, p) => new kh.RuntimeMonitoring(n, p), {
    internalNamespaces: ['payments'], shellAllowedImages: ['registry.example.com/debug/toolbox'], auditPolicyNamespace: 'kube-system',
  }],
];

describe('the cdk8s constructs and the Pulumi components emit identical objects', () => {
  test.each(cases)('%s', async (id, construct, component, props) => {
    const expected = cdk8sObjects((chart) => construct(chart, id, props));
    const actual = await pulumiObjects(() => component(id, props));
    expect(actual.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(expected.map((o) => `${o.kind}/${o.metadata?.name}`));
    expect(actual).toEqual(expected);
  });

  test('with the image, env values and namespaces given as Outputs', async () => {
    const props = {
      image: PINNED_IMAGE, port: 8080, namespace: 'shop', env: { DATABASE_HOST: 'database.shop.svc' }, allowEgressTo: [{ namespace: 'data', ports: [5432] }],
    };
    const expected = cdk8sObjects((chart) => new cdk8s.HardenedDeployment(chart, 'with-outputs', props));
    const actual = await pulumiObjects(() => new kh.HardenedDeployment('with-outputs', {
      ...props,
      image: pulumi.output(PINNED_IMAGE),
      namespace: pulumi.secret('shop'),
      env: { DATABASE_HOST: Promise.resolve('database.shop.svc') },
      allowEgressTo: [{ namespace: pulumi.output('data'), ports: [5432] }],
    }));
    expect(actual).toEqual(expected);
  });

  test('for the example application', async () => {
    const expected = cdk8sObjects(() => new ShopChart(Testing.app(), 'shop'));
    const actual = await pulumiObjects(createShop);
    expect(actual.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`))
      .toEqual(expected.map((o) => `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`));
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThanOrEqual(25);
  });
});
