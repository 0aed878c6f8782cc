import { spawnSync } from 'child_process';
import { join } from 'path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { buildHardenedDeployment } from '../../src/core/build/hardened-deployment';
import { HardenedDeployment, HardenedDeploymentArgs } from '../../src/pulumi';
import { PINNED_IMAGE } from '../fixtures';
import { exactly } from '../messages';
import { kubernetesObjects, recordResources, registered, resolved, sorted } from './mocks';

const recorded = recordResources();
const TAG_ONLY = 'registry.example.com/team/app:1.0.0';
const JUSTIFICATION = 'Writes its cache to /var/lib/legacy; replacement planned in SEC-150';

/** Creates a HardenedDeployment named `name` and waits until the mocks have every child. */
async function deploy(name: string, args: HardenedDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
  const component = new HardenedDeployment(name, args, opts);
  await registered(component.resources);
  const objects: any[] = kubernetesObjects(recorded.filter((r) => r.name === name || r.name.startsWith(`${name}-`)));
  return { component, objects };
}

/** The message of the error `build` throws. */
function errorOf(build: () => unknown): Error {
  try {
    build();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

test('props changed after construction do not reach the registered inputs: the objects are detached from them as built', async () => {
  const readinessProbe: any = { tcpSocket: { port: 'http' } };
  const component = new HardenedDeployment('detached', { image: PINNED_IMAGE, port: 8080, readinessProbe });
  readinessProbe.exec = { command: ['sh', '-c', 'true'] };
  await registered(component.resources);
  const deployment: any = kubernetesObjects(recorded.filter((r) => r.name === 'detached')).find((o: any) => o.kind === 'Deployment');
  expect(deployment.spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
});

describe('HardenedDeployment, minimal call', () => {
  let component: HardenedDeployment;
  let objects: any[];
  beforeAll(async () => ({ component, objects } = await deploy('api', { image: PINNED_IMAGE, port: 8080 })));

  test('registers a kubeharden:index:HardenedDeployment component', () => {
    expect(recorded.filter((r) => r.type === 'kubeharden:index:HardenedDeployment').map((r) => r.name)).toContain('api');
  });

  test('creates its objects as typed children of the component', async () => {
    expect(component.serviceAccount).toBeInstanceOf(k8s.core.v1.ServiceAccount);
    expect(component.deployment).toBeInstanceOf(k8s.apps.v1.Deployment);
    expect(component.service).toBeInstanceOf(k8s.core.v1.Service);
    expect(component.networkPolicy).toBeInstanceOf(k8s.networking.v1.NetworkPolicy);
    expect(component.podDisruptionBudget).toBeInstanceOf(k8s.policy.v1.PodDisruptionBudget);
    expect(await resolved(component.deployment.urn))
      .toBe('urn:pulumi:stack::project::kubeharden:index:HardenedDeployment$kubernetes:apps/v1:Deployment::api');
  });

  test('emits exactly the objects of the core builder', () => {
    const built = buildHardenedDeployment('api', 'api', { image: PINNED_IMAGE, port: 8080 });
    expect(objects).toEqual(sorted(built.objects));
    expect(component.name).toBe('api');
  });

  test('exposes the final objects', async () => {
    expect(sorted(await resolved(component.objects))).toEqual(objects);
  });
});

describe('HardenedDeployment, optional children', () => {
  test('omits the Service without a port, the PodDisruptionBudget with one replica, the ServiceAccount when one is named', async () => {
    const { component, objects } = await deploy('worker', { image: PINNED_IMAGE, replicas: 1, serviceAccountName: 'shared' });
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'NetworkPolicy']);
    expect([component.service, component.podDisruptionBudget, component.serviceAccount]).toEqual([undefined, undefined, undefined]);
  });

  test('names children after the component, suffixed with the object name when it differs', async () => {
    await deploy('legacy-api', { image: PINNED_IMAGE, port: 8080, name: 'api-v1' });
    expect(recorded.filter((r) => r.type === 'kubernetes:apps/v1:Deployment').map((r) => r.name)).toContain('legacy-api-api-v1');
  });
});

describe('HardenedDeployment, errors are ResourceErrors on the component with the core\'s messages', () => {
  test('a tag-only image fails naming image-digest-pinned', () => {
    const error = errorOf(() => new HardenedDeployment('tagged', { image: TAG_ONLY, port: 8080 }));
    expect(error).toBeInstanceOf(pulumi.ResourceError);
    expect(error.message).toBe('[tagged] image-digest-pinned: Deployment/tagged container "tagged" image "registry.example.com/team/app:1.0.0" is not pinned by digest '
      + '(at /spec/template/spec/containers/0/image). Fix: Pin the image by digest: get it with `crane digest <image>` or `docker buildx imagetools inspect <image>`, '
      + 'then write <image>@sha256:<digest>. Or, to accept the risk, add an override { rule: \'image-digest-pinned\', justification: \'<why, at least 20 characters>\' }.');
  });

  test('an unjustified weakening fails naming the rule and field', () => {
    expect(() => new HardenedDeployment('writable', { image: PINNED_IMAGE, port: 8080, readOnlyRootFilesystem: false }))
      .toThrow(/^\[writable\] read-only-root-filesystem: Deployment\/writable container "writable" has a writable root filesystem \(at \/spec\/template\/spec\/containers\/0\/securityContext\/readOnlyRootFilesystem\)/);
  });

  test('an image from outside allowedRegistries fails naming trusted-registry', () => {
    expect(() => new HardenedDeployment('foreign', { image: PINNED_IMAGE, port: 8080, allowedRegistries: ['registry.internal'] }))
      .toThrow(/^\[foreign\] trusted-registry: Deployment\/foreign /);
    expect(() => new HardenedDeployment('trusted', { image: PINNED_IMAGE, port: 8080, allowedRegistries: ['registry.example.com'] })).not.toThrow();
  });

  test('bad props fail with the fix', () => {
    expect(() => new HardenedDeployment('no-port', { image: PINNED_IMAGE, port: 70000 })).toThrow(
      '[no-port] port 70000 is not a port number. Fix: use an integer from 1 to 65535.');
    expect(() => new HardenedDeployment('negative', { image: PINNED_IMAGE, replicas: -1 })).toThrow(
      '[negative] replicas -1 is invalid. Fix: use a whole number of pods, 0 or more.');
  });

  test('props of the wrong type, as JavaScript can pass them, fail naming the prop', () => {
    expect(() => new HardenedDeployment('untyped', { image: PINNED_IMAGE, port: 8080, command: '/app --serve' } as any)).toThrow(
      exactly('[untyped] command "/app --serve" is not a list of strings. Fix: use ["/app", "--serve"].'));
    expect(() => new HardenedDeployment('later', { image: PINNED_IMAGE, port: 8080, namespace: pulumi.output('shop'), labels: { team: 'payments' } })).not.toThrow();
  });

  test('an unknown, placeholder or unneeded override fails', () => {
    expect(() => new HardenedDeployment('typo', { image: PINNED_IMAGE, overrides: [{ rule: 'no-root', justification: JUSTIFICATION }] }))
      .toThrow(/^\[typo\] overrides\[0\] names unknown rule "no-root"/);
    expect(() => new HardenedDeployment('lazy', { image: PINNED_IMAGE, readOnlyRootFilesystem: false, overrides: [{ rule: 'read-only-root-filesystem', justification: 'todo' }] }))
      .toThrow('[lazy] overrides[0] for rule "read-only-root-filesystem" has a placeholder justification ("todo").');
    expect(() => new HardenedDeployment('unneeded', { image: PINNED_IMAGE, overrides: [{ rule: 'read-only-root-filesystem', justification: JUSTIFICATION }] }))
      .toThrow('[unneeded] override for rule "read-only-root-filesystem" is not needed: nothing weakens it. Fix: remove the override.');
  });

  test('a justified weakening is applied and recorded on the objects it affects', async () => {
    const { objects } = await deploy('cache', {
      image: PINNED_IMAGE, port: 8080, readOnlyRootFilesystem: false, overrides: [{ rule: 'read-only-root-filesystem', justification: JUSTIFICATION }],
    });
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(JSON.parse(deployment.metadata.annotations['kubeharden.io/overrides'])).toEqual([{ rule: 'read-only-root-filesystem', justification: JUSTIFICATION }]);
  });
});

describe('HardenedDeployment with Inputs', () => {
  test('creates the same children from an image and a namespace given as Outputs, and resolves them to the same objects', async () => {
    const { component, objects } = await deploy('built', {
      image: pulumi.output(PINNED_IMAGE),
      namespace: pulumi.output('shop'),
      port: 8080,
      env: { DB_HOST: Promise.resolve('db.shop.svc') },
      allowEgressTo: [{ namespace: pulumi.output('data'), workload: 'db', ports: [5432] }],
    });
    expect(component.resources).toHaveLength(5);
    const plain = await deploy('plain', {
      image: PINNED_IMAGE,
      namespace: 'shop',
      port: 8080,
      env: { DB_HOST: 'db.shop.svc' },
      allowEgressTo: [{ namespace: 'data', workload: 'db', ports: [5432] }],
    });
    const renamed = JSON.parse(JSON.stringify(plain.objects).replace(/"plain/g, '"built'));
    expect(objects).toEqual(renamed);
  });

  test('props that cannot work fail at once, even with Inputs', () => {
    expect(() => new HardenedDeployment('early', { image: pulumi.output(PINNED_IMAGE), port: 70000 })).toThrow(/^\[early\] port 70000 is not a port number/);
  });

  test.each([
    ['name', { name: pulumi.output('other') }],
    ['port', { port: pulumi.output(8080) }],
    ['ports', { port: undefined, ports: [{ port: Promise.resolve(8080) }] }],
    ['replicas', { replicas: pulumi.output(3) }],
  ])('%s given as an Output fails at once: it decides which objects the component creates', (prop, props) => {
    expect(() => new HardenedDeployment('planned', { image: PINNED_IMAGE, port: 8080, ...props } as any)).toThrow(
      `[planned] ${prop} is an Output (or a Promise), but it decides which objects the component creates. Fix: pass ${prop} as a plain value.`);
  });

  test.each([
    ['privileged', { privileged: pulumi.output(true) }],
    ['readOnlyRootFilesystem', { readOnlyRootFilesystem: Promise.resolve(false) }],
  ])('%s given as an Output, which the props check reads as a plain value, is an error saying so', (prop, props) => {
    expect(() => new HardenedDeployment('flag', { image: PINNED_IMAGE, port: 8080, ...props } as any)).toThrow(exactly(
      `[flag] ${prop} is an Output (or a Promise), but kubeharden checks it before it creates the objects. Fix: pass ${prop} as a plain value.`));
  });

  test.each([
    ['overrides[0].justification', [{ rule: 'read-only-root-filesystem', justification: pulumi.output('Vendor image writes to /var/cache, see SEC-1234') }]],
    ['overrides[0].rule', [{ rule: pulumi.output('read-only-root-filesystem'), justification: 'Vendor image writes to /var/cache, see SEC-1234' }]],
    ['overrides', pulumi.output([{ rule: 'read-only-root-filesystem', justification: 'Vendor image writes to /var/cache, see SEC-1234' }])],
  ])('%s given as an Output is an error saying so, not a judgement of a stand-in value', (field, overrides) => {
    expect(() => new HardenedDeployment('waived', { image: PINNED_IMAGE, port: 8080, readOnlyRootFilesystem: false, overrides } as any)).toThrow(exactly(
      `[waived] ${field} is an Output (or a Promise), but overrides are checked before the objects are created. Fix: pass ${field} as a plain value.`));
  });
});

describe('HardenedDeployment, transforms given to the component', () => {
  const privileged: pulumi.ResourceTransform = (args) => {
    if (args.type !== 'kubernetes:apps/v1:Deployment') return undefined;
    const props = JSON.parse(JSON.stringify(args.props));
    props.spec.template.spec.containers[0].securityContext.privileged = true;
    return { props, opts: args.opts };
  };

  test('are applied to the children and audited', async () => {
    const relabel: pulumi.ResourceTransform = (args) => ({ props: { ...args.props, metadata: { ...args.props.metadata, labels: { team: 'shop' } } }, opts: args.opts });
    const { objects } = await deploy('relabelled', { image: PINNED_IMAGE, port: 8080 }, { transforms: [relabel] });
    expect(objects.map((o) => o.metadata.labels)).toEqual(objects.map(() => ({ team: 'shop' })));
  });

  test('opts.transformations, which would change the children after the audit, are refused', () => {
    const unaudited: pulumi.ResourceTransformation = (args) => ({ props: args.props, opts: args.opts });
    expect(() => new HardenedDeployment('legacy-hook', { image: PINNED_IMAGE, port: 8080 }, { transformations: [unaudited] })).toThrow(exactly(
      '[legacy-hook] opts.transformations would change the children after kubeharden audits them. '
      + 'Fix: pass them as opts.transforms, which kubeharden applies to the children before its audit.'));
  });

  test('a justified weakening by a transform passes', async () => {
    const { objects } = await deploy('justified', {
      image: PINNED_IMAGE, port: 8080, overrides: [{ rule: 'no-privileged', justification: 'Loads a kernel module at start, approved in SEC-77' }],
    }, { transforms: [privileged] });
    expect(objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].securityContext.privileged).toBe(true);
  });
});

describe('HardenedDeployment, errors found once Inputs resolve or transforms run, in a Pulumi program', () => {
  // A failing Output fails the registration of the children that use it; Pulumi reports that unhandled error on
  // the resource it names. The program runs in its own process, as under the Pulumi CLI.
  let report: Array<{ type: string; message: string; resource?: string }>;
  beforeAll(() => {
    const program = join(__dirname, 'programs', 'failing-after-resolution.ts');
    // The exit status is 1 either way: the registrations that never complete are reported as leaked promises.
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register', program], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json', TS_NODE_TRANSPILE_ONLY: 'true' },
      encoding: 'utf-8',
    });
    report = JSON.parse(run.stdout.trim().split('\n').pop()!);
  });
  const errorOn = (component: string) => report.find((e) => e.message.startsWith(`[${component}] `));

  test('each failing component reports one ResourceError', () => {
    expect(report.map((e) => e.type)).toEqual(Array(8).fill('ResourceError'));
  });

  test('a tag-only image known only once resolved fails on the Deployment, naming image-digest-pinned', () => {
    expect(errorOn('late')).toEqual({
      type: 'ResourceError',
      resource: 'late/Deployment',
      message: '[late] image-digest-pinned: Deployment/late container "late" image "registry.example.com/team/app:1.0.0" is not pinned by digest '
        + '(at /spec/template/spec/containers/0/image). Fix: Pin the image by digest: get it with `crane digest <image>` or '
        + '`docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>. '
        + 'Or, to accept the risk, add an override { rule: \'image-digest-pinned\', justification: \'<why, at least 20 characters>\' }.',
    });
  });

  test('bad props known only once resolved fail on the component', () => {
    expect(errorOn('garbled')).toEqual({
      type: 'ResourceError',
      resource: 'garbled',
      message: '[garbled] image "not an image" is not a valid image reference. Fix: use registry/repository[:tag]@sha256:<64 hex digits>.',
    });
  });

  test('a transform that weakens a child fails on that child', () => {
    expect(errorOn('patched')).toMatchObject({ resource: 'patched/Deployment' });
    expect(errorOn('patched')!.message).toMatch(/^\[patched\] no-privileged: Deployment\/patched .*privileged.* \(at \/spec\/template\/spec\/containers\/0\/securityContext\/privileged\)/);
  });

  test('a member in another namespace than its network fails the network once an Output namespace resolves', () => {
    expect(errorOn('late-network')).toEqual({
      type: 'ResourceError',
      resource: 'late-network',
      message: '[late-network] member "in-other" is in namespace "other", not in the network\'s namespace "shop". '
        + 'Fix: create the network in "other", or move the workload.',
    });
    expect(errorOn('plain-network')).toEqual({
      type: 'ResourceError',
      resource: 'plain-network',
      message: '[plain-network] member "later-in-other" is in namespace "other", not in the network\'s namespace "shop". '
        + 'Fix: create the network in "other", or move the workload.',
    });
  });

  test('a transform may not change resource options', () => {
    expect(errorOn('protected')).toEqual({
      type: 'ResourceError',
      resource: 'protected',
      message: '[protected] a transform changed the resource options of kubernetes:core/v1:ServiceAccount "protected". '
        + 'Fix: transforms given to kubeharden components may change inputs only; set resource options on the component.',
    });
  });

  test('inputs that resolve to other objects than planned fail on the component', () => {
    expect(errorOn('unplanned')).toEqual({
      type: 'ResourceError',
      resource: 'unplanned',
      message: '[unplanned] the resolved inputs produce other objects (ServiceAccount/unplanned, Deployment/unplanned, Service/unplanned, '
        + 'NetworkPolicy/unplanned, PodDisruptionBudget/unplanned) than the plain props (Deployment/unplanned, Service/unplanned, '
        + 'NetworkPolicy/unplanned, PodDisruptionBudget/unplanned). '
        + 'Fix: pass the props that decide which objects exist (name, ports, replicas, serviceAccountName) as plain values.',
    });
  });

  test('a transform may not add fields', () => {
    expect(errorOn('extended')).toEqual({
      type: 'ResourceError',
      resource: 'extended',
      message: '[extended] a transform added the field data to kubernetes:core/v1:ServiceAccount "extended". '
        + 'Fix: transforms given to kubeharden components may change only the fields the object has (apiVersion, kind, metadata, automountServiceAccountToken).',
    });
  });
});
