import { ApiObject, ApiObjectMetadataDefinition, App, Chart, JsonPatch, Lazy, ResolutionContext, Testing, Yaml } from 'cdk8s';
import { HardenedDeployment, HardenedStatefulSet, RestrictedNamespace } from '../../src/cdk8s';
import { emitHardened } from '../../src/cdk8s/workload';
import * as enforce from '../../src/core/enforce';
import { PINNED_IMAGE } from '../fixtures';

/** What cdk8s's own `ApiObject.toJson()` renders for `o`. */
const genericJson = (o: ApiObject): unknown => ApiObject.prototype.toJson.call(o);

/** Every ApiObject under `scope`. */
const apiObjectsOf = (chart: Chart): ApiObject[] => chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);

/** Renders every object of `chart` both ways, as YAML, and checks they are the same text. */
function expectSameAsCdk8s(chart: Chart): void {
  const objects = apiObjectsOf(chart);
  expect(objects.length).toBeGreaterThan(0);
  expect(Yaml.stringify(...objects.map((o) => o.toJson()))).toEqual(Yaml.stringify(...objects.map(genericJson)));
}

const ENFORCE = 'pod-security.kubernetes.io/enforce';

describe('kubeharden objects render exactly as cdk8s renders them', () => {
  test('minimal workloads', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    new HardenedStatefulSet(chart, 'db', { image: PINNED_IMAGE, port: 5432, storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }] });
    new RestrictedNamespace(chart, 'shop');
    expectSameAsCdk8s(chart);
  });

  test('unpatched plain objects under the default resolvers skip cdk8s\'s generic path', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    const apply = jest.spyOn(JsonPatch, 'apply');
    try {
      api.deployment.toJson();
      expect(apply).not.toHaveBeenCalled();
      api.deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 3));
      api.deployment.toJson();
      expect(apply).toHaveBeenCalledTimes(1);
    } finally {
      apply.mockRestore();
    }
  });

  test('chart labels and namespace, metadata added after construction, Lazy values', () => {
    const chart = new Chart(Testing.app(), 'c', { labels: { 'team': 'x', 'a.example.com/b': 'c' }, namespace: 'prod' });
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    api.deployment.metadata.addAnnotation('z', 'y');
    api.deployment.metadata.addLabel('lazy', Lazy.any({ produce: () => 'produced' }));
    api.deployment.metadata.addFinalizers('example.com/f');
    api.service!.metadata.add('generateName', 'api-');
    expectSameAsCdk8s(chart);
    expect(api.deployment.toJson().metadata.labels.lazy).toEqual('produced');
  });

  test('plain metadata changed after construction renders directly, as cdk8s renders it', () => {
    const chart = new Chart(Testing.app(), 'c', { labels: { team: 'x' }, namespace: 'prod' });
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    api.deployment.metadata.addAnnotation('z', 'y');
    api.deployment.metadata.addLabel('empty', '');
    api.deployment.metadata.addFinalizers('example.com/f', 'example.com/g');
    api.deployment.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: '1234', controller: false });
    api.service!.metadata.add('generateName', 'api-');
    api.networkPolicy.metadata.add('extra', { nested: {}, list: [] });
    const toJson = jest.spyOn(ApiObjectMetadataDefinition.prototype, 'toJson');
    try {
      const rendered = apiObjectsOf(chart).map((o) => o.toJson());
      expect(toJson).not.toHaveBeenCalled();
      expect(rendered[1].metadata.finalizers).toEqual(['example.com/f', 'example.com/g']);
    } finally {
      toJson.mockRestore();
    }
    expectSameAsCdk8s(chart);
  });

  test('patched objects', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    api.deployment.addJsonPatch(JsonPatch.add('/spec/replicas', 3));
    expectSameAsCdk8s(chart);
    expect(api.deployment.toJson().spec.replicas).toEqual(3);
  });

  test('each call returns a new object: changing one changes neither the next nor the synthesis', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    const first = api.deployment.toJson();
    first.spec.template.spec.hostNetwork = true;
    first.metadata.labels.x = 'y';
    expect(api.deployment.toJson()).toEqual(genericJson(api.deployment));
    expect(api.deployment.toJson().spec.template.spec.hostNetwork).toBeUndefined();
  });

  test('with CDK8S_DISABLE_SORT, as cdk8s renders unsorted', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expectSameAsCdk8s(chart);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('under custom resolvers, as they resolve', () => {
    const app = new App({
      resolvers: [{ resolve: (c: ResolutionContext) => { if (c.value === 8080) c.replaceValue(8081); } }],
    });
    const chart = new Chart(app, 'c');
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    expectSameAsCdk8s(chart);
    expect(api.service!.toJson().spec.ports[0].port).toEqual(8081);
  });
});

