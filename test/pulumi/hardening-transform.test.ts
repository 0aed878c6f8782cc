import * as pulumi from '@pulumi/pulumi';
import * as fc from 'fast-check';
import { resolved } from './mocks';
import { audit, InvalidObjectError } from '../../src/audit/engine';
import type { KubeObject } from '../../src/core/types';
import { HardeningFinding, hardeningTransform, hardenResource } from '../../src/pulumi';
import { withAnyField } from '../any-field';
import { PINNED_IMAGE } from '../fixtures';

const JUSTIFICATION = 'Chart writes its cache to /var/cache/nginx, replacement tracked in SEC-321';

/** The Deployment a typical third-party chart renders: no security context, no resources, a tag-only image. */
function nginxDeployment(): Record<string, any> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx', namespace: 'web' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

function transformArgs(type: string, props: Record<string, any>, name = 'nginx') {
  return { custom: true, type, name, props, opts: {} };
}

/** Hardens `props` as `type`, collecting the findings. */
function harden(type: string, props: Record<string, any>, strict = false) {
  const findings: HardeningFinding[] = [];
  const result = hardenResource(transformArgs(type, props), { strict, onFinding: (f) => findings.push(f) });
  return { result, props: result?.props as Record<string, any> | undefined, findings };
}

describe('hardenResource on a third-party Deployment', () => {
  const original = nginxDeployment();
  const { result, props, findings } = harden('kubernetes:apps/v1:Deployment', original);
  const pod = props!.spec.template.spec;

  test('returns new props and the same options', () => {
    expect(result!.opts).toEqual({});
    expect(original).toEqual(nginxDeployment());
  });

  test('passes the restricted Pod Security Standard once hardened', () => {
    expect(audit([props as any], { rules: 'pss', pss: 'restricted' }).findings).toEqual([]);
  });

  test('fills the catalogue defaults: non-root 65532, seccomp, no token, drop ALL, read-only root, tmpfs, resources', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    const container = pod.containers[0];
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts).toEqual([{ name: 'nginx-tmp', mountPath: '/tmp' }, { name: 'nginx-var-run', mountPath: '/var/run' }]);
    expect(container.resources).toEqual({
      requests: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('reports what it cannot fix: the tag-only image and the implicit Docker Hub registry', () => {
    expect(findings.map((f) => [f.rule, f.severity, f.path])).toEqual([
      ['image-digest-pinned', 'high', '/spec/template/spec/containers/0/image'],
      ['trusted-registry', 'low', '/spec/template/spec/containers/0/image'],
    ]);
    expect(findings[0].message).toBe('kubeharden: kubernetes:apps/v1:Deployment "nginx" image-digest-pinned: container "nginx" image "nginx:1.27" '
      + 'is not pinned by digest (at /spec/template/spec/containers/0/image). Fix: Pin the image by digest: get it with `crane digest <image>` '
      + 'or `docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>.');
  });
});

test('called with a bare object (a Helm v3 Chart\'s transformations argument), the transform says it hardens nothing', () => {
  expect(() => hardeningTransform()(nginxDeployment() as never)).toThrow(
    'kubeharden: hardeningTransform() was called with a bare object, not with a resource\'s { type, name, props, opts }, so it could harden nothing. '
    + 'Fix: pass it in the resource option transforms (or transformations) of the Chart, not in its transformations argument.');
});

describe('hardenResource, what it touches', () => {
  test('a pod that names its own ServiceAccount leaves token mounting to it; one on the default account gets no token', () => {
    const operator = nginxDeployment();
    operator.spec.template.spec.serviceAccountName = 'cert-manager';
    expect(harden('kubernetes:apps/v1:Deployment', operator).props!.spec.template.spec.automountServiceAccountToken).toBeUndefined();
    const onDefault = nginxDeployment();
    onDefault.spec.template.spec.serviceAccountName = 'default';
    expect(harden('kubernetes:apps/v1:Deployment', onDefault).props!.spec.template.spec.automountServiceAccountToken).toBe(false);
    // The deprecated serviceAccount names the account when serviceAccountName is empty, as the API server reads it.
    const deprecated = nginxDeployment();
    Object.assign(deprecated.spec.template.spec, { serviceAccountName: '', serviceAccount: 'cert-manager' });
    expect(harden('kubernetes:apps/v1:Deployment', deprecated).props!.spec.template.spec.automountServiceAccountToken).toBeUndefined();
  });

  test('a pod whose ServiceAccount name is unknown during preview keeps its token setting, and the rule is named', () => {
    const props = nginxDeployment();
    props.spec.template.spec.serviceAccountName = pulumi.unknown;
    props.spec.template.spec.containers[0].image = PINNED_IMAGE;
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props, true);
    expect(hardened!.spec.template.spec.automountServiceAccountToken).toBeUndefined();
    expect(hardened!.spec.template.spec.serviceAccountName).toBe(pulumi.unknown);
    expect(findings.map((f) => f.message)).toEqual([
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" is not given the defaults of no-service-account-token: the fields they set or read are not known yet',
    ]);
  });

  test('a container that sets only limits gets them as its requests, as Kubernetes would give them', () => {
    const limited = nginxDeployment();
    limited.spec.template.spec.containers[0].resources = { limits: { cpu: '4', memory: '8Gi' } };
    const { props } = harden('kubernetes:apps/v1:Deployment', limited);
    expect(props!.spec.template.spec.containers[0].resources.requests).toMatchObject({ cpu: '4', memory: '8Gi' });
  });

  test.each([
    ['kubernetes:core/v1:Pod', (spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec }), (o: any) => o.spec],
    ['kubernetes:apps/v1:StatefulSet', (spec: any) => ({ spec: { serviceName: 'db', template: { spec } } }), (o: any) => o.spec.template.spec],
    ['kubernetes:apps/v1:DaemonSet', (spec: any) => ({ spec: { template: { spec } } }), (o: any) => o.spec.template.spec],
    ['kubernetes:apps/v1:ReplicaSet', (spec: any) => ({ spec: { template: { spec } } }), (o: any) => o.spec.template.spec],
    ['kubernetes:batch/v1:Job', (spec: any) => ({ spec: { template: { spec } } }), (o: any) => o.spec.template.spec],
    ['kubernetes:batch/v1:CronJob', (spec: any) => ({ spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec } } } } }),
      (o: any) => o.spec.jobTemplate.spec.template.spec],
  ])('hardens the pod spec of %s', (type, make, podSpecOf) => {
    const { props } = harden(type, make({ containers: [{ name: 'app', image: PINNED_IMAGE }] }));
    expect(podSpecOf(props).securityContext.runAsNonRoot).toBe(true);
    expect(podSpecOf(props).containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test.each([
    'kubernetes:core/v1:Service', 'kubernetes:core/v1:ConfigMap', 'kubernetes:core/v1:ServicePatch',
    'kubernetes:helm.sh/v4:Chart', 'aws:s3/bucket:Bucket', 'kubeharden:index:HardenedDeployment',
  ])('leaves %s alone', (type) => {
    const { result, findings } = harden(type, nginxDeployment());
    expect(result).toBeUndefined();
    expect(findings).toEqual([]);
  });

  describe('a …Patch of a workload', () => {
    /** A server-side apply patch that sets a privileged container with a tag-only image, and leaves the rest out. */
    const weakeningPatch = () => ({
      metadata: { name: 'nginx', namespace: 'web' },
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', securityContext: { privileged: true } }] } } },
    });

    test('is never given defaults, and is held to the values it sets', () => {
      const { result, findings } = harden('kubernetes:apps/v1:DeploymentPatch', weakeningPatch());
      expect(result).toBeUndefined();
      expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual([
        'no-privileged /spec/template/spec/containers/0/securityContext/privileged',
        'image-digest-pinned /spec/template/spec/containers/0/image',
        'trusted-registry /spec/template/spec/containers/0/image',
      ]);
    });

    test('that sets nothing a rule reads passes', () => {
      expect(harden('kubernetes:apps/v1:DeploymentPatch', { metadata: { name: 'nginx' }, spec: { replicas: 3 } }).findings).toEqual([]);
      const pinned = { metadata: { name: 'nginx' }, spec: { template: { spec: { containers: [{ name: 'nginx', image: PINNED_IMAGE }] } } } };
      expect(harden('kubernetes:apps/v1:DeploymentPatch', pinned).findings).toEqual([]);
    });

    test('is refused with strict, naming what it sets', () => {
      const patch = { metadata: { name: 'nginx', namespace: 'web' }, spec: { template: { spec: { hostNetwork: true } } } };
      expect(() => harden('kubernetes:apps/v1:DeploymentPatch', patch, true)).toThrow('kubeharden: kubernetes:apps/v1:DeploymentPatch "nginx" '
        + '(Deployment/web/nginx) sets values that break rules: no-host-namespaces: host namespaces (hostNetwork=true) (at /spec/template/spec/hostNetwork). '
        + 'Fix: Remove hostNetwork, hostPID and hostIPC from the pod spec.');
    });
  });

  test('keeps every value the resource sets, and reports the weakening ones', () => {
    const props = nginxDeployment();
    props.spec.template.spec.securityContext = { runAsUser: 1000 };
    props.spec.template.spec.containers[0].securityContext = { readOnlyRootFilesystem: false };
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props);
    expect(hardened!.spec.template.spec.securityContext.runAsUser).toBe(1000);
    expect(hardened!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    expect(findings.map((f) => f.rule)).toContain('read-only-root-filesystem');
  });

  test('returns undefined when the resource is already hardened', () => {
    const { props } = harden('kubernetes:apps/v1:Deployment', nginxDeployment());
    expect(harden('kubernetes:apps/v1:Deployment', props!).result).toBeUndefined();
  });
});

describe('hardenResource, what it cannot fix', () => {
  function weakened(change: (pod: any) => void) {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].image = PINNED_IMAGE;
    change(props.spec.template.spec);
    return props;
  }

  test.each([
    ['no-privileged', (pod: any) => (pod.containers[0].securityContext = { privileged: true }),
      '/spec/template/spec/containers/0/securityContext/privileged'],
    ['no-host-namespaces', (pod: any) => (pod.hostNetwork = true), '/spec/template/spec/hostNetwork'],
    ['no-host-path', (pod: any) => (pod.volumes = [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }]), '/spec/template/spec/volumes/0/hostPath'],
  ])('%s is reported as a warning, and rejected in strict mode naming the resource, rule and field', (rule, change, path) => {
    const { findings } = harden('kubernetes:apps/v1:Deployment', weakened(change));
    expect(findings.filter((f) => f.severity !== 'low').map((f) => [f.rule, f.path])).toContainEqual([rule, path]);
    expect(() => harden('kubernetes:apps/v1:Deployment', weakened(change), true))
      .toThrow(new RegExp(`^kubeharden: kubernetes:apps/v1:Deployment "nginx" \\(Deployment/web/nginx\\) breaks rules that hardening cannot fix: .*${rule}: .*\\(at ${path}\\)`, 's'));
  });

  test('strict mode rejects a tag-only image with the exact message', () => {
    expect(() => harden('kubernetes:apps/v1:Deployment', nginxDeployment(), true)).toThrow(
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" (Deployment/web/nginx) breaks rules that hardening cannot fix: '
      + 'image-digest-pinned: container "nginx" image "nginx:1.27" is not pinned by digest (at /spec/template/spec/containers/0/image). '
      + 'Fix: Pin the image by digest: get it with `crane digest <image>` or `docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>.');
  });

  test('strict mode only warns about low findings (an implicit Docker Hub image pinned by digest)', () => {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].image = `nginx@sha256:${'a'.repeat(64)}`;
    const { findings, props: hardened } = harden('kubernetes:apps/v1:Deployment', props, true);
    expect(hardened).toBeDefined();
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['trusted-registry', 'low']]);
  });

  test('warns with pulumi.log.warn when no callback is given', () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockImplementation(() => Promise.resolve());
    hardenResource(transformArgs('kubernetes:apps/v1:Deployment', nginxDeployment()));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^kubeharden: kubernetes:apps\/v1:Deployment "nginx" image-digest-pinned: /));
    warn.mockRestore();
  });
});

