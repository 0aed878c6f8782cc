import '../../src/testing';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { k8s } from 'cdk8s-plus-28';
import { audit } from '../../src/audit/engine';
import { HardenedDeployment } from '../../src/cdk8s';
import { Hardening } from '../../src/cdk8s/hardening';
import { ruleDocsLink } from '../../src/config/rule-docs';
import { OverrideError } from '../../src/core/overrides';
import { PINNED_IMAGE } from '../fixtures';

/** Messages with the RULES.md links written relative, whatever repository package.json names. */
const RULES_DOC = ruleDocsLink('x').slice(0, -'#x'.length);
const relativeLinks = (text: string) => text.split(`${RULES_DOC}#`).join('RULES.md#');

const JUSTIFICATION = 'Vendor publishes tags only; digest mirror tracked in SEC-7';

function shopChart(app: App = Testing.app()): Chart {
  return new Chart(app, 'shop', { namespace: 'shop', disableResourceNameHashes: true });
}

/** A plain cdk8s-plus-28 Deployment, as its users write it. */
function plainDeployment(chart: Chart, props: Partial<kplus.DeploymentProps> & { image?: string } = {}): kplus.Deployment {
  const { image, ...rest } = props;
  return new kplus.Deployment(chart, 'web', { containers: [{ name: 'web', image: image ?? 'nginx:1.27', portNumber: 8080 }], ...rest });
}

/** The validation errors of a synth, without cdk8s's header. */
function synthErrors(chart: Chart): string[] {
  try {
    Testing.synth(chart);
  } catch (e) {
    return relativeLinks((e as Error).message).split('\n').slice(1).map((line) => line.trim());
  }
  return [];
}

const rulesOf = (errors: string[]) => errors.map((e) => /^\[[^\]]*\] ([a-z-]+):/.exec(e)?.[1] ?? e);
const deploymentOf = (chart: Chart) => Testing.synth(chart).find((o) => o.kind === 'Deployment');

