import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { audit } from '../../src/audit/engine';
import { Hardening, HardenedDeployment, RestrictedNamespace } from '../../src/cdk8s';
import type { PodSecurityLevel } from '../../src/core/build/restricted-namespace';
import { LATEST_PSS_MINOR } from '../../src/rules/pss/registry';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);
const BASELINE_JUSTIFICATION = 'Legacy batch images need root until SEC-310 rebuilds them on distroless';

function synth(build: (chart: Chart) => void): any[] {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart);
}

describe('RestrictedNamespace, defaults', () => {
  const manifest = synth((chart) => new RestrictedNamespace(chart, 'shop'));

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits a Namespace, a default-deny NetworkPolicy, a ResourceQuota, a LimitRange and the default ServiceAccount', () => {
    expect(manifest.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace//shop', 'NetworkPolicy/shop/default-deny', 'ResourceQuota/shop/shop', 'LimitRange/shop/shop', 'ServiceAccount/shop/default',
    ]);
  });

  test('enforces, audits and warns restricted, each pinned to v1.35', () => {
    const labels = kindOf(manifest, 'Namespace').metadata.labels;
    for (const mode of ['enforce', 'audit', 'warn']) {
      expect(labels[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
      expect(labels[`pod-security.kubernetes.io/${mode}-version`]).toBe('v1.35');
    }
  });

  test('denies all ingress and egress in the namespace except DNS to the cluster DNS', () => {
    expect(kindOf(manifest, 'NetworkPolicy').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      egress: [{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
      }],
    });
  });

  test('tells kube-score that the default-deny policy selects every pod, those not in the same file included', () => {
    expect(kindOf(manifest, 'NetworkPolicy').metadata.annotations).toEqual({ 'kube-score/ignore': 'networkpolicy-targets-pod' });
    const annotated = synth((chart) => new RestrictedNamespace(chart, 'shop', { annotations: { team: 'payments' } }));
    expect(kindOf(annotated, 'NetworkPolicy').metadata.annotations).toEqual({ 'team': 'payments', 'kube-score/ignore': 'networkpolicy-targets-pod' });
  });

  test('bounds cpu, memory and pods, and forbids LoadBalancer and NodePort Services', () => {
    expect(kindOf(manifest, 'ResourceQuota').spec.hard).toEqual({
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      'limits.cpu': '16',
      'limits.memory': '32Gi',
      'pods': '50',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
  });

  test('gives containers the guide\'s requests and limits', () => {
    expect(kindOf(manifest, 'LimitRange').spec.limits).toEqual([{
      type: 'Container',
      default: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
      defaultRequest: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
    }]);
  });

  test('the default ServiceAccount does not mount its token', () => {
    expect(kindOf(manifest, 'ServiceAccount')).toMatchObject({ metadata: { name: 'default', namespace: 'shop' }, automountServiceAccountToken: false });
  });

  test('audits clean with the catalogue', () => {
    expect(audit(manifest)).toMatchObject({ findings: [], exemptions: [] });
  });

  test('every object is valid against the Kubernetes schema', () => {
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('RestrictedNamespace, options', () => {
  test('the Namespace carries no metadata.namespace even in a chart with a namespace', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    new RestrictedNamespace(chart, 'ns', { name: 'shop' });
    const manifest = Testing.synth(chart);
    expect(kindOf(manifest, 'Namespace').metadata.namespace).toBeUndefined();
    expect(manifest.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'shop')).toBe(true);
  });

  test('pins another version and sizes the quota and defaults', () => {
    const manifest = synth((chart) => new RestrictedNamespace(chart, 'batch', {
      version: 'v1.30',
      quota: { pods: 10, requestsCpu: '2', limitsMemory: '8Gi' },
      containerDefaults: { limits: { memory: '256Mi' } },
    }));
    expect(kindOf(manifest, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.30');
    expect(kindOf(manifest, 'ResourceQuota').spec.hard).toMatchObject({ 'pods': '10', 'requests.cpu': '2', 'limits.memory': '8Gi' });
    expect(kindOf(manifest, 'LimitRange').spec.limits[0].default.memory).toBe('256Mi');
  });

  test('a weaker level with a justified override is labelled, recorded and exempted', () => {
    const manifest = synth((chart) => new RestrictedNamespace(chart, 'legacy', {
      enforce: 'baseline',
      overrides: [{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }],
    }));
    const namespace = kindOf(manifest, 'Namespace');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
    expect(JSON.parse(namespace.metadata.annotations['kubeharden.io/overrides'])).toEqual([{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }]);
    const report = audit(manifest);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => [e.rule, e.message])).toEqual([['pss-namespace-labels', 'namespace "legacy" enforces the baseline level, not restricted']]);
  });

  test('a version before the guide\'s checks with a justified override is pinned, recorded and exempted', () => {
    const justification = 'The nodes run Kubernetes 1.21 until the upgrade tracked in OPS-77';
    const manifest = synth((chart) => new RestrictedNamespace(chart, 'legacy', {
      version: 'v1.21',
      overrides: [{ rule: 'pss-namespace-labels', justification }],
    }));
    const namespace = kindOf(manifest, 'Namespace');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce-version']).toBe('v1.21');
    const report = audit(manifest);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => [e.rule, e.path])).toEqual(['enforce', 'audit', 'warn']
      .map((mode) => ['pss-namespace-labels', `/metadata/labels/pod-security.kubernetes.io~1${mode}-version`]));
  });

  test('LoadBalancer quota with a justified no-external-exposure override is recorded on the ResourceQuota', () => {
    const justification = 'The payment callback needs a dedicated public address, approved in SEC-77';
    const manifest = synth((chart) => new RestrictedNamespace(chart, 'edge', {
      quota: { loadBalancers: 1 },
      overrides: [{ rule: 'no-external-exposure', justification }],
    }));
    const quota = kindOf(manifest, 'ResourceQuota');
    expect(quota.spec.hard['services.loadbalancers']).toBe('1');
    expect(JSON.parse(quota.metadata.annotations['kubeharden.io/overrides'])).toEqual([{ rule: 'no-external-exposure', justification }]);
  });
});

describe('RestrictedNamespace, bad props', () => {
  test.each([
    [{ version: 'latest' }, '[test/shop] version "latest" is not a pinned Pod Security Standards version. Fix: use v1.N, e.g. "v1.35" (not "latest").'],
    [{ version: '1.28' }, '[test/shop] version "1.28" is not a pinned Pod Security Standards version. Fix: use v1.N, e.g. "v1.35" (not "latest").'],
    [{ version: 'v1.999' }, '[test/shop] version "v1.999" is newer than the newest Pod Security Standards version kubeharden checks (v1.38), '
      + 'and Kubernetes reads a version newer than itself as latest. Fix: use v1.38 or earlier (the default is v1.35).'],
    [{ enforce: 'baseline' },
      '[test/shop] enforce "baseline" weakens the restricted Pod Security Standard (rule pss-namespace-labels). Fix: keep enforce: \'restricted\', '
      + 'or add an override { rule: \'pss-namespace-labels\', justification: \'<why, at least 20 characters>\' }.'],
    [{ warn: 'strict' }, '[test/shop] warn "strict" is not a Pod Security level. Fix: use restricted (or baseline/privileged with a justified override).'],
    [{ overrides: [{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }] },
      '[test/shop] override for rule "pss-namespace-labels" is not needed: enforce, audit and warn are all restricted at v1.35. Fix: remove the override.'],
    [{ version: 'v1.21' },
      '[test/shop] version "v1.21" pins a restricted policy that does not check capabilities_restricted (from v1.22) or runAsUser (from v1.23) '
      + '(rule pss-namespace-labels). Fix: use v1.23 or later (the default is v1.35), '
      + 'or add an override { rule: \'pss-namespace-labels\', justification: \'<why, at least 20 characters>\' }.'],
    [{ overrides: [{ rule: 'run-as-non-root', justification: BASELINE_JUSTIFICATION }] },
      '[test/shop] override for rule "run-as-non-root" does not apply to a namespace. Fix: write it on the workload it justifies; '
      + 'a namespace takes overrides for pss-namespace-labels and no-external-exposure only.'],
    [{ quota: { nodePorts: 2 } },
      '[test/shop] quota.nodePorts 2 lets Services be exposed outside the cluster (rule no-external-exposure). Fix: keep it 0 and publish through an Ingress, '
      + 'or add an override { rule: \'no-external-exposure\', justification: \'<why, at least 20 characters>\' }.'],
    [{ quota: { pods: 0 } }, '[test/shop] quota.pods is 0, so no pod could ever run in the namespace. Fix: allow at least 1 pod.'],
    [{ quota: { pods: 2.5 } }, '[test/shop] quota.pods 2.5 is not a count. Fix: use a whole number, 0 or more.'],
    [{ quota: { requestsMemory: 'lots' } }, '[test/shop] quota.requestsMemory "lots" is not a Kubernetes quantity. Fix: use values like "8", "500m", "16Gi".'],
    [{ containerDefaults: { requests: { cpu: 'x' } } },
      '[test/shop] containerDefaults.requests.cpu "x" is not a Kubernetes quantity. Fix: use values like "250m", "1", "512Mi".'],
  ])('%j', (props, message) => {
    expect(() => new RestrictedNamespace(Testing.chart(), 'shop', props as any)).toThrow(exactly(message));
  });
});

describe('RestrictedNamespace, any pinned version and levels', () => {
  test('either builds objects the audit passes (weakenings exempted) or fails naming pss-namespace-labels', () => {
    const level = fc.constantFrom<PodSecurityLevel>('restricted', 'baseline', 'privileged');
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), level, level, level, fc.boolean(), (minor, enforce, auditLevel, warn, justified) => {
      const props = {
        version: `v1.${minor}`,
        enforce,
        audit: auditLevel,
        warn,
        ...(justified ? { overrides: [{ rule: 'pss-namespace-labels', justification: 'Legacy nodes until the upgrade tracked in OPS-77' }] } : {}),
      };
      const weakened = minor < 23 || [enforce, auditLevel, warn].some((l) => l !== 'restricted');
      const chart = Testing.chart();
      if (minor > LATEST_PSS_MINOR) {
        expect(() => new RestrictedNamespace(chart, 'shop', props)).toThrow(/is newer than the newest Pod Security Standards version kubeharden checks/);
        return;
      }
      if (weakened !== justified) {
        expect(() => new RestrictedNamespace(chart, 'shop', props)).toThrow(/pss-namespace-labels/);
        return;
      }
      new RestrictedNamespace(chart, 'shop', props);
      const report = audit(Testing.synth(chart));
      expect(report.findings).toEqual([]);
      expect(report.exemptions.length > 0).toBe(weakened);
    }), { numRuns: 200 });
  });
});