describe('hardenResource honours kubeharden.io/overrides', () => {
  function withOverride(override: { rule: string; justification: string; expires?: string }) {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].image = PINNED_IMAGE;
    props.metadata.annotations = { 'kubeharden.io/overrides': JSON.stringify([override]) };
    return harden('kubernetes:apps/v1:Deployment', props, true);
  }

  test('a justified override keeps the rule\'s default off and its finding quiet', () => {
    const { props, findings } = withOverride({ rule: 'read-only-root-filesystem', justification: JUSTIFICATION });
    const container = props!.spec.template.spec.containers[0];
    expect(container.securityContext.readOnlyRootFilesystem).toBeUndefined();
    expect(container.volumeMounts).toBeUndefined();
    expect(findings.filter((f) => f.severity !== 'low')).toEqual([]);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });

  test('an expired or unjustified override is not honoured: the default is applied', () => {
    for (const override of [
      { rule: 'read-only-root-filesystem', justification: JUSTIFICATION, expires: '2020-01-01' },
      { rule: 'read-only-root-filesystem', justification: 'todo' },
    ]) {
      expect(withOverride(override).props!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    }
  });
});

describe('hardenResource on pods the defaults must fit', () => {
  test('a Windows pod is given runAsNonRoot, which Windows allows, and no uid or gid, which it refuses', () => {
    const props = nginxDeployment();
    props.spec.template.spec.os = { name: 'windows' };
    props.spec.template.spec.containers[0].image = PINNED_IMAGE;
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props, true);
    const pod = hardened!.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true });
    expect(pod.containers[0].securityContext?.runAsUser).toBeUndefined();
    expect(audit([hardened as KubeObject], { rules: 'pss', pss: 'restricted' }).findings).toEqual([]);
    expect(findings.filter((f) => f.rule === 'run-as-non-root')).toEqual([]);
  });

  test('a field that breaks a restricted Pod Security check and its baseline twin is reported once', () => {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].image = PINNED_IMAGE;
    props.spec.template.spec.containers[0].securityContext = { seccompProfile: { type: 'Unconfined' }, capabilities: { add: ['NET_ADMIN'] } };
    const { findings } = harden('kubernetes:apps/v1:Deployment', props);
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['drop-all-capabilities', '/spec/template/spec/containers/0/securityContext/capabilities/add/0'],
      ['seccomp-runtime-default', '/spec/template/spec/containers/0/securityContext/seccompProfile/type'],
    ]);
  });

  test('a namespace that is an object, even one whose toString is not a function, is named, not a crash', () => {
    const props = nginxDeployment();
    props.metadata.namespace = { toString: 0 };
    expect(harden('kubernetes:apps/v1:Deployment', props).findings[0].message).toMatch(/^kubeharden: kubernetes:apps\/v1:Deployment "nginx" /);
  });

  test('a container that mounts a volume at /tmp/ keeps it: /tmp/ is /tmp, and no tmpfs hides it', () => {
    const props = nginxDeployment();
    const pod = props.spec.template.spec;
    pod.volumes = [{ name: 'scratch', emptyDir: {} }];
    pod.containers[0].volumeMounts = [{ name: 'scratch', mountPath: '/tmp/' }];
    const { props: hardened } = harden('kubernetes:apps/v1:Deployment', props);
    expect(hardened!.spec.template.spec.containers[0].volumeMounts.map((m: any) => m.mountPath)).toEqual(['/tmp/', '/var/run']);
  });
});