describe('Hardening.of(chart) on cdk8s-plus-28', () => {
  test('a plain kplus.Deployment fails the synth, one error per finding naming rule, object, construct, field and fix', () => {
    const chart = shopChart();
    Hardening.of(chart);
    plainDeployment(chart);
    const errors = synthErrors(chart);
    expect(rulesOf(errors)).toEqual([
      'drop-all-capabilities', 'seccomp-runtime-default', 'run-as-non-root', 'run-as-non-root', 'image-digest-pinned', 'network-default-deny',
    ]);
    expect(errors[4]).toBe(
      '[shop] image-digest-pinned: Deployment/shop/shop-web (construct web) container "web" image "nginx:1.27" is not pinned by digest '
      + '(at /spec/template/spec/containers/0/image). Fix: Pin the image by digest: get it with `crane digest <image>` or '
      + '`docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>. See RULES.md#image-digest-pinned. '
      + 'To accept the risk instead: Hardening.of(chart).addOverride(\'web\', { rule: \'image-digest-pinned\', justification: \'<why, at least 20 characters>\' }).',
    );
  });

  test('app.synth() fails the same way', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'kubeharden-hardening-'));
    try {
      const app = new App({ outdir });
      const chart = shopChart(app);
      Hardening.of(chart);
      plainDeployment(chart);
      expect(() => app.synth()).toThrow(/\[shop\] seccomp-runtime-default: Deployment\/shop\/shop-web \(construct web\)/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('with applyDefaults, the plain Deployment passes the restricted Pod Security Standard', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true, rules: 'pss' });
    plainDeployment(chart);
    const manifest = Testing.synth(chart);
    expect(audit(manifest, { pss: 'restricted', pssVersion: 'latest', rules: 'pss' }).findings).toEqual([]);
    expect(manifest).toBeHardened({ rules: 'pss' });
  });

  test('applyDefaults fills only what cdk8s-plus-28 leaves unset, and keeps its values', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true, rules: 'pss' });
    plainDeployment(chart);
    const pod = deploymentOf(chart).spec.template.spec;
    expect(pod.securityContext).toEqual({
      fsGroupChangePolicy: 'Always', runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.containers[0].resources).toEqual({
      limits: { 'cpu': '1500m', 'memory': '2048Mi', 'ephemeral-storage': '1Gi' },
      requests: { 'cpu': '1000m', 'memory': '512Mi', 'ephemeral-storage': '64Mi' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('applyDefaults never overrides a value that is set: a weakening stays visible to the audit', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true, rules: 'pss' });
    new kplus.Deployment(chart, 'web', {
      containers: [{ name: 'web', image: PINNED_IMAGE, securityContext: { user: 1000, allowPrivilegeEscalation: true } }],
    });
    expect(rulesOf(synthErrors(chart))).toEqual(['no-privilege-escalation']);
  });

  test('a realistic Deployment (pinned image, isolated) passes every rule with applyDefaults', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true });
    plainDeployment(chart, { image: PINNED_IMAGE, isolate: true });
    expect(synthErrors(chart)).toEqual([]);
    expect(chart).toBeHardened();
  });

  test('defaults reach imported L1 objects too, quantities included (k8s.KubeDeployment, plain ApiObject)', () => {
    const spec = {
      selector: { matchLabels: { app: 'worker' } },
      template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'worker', image: PINNED_IMAGE }] } },
    };
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true, rules: 'pss' });
    new k8s.KubeDeployment(chart, 'l1', { metadata: { name: 'l1' }, spec });
    new ApiObject(chart, 'plain', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'plain' }, spec });
    const [l1, plain] = Testing.synth(chart).map((o) => o.spec.template.spec);
    expect(l1).toEqual(plain);
    expect(l1.volumes).toEqual([
      { name: 'worker-tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'worker-var-run', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
    ]);
    expect(l1.containers[0].resources).toEqual({
      requests: { 'cpu': '250m', 'memory': '128Mi', 'ephemeral-storage': '64Mi' },
      limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1Gi' },
    });
    expect(l1.containers[0].volumeMounts).toEqual([{ name: 'worker-tmp', mountPath: '/tmp' }, { name: 'worker-var-run', mountPath: '/var/run' }]);
  });

  test('the patches are idempotent: synthesizing twice gives the same objects', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true, rules: 'pss' });
    plainDeployment(chart, { containers: [{ name: 'web', image: PINNED_IMAGE, securityContext: { readOnlyRootFilesystem: false } }] });
    const first = Testing.synth(chart);
    expect(Testing.synth(chart)).toEqual(first);
  });

  test('audits objects of any library: a hand-written CronJob and a NodePort Service', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true });
    const report = new ApiObject(chart, 'report', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'report', image: PINNED_IMAGE }] } } } } },
    });
    new ApiObject(chart, 'public', {
      apiVersion: 'v1', kind: 'Service', metadata: { name: 'public' }, spec: { type: 'NodePort', ports: [{ port: 80 }] },
    });
    const errors = synthErrors(chart);
    expect(rulesOf(errors)).toEqual(['network-default-deny', 'no-external-exposure']);
    // the defaults were patched in during the (failed) synth
    expect(report.toJson().spec.jobTemplate.spec.template.spec.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
  });

  test('kubeharden constructs in the chart pass unchanged', () => {
    const build = (harden: boolean) => {
      const chart = shopChart();
      if (harden) Hardening.of(chart, { applyDefaults: true });
      new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
      return Testing.synth(chart);
    };
    expect(build(true)).toEqual(build(false));
  });

  test('an escape-hatch patch that weakens a field fails even with applyDefaults', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true, rules: 'pss' });
    const web = plainDeployment(chart, { image: PINNED_IMAGE });
    ApiObject.of(web).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true));
    expect(rulesOf(synthErrors(chart))).toEqual(['no-privileged']);
  });

  test('failOn sets the severity that fails the synth', () => {
    const chart = shopChart();
    Hardening.of(chart, { failOn: 'critical' });
    plainDeployment(chart);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('on an App, covers every chart', () => {
    const app = Testing.app();
    Hardening.of(app);
    plainDeployment(shopChart(app), { image: PINNED_IMAGE, isolate: true });
    const other = new Chart(app, 'other', { disableResourceNameHashes: true });
    plainDeployment(other, { image: PINNED_IMAGE, isolate: true });
    const errors = synthErrors(other);
    expect(errors.every((e) => e.startsWith('[] '))).toBe(true);
    expect(errors.map((e) => /\(construct ([^)]+)\)/.exec(e)?.[1])).toContain('other/web');
  });
});

