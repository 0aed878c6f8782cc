/**
 * Two constructs of a chart that emit an object of the same kind, namespace and name would overwrite each other
 * when its manifest is applied: the second construct fails, naming the first.
 */
import { App, Chart, Testing } from 'cdk8s';
import { AdmissionGuard, HardenedDeployment, HardenedStatefulSet, RestrictedNamespace } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { exactly } from '../messages';

const WORKLOAD = { image: PINNED_IMAGE, port: 8080 };

describe('object names', () => {
  test('two workloads of one name in one namespace', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', WORKLOAD);
    expect(() => new HardenedDeployment(chart, 'api-v2', { ...WORKLOAD, name: 'api' })).toThrow(exactly(
      '[test/api-v2] ServiceAccount "api" is already emitted by test/api; applied together, one would overwrite the other. Fix: give one of them another name (props.name).'));
  });

  test('a Deployment whose name is a StatefulSet\'s headless Service', () => {
    const chart = Testing.chart();
    new HardenedStatefulSet(chart, 'db', WORKLOAD);
    expect(() => new HardenedDeployment(chart, 'db-headless', { ...WORKLOAD, serviceAccountName: 'db' })).toThrow(exactly(
      '[test/db-headless] Service "db-headless" is already emitted by test/db/Headless; applied together, one would overwrite the other. Fix: give one of them another name (props.name).'));
  });

  test('an object of the chart\'s namespace and one that names it', () => {
    const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
    new HardenedDeployment(chart, 'api', WORKLOAD);
    expect(() => new HardenedDeployment(chart, 'api-again', { ...WORKLOAD, name: 'api', namespace: 'shop' })).toThrow(exactly(
      '[shop/api-again] ServiceAccount "api" in namespace "shop" is already emitted by shop/api; applied together, one would overwrite the other. Fix: give one of them another name (props.name).'));
  });

  test('cluster-scoped objects collide whatever their namespace props', () => {
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'a' });
    new RestrictedNamespace(chart, 'shop');
    expect(() => new RestrictedNamespace(chart, 'shop-again', { name: 'shop' })).toThrow(/^\[platform\/shop-again\] Namespace "shop" is already emitted by platform\/shop;/);
    new AdmissionGuard(chart, 'guard');
    expect(() => new AdmissionGuard(chart, 'guard-again')).toThrow(
      /^\[platform\/guard-again\] ValidatingAdmissionPolicy "kubeharden-pss-restricted" is already emitted by platform\/guard;/);
  });

  test('charts are compared with themselves only: an App\'s charts may go to different clusters', () => {
    const app = new App();
    new HardenedDeployment(new Chart(app, 'staging', { namespace: 'shop' }), 'api', WORKLOAD);
    expect(() => new HardenedDeployment(new Chart(app, 'production', { namespace: 'shop' }), 'api', WORKLOAD)).not.toThrow();
    new RestrictedNamespace(new Chart(app, 'staging-platform'), 'shop');
    expect(() => new RestrictedNamespace(new Chart(app, 'production-platform'), 'shop')).not.toThrow();
  });

  test('the same name in another namespace of the chart is fine', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'shop' });
    new HardenedDeployment(chart, 'api', WORKLOAD);
    expect(() => new HardenedDeployment(chart, 'blog-api', { ...WORKLOAD, name: 'api', namespace: 'blog' })).not.toThrow();
  });
});
