import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  HardenedCronJob, HardenedDaemonSet, HardenedDeployment, HardenedJob, HardenedStatefulSet, IsolatedNetwork, RestrictedNamespace, SecretMount,
} from '../../src/cdk8s';
import {
  buildHardenedCronJob, buildHardenedDaemonSet, buildHardenedDeployment, buildHardenedJob, buildHardenedStatefulSet, buildIsolatedNetwork,
  buildRestrictedNamespace, PropsError,
} from '../../src/index';
import { PINNED_IMAGE } from '../fixtures';

const SECRET = SecretMount.fromExternalSecret({ name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }] });
const WORKLOAD = { image: PINNED_IMAGE, port: 8080, namespace: 'shop', secrets: [SECRET], sidecars: [{ name: 'proxy', image: PINNED_IMAGE }] };

const sortByKindAndName = (objects: readonly any[]) =>
  [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));

/** Each construct and its builder, called with the same props. */
const CASES: ReadonlyArray<[string, (scope: Construct) => void, () => { objects: readonly unknown[] }]> = [
  ['HardenedDeployment', (s) => new HardenedDeployment(s, 'api', WORKLOAD), () => buildHardenedDeployment('test/api', 'api', WORKLOAD)],
  ['HardenedStatefulSet', (s) => new HardenedStatefulSet(s, 'api', { ...WORKLOAD, storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }] }),
    () => buildHardenedStatefulSet('test/api', 'api', { ...WORKLOAD, storage: [{ name: 'data', mountPath: '/data', size: '1Gi' }] })],
  ['HardenedDaemonSet', (s) => new HardenedDaemonSet(s, 'api', WORKLOAD), () => buildHardenedDaemonSet('test/api', 'api', WORKLOAD)],
  ['HardenedJob', (s) => new HardenedJob(s, 'api', WORKLOAD), () => buildHardenedJob('test/api', 'api', WORKLOAD)],
  ['HardenedCronJob', (s) => new HardenedCronJob(s, 'api', { ...WORKLOAD, schedule: '@daily' }),
    () => buildHardenedCronJob('test/api', 'api', { ...WORKLOAD, schedule: '@daily' })],
  ['RestrictedNamespace', (s) => new RestrictedNamespace(s, 'shop'), () => buildRestrictedNamespace('test/shop', 'shop')],
  ['IsolatedNetwork', (s) => new IsolatedNetwork(s, 'net', { namespace: 'shop', members: ['a', 'b'], allow: [{ from: 'a', to: 'b', ports: [80] }] }),
    () => buildIsolatedNetwork('test/net', 'net', { namespace: 'shop', members: ['a', 'b'], allow: [{ from: 'a', to: 'b', ports: [80] }] })],
];

describe('the engine-neutral builders', () => {
  test.each(CASES)('%s: the cdk8s construct emits exactly the builder\'s objects', (_name, construct, build) => {
    const chart = Testing.chart();
    construct(chart);
    expect(sortByKindAndName(Testing.synth(chart))).toEqual(sortByKindAndName(JSON.parse(JSON.stringify(build().objects))));
  });

  test.each(CASES)('%s: building twice gives the same objects (names derive from the id)', (_name, _construct, build) => {
    expect(build().objects).toEqual(build().objects);
  });

  test('errors are PropsErrors naming the place given by the adapter', () => {
    expect(() => buildHardenedCronJob('stack/report', 'report', { image: PINNED_IMAGE, schedule: 'never' })).toThrow(PropsError);
    expect(() => buildHardenedCronJob('stack/report', 'report', { image: PINNED_IMAGE, schedule: 'never' })).toThrow(/^\[stack\/report\] schedule "never" is invalid/);
  });
});
