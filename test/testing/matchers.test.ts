import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as yaml from 'js-yaml';
import { HardenedDeployment } from '../../src/cdk8s';
import { ruleDocsLink } from '../../src/config/rule-docs';
import { formatFindings, kubehardenMatchers, objectsOf, registerMatchers, toBeHardened } from '../../src/testing';
import { compliantDeployment, compliantPolicy, PINNED_IMAGE } from '../fixtures';

/** Messages with the RULES.md links written relative, whatever repository package.json names. */
const RULES_DOC = ruleDocsLink('x').slice(0, -'#x'.length);
const relativeLinks = (text: string) => text.split(`${RULES_DOC}#`).join('RULES.md#');

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The message of the assertion error `assertion` throws. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return relativeLinks(stripAnsi((e as Error).message));
  }
  throw new Error('expected the assertion to fail');
}

function hardenedChart(): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop', disableResourceNameHashes: true });
  new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
  return chart;
}

function plainChart(image = 'nginx:1.27'): Chart {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop', disableResourceNameHashes: true });
  new kplus.Deployment(chart, 'web', { containers: [{ name: 'web', image, portNumber: 8080 }] });
  return chart;
}

const WEB = 'Deployment/shop/shop-web';
const C = '/spec/template/spec/containers/0';

describe('import of kubeharden/testing', () => {
  test('registers the matchers on the global expect', () => {
    expect(typeof (expect as any)(1).toBeHardened).toBe('function');
    expect(typeof (expect as any)(1).toHaveNoFindings).toBe('function');
  });

  test('registerMatchers extends the expect it is given', () => {
    const extend = jest.fn();
    registerMatchers({ extend });
    expect(extend).toHaveBeenCalledWith(kubehardenMatchers);
  });
});

describe('toBeHardened', () => {
  test('passes for a chart of kubeharden constructs', () => {
    expect(hardenedChart()).toBeHardened();
  });

  test('fails for a plain cdk8s-plus-28 Deployment, one line per finding then its fix', () => {
    const message = failureOf(() => expect(plainChart()).toBeHardened());
    expect(message).toBe([
      'expect(received).toBeHardened()',
      '',
      '6 findings in 1 object (restricted Pod Security Standard latest; findings at or above medium fail):',
      `  high drop-all-capabilities ${WEB} ${C}/securityContext/capabilities/drop — unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"])`,
      '    Fix: Set securityContext.capabilities.drop: ["ALL"] and add nothing (NET_BIND_SERVICE only for ports below 1024). See RULES.md#drop-all-capabilities',
      `  high seccomp-runtime-default ${WEB} /spec/template/spec/securityContext/seccompProfile/type — seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`,
      '    Fix: Set securityContext.seccompProfile.type: RuntimeDefault at pod level (or Localhost with a profile). See RULES.md#seccomp-runtime-default',
      `  high run-as-non-root ${WEB} ${C}/securityContext/runAsUser — container "web" has no explicit runAsUser, so its uid comes from the image`,
      '    Fix: Set securityContext.runAsNonRoot: true and runAsUser/runAsGroup to a non-zero id (kubeharden uses 65532). See RULES.md#run-as-non-root',
      `  high run-as-non-root ${WEB} ${C}/securityContext/runAsGroup — container "web" has no explicit runAsGroup`,
      '    Fix: Set securityContext.runAsNonRoot: true and runAsUser/runAsGroup to a non-zero id (kubeharden uses 65532). See RULES.md#run-as-non-root',
      `  high image-digest-pinned ${WEB} ${C}/image — container "web" image "nginx:1.27" is not pinned by digest`,
      '    Fix: Pin the image by digest: get it with `crane digest <image>` or `docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>. '
        + 'See RULES.md#image-digest-pinned',
      `  high network-default-deny ${WEB} /spec/template/metadata/labels — no NetworkPolicy restricts the ingress or egress of these pods`,
      '    Fix: Add a NetworkPolicy selecting the pods with policyTypes [Ingress, Egress] (kubeharden\'s constructs and IsolatedNetwork emit them), '
        + 'and a default-deny policy per namespace; give every rule its peers (from/to) or ports. See RULES.md#network-default-deny',
    ].join('\n'));
  });

  test('.not passes for a plain Deployment and fails, with the count, for a hardened chart', () => {
    expect(plainChart()).not.toBeHardened();
    expect(failureOf(() => expect(hardenedChart()).not.toBeHardened())).toBe([
      'expect(received).not.toBeHardened()',
      '',
      'No finding fails in 5 objects (restricted Pod Security Standard latest; findings at or above medium fail).',
    ].join('\n'));
  });

  test('level, rules, failOn, severity and allowedRegistries select what fails', () => {
    const chart = plainChart();
    expect(chart).toBeHardened({ level: 'baseline', rules: 'pss' });
    expect(chart).not.toBeHardened({ level: 'restricted', rules: 'pss' });
    expect(chart).toBeHardened({ failOn: 'critical' });
    expect(chart).toBeHardened({ rules: ['trusted-registry'] });
    expect(chart).not.toBeHardened({ rules: ['trusted-registry'], severity: { 'trusted-registry': 'high' } });
    expect(chart).not.toBeHardened({ rules: ['trusted-registry'], allowedRegistries: ['registry.example.com'] });
    expect(chart).toBeHardened({ rules: ['trusted-registry'], allowedRegistries: ['docker.io'] });
  });

  test('honours kubeharden.io/overrides annotations and reports the exemptions under .not', () => {
    const object = compliantDeployment();
    object.spec.template.spec.containers[0].image = 'registry.example.com/team/app:1.0.0';
    object.metadata.annotations = {
      'kubeharden.io/overrides': JSON.stringify([{ rule: 'image-digest-pinned', justification: 'Vendor publishes tags only; digest pinning tracked in SEC-142' }]),
    };
    expect(failureOf(() => expect(object).not.toBeHardened({ rules: ['image-digest-pinned'] }))).toBe([
      'expect(received).not.toBeHardened()',
      '',
      'No finding fails in 1 object (restricted Pod Security Standard latest; findings at or above medium fail); 1 finding exempted by kubeharden.io/overrides.',
    ].join('\n'));
  });

  test('fails with cdk8s\'s message when the app does not pass its own validations', () => {
    const chart = hardenedChart();
    ApiObject.of(chart.node.findChild('api')).addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true));
    const message = failureOf(() => expect(chart).toBeHardened());
    expect(message).toMatch(/^expect\(received\)\.toBeHardened\(\)\n\nThe cdk8s app failed its synth-time validation:\nValidation failed with the following errors:\n {2}\[shop\/api\] /);
    expect(message).toContain('no-host-namespaces');
  });

  test('is usable as a plain function, without jest', () => {
    const result = toBeHardened(hardenedChart());
    expect(result.pass).toBe(true);
    expect(result.message()).toBe('expect(received).toBeHardened()\n\nNo finding fails in 5 objects (restricted Pod Security Standard latest; findings at or above medium fail).');
  });
});

