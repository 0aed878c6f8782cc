import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { HardenedDeployment } from '../../src/cdk8s';
import { toStableYaml } from '../../src/testing';
import { PINNED_IMAGE } from '../fixtures';

describe('toStableYaml', () => {
  test('puts apiVersion, kind and metadata first and sorts every other key, at every level', () => {
    const text = toStableYaml([{ kind: 'ConfigMap', data: { b: '2', a: '1' }, metadata: { name: 'x', labels: { z: '1', a: '2' } }, apiVersion: 'v1' }]);
    expect(text).toBe([
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  labels:',
      '    a: "2"',
      '    z: "1"',
      '  name: x',
      'data:',
      '  a: "1"',
      '  b: "2"',
      '',
    ].join('\n'));
  });

  test('separates documents with ---, keeps their order unless asked to sort them', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
    ];
    expect(toStableYaml(objects)).toBe('apiVersion: v1\nkind: Service\nmetadata:\n  name: b\n  namespace: shop\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    expect(toStableYaml(objects, { sortObjects: true }).split('---\n').map((d) => (yaml.load(d) as any).kind)).toEqual(['ConfigMap', 'Service']);
  });

  test('writes shared values in full, without anchors, and long strings on one line', () => {
    const shared = { app: 'web' };
    const long = 'x'.repeat(200);
    const text = toStableYaml([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: shared, annotations: { long } }, data: { copy: 'y' }, spec: shared }]);
    expect(text).not.toMatch(/[&*]ref/);
    expect(text).toContain(`long: ${long}\n`);
  });

  test('is identical for two syntheses of the same chart, and loads back to the same objects', () => {
    const synthesize = () => {
      const chart = Testing.chart();
      new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
      return chart;
    };
    const text = toStableYaml(synthesize());
    expect(toStableYaml(synthesize())).toBe(text);
    expect(yaml.loadAll(text)).toEqual(Testing.synth(synthesize()));
  });
});
