/**
 * Two constructs of an App that emit an object of the same kind, namespace and name would overwrite each other
 * when applied: the second construct fails, naming the first.
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

  test('in two charts of one App, in the same namespace', () => {
    const app = new App();
    new HardenedDeployment(new Chart(app, 'one', { namespace: 'shop' }), 'api', WORKLOAD);
    expect(() => new HardenedDeployment(new Chart(app, 'two'), 'api', { ...WORKLOAD, namespace: 'shop' })).toThrow(exactly(
      '[two/api] ServiceAccount "api" in namespace "shop" is already emitted by one/api; applied together, one would overwrite the other. Fix: give one of them another name (props.name).'));
  });

  test('cluster-scoped objects collide whatever the charts\' namespaces', () => {
    const app = new App();
    new RestrictedNamespace(new Chart(app, 'one', { namespace: 'a' }), 'shop');
    expect(() => new RestrictedNamespace(new Chart(app, 'two', { namespace: 'b' }), 'shop')).toThrow(/^\[two\/shop\] Namespace "shop" is already emitted by one\/shop;/);
    new AdmissionGuard(new Chart(app, 'three'), 'guard');
    expect(() => new AdmissionGuard(new Chart(app, 'four'), 'guard')).toThrow(
      /^\[four\/guard\] ValidatingAdmissionPolicy "kubeharden-pss-restricted" is already emitted by three\/guard;/);
  });

  test('the same name in other namespaces, or in other Apps, is fine', () => {
    const app = new App();
    new HardenedDeployment(new Chart(app, 'one', { namespace: 'shop' }), 'api', WORKLOAD);
    expect(() => new HardenedDeployment(new Chart(app, 'two', { namespace: 'blog' }), 'api', WORKLOAD)).not.toThrow();
    expect(() => new HardenedDeployment(Testing.chart(), 'api', WORKLOAD)).not.toThrow();
  });
});