describe('toHaveNoFindings', () => {
  test('fails on a finding of any severity, which toBeHardened tolerates', () => {
    const object = compliantDeployment();
    object.spec.template.spec.containers[0].image = 'nginx@sha256:' + 'a'.repeat(64);
    expect([object, compliantPolicy()]).toBeHardened();
    expect(failureOf(() => expect(object).toHaveNoFindings({ rules: ['trusted-registry'] }))).toBe([
      'expect(received).toHaveNoFindings()',
      '',
      '1 finding in 1 object (any finding fails):',
      `  low trusted-registry Deployment/shop/app ${C}/image — container "app" image "nginx@sha256:${'a'.repeat(64)}" names no registry, so it is pulled from Docker Hub`,
      '    Fix: Reference the image through your own registry (registry.example.com/team/app@sha256:<digest>), or add its registry to allowedRegistries. '
        + 'See RULES.md#trusted-registry',
    ].join('\n'));
  });

  test('passes for kubeharden constructs', () => {
    expect(hardenedChart()).toHaveNoFindings();
  });
});

describe('what the matchers accept', () => {
  test('a Chart, an App, a construct inside a chart, objects, one object, a List and YAML text', () => {
    const chart = hardenedChart();
    const objects = Testing.synth(chart);
    expect(objectsOf(chart)).toEqual(objects);
    expect(objectsOf(App.of(chart))).toEqual(objects);
    expect(objectsOf(chart.node.findChild('api'))).toEqual(objects);
    expect(objectsOf(objects)).toEqual(objects);
    expect(objectsOf(objects[0])).toEqual([objects[0]]);
    expect(objectsOf({ apiVersion: 'v1', kind: 'List', items: objects })).toEqual(objects);
    expect(objectsOf(objects.map((o) => yaml.dump(o)).join('---\n'))).toEqual(objects);
    expect(objects.map((o) => yaml.dump(o)).join('---\n')).toBeHardened();
  });

  test('only the ApiObjects under a construct that is not a chart', () => {
    const chart = new Chart(Testing.app(), 'shop', { disableResourceNameHashes: true });
    const team = new Construct(chart, 'team');
    new kplus.ConfigMap(team, 'settings', { data: { a: 'b' } });
    new kplus.ConfigMap(chart, 'other');
    expect(objectsOf(team).map((o) => o.metadata?.name)).toEqual(['shop-team-settings']);
  });

  test('anything else is a usage error naming what was received', () => {
    expect(() => expect(42).toBeHardened()).toThrow('expected a cdk8s App, Chart or construct, Kubernetes objects or YAML text, got a number 42');
    expect(() => expect([{ name: 'x' }]).toBeHardened()).toThrow('item 0 is not a Kubernetes object (it needs apiVersion and kind): an object with keys name');
    expect(() => expect('a: [').toBeHardened()).toThrow(/<yaml>:2: invalid YAML: unexpected end of the stream/);
  });
});

describe('without cdk8s installed', () => {
  test('the matchers load and audit objects and YAML', () => {
    jest.isolateModules(() => {
      jest.doMock('cdk8s', () => {
        throw new Error('Cannot find module \'cdk8s\'');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const testing = require('../../src/testing') as typeof import('../../src/testing');
      expect(testing.toBeHardened([compliantDeployment(), compliantPolicy()]).pass).toBe(true);
      expect(testing.toHaveNoFindings(yaml.dump(compliantDeployment()), { rules: ['run-as-non-root'] }).pass).toBe(true);
      expect(() => testing.objectsOf(Testing.chart())).toThrow(
        'a construct was given but the cdk8s package cannot be loaded: install cdk8s, or pass objects or YAML');
    });
  });
});

describe('formatFindings', () => {
  test('is empty for no findings', () => {
    expect(formatFindings([])).toBe('');
  });
});
