import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as yaml from 'js-yaml';
import { buildApp } from '../../examples/cdk8s-plugin/app';
import { HardenedDeployment } from '../../src/cdk8s';
import { Cdk8sViolation, Cdk8sValidationContext, KubehardenValidation, KubehardenValidationProperties } from '../../src/cdk8s/validation-plugin';
import { InvalidConfigError } from '../../src/config';
import { ruleDocsLink } from '../../src/config/rule-docs';
import { PINNED_IMAGE } from '../fixtures';

/** Messages with the RULES.md links written relative, whatever repository package.json names. */
const RULES_DOC = ruleDocsLink('x').slice(0, -'#x'.length);
const relativeLinks = (text: string) => text.split(`${RULES_DOC}#`).join('RULES.md#');

/** A context like cdk8s-cli's, recording what the plugin reports. */
class FakeContext implements Cdk8sValidationContext {
  public readonly violations: Cdk8sViolation[] = [];
  public status?: 'success' | 'failure';
  public metadata?: Record<string, string>;
  public readonly report = {
    addViolation: (violation: Cdk8sViolation) => {
      if (this.status) throw new Error('Violations cannot be added to report after its submitted');
      this.violations.push({ ...violation, fix: relativeLinks(violation.fix) });
    },
    submit: (status: 'success' | 'failure', metadata?: Record<string, string>) => {
      this.status = status;
      this.metadata = metadata;
    },
  };
  constructor(public readonly manifests: string[]) {}
}

let outdir: string;
beforeEach(() => { outdir = mkdtempSync(join(tmpdir(), 'kubeharden-plugin-')); });
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

/** Synthesizes an app the way `cdk8s synth` does (one file per chart in outdir) and returns the manifest paths. */
function synthesize(build: (app: App) => void): string[] {
  const app = new App({ outdir });
  build(app);
  app.synth();
  return readdirSync(outdir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(outdir, f));
}

async function validate(manifests: string[], properties: KubehardenValidationProperties = {}): Promise<FakeContext> {
  const context = new FakeContext(manifests);
  await new KubehardenValidation({ configFile: false, ...properties }).validate(context);
  return context;
}


const WEB = 'Deployment/shop/web-frontend';
const container = '/spec/template/spec/containers/0';

/** A chart with a plain cdk8s-plus-28 Deployment (no kubeharden construct). */
function plainDeployment(app: App, options: { image?: string; annotations?: Record<string, string> } = {}): kplus.Deployment {
  const chart = new Chart(app, 'web', { namespace: 'shop', disableResourceNameHashes: true });
  return new kplus.Deployment(chart, 'frontend', {
    containers: [{ image: options.image ?? 'nginx:1.27', portNumber: 8080 }],
    metadata: options.annotations ? { annotations: options.annotations } : undefined,
  });
}