describe('Hardening.of(chart) on objects of the wrong shape', () => {
  test('a field of the wrong type fails the synth, naming the object and the field', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true });
    new ApiObject(chart, 'legacy', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'legacy' },
      spec: { template: { spec: { containers: [{ name: 'app', image: PINNED_IMAGE, securityContext: { capabilities: 0 } }] } } },
    });
    expect(synthErrors(chart)).toEqual([
      '[shop] kubeharden cannot audit Deployment/shop/legacy: field /spec/template/spec/containers/0/securityContext/capabilities must be an object',
    ]);
  });
});

describe('Hardening.of() options', () => {
  test('returns the same instance for the same scope', () => {
    const chart = shopChart();
    expect(Hardening.of(chart, { applyDefaults: true })).toBe(Hardening.of(chart));
    expect(Hardening.of(chart).options).toEqual({ applyDefaults: true, level: 'restricted', pssVersion: 'latest', failOn: 'medium' });
  });

  test.each([
    [{ failOn: 'High' }, '[shop] Hardening.of options.failOn "High" is not one of critical, high, medium, low, never. Fix: use critical or high or medium or low or never.'],
    [{ failon: 'high' }, '[shop] unknown prop Hardening.of options.failon. Fix: use Hardening.of options.failOn, or remove it.'],
    [{ applyDefault: true }, '[shop] unknown prop Hardening.of options.applyDefault. Fix: use Hardening.of options.applyDefaults, or remove it.'],
    [{ level: 'privileged' }, '[shop] Hardening.of options.level "privileged" is not one of baseline, restricted. Fix: use baseline or restricted.'],
    [{ applyDefaults: 'yes' }, '[shop] Hardening.of options.applyDefaults "yes" is not true or false. Fix: use true or false.'],
    ['high', '[shop] Hardening.of options "high" are not an object. Fix: pass HardeningOptions, such as { failOn: \'high\' }.'],
  ])('refuses options %j that would leave the gate open or do nothing', (options, message) => {
    expect(() => Hardening.of(shopChart(), options as never)).toThrow(message);
  });

  test('refuses a scope that is not a construct', () => {
    expect(() => Hardening.of(null as never)).toThrow('[Hardening.of] scope null is not a construct. Fix: pass the chart (or app) whose objects to audit.');
  });

  test('refuses contradicting options on a later call', () => {
    const chart = shopChart();
    Hardening.of(chart, { applyDefaults: true });
    expect(() => Hardening.of(chart, { applyDefaults: false })).toThrow(
      '[shop] Hardening.of() was already called with other options ({"applyDefaults":true,"level":"restricted","pssVersion":"latest","failOn":"medium"}). '
      + 'Fix: pass the options once, on the first call.');
  });
});