describe('RestrictedNamespace, the workloads of its chart are checked against the level it enforces', () => {
  const NET_ADMIN = {
    image: PINNED_IMAGE,
    port: 8080,
    addCapabilities: ['NET_ADMIN'],
    overrides: [{ rule: 'drop-all-capabilities', justification: 'Programs iptables for the mesh sidecar; tracked in NET-12' }],
  };

  test('a justified weakening the level does not admit fails synth: Pod Security Admission would refuse the pods', () => {
    expect(() => synth((chart) => {
      const shop = new RestrictedNamespace(chart, 'shop');
      new HardenedDeployment(chart, 'api', { ...NET_ADMIN, namespace: shop.name });
    })).toThrow('[test/shop] Deployment "api" (construct test/api) runs in namespace "shop", which enforces the restricted Pod Security Standard (v1.35), '
      + 'but breaks capabilities_restricted: unrestricted capabilities (container "api" must not include "NET_ADMIN" in securityContext.capabilities.add) '
      + '(at /spec/template/spec/containers/0/securityContext/capabilities/add/0); capabilities_baseline: non-default capabilities (container "api" '
      + 'must not include "NET_ADMIN" in securityContext.capabilities.add) (at /spec/template/spec/containers/0/securityContext/capabilities/add/0). '
      + 'Pod Security Admission will refuse its pods, whatever their overrides say. Fix: remove the weakening, or run the workload in a namespace '
      + 'whose enforce level admits it (a RestrictedNamespace with enforce: \'baseline\' or \'privileged\' and a justified override of pss-namespace-labels).');
  });

  test('at baseline, only baseline checks count', () => {
    const root = {
      image: PINNED_IMAGE,
      port: 8080,
      runAsUser: 0,
      overrides: [{ rule: 'run-as-non-root', justification: 'Legacy image writes to /root; rebuilt non-root in SEC-310' }],
    };
    const baseline = { enforce: 'baseline' as const, overrides: [{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }] };
    const manifest = synth((chart) => {
      const batch = new RestrictedNamespace(chart, 'batch', baseline);
      new HardenedDeployment(chart, 'legacy', { ...root, namespace: batch.name });
    });
    expect(kindOf(manifest, 'Deployment').spec.template.spec.securityContext.runAsUser).toBe(0);
    expect(() => synth((chart) => {
      const batch = new RestrictedNamespace(chart, 'batch', baseline);
      new HardenedDeployment(chart, 'api', { ...NET_ADMIN, namespace: batch.name });
    })).toThrow(/Deployment "api" \(construct test\/api\) runs in namespace "batch", which enforces the baseline Pod Security Standard \(v1\.35\), but breaks capabilities_baseline: /);
  });

  test('a workload whose safe defaults a Hardening with applyDefaults fills is checked with them, whatever the order of validation', () => {
    // Scoped to the Deployment, the Hardening validates after the namespace (and sees none of its NetworkPolicies); at
    // baseline it leaves the restricted checks to the namespace's.
    for (const scopeOf of [(chart: Chart) => chart, (_chart: Chart, web: Construct) => web]) {
      expect(() => synth((chart) => {
        const shop = new RestrictedNamespace(chart, 'shop');
        const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: shop.name }, containers: [{ image: PINNED_IMAGE, portNumber: 8080 }] });
        Hardening.of(scopeOf(chart, web), { applyDefaults: true, rules: 'pss', level: 'baseline' });
      })).not.toThrow();
    }
    expect(() => synth((chart) => {
      const shop = new RestrictedNamespace(chart, 'shop');
      new kplus.Deployment(chart, 'web', { metadata: { namespace: shop.name }, containers: [{ image: PINNED_IMAGE, portNumber: 8080, securityContext: { user: 0, ensureNonRoot: false } }] });
    })).toThrow(/Deployment "test-web-c8[0-9a-f]+" \(construct test\/web\) runs in namespace "shop", which enforces the restricted Pod Security Standard/);
  });

  test('workloads of other charts are checked: a chart of namespaces and a chart of applications, or nested charts', () => {
    const refused = /Deployment "api" \(construct apps\/api\) runs in namespace "shop", which enforces the restricted Pod Security Standard/;
    const app = Testing.app();
    const infra = new Chart(app, 'infra');
    const shop = new RestrictedNamespace(infra, 'shop');
    new HardenedDeployment(new Chart(app, 'apps'), 'api', { ...NET_ADMIN, namespace: shop.name });
    expect(() => app.synthYaml()).toThrow(refused);
    const nested = Testing.app();
    const apps = new Chart(nested, 'apps');
    const inner = new RestrictedNamespace(new Chart(apps, 'namespaces'), 'shop');
    new HardenedDeployment(apps, 'api', { ...NET_ADMIN, namespace: inner.name });
    expect(() => nested.synthYaml()).toThrow(refused);
  });

  test('a chart with a namespace of the name is checked by its own, not by another chart\'s', () => {
    const app = Testing.app();
    new RestrictedNamespace(new Chart(app, 'prod'), 'shop');
    const dev = new Chart(app, 'dev');
    const devShop = new RestrictedNamespace(dev, 'shop', { enforce: 'privileged', overrides: [{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }] });
    new HardenedDeployment(dev, 'api', { ...NET_ADMIN, namespace: devShop.name });
    expect(() => app.synthYaml()).not.toThrow();
  });

  test('labels and namespaces are read as synthesized, patches included; PodTemplates are not checked', () => {
    expect(() => synth((chart) => {
      const shop = new RestrictedNamespace(chart, 'shop', { enforce: 'privileged', overrides: [{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }] });
      shop.namespace.addJsonPatch(JsonPatch.replace('/metadata/labels/pod-security.kubernetes.io~1enforce', 'restricted'));
      new HardenedDeployment(chart, 'api', { ...NET_ADMIN, namespace: shop.name });
    })).toThrow(/Deployment "api" \(construct test\/api\) runs in namespace "shop"/);
    expect(() => synth((chart) => {
      new RestrictedNamespace(chart, 'shop');
      const api = new HardenedDeployment(chart, 'api', { ...NET_ADMIN, namespace: 'elsewhere' });
      ApiObject.of(api).addJsonPatch(JsonPatch.replace('/metadata/namespace', 'shop'));
    })).toThrow(/Deployment "api" \(construct test\/api\) runs in namespace "shop"/);
    expect(() => synth((chart) => {
      const shop = new RestrictedNamespace(chart, 'shop');
      new ApiObject(chart, 'template', {
        apiVersion: 'v1',
        kind: 'PodTemplate',
        metadata: { name: 'root', namespace: shop.name },
        template: { spec: { containers: [{ name: 'c', image: PINNED_IMAGE, securityContext: { privileged: true } }] } },
      } as any);
    })).not.toThrow();
  });

  test('under a Hardening, which reports the unjustified violations itself, only those an override justifies are named here', () => {
    let message = '';
    try {
      synth((chart) => {
        const shop = new RestrictedNamespace(chart, 'shop');
        const web = new kplus.Deployment(chart, 'web', { metadata: { namespace: shop.name }, containers: [{ image: PINNED_IMAGE, portNumber: 8080, securityContext: { user: 0, ensureNonRoot: false } }] });
        Hardening.of(chart).addOverride(web, { rule: 'run-as-non-root', justification: 'Legacy image writes to /root; rebuilt non-root in SEC-310' });
      });
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split('\n');
    expect(lines.filter((line) => line.includes('[test] drop-all-capabilities:'))).toHaveLength(1);
    const refused = lines.filter((line) => line.includes('[test/shop]'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/Deployment "test-web-c8[0-9a-f]+" \(construct test\/web\) runs in namespace "shop", .* but breaks runAsNonRoot: .*; runAsUser: [^;]*\. Pod Security/);
    expect(refused[0]).not.toMatch(/capabilities_restricted|seccompProfile_restricted/);
  });

  test('under a Hardening that runs other rules, the violations it does not report are named here', () => {
    expect(() => synth((chart) => {
      const shop = new RestrictedNamespace(chart, 'shop');
      new kplus.Deployment(chart, 'web', { metadata: { namespace: shop.name }, containers: [{ image: PINNED_IMAGE, portNumber: 8080, securityContext: { user: 0, ensureNonRoot: false } }] });
      Hardening.of(chart, { rules: ['image-digest-pinned'] });
    })).toThrow(/\[test\/shop\] Deployment "test-web-c8[0-9a-f]+" \(construct test\/web\) runs in namespace "shop", .* but breaks capabilities_restricted: /);
  });

  test('hardened workloads pass; workloads of other namespaces, and a namespace that enforces privileged, are not checked', () => {
    const privileged = { enforce: 'privileged' as const, overrides: [{ rule: 'pss-namespace-labels', justification: BASELINE_JUSTIFICATION }] };
    expect(() => synth((chart) => {
      const shop = new RestrictedNamespace(chart, 'shop');
      const ops = new RestrictedNamespace(chart, 'ops', privileged);
      new HardenedDeployment(chart, 'web', { image: PINNED_IMAGE, port: 8080, namespace: shop.name });
      new HardenedDeployment(chart, 'agent', { ...NET_ADMIN, namespace: ops.name });
      new HardenedDeployment(chart, 'other', { ...NET_ADMIN, namespace: 'elsewhere' });
    })).not.toThrow();
  });
});