describe('KubehardenValidation on an unhardened cdk8s-plus-28 Deployment', () => {
  test('reports each finding with rule, severity, message, fix, resource, locations and manifest, and fails', async () => {
    const manifests = synthesize((app) => plainDeployment(app));
    const manifestPath = join(outdir, 'web.k8s.yaml');
    expect(manifests).toEqual([manifestPath]);
    const at = (...locations: string[]) => [{ resourceName: WEB, locations, manifestPath }];

    const context = await validate(manifests);

    expect(context.violations).toEqual([
      {
        ruleName: 'drop-all-capabilities',
        recommendation: '[high] unrestricted capabilities (container "main" must set securityContext.capabilities.drop=["ALL"]) (Pod Security Standards check capabilities_restricted)',
        fix: 'Set securityContext.capabilities.drop: ["ALL"] and add nothing (NET_BIND_SERVICE only for ports below 1024). See RULES.md#drop-all-capabilities',
        violatingResources: at(`${container}/securityContext/capabilities/drop`),
      },
      {
        ruleName: 'seccomp-runtime-default',
        recommendation: '[high] seccompProfile (pod or container "main" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost") (Pod Security Standards check seccompProfile_restricted)',
        fix: 'Set securityContext.seccompProfile.type: RuntimeDefault at pod level (or Localhost with a profile). See RULES.md#seccomp-runtime-default',
        violatingResources: at('/spec/template/spec/securityContext/seccompProfile/type'),
      },
      {
        ruleName: 'run-as-non-root',
        recommendation: '[high] container "main" has no explicit runAsUser, so its uid comes from the image',
        fix: 'Set securityContext.runAsNonRoot: true and runAsUser/runAsGroup to a non-zero id (kubeharden uses 65532). See RULES.md#run-as-non-root',
        violatingResources: at(`${container}/securityContext/runAsUser`),
      },
      {
        ruleName: 'run-as-non-root',
        recommendation: '[high] container "main" has no explicit runAsGroup',
        fix: 'Set securityContext.runAsNonRoot: true and runAsUser/runAsGroup to a non-zero id (kubeharden uses 65532). See RULES.md#run-as-non-root',
        violatingResources: at(`${container}/securityContext/runAsGroup`),
      },
      {
        ruleName: 'image-digest-pinned',
        recommendation: '[high] container "main" image "nginx:1.27" is not pinned by digest',
        fix: 'Pin the image by digest: get it with `crane digest <image>` or `docker buildx imagetools inspect <image>`, then write <image>@sha256:<digest>. '
          + 'See RULES.md#image-digest-pinned',
        violatingResources: at(`${container}/image`),
      },
      {
        ruleName: 'trusted-registry',
        recommendation: '[low] container "main" image "nginx:1.27" names no registry, so it is pulled from Docker Hub',
        fix: 'Reference the image through your own registry (registry.example.com/team/app@sha256:<digest>), or add its registry to allowedRegistries. See RULES.md#trusted-registry',
        violatingResources: at(`${container}/image`),
      },
      {
        ruleName: 'network-default-deny',
        recommendation: '[high] no NetworkPolicy restricts the ingress or egress of these pods',
        fix: 'Add a NetworkPolicy selecting the pods with policyTypes [Ingress, Egress] (kubeharden\'s constructs and IsolatedNetwork emit them), '
          + 'and a default-deny policy per namespace; give every rule its peers (from/to) or ports. See RULES.md#network-default-deny',
        violatingResources: at('/spec/template/metadata/labels'),
      },
    ]);
    expect(context.status).toBe('failure');
    expect(context.metadata).toEqual({
      'Objects': '1', 'Findings': '7', 'Findings at or above high': '6', 'Exemptions (kubeharden.io/overrides)': '0',
    });
  });

  test('failOn never still reports the violations but succeeds', async () => {
    const context = await validate(synthesize((app) => plainDeployment(app)), { failOn: 'never' });
    expect(context.violations).toHaveLength(7);
    expect(context.status).toBe('success');
  });

  test('rules, pss and severity narrow and re-rate what is reported', async () => {
    const manifests = synthesize((app) => plainDeployment(app));
    const pssOnly = await validate(manifests, { rules: 'pss', pss: 'baseline' });
    expect(pssOnly.violations).toEqual([]);
    expect(pssOnly.status).toBe('success');

    const registry = await validate(manifests, { rules: ['trusted-registry'], severity: { 'trusted-registry': 'critical' } });
    expect(registry.violations.map((v) => v.recommendation)).toEqual([
      '[critical] container "main" image "nginx:1.27" names no registry, so it is pulled from Docker Hub',
    ]);
    expect(registry.status).toBe('failure');
  });

  test('allowedRegistries reports images from other registries', async () => {
    const context = await validate(synthesize((app) => plainDeployment(app, { image: PINNED_IMAGE })), {
      rules: ['trusted-registry'], allowedRegistries: ['ghcr.io/acme'], failOn: 'medium',
    });
    expect(context.violations.map((v) => v.recommendation)).toEqual([
      `[medium] container "main" image "${PINNED_IMAGE}" is not from an allowed registry (ghcr.io/acme)`,
    ]);
    expect(context.status).toBe('failure');
  });

  test('honours justified kubeharden.io/overrides annotations and counts them as exemptions', async () => {
    const annotations = {
      'kubeharden.io/overrides': JSON.stringify([{ rule: 'image-digest-pinned', justification: 'Upstream nginx publishes tags; mirrored and pinned in SEC-7' }]),
    };
    const context = await validate(synthesize((app) => plainDeployment(app, { annotations })), { rules: ['image-digest-pinned'] });
    expect(context.violations).toEqual([]);
    expect(context.status).toBe('success');
    expect(context.metadata?.['Exemptions (kubeharden.io/overrides)']).toBe('1');
  });
});

describe('KubehardenValidation on kubeharden constructs', () => {
  test('a HardenedDeployment passes with no violation', async () => {
    const manifests = synthesize((app) => {
      const chart = new Chart(app, 'api', { namespace: 'shop', disableResourceNameHashes: true });
      new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    });
    const context = await validate(manifests);
    expect(context.violations).toEqual([]);
    expect(context.status).toBe('success');
    expect(context.metadata).toEqual({
      'Objects': '5', 'Findings': '0', 'Findings at or above high': '0', 'Exemptions (kubeharden.io/overrides)': '0',
    });
  });

  test('manifests are audited together and each violation names its own manifest', async () => {
    const manifests = synthesize((app) => {
      new HardenedDeployment(new Chart(app, 'api', { namespace: 'shop' }), 'api', { image: PINNED_IMAGE, port: 8080 });
      plainDeployment(app, { image: PINNED_IMAGE });
    });
    const context = await validate(manifests);
    expect(new Set(context.violations.flatMap((v) => v.violatingResources.map((r) => `${r.manifestPath} ${r.resourceName}`))))
      .toEqual(new Set([`${join(outdir, 'web.k8s.yaml')} ${WEB}`]));
  });
});