describe('Hardening.addOverride', () => {
  test('writes the kubeharden.io/overrides annotation and exempts the finding', () => {
    const chart = shopChart();
    const web = plainDeployment(chart, { isolate: true });
    Hardening.of(chart, { applyDefaults: true }).addOverride(web, { rule: 'image-digest-pinned', justification: JUSTIFICATION, expires: '2999-12-31' });
    const deployment = deploymentOf(chart);
    expect(deployment.metadata.annotations).toEqual({
      'kubeharden.io/overrides': `[{"rule":"image-digest-pinned","justification":"${JUSTIFICATION}","expires":"2999-12-31"}]`,
    });
    expect(synthErrors(chart)).toEqual([]);
    expect(audit(Testing.synth(chart)).exemptions.map((e) => e.rule)).toEqual(['image-digest-pinned']);
  });

  test('accepts a path relative to the scope, and accumulates overrides on an object', () => {
    const chart = shopChart();
    plainDeployment(chart, { isolate: true });
    Hardening.of(chart, { applyDefaults: true })
      .addOverride('web', { rule: 'image-digest-pinned', justification: JUSTIFICATION })
      .addOverride('web/Resource', { rule: 'trusted-registry', justification: 'Docker Hub official image, pulled through the cache SEC-8' });
    expect(JSON.parse(deploymentOf(chart).metadata.annotations['kubeharden.io/overrides']).map((o: any) => o.rule))
      .toEqual(['image-digest-pinned', 'trusted-registry']);
    expect(synthErrors(chart)).toEqual([]);
  });

  test('a rule overridden on an object is not filled in by applyDefaults', () => {
    const chart = shopChart();
    const web = plainDeployment(chart, { image: PINNED_IMAGE, isolate: true });
    Hardening.of(chart, { applyDefaults: true })
      .addOverride(web, { rule: 'seccomp-runtime-default', justification: 'Needs ptrace for the profiler; Localhost profile planned in SEC-9' });
    expect(deploymentOf(chart).spec.template.spec.securityContext.seccompProfile).toBeUndefined();
    expect(synthErrors(chart)).toEqual([]);
  });

  test('an override that exempts nothing fails the synth', () => {
    const chart = shopChart();
    const web = plainDeployment(chart, { image: PINNED_IMAGE, isolate: true });
    Hardening.of(chart, { applyDefaults: true }).addOverride(web, { rule: 'no-host-path', justification: 'Reads node logs from /var/log for shipping, SEC-10' });
    expect(synthErrors(chart)).toEqual([
      '[shop] override for rule "no-host-path" on web is not needed: nothing there breaks the rule. Fix: remove the override (see RULES.md#no-host-path).',
    ]);
  });

  test('an unknown rule, a weak justification and an expired override are refused where they are written', () => {
    const chart = shopChart();
    const web = plainDeployment(chart);
    const hardening = Hardening.of(chart);
    expect(() => hardening.addOverride(web, { rule: 'image-digest-pined', justification: JUSTIFICATION })).toThrow(new OverrideError(
      '[shop/web] Hardening.addOverride: the override names unknown rule "image-digest-pined". Fix: use a rule id from RULES.md (did you mean "image-digest-pinned"?).'));
    expect(() => hardening.addOverride(web, { rule: 'image-digest-pinned', justification: 'TODO' })).toThrow(
      '[shop/web] Hardening.addOverride: the override for rule "image-digest-pinned" has a placeholder justification ("TODO"). '
      + 'Fix: explain in at least 20 characters why the weakening is acceptable (a ticket or a plan).');
    expect(() => hardening.addOverride(web, { rule: 'image-digest-pinned', justification: JUSTIFICATION, expires: '2020-01-31' })).toThrow(
      '[shop/web] Hardening.addOverride: the override for rule "image-digest-pinned" expired on 2020-01-31. '
      + 'Fix: remove the weakening, or renew the override with a new expires date and justification.');
  });

  test('a path that names no construct, a construct outside the scope and a rule overridden twice are refused', () => {
    const chart = shopChart();
    const web = plainDeployment(chart);
    const hardening = Hardening.of(chart);
    expect(() => hardening.addOverride('api', { rule: 'image-digest-pinned', justification: JUSTIFICATION })).toThrow(
      '[shop] Hardening.addOverride: no construct at "api". Fix: pass the construct itself, or its path relative to the scope of Hardening.of() (e.g. "web").');
    const elsewhere = plainDeployment(new Chart(App.of(chart), 'other'));
    expect(() => hardening.addOverride(elsewhere, { rule: 'image-digest-pinned', justification: JUSTIFICATION })).toThrow(
      '[shop] Hardening.addOverride: other/web is not under shop. Fix: call Hardening.of() on a scope that contains it.');
    hardening.addOverride(web, { rule: 'image-digest-pinned', justification: JUSTIFICATION });
    expect(() => hardening.addOverride(web, { rule: 'image-digest-pinned', justification: JUSTIFICATION })).toThrow(
      '[shop/web/Resource] rule "image-digest-pinned" is overridden twice on Deployment/shop-web. Fix: keep one override per rule.');
  });
});

describe('docs/ecosystem.md', () => {
  test('the Hardening.of example synthesizes', () => {
    const chart = shopChart();
    const hardening = Hardening.of(chart, { applyDefaults: true });
    const web = new kplus.Deployment(chart, 'web', {
      containers: [{ image: 'registry.example.com/vendor/web:2.4.1', portNumber: 8080 }],
      isolate: true,
    });
    hardening.addOverride(web, {
      rule: 'image-digest-pinned',
      justification: 'Vendor publishes tags only; digest mirror tracked in SEC-7',
      expires: '2999-12-31',
    });
    expect(synthErrors(chart)).toEqual([]);
    expect(audit(Testing.synth(chart)).exemptions.map((e) => e.rule)).toEqual(['image-digest-pinned']);
  });
});
