import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedDeployment } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';

const TAG_ONLY = 'registry.example.com/team/app:1.0.0';

function synth(build: (chart: ReturnType<typeof Testing.chart>) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);

describe('HardenedDeployment, minimal call', () => {
  const manifest = synth((chart) => new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 }));
  const deployment = kindOf(manifest, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits a ServiceAccount, Deployment, Service, NetworkPolicy and PodDisruptionBudget named after the id', () => {
    expect(manifest.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/api', 'Deployment/api', 'Service/api', 'NetworkPolicy/api', 'PodDisruptionBudget/api',
    ]);
  });

  test('passes every rule of the catalogue', () => {
    expect(audit(manifest).findings).toEqual([]);
  });

  test('runs as uid/gid/fsGroup 65532, non-root, seccomp RuntimeDefault', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('drops ALL capabilities, forbids escalation, read-only root filesystem', () => {
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
    });
  });

  test('mounts /tmp and /var/run as 64Mi memory emptyDirs', () => {
    expect(container.volumeMounts).toEqual([{ name: 'api-tmp', mountPath: '/tmp' }, { name: 'api-var-run', mountPath: '/var/run' }]);
    expect(pod.volumes).toEqual([
      { name: 'api-tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'api-var-run', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
  });

  test('sets the guide\'s requests and limits', () => {
    expect(container.resources).toEqual({
      requests: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
    });
  });

  test('uses a dedicated ServiceAccount whose token is not mounted', () => {
    expect(pod.serviceAccountName).toBe('api');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(kindOf(manifest, 'ServiceAccount').automountServiceAccountToken).toBe(false);
  });

  test('exposes a ClusterIP Service on the port', () => {
    expect(kindOf(manifest, 'Service').spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'api' },
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  test('selects exactly its pods in a NetworkPolicy: no ingress, DNS egress only', () => {
    expect(kindOf(manifest, 'NetworkPolicy').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  test('probes the port for readiness, and sets no liveness probe (one identical to the readiness probe restarts busy pods)', () => {
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 2, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 });
    expect(container.livenessProbe).toBeUndefined();
  });

  test('takes a liveness probe from props', () => {
    const livenessProbe = { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 20, failureThreshold: 6 };
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'live', { image: PINNED_IMAGE, port: 8080, livenessProbe });
    const live = Testing.synth(chart).find((o: any) => o.kind === 'Deployment').spec.template.spec.containers[0];
    expect(live.livenessProbe).toEqual(livenessProbe);
    expect(live.readinessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  test('its PodDisruptionBudget keeps one ready pod and lets a drain evict pods that are not ready', () => {
    const pdb = manifest.find((o) => o.kind === 'PodDisruptionBudget');
    expect(pdb.spec).toEqual({ minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } });
  });

  test('labels every object with its instance (the workload name, as Polaris expects) unless labels set one', () => {
    expect(manifest.every((o) => o.metadata.labels['app.kubernetes.io/instance'] === 'api')).toBe(true);
    const released = synth((chart) => new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, labels: { 'app.kubernetes.io/instance': 'shop-prod' } }));
    expect(released.every((o) => o.metadata.labels['app.kubernetes.io/instance'] === 'shop-prod')).toBe(true);
  });

  test('runs 2 replicas spread over nodes', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey).toBe('kubernetes.io/hostname');
  });

  test('carries no overrides annotation', () => {
    expect(manifest.every((o) => !o.metadata.annotations?.['kubeharden.io/overrides'])).toBe(true);
  });
});

describe('HardenedDeployment, overrides', () => {
  test('a tag-only image fails with image-digest-pinned and how to get the digest', () => {
    const chart = Testing.chart();
    expect(() => new HardenedDeployment(chart, 'api', { image: TAG_ONLY, port: 8080 })).toThrow(
      '[test/api] image-digest-pinned: Deployment/api container "api" image "registry.example.com/team/app:1.0.0" is not pinned by digest (at /spec/template/spec/containers/0/image). '
      + 'Fix: Pin the image by digest: get it with `crane digest <image>` or `docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>. '
      + 'Or, to accept the risk, add an override { rule: \'image-digest-pinned\', justification: \'<why, at least 20 characters>\' }.',
    );
  });

  test('an untagged image fails with image-digest-pinned', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', { image: 'registry.example.com/team/app', port: 8080 })).toThrow(/image-digest-pinned/);
  });

  test('a weakened default without override fails, naming the rule', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', { image: PINNED_IMAGE, port: 8080, readOnlyRootFilesystem: false }))
      .toThrow(/^\[test\/api\] read-only-root-filesystem: Deployment\/api container "api" has a writable root filesystem/);
  });

  test('justified overrides are applied and recorded in the annotation', () => {
    const manifest = synth((chart) => new HardenedDeployment(chart, 'legacy', {
      image: TAG_ONLY,
      port: 8080,
      readOnlyRootFilesystem: false,
      overrides: [
        { rule: 'image-digest-pinned', justification: 'Vendor publishes tags only; digest pinning tracked in SEC-142', expires: '2099-06-30' },
        { rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement planned in SEC-150' },
      ],
    }));
    const deployment = kindOf(manifest, 'Deployment');
    expect(JSON.parse(deployment.metadata.annotations['kubeharden.io/overrides'])).toEqual([
      { rule: 'image-digest-pinned', justification: 'Vendor publishes tags only; digest pinning tracked in SEC-142', expires: '2099-06-30' },
      { rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement planned in SEC-150' },
    ]);
    expect(deployment.spec.template.metadata.annotations['kubeharden.io/overrides']).toBe(deployment.metadata.annotations['kubeharden.io/overrides']);
    expect(kindOf(manifest, 'Service').metadata.annotations).toBeUndefined();
    const report = audit(manifest);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => e.rule).sort()).toEqual(['image-digest-pinned', 'read-only-root-filesystem']);
  });

  test('an expired override is an error', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', {
      image: TAG_ONLY,
      port: 8080,
      overrides: [{ rule: 'image-digest-pinned', justification: 'Vendor publishes tags only; digest pinning tracked in SEC-142', expires: '2020-01-01' }],
    })).toThrow('[test/api] overrides[0] for rule "image-digest-pinned" expired on 2020-01-01. Fix: remove the weakening, or renew the override with a new expires date and justification.');
  });

  test('an override for an unknown rule is an error', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', {
      image: PINNED_IMAGE, port: 8080, overrides: [{ rule: 'no-root', justification: 'Needs root for a legacy init script, SEC-7' }],
    })).toThrow(/overrides\[0\] names unknown rule "no-root"/);
  });

  test('an override that nothing needs fails the synth', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'api', {
      image: PINNED_IMAGE,
      port: 8080,
      overrides: [{ rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement planned in SEC-150' }],
    });
    expect(() => Testing.synth(chart)).toThrow(/override for rule "read-only-root-filesystem" is not needed: nothing weakens it\. Fix: remove the override\./);
  });
});