describe('hardenResource on inputs the engine hands to transforms', () => {
  const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

  test('an image unknown during preview is not reported, and unknown values are kept as they are', () => {
    const props = nginxDeployment();
    const container = props.spec.template.spec.containers[0];
    container.image = pulumi.unknown;
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props, true);
    const out = hardened!.spec.template.spec.containers[0];
    expect(out.image).toBe(pulumi.unknown);
    expect(out.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(findings).toEqual([]);
  });

  // The engine marks a whole top-level input secret when any value inside it is (rpc.deserializeProperties).
  test('an input holding a secret is hardened, and marked secret again', () => {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].env = [{ name: 'API_URL', value: 'https://internal' }];
    props.spec = secret(props.spec);
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props);
    expect(pulumi.runtime.isRpcSecret(hardened!.spec)).toBe(true);
    const pod = hardened!.spec.value.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.containers[0].env).toEqual([{ name: 'API_URL', value: 'https://internal' }]);
    expect(hardened!.metadata).toEqual({ name: 'nginx', namespace: 'web' });
    expect(findings.map((f) => f.rule)).toEqual(['image-digest-pinned', 'trusted-registry']);
  });

  test('with strict, a resource holding a secret is refused for what hardening cannot fix', () => {
    const props = nginxDeployment();
    const pod = props.spec.template.spec;
    pod.hostPID = true;
    pod.containers[0].image = PINNED_IMAGE;
    pod.containers[0].env = [{ name: 'API_URL', value: 'https://internal' }];
    props.spec = secret(props.spec);
    expect(() => harden('kubernetes:apps/v1:Deployment', props, true)).toThrow(
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" (Deployment/web/nginx) breaks rules that hardening cannot fix: no-host-namespaces: ',
    );
  });

  test('fields unknown during preview are not replaced: the rules whose defaults would replace them are left out, and named', () => {
    const props = nginxDeployment();
    const pod = props.spec.template.spec;
    pod.volumes = pulumi.unknown;
    pod.containers[0].image = PINNED_IMAGE;
    pod.containers[0].volumeMounts = [{ name: 'data', mountPath: '/data' }];
    pod.containers[0].securityContext = { capabilities: { drop: pulumi.unknown } };
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props, true);
    const out = hardened!.spec.template.spec;
    expect(out.volumes).toBe(pulumi.unknown);
    expect(out.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(out.containers[0].securityContext).toMatchObject({
      capabilities: { drop: pulumi.unknown }, allowPrivilegeEscalation: false, runAsNonRoot: true,
    });
    expect(out.containers[0].securityContext.readOnlyRootFilesystem).toBeUndefined();
    expect(findings.map((f) => f.message)).toEqual([
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" is not given the defaults of drop-all-capabilities, read-only-root-filesystem: '
        + 'the fields they set or read are not known yet',
    ]);
  });

  test('a pod spec unknown during preview is reported as not hardened, and left alone', () => {
    const props = nginxDeployment();
    props.spec.template.spec.containers = pulumi.unknown;
    const { result, findings } = harden('kubernetes:apps/v1:Deployment', props, true);
    expect(result).toBeUndefined();
    expect(findings.map((f) => f.message)).toEqual([
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" cannot be hardened: /spec/template/spec/containers is not known yet',
    ]);
  });

  test('a field of the wrong type is reported as not hardened, and left alone', () => {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].securityContext = { capabilities: 0 };
    const { result, findings } = harden('kubernetes:apps/v1:Deployment', props);
    expect(result).toBeUndefined();
    expect(findings.map((f) => f.message)).toEqual([
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" cannot be hardened: field /spec/template/spec/containers/0/securityContext/capabilities must be an object',
    ]);
  });

  test('a pod security context unknown during preview is left alone, the rest of the pod hardened', () => {
    const props = nginxDeployment();
    props.spec.template.spec.securityContext = pulumi.unknown;
    const { props: hardened, findings } = harden('kubernetes:apps/v1:Deployment', props);
    const pod = hardened!.spec.template.spec;
    expect(pod.securityContext).toBe(pulumi.unknown);
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(findings.map((f) => f.message)[0]).toBe(
      'kubeharden: kubernetes:apps/v1:Deployment "nginx" is not given the defaults of run-as-non-root, seccomp-runtime-default: the fields they set or read are not known yet',
    );
  });
});