describe('KubehardenValidation inputs and properties', () => {
  test('skips empty manifests (a chart without objects)', async () => {
    const manifests = synthesize((app) => { new Chart(app, 'empty'); });
    const context = await validate(manifests);
    expect(context.violations).toEqual([]);
    expect(context.status).toBe('success');
  });

  test('a manifest that is not YAML fails with the file and line', async () => {
    const file = join(outdir, 'broken.k8s.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n');
    await expect(validate([file])).rejects.toThrow(new RegExp(`^kubeharden cannot audit the synthesized manifests: ${file}:4: invalid YAML: `));
  });

  test('invalid properties are an InvalidConfigError naming the field and the fix', () => {
    expect(() => new KubehardenValidation({ failOn: 'hihg' as never, configFile: false })).toThrow(InvalidConfigError);
    expect(() => new KubehardenValidation({ failOn: 'hihg' as never, configFile: false })).toThrow(
      'cdk8s.yaml (validations: KubehardenValidation): field "properties.failOn" "hihg" is not a severity. '
      + 'Fix: use one of critical, high, medium, low, never (did you mean "high"?).',
    );
    expect(() => new KubehardenValidation({ level: 'restricted', configFile: false } as never)).toThrow(
      'cdk8s.yaml (validations: KubehardenValidation): unknown field "properties.level". '
      + 'Fix: remove it, or use one of allowedRegistries, pss, pssVersion, failOn, rules, severity, configFile.',
    );
    expect(() => new KubehardenValidation({ configfile: false } as never)).toThrow(
      'cdk8s.yaml (validations: KubehardenValidation): unknown field "properties.configfile". '
      + 'Fix: remove it, or use one of allowedRegistries, pss, pssVersion, failOn, rules, severity, configFile (did you mean "configFile"?).',
    );
    expect(() => new KubehardenValidation({ configFile: 3 as never })).toThrow(
      'cdk8s.yaml (validations: KubehardenValidation): field "properties.configFile" must be a path or false, not 3. '
      + 'Fix: write the path of a kubeharden configuration file.',
    );
  });

  test('settings come from the configuration file, overridden by the properties', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'kubeharden-plugin-config-'));
    const configFile = join(configDir, 'kubeharden.config.yaml');
    writeFileSync(configFile, 'failOn: never\nallowedRegistries: [ghcr.io/acme]\n');
    expect(new KubehardenValidation({ configFile }).settings).toEqual({ failOn: 'never', allowedRegistries: ['ghcr.io/acme'] });
    expect(new KubehardenValidation({ configFile, failOn: 'low' }).settings).toEqual({ failOn: 'low', allowedRegistries: ['ghcr.io/acme'] });
    const manifests = synthesize((app) => plainDeployment(app));
    expect((await validate(manifests, { configFile })).status).toBe('success');
    rmSync(configDir, { recursive: true, force: true });
  });
});

describe('the example cdk8s project', () => {
  const exampleDir = join(__dirname, '..', '..', 'examples', 'cdk8s-plugin');
  const config = yaml.load(readFileSync(join(exampleDir, 'cdk8s.yaml'), 'utf8')) as any;
  const entry = config.validations[0];

  test('references this package by a path cdk8s-cli accepts, with its exact version and class', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    // cdk8s-cli resolves a local package only when it starts with "./" (or is absolute), and requires its exact version.
    expect(entry.package.startsWith('./')).toBe(true);
    expect(join(exampleDir, entry.package)).toBe(join(__dirname, '..', '..'));
    expect(entry.version).toBe(pkg.version);
    expect(entry.class).toBe(KubehardenValidation.name);
  });

  test('with its properties, the plugin passes the hardened kplus Deployment and fails the plain one', async () => {
    buildApp(outdir).synth();
    const manifestPath = join(outdir, 'shop.k8s.yaml');
    const context = await validate([manifestPath], entry.properties);
    expect(context.violations.map((v) => [v.ruleName, v.violatingResources.map((r) => r.resourceName).join()])).toEqual([
      ['drop-all-capabilities', 'Deployment/shop/shop-frontend'],
      ['seccomp-runtime-default', 'Deployment/shop/shop-frontend'],
      ['run-as-non-root', 'Deployment/shop/shop-frontend'],
      ['run-as-non-root', 'Deployment/shop/shop-frontend'],
      ['image-digest-pinned', 'Deployment/shop/shop-frontend'],
      ['trusted-registry', 'Deployment/shop/shop-frontend'],
      ['network-default-deny', 'Deployment/shop/shop-frontend'],
    ]);
    expect(context.violations.find((v) => v.ruleName === 'trusted-registry')?.recommendation).toBe(
      '[medium] container "frontend" image "nginx:1.27" is not from an allowed registry (registry.example.com)');
    expect(context.status).toBe('failure');
  });
});