describe('HardenedDeployment, escape hatches are audited at synth', () => {
  test.each([
    ['privileged', '/spec/template/spec/containers/0/securityContext/privileged', true, 'no-privileged'],
    ['root', '/spec/template/spec/securityContext/runAsUser', 0, 'run-as-non-root'],
    ['host-networked', '/spec/template/spec/hostNetwork', true, 'no-host-namespaces'],
  ])('a patch that makes the pod %s fails app.synth()', (_what, path, value, rule) => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    ApiObject.of(api).addJsonPatch(JsonPatch.add(path, value));
    expect(() => Testing.synth(chart)).toThrow(new RegExp(`\\[test/api\\][\\s\\S]* ${rule}: Deployment/api`));
  });

  test.each(['NetworkPolicy', 'ServiceAccount'])('removing its %s from the construct tree fails app.synth()', (kind) => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    expect(api.node.tryRemoveChild(kind)).toBe(true);
    expect(() => Testing.synth(chart)).toThrow(`[test/api] its ${kind} "api" was removed from the construct tree, but the workload needs every `
      + 'object kubeharden built for it (its NetworkPolicy, its ServiceAccount). Fix: keep it; to weaken what it does, use an override.');
  });

  test('props changed after construction do not reach the output: the objects are detached from them as built', () => {
    const chart = Testing.chart();
    const readinessProbe: any = { tcpSocket: { port: 'http' } };
    const labels: Record<string, string> = { team: 'shop' };
    new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, readinessProbe, labels });
    readinessProbe.exec = { command: ['sh', '-c', 'true'] };
    labels['app.kubernetes.io/name'] = 'other';
    const deployment = kindOf(Testing.synth(chart), 'Deployment');
    expect(deployment.spec.template.spec.containers[0].readinessProbe).toEqual({ tcpSocket: { port: 'http' } });
    expect(deployment.metadata.labels['app.kubernetes.io/name']).toBe('api');
  });

  test('a justified patch passes and is recorded', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', {
      image: PINNED_IMAGE,
      port: 8080,
      overrides: [{ rule: 'no-host-namespaces', justification: 'Node exporter reads host network statistics, approved in SEC-9' }],
    });
    ApiObject.of(api).addJsonPatch(JsonPatch.add('/spec/template/spec/hostNetwork', true));
    const manifest = Testing.synth(chart);
    expect(kindOf(manifest, 'Deployment').spec.template.spec.hostNetwork).toBe(true);
  });
});