describe('the synth-time audit sees every change made after construction', () => {
  test('a label that weakens a namespace fails the synth', () => {
    const chart = Testing.chart();
    const ns = new RestrictedNamespace(chart, 'shop');
    ApiObject.of(ns).metadata.addLabel(ENFORCE, 'privileged');
    expect(() => Testing.synth(chart)).toThrow(/\[test\/shop\] pss-namespace-labels: Namespace\/shop namespace "shop" enforces the privileged level/);
  });

  test('a Lazy label that changes between two syntheses is audited again', () => {
    const chart = Testing.chart();
    const ns = new RestrictedNamespace(chart, 'shop');
    let level = 'restricted';
    ApiObject.of(ns).metadata.addLabel(ENFORCE, Lazy.any({ produce: () => level }));
    expect(() => Testing.synth(chart)).not.toThrow();
    level = 'privileged';
    expect(() => Testing.synth(chart)).toThrow(/pss-namespace-labels/);
  });

  test('a label added after a passing synthesis is audited at the next', () => {
    const chart = Testing.chart();
    const ns = new RestrictedNamespace(chart, 'shop');
    expect(() => Testing.synth(chart)).not.toThrow();
    ApiObject.of(ns).metadata.addLabel(ENFORCE, 'baseline');
    expect(() => Testing.synth(chart)).toThrow(/pss-namespace-labels/);
  });

  test('a resolver that weakens a value fails the synth', () => {
    const app = new App({
      resolvers: [{ resolve: (c: ResolutionContext) => { if (c.key[c.key.length - 1] === 'runAsNonRoot' && c.value === true) c.replaceValue(false); } }],
    });
    const chart = new Chart(app, 'c');
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    expect(() => app.synthYaml()).toThrow(/\[c\/api\] run-as-non-root: Deployment\/api/);
  });

  test('metadata that is not plain data when built (a Lazy in props) is audited at synth, as it renders', () => {
    const chart = Testing.chart();
    const lazy = Lazy.any({ produce: () => 'produced' });
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, annotations: { note: lazy as unknown as string } });
    const spy = jest.spyOn(enforce, 'enforceHardening');
    try {
      Testing.synth(chart);
      const audited = spy.mock.calls.flatMap(([objects]) => objects).filter((o) => o.kind === 'Deployment');
      expect(audited.length).toBeGreaterThan(0);
      expect(audited.every((o) => o.metadata?.annotations?.note === 'produced')).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  test.each([
    ['addLabel', (m: ApiObjectMetadataDefinition) => m.addLabel('team', 'shop')],
    ['addAnnotation', (m: ApiObjectMetadataDefinition) => m.addAnnotation('note', 'x')],
    ['add', (m: ApiObjectMetadataDefinition) => m.add('generateName', 'api-')],
    ['addFinalizers', (m: ApiObjectMetadataDefinition) => m.addFinalizers('example.com/keep')],
    ['addOwnerReference', (m: ApiObjectMetadataDefinition) => m.addOwnerReference({ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' })],
  ])('metadata changed with %s after construction is audited at synth', (_, change) => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    change(api.service!.metadata);
    const spy = jest.spyOn(enforce, 'enforceHardening');
    try {
      Testing.synth(chart);
      expect(spy).toHaveBeenCalled();
      expect(spy.mock.calls[0][0].map((o) => o.kind)).toContain('Service');
    } finally {
      spy.mockRestore();
    }
  });

  test('plain objects that nothing changed are not audited again at synth', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    const spy = jest.spyOn(enforce, 'enforceHardening');
    try {
      Testing.synth(chart);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  test('objects whose builder did not audit them are audited at synth, unchanged or not', () => {
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    const unaudited = Testing.chart();
    emitHardened(unaudited, { objects: [namespace], primaryKind: 'Namespace', overrides: [] });
    expect(() => Testing.synth(unaudited)).toThrow(/pss-namespace-labels: Namespace\/shop namespace "shop" has no pod-security.kubernetes.io\/enforce label/);
    // The flag is the builder's word that it audited the objects: trusted, so the same object passes unaudited.
    const audited = Testing.chart();
    emitHardened(audited, { objects: [namespace], primaryKind: 'Namespace', overrides: [], builtAudited: true });
    expect(() => Testing.synth(audited)).not.toThrow();
  });
});