describe('hardeningTransform', () => {
  beforeAll(() => {
    void pulumi.runtime.setMocks({ newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs }, 'project', 'stack', false);
  });

  test('is usable as a transform and as a legacy transformation', () => {
    const transform: pulumi.ResourceTransform = hardeningTransform();
    const transformation: pulumi.ResourceTransformation = hardeningTransform();
    expect(typeof transform).toBe('function');
    expect(typeof transformation).toBe('function');
  });

  test('hardens props holding Outputs once they resolve', async () => {
    const props = nginxDeployment();
    props.spec.template.spec.containers[0].image = pulumi.output(PINNED_IMAGE);
    const findings: HardeningFinding[] = [];
    const result = hardeningTransform({ onFinding: (f) => findings.push(f) })(transformArgs('kubernetes:apps/v1:Deployment', props));
    const spec = await resolved(pulumi.output(result!.props.spec));
    expect(spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.template.spec.containers[0].image).toBe(PINNED_IMAGE);
    expect(findings.map((f) => f.rule)).toEqual([]);
  });
});

describe('hardenResource on a workload with a field of any type', () => {
  const deployment = nginxDeployment();
  const pod = deployment.spec.template.spec;
  pod.securityContext = { runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } };
  pod.volumes = [{ name: 'cache', emptyDir: {} }];
  Object.assign(pod.containers[0], {
    securityContext: { capabilities: { drop: ['NET_RAW'] } }, resources: { limits: { cpu: '1' } }, volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
  });

  test('hardens it or reports why it cannot, never a crash', () => {
    fc.assert(fc.property(withAnyField([deployment as KubeObject]), (object) => {
      try {
        harden('kubernetes:apps/v1:Deployment', object);
      } catch (e) {
        // An unreadable overrides annotation is refused with the object's name.
        if (e instanceof InvalidObjectError && e.message.startsWith('Deployment/web/nginx: annotation kubeharden.io/overrides')) return;
        throw new Error(`${JSON.stringify(object)}: ${(e as Error).stack}`);
      }
    }), { numRuns: 1500 });
  });
});

test('props made in another realm (structuredClone under jest) are plain data, hardened like any other', () => {
  const copy = structuredClone(nginxDeployment());
  expect(Object.getPrototypeOf(copy) === Object.prototype).toBe(false);
  const hardened = harden('kubernetes:apps/v1:Deployment', copy);
  expect(hardened.props).toEqual(harden('kubernetes:apps/v1:Deployment', nginxDeployment()).props);
  expect(hardened.props!.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
});