describe('HardenedDeployment, bad props', () => {
  test.each([
    [{ image: PINNED_IMAGE, port: 80, hostNetwork: true }, '[test/api] port 80 is below 1024, which a non-root container on the node\'s network cannot bind. Fix: listen on a port above 1023 (e.g. 8080) and set servicePort: 80, or add addCapabilities: [\'NET_BIND_SERVICE\'] (with a binary that has the capability as a file capability).'],
    [{ image: PINNED_IMAGE, port: 70000 }, '[test/api] port 70000 is not a port number. Fix: use an integer from 1 to 65535.'],
    [{ image: '', port: 8080 }, '[test/api] image is missing. Fix: set image to a digest-pinned reference such as registry.example.com/app@sha256:<digest>.'],
    [{ image: 'Not An Image', port: 8080 }, '[test/api] image "Not An Image" is not a valid image reference. Fix: use registry/repository[:tag]@sha256:<64 hex digits>.'],
    [{ image: PINNED_IMAGE, port: 8080, replicas: -1 }, '[test/api] replicas -1 is invalid. Fix: use a whole number of pods, 0 or more.'],
    [{ image: PINNED_IMAGE, port: 8080, name: 'Bad_Name' }, '[test/api] name "Bad_Name" is not a valid Kubernetes name. Fix: use at most 63 lower-case letters, digits and \'-\', starting with a letter (e.g. "api").'],
    [{ image: PINNED_IMAGE, port: 8080, resources: { limits: { cpu: 'lots' } } }, '[test/api] resources.limits.cpu "lots" is not a Kubernetes quantity. Fix: use values like "250m", "1", "512Mi".'],
    [{ image: PINNED_IMAGE, port: 8080, allowEgressTo: [{ workload: 'db' }] }, '[test/api] allowEgressTo[0] has no ports. Fix: list the destination ports, e.g. ports: [5432].'],
  ])('%j', (props, message) => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', props as any)).toThrow(message);
  });

  test('a port below 1024 is bound without a capability: the pod lowers net.ipv4.ip_unprivileged_port_start to it', () => {
    const manifest = synth((chart) => new HardenedDeployment(chart, 'web', { image: PINNED_IMAGE, ports: [{ port: 443 }, { port: 80, name: 'plain' }] }));
    const pod = kindOf(manifest, 'Deployment').spec.template.spec;
    expect(pod.securityContext.sysctls).toEqual([{ name: 'net.ipv4.ip_unprivileged_port_start', value: '80' }]);
    expect(pod.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'] });
    expect(kindOf(manifest, 'Service').spec.ports.map((p: any) => p.port)).toEqual([443, 80]);
    expect(audit(manifest, { pss: 'restricted' }).findings).toEqual([]);
  });

  test('a port above 1023 sets no sysctl', () => {
    const manifest = synth((chart) => new HardenedDeployment(chart, 'web', { image: PINNED_IMAGE, port: 8080 }));
    expect(kindOf(manifest, 'Deployment').spec.template.spec.securityContext.sysctls).toBeUndefined();
  });

  test('a tag-only image on port 80 fails with image-digest-pinned', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'web', { image: 'nginx:1.27', port: 80 })).toThrow(/^\[test\/web\] image-digest-pinned: Deployment\/web container "web" image "nginx:1.27" is not pinned by digest/);
  });

  test('port 80 is allowed with NET_BIND_SERVICE, without the sysctl', () => {
    const manifest = synth((chart) => new HardenedDeployment(chart, 'web', { image: PINNED_IMAGE, port: 80, addCapabilities: ['NET_BIND_SERVICE'] }));
    expect(kindOf(manifest, 'Deployment').spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
    expect(kindOf(manifest, 'Deployment').spec.template.spec.securityContext.sysctls).toBeUndefined();
  });

  test('adding SYS_ADMIN needs an override', () => {
    expect(() => new HardenedDeployment(Testing.chart(), 'api', { image: PINNED_IMAGE, port: 8080, addCapabilities: ['SYS_ADMIN'] }))
      .toThrow(/drop-all-capabilities: Deployment\/api/);
  });
});
