import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import * as crossGuardProxy from '@pulumi/policy/proxy';
import * as pulumi from '@pulumi/pulumi';
import { buildHardenedDeployment } from '../../src/core/build/hardened-deployment';
import type { KubeObject } from '../../src/core/types';
import { kubernetesTypeToken, policies } from '../../src/pulumi';
import { RULES } from '../../src/rules/registry';
import { compliantDeployment, compliantPolicy, PINNED_IMAGE, tweak } from '../fixtures';

const JUSTIFICATION = 'Vendor publishes tags only; digest pinning tracked in SEC-142';

const urnOf = (type: string, name: string) => `urn:pulumi:stack::project::${type}::${name}`;

/** The arguments CrossGuard passes to `validateResource`, for `props` registered as `type`. */
function resourceArgs(type: string, props: Record<string, unknown>, config: object = {}): ResourceValidationArgs {
  const objectName = (props.metadata as any)?.name;
  const name = typeof objectName === 'string' ? objectName : 'resource';
  return {
    type,
    props,
    urn: urnOf(type, name),
    name,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      additionalSecretOutputs: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

/** The CrossGuard resource of a Kubernetes object, typed by its apiVersion and kind. */
function policyResource(object: KubeObject): PolicyResource {
  const { apiVersion: _v, kind: _k, ...props } = object;
  const args = resourceArgs(kubernetesTypeToken(object), props);
  return { ...args, dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
}

function stackArgs(objects: readonly KubeObject[], config: object = {}): StackValidationArgs {
  return {
    resources: objects.map(policyResource),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

const policy = (name: string) => policies.find((p) => p.name === name)!;

/** The violations of the resource policy `name` on `object` (a Kubernetes object or resource props). */
function violations(name: string, type: string, props: Record<string, unknown>, config: object = {}): Array<[string, string | undefined]> {
  const found: Array<[string, string | undefined]> = [];
  type Validate = (args: ResourceValidationArgs, report: (message: string, urn?: string) => void) => void;
  const validate = (policy(name) as ResourceValidationPolicy).validateResource as Validate;
  validate(resourceArgs(type, props, config), (message, urn) => found.push([message, urn]));
  return found;
}

/** How CrossGuard's policy server wraps props (its typings leave these out as internal). */
const { unknownCheckingProxy, unknownArrayValue, unknownObjectValue } = crossGuardProxy as unknown as {
  readonly unknownArrayValue: unknown;
  readonly unknownObjectValue: unknown;
  unknownCheckingProxy<T extends object>(props: T): T;
};

/** The violations of every policy on every object of a stack. */
function allViolations(objects: readonly KubeObject[]): Array<[string, string, string | undefined]> {
  const found: Array<[string, string, string | undefined]> = [];
  for (const p of policies) {
    const report = (message: string, urn?: string) => found.push([p.name, message, urn]);
    if ('validateStack' in p) {
      void (p as StackValidationPolicy).validateStack(stackArgs(objects), report);
    } else {
      for (const resource of objects.map(policyResource)) {
        void ((p as ResourceValidationPolicy).validateResource as any)(resourceArgs(resource.type, resource.props), report);
      }
    }
  }
  return found;
}

const DEPLOYMENT = 'kubernetes:apps/v1:Deployment';

describe('the policy list', () => {
  test('has one policy per rule, named after its id, and a mandatory one for the high findings of a medium rule', () => {
    expect(policies.map((p) => p.name)).toEqual(RULES.flatMap((r) => (r.id === 'pss-namespace-labels' ? [r.id, `${r.id}-mandatory`] : [r.id])));
  });

  test('a Namespace enforcing the privileged level breaks the mandatory policy; one without labels, the advisory one', () => {
    const namespace = (labels: Record<string, string>) => ({ metadata: { name: 'shop', labels } });
    const privileged = namespace({ 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(policy('pss-namespace-labels-mandatory')).toMatchObject({ enforcementLevel: 'mandatory', severity: 'high' });
    expect(policy('pss-namespace-labels')).toMatchObject({ enforcementLevel: 'advisory', severity: 'medium' });
    expect(violations('pss-namespace-labels-mandatory', 'kubernetes:core/v1:Namespace', privileged).map(([m]) => m.split(' (at ')[0]))
      .toEqual(['Namespace/shop namespace "shop" enforces the privileged level, not restricted']);
    expect(violations('pss-namespace-labels', 'kubernetes:core/v1:Namespace', privileged).map(([m]) => m.split(' (at ')[0])).toEqual([
      'Namespace/shop namespace "shop" has no pod-security.kubernetes.io/audit label',
      'Namespace/shop namespace "shop" has no pod-security.kubernetes.io/warn label',
    ]);
    expect(violations('pss-namespace-labels-mandatory', 'kubernetes:core/v1:Namespace', namespace({}))).toEqual([]);
  });

  test('a resource whose overrides annotation is not known yet is skipped: which findings it exempts is not known', () => {
    const privileged = tweak(compliantDeployment(), (d) => {
      d.spec.template.spec.containers[0].securityContext.privileged = true;
      d.metadata.annotations = { 'kubeharden.io/overrides': pulumi.unknown };
    });
    expect(violations('no-privileged', DEPLOYMENT, privileged)).toEqual([]);
    expect(violations('no-privileged', DEPLOYMENT, tweak(privileged, (d) => (d.metadata.annotations = pulumi.unknown)))).toEqual([]);
  });

  test('is mandatory for critical and high rules, advisory below', () => {
    for (const rule of RULES) {
      expect([rule.id, policy(rule.id).enforcementLevel]).toEqual([rule.id, ['critical', 'high'].includes(rule.severity) ? 'mandatory' : 'advisory']);
    }
    expect(policy('image-digest-pinned').enforcementLevel).toBe('mandatory');
    expect(policy('trusted-registry').enforcementLevel).toBe('advisory');
  });

  test('carries each rule\'s title, severity, fix and reference', () => {
    const rule = RULES.find((r) => r.id === 'read-only-root-filesystem')!;
    expect(policy(rule.id)).toMatchObject({ description: rule.title, severity: rule.severity, remediationSteps: rule.fix, url: rule.references[0] });
  });

  test('checks network-default-deny and no-service-account-token over the stack, every other rule per resource', () => {
    expect(policies.filter((p) => 'validateStack' in p).map((p) => p.name)).toEqual(['no-service-account-token', 'network-default-deny']);
    expect(policies.filter((p) => 'validateResource' in p)).toHaveLength(RULES.length - 2 + 1); // pss-namespace-labels-mandatory too
  });

  test('finds nothing on the objects of a HardenedDeployment', () => {
    const built = buildHardenedDeployment('api', 'api', { image: PINNED_IMAGE, port: 8080, namespace: 'shop' });
    expect(allViolations(built.objects)).toEqual([]);
  });
});

describe('resource policies', () => {
  const tagOnly = tweak(compliantDeployment(), (d) => (d.spec.template.spec.containers[0].image = 'registry.example.com/team/app:1.0.0'));

  test('image-digest-pinned reports a tag-only image with the object, field and fix', () => {
    expect(violations('image-digest-pinned', DEPLOYMENT, tagOnly)).toEqual([[
      'Deployment/shop/app container "app" image "registry.example.com/team/app:1.0.0" is not pinned by digest '
      + '(at /spec/template/spec/containers/0/image). Fix: Pin the image by digest: get it with `crane digest <image>` or '
      + '`docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>. '
      + 'Or add to the object\'s annotation kubeharden.io/overrides: [{"rule":"image-digest-pinned","justification":"<why, at least 20 characters>"}].',
      undefined,
    ]]);
  });

  test('props wrapped as CrossGuard wraps them (its unknown-checking proxy, lists included) are audited', () => {
    const privileged = tweak(compliantDeployment(), (d) => (d.spec.template.spec.containers[0].securityContext.privileged = true));
    expect(violations('no-privileged', DEPLOYMENT, unknownCheckingProxy(privileged)).map(([message]) => message.split(' (at ')[0]))
      .toEqual(['Deployment/shop/app privileged (container "app" must not set securityContext.privileged=true)']);
  });

  test('a container list, or a container, unknown during preview is skipped, not an error', () => {
    for (const unknown of [
      tweak(compliantDeployment(), (d) => (d.spec.template.spec.containers = unknownArrayValue)),
      tweak(compliantDeployment(), (d) => (d.spec.template.spec.containers[0] = unknownObjectValue)),
    ]) {
      expect(violations('no-privileged', DEPLOYMENT, unknownCheckingProxy(unknown))).toEqual([]);
    }
  });

  test('a violation on an object whose name is not known yet names its Pulumi resource', () => {
    const privileged = tweak(compliantDeployment(), (d) => (d.spec.template.spec.containers[0].securityContext.privileged = true));
    for (const metadata of [{ name: pulumi.unknown, namespace: 'shop' }, { name: 'app', namespace: pulumi.unknown }]) {
      expect(violations('no-privileged', DEPLOYMENT, { ...privileged, metadata }).map(([m]) => m.split(' (at ')[0]))
        .toEqual([`Deployment "${typeof metadata.name === 'string' ? metadata.name : 'resource'}" privileged (container "app" must not set securityContext.privileged=true)`]);
    }
  });

  test('a violation says why an overrides annotation that cannot be used exempted nothing', () => {
    const misspelt = tweak(tagOnly, (d) => {
      d.metadata.annotations = { 'kubeharden.io/overrides': JSON.stringify([{ rule: 'image-digest-pined', justification: JUSTIFICATION }]) };
    });
    expect(violations('image-digest-pinned', DEPLOYMENT, misspelt)[0][0]).toMatch(
      / Its current kubeharden\.io\/overrides names unknown rule "image-digest-pined"\. Fix: use a rule id from RULES\.md \(did you mean "image-digest-pinned"\?\)\.$/);
  });

  test('a policy reports only its own rule', () => {
    expect(violations('read-only-root-filesystem', DEPLOYMENT, tagOnly)).toEqual([]);
  });

  test('takes apiVersion and kind from the type token when the props lack them', () => {
    const { apiVersion: _v, kind: _k, ...props } = tagOnly;
    expect(violations('image-digest-pinned', DEPLOYMENT, props)).toHaveLength(1);
    expect(violations('image-digest-pinned', 'kubernetes:batch/v1:Job', { spec: props.spec })).toHaveLength(1);
  });

  test('runs the restricted Pod Security checks that belong to the rule', () => {
    const privileged = tweak(compliantDeployment(), (d) => (d.spec.template.spec.containers[0].securityContext.privileged = true));
    expect(violations('no-privileged', DEPLOYMENT, privileged).map(([m]) => m)).toEqual([
      expect.stringMatching(/^Deployment\/shop\/app .*privileged.* \(at \/spec\/template\/spec\/containers\/0\/securityContext\/privileged\)/),
    ]);
  });

  test('honours a justified override in kubeharden.io/overrides, not an expired one', () => {
    const annotated = (override: object) => tweak(tagOnly, (d) => (d.metadata.annotations = { 'kubeharden.io/overrides': JSON.stringify([override]) }));
    expect(violations('image-digest-pinned', DEPLOYMENT, annotated({ rule: 'image-digest-pinned', justification: JUSTIFICATION }))).toEqual([]);
    const expired = violations('image-digest-pinned', DEPLOYMENT, annotated({ rule: 'image-digest-pinned', justification: JUSTIFICATION, expires: '2020-01-01' }));
    expect(expired.map(([m]) => m)).toEqual([expect.stringContaining('(override not honoured: expired on 2020-01-01)')]);
  });

  test('reads allowedRegistries from the policy configuration', () => {
    expect(violations('trusted-registry', DEPLOYMENT, compliantDeployment())).toEqual([]);
    expect(violations('trusted-registry', DEPLOYMENT, compliantDeployment(), { allowedRegistries: ['registry.internal'] }).map(([m]) => m))
      .toEqual([expect.stringContaining('is not from an allowed registry (registry.internal)')]);
  });

  test('hold a …Patch resource to the fields it sets, not to those it leaves out', () => {
    const patch = { metadata: { name: 'api', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'api', securityContext: { privileged: true } }] } } } };
    expect(violations('no-privileged', 'kubernetes:apps/v1:DeploymentPatch', patch)).toEqual([[
      'a patch of Deployment/shop/api privileged (container "api" must not set securityContext.privileged=true) '
      + '(at /spec/template/spec/containers/0/securityContext/privileged). Fix: Remove securityContext.privileged (or set it to false) and '
      + 'windowsOptions.hostProcess; grant the one capability needed instead. Or add to the object\'s annotation kubeharden.io/overrides: '
      + '[{"rule":"no-privileged","justification":"<why, at least 20 characters>"}].',
      undefined,
    ]]);
    for (const rule of ['run-as-non-root', 'resource-limits', 'drop-all-capabilities', 'read-only-root-filesystem']) {
      expect(violations(rule, 'kubernetes:apps/v1:DeploymentPatch', patch)).toEqual([]);
    }
  });

  test.each([
    ['aws:s3/bucket:Bucket'], ['kubernetes:helm.sh/v4:Chart'], ['kubernetes:core/v1:ServicePatch'], ['kubeharden:index:HardenedDeployment'],
  ])('ignores %s', (type) => {
    for (const p of policies.filter((x) => 'validateResource' in x)) {
      expect(violations(p.name, type, tagOnly)).toEqual([]);
    }
  });

  test('skips fields unknown during preview, and still checks the rest', () => {
    // CrossGuard hands the props in a proxy that throws when an unknown value is read.
    const unknownImage = (value: any): any => new Proxy(value, {
      get: (target, key) => {
        if (key === 'image') throw new Error('string value at .spec.template.spec.containers[0].image can\'t be known during preview');
        const field = target[key as string];
        return field !== null && typeof field === 'object' ? unknownImage(field) : field;
      },
    });
    const privileged = tweak(tagOnly, (d) => (d.spec.template.spec.containers[0].securityContext.privileged = true));
    expect(violations('image-digest-pinned', DEPLOYMENT, unknownImage(privileged))).toEqual([]);
    expect(violations('no-privileged', DEPLOYMENT, unknownImage(privileged))).toHaveLength(1);
  });
});

describe('stack policies', () => {
  const stackViolations = (name: string, objects: readonly KubeObject[]) => {
    const found: Array<[string, string | undefined]> = [];
    void (policy(name) as StackValidationPolicy).validateStack(stackArgs(objects), (message, urn) => found.push([message, urn]));
    return found;
  };

  test('network-default-deny reports a workload no NetworkPolicy selects, on that resource', () => {
    expect(stackViolations('network-default-deny', [compliantDeployment()])).toEqual([[
      expect.stringMatching(/^Deployment\/shop\/app no NetworkPolicy restricts the ingress or egress of these pods \(at \/spec\/template\/metadata\/labels\)/),
      urnOf(DEPLOYMENT, 'app'),
    ]]);
    expect(stackViolations('network-default-deny', [compliantDeployment(), compliantPolicy()])).toEqual([]);
  });

  test('network-default-deny decides nothing while a NetworkPolicy is unknown during preview', () => {
    const unknownPolicy = tweak(compliantPolicy(), (p) => (p.spec = { [pulumi.runtime.specialSigKey]: 'unknown' }));
    expect(stackViolations('network-default-deny', [compliantDeployment(), unknownPolicy])).toEqual([]);
    const unknownNamespace = tweak(compliantDeployment(), (d) => (d.metadata.namespace = pulumi.unknown));
    expect(stackViolations('network-default-deny', [unknownNamespace])).toEqual([]);
  });

  test('no-service-account-token accepts a pod whose ServiceAccount opts out', () => {
    const pod = tweak(compliantDeployment(), (d) => {
      delete d.spec.template.spec.automountServiceAccountToken;
      d.spec.template.spec.serviceAccountName = 'app';
    });
    const account: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'shop' }, automountServiceAccountToken: false };
    expect(stackViolations('no-service-account-token', [pod])).toHaveLength(1);
    expect(stackViolations('no-service-account-token', [pod, account])).toEqual([]);
  });
});
