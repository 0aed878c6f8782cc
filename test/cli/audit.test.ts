import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { fixture, run } from './run';
import { Auditor } from '../../src/audit/engine';
import { MAX_ALIAS_EXPANSION } from '../../src/audit/load';
import type { AuditReport } from '../../src/audit/types';
import { USAGE } from '../../src/cli/main';

const PSS_RESTRICTED_ONLY = ['allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted', 'restrictedVolumes'];

async function auditJson(argv: readonly string[], stdin?: string): Promise<{ code: number; report: AuditReport; stderr: string }> {
  const result = await run(['audit', ...argv, '--format', 'json'], { stdin });
  return { code: result.code, report: JSON.parse(result.stdout), stderr: result.stderr };
}

describe('exit codes and --fail-on', () => {
  test.each([
    [['compliant.yaml'], 0],
    [['insecure.yaml'], 1],
    [['insecure.yaml', '--fail-on', 'critical'], 1],
    [['insecure.yaml', '--fail-on=never'], 0],
    [['exempted.yaml'], 1],
    [['exempted.yaml', '--fail-on', 'critical'], 0],
    [['compliant.yaml', '--fail-on', 'low'], 0],
    [['helm-rendered.yaml', '--fail-on', 'critical'], 0],
    [['helm-rendered.yaml', '--fail-on', 'low'], 1],
  ])('audit %j exits %i', async (argv, code) => {
    const [file, ...options] = argv;
    const result = await run(['audit', fixture(file), ...options]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(code);
  });

  test('exemptions never fail the audit', async () => {
    const { code, report } = await auditJson([fixture('exempted.yaml'), '--rules', 'image-digest-pinned', '--fail-on', 'low']);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => e.rule)).toEqual(['image-digest-pinned']);
    expect(code).toBe(0);
  });

  test('--opt value and --opt=value mean the same', async () => {
    const spaced = await run(['audit', fixture('insecure.yaml'), '--rules', 'pss', '--pss', 'baseline', '--format', 'json', '--fail-on', 'critical']);
    const joined = await run(['audit', '--rules=pss', '--pss=baseline', '--format=json', '--fail-on=critical', fixture('insecure.yaml')]);
    expect(joined).toEqual(spaced);
  });

  test('--help prints the usage', async () => {
    expect(await run(['audit', '--help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
  });
});

describe('--format json is the report contract', () => {
  test('one object with findings, exemptions and summary; every finding names rule, severity, message, file, resource and path', async () => {
    const file = fixture('insecure.yaml');
    const { report } = await auditJson([file, fixture('exempted.yaml')]);
    expect(Object.keys(report)).toEqual(['findings', 'exemptions', 'summary']);
    expect(Object.keys(report.summary).sort()).toEqual(['bySeverity', 'exemptions', 'findings', 'objects']);
    expect(report.summary).toMatchObject({ objects: 4, findings: report.findings.length, exemptions: 1 });
    for (const finding of report.findings) {
      expect(Object.keys(finding).filter((k) => k !== 'pssCheck').sort()).toEqual(['file', 'fix', 'line', 'message', 'path', 'resource', 'rule', 'severity']);
      expect(Object.keys(finding.resource).sort()).toEqual(['apiVersion', 'kind', 'name', 'namespace']);
      expect(finding.path).toMatch(/^\//);
    }
    const privileged = report.findings.find((f) => f.rule === 'no-privileged' && f.pssCheck);
    expect(privileged).toEqual({
      rule: 'no-privileged',
      severity: 'critical',
      message: expect.stringContaining('privileged'),
      fix: expect.any(String),
      file,
      line: 2,
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api', namespace: 'default' },
      path: '/spec/template/spec/containers/0/securityContext/privileged',
      pssCheck: 'privileged',
    });
    expect(report.exemptions[0]).toMatchObject({
      rule: 'image-digest-pinned',
      severity: 'high',
      file: fixture('exempted.yaml'),
      line: 2,
      expires: '2099-12-31',
      justification: 'Vendor publishes tags only; digest pinning tracked in SEC-142',
      resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', namespace: 'shop' },
      path: '/spec/template/spec/containers/0/image',
    });
  });

  test('resource always has its four keys: namespace is null for an object that names none', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      securityContext:\n        privileged: true\n';
    const cluster = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
    const { report } = await auditJson(['-', '--rules', 'no-privileged,pss-namespace-labels'], `${pod}---\n${cluster}`);
    expect(report.findings.find((f) => f.rule === 'no-privileged')!.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: null });
    expect(report.findings.find((f) => f.rule === 'pss-namespace-labels')!.resource).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: 'shop', namespace: null });
  });

  test('an expired override is a finding that says so', async () => {
    const { report } = await auditJson([fixture('exempted.yaml')]);
    expect(report.findings.map((f) => [f.rule, f.message])).toEqual([
      ['read-only-root-filesystem', 'container "legacy" has a writable root filesystem (override not honoured: expired on 2000-01-01)'],
    ]);
  });

  test('--rules pss runs only the Pod Security Standards checks, at the chosen level', async () => {
    const restricted = (await auditJson([fixture('insecure.yaml'), '--rules', 'pss'])).report;
    expect(restricted.findings.length).toBeGreaterThan(0);
    expect(restricted.findings.every((f) => f.pssCheck)).toBe(true);
    expect(restricted.findings.map((f) => f.pssCheck)).toEqual(expect.arrayContaining(['privileged', 'capabilities_restricted']));
    const baseline = (await auditJson([fixture('insecure.yaml'), '--rules', 'pss', '--pss', 'baseline'])).report;
    expect(baseline.findings.map((f) => f.pssCheck)).toEqual(['privileged']);
    expect(baseline.findings.some((f) => PSS_RESTRICTED_ONLY.includes(f.pssCheck!))).toBe(false);
  });

  test('--rules with rule ids runs only those rules', async () => {
    const { report } = await auditJson([fixture('insecure.yaml'), '--rules', 'image-digest-pinned, no-external-exposure']);
    expect([...new Set(report.findings.map((f) => f.rule))].sort()).toEqual(['image-digest-pinned', 'no-external-exposure']);
  });

  test('--pss-version selects the Pod Security Standards version', async () => {
    const { code, report } = await auditJson([fixture('insecure.yaml'), '--rules', 'pss', '--pss-version', 'v1.24']);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.pssCheck)).toContain('privileged');
  });
});

describe('kubectl get pods -A -o yaml | kubeharden audit -', () => {
  test('a List of Pods with status fields, each finding at the line of its pod', async () => {
    const stdin = readFileSync(fixture('pods-list.yaml'), 'utf8');
    const { code, report, stderr } = await auditJson(['-'], stdin);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(report.summary.objects).toBe(2);
    expect(new Set(report.findings.map((f) => `${f.file}:${f.line} ${f.resource.namespace}/${f.resource.name}`))).toEqual(new Set([
      '-:3 kube-system/coredns-5d78c9869d-7xq2p',
      '-:117 default/web',
    ]));
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'no-host-namespaces', pssCheck: 'hostNamespaces', path: '/spec/hostNetwork' }));
  });

  test('kubectl get -o json output on standard input, each finding at the line of its item', async () => {
    const { report } = await auditJson(['-'], readFileSync(fixture('list.json'), 'utf8'));
    expect(report.summary.objects).toBe(2);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.file === '-' && f.line === 4 && f.resource.name === 'api')).toBe(true);
  });

  test('SARIF regions of a JSON List point at the items', async () => {
    const result = await run(['audit', fixture('list.json'), '--format', 'sarif', '--fail-on', 'never']);
    const results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number } } }> }> = JSON.parse(result.stdout).runs[0].results;
    expect(new Set(results.map((r) => r.locations[0].physicalLocation.region.startLine))).toEqual(new Set([4]));
  });
});

describe('directory walks', () => {
  let root: string;
  let count = 0;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kubeharden-walk-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A fresh directory holding `files` (path → content); `@name` copies a fixture. */
  function tree(files: Record<string, string>): string {
    const dir = join(root, `case-${++count}`);
    mkdirSync(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      if (content.startsWith('@')) copyFileSync(fixture(content.slice(1)), join(dir, path));
      else writeFileSync(join(dir, path), content);
    }
    return dir;
  }

  test('Helm charts and tool configuration (kustomize, kind) are skipped with notes, the rest is audited', async () => {
    const dir = tree({
      'deploy/insecure.yaml': '@insecure.yaml',
      'deploy/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [insecure.yaml]\n',
      'kind-config.yaml': 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]\n',
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'chart/Chart.lock': 'dependencies: []\n',
      'chart/values.yaml': 'replicaCount: 1\n',
      'chart/templates/deployment.yaml': 'metadata:\n  labels:\n    {{- include "shop.labels" . | nindent 4 }}\n',
    });
    const result = await run(['audit', dir, '--rules', 'no-privileged']);
    expect(result.stderr).toBe([
      `${dir}/chart: skipped a Helm chart (its templates are not manifests until rendered: helm template ${dir}/chart | kubeharden audit -)`,
      `${dir}/deploy/kustomization.yaml:1: skipped a Kustomization (kustomize.config.k8s.io/v1beta1): tool configuration, not a Kubernetes object`,
      `${dir}/kind-config.yaml:1: skipped a Cluster (kind.x-k8s.io/v1alpha4): tool configuration, not a Kubernetes object`,
    ].map((note) => `kubeharden: note: ${note}\n`).join(''));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^Deployment\/default\/api \(.*\/deploy\/insecure.yaml:2\)\n  CRITICAL no-privileged: /);
  });

  test('named on the command line, a Helm chart, its Chart.yaml or a Kustomization is bad input', async () => {
    const dir = tree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'overlay/kustomization.yml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n',
    });
    const fix = `Fix: audit what the chart renders: helm template ${dir}/chart | kubeharden audit -`;
    expect(await run(['audit', join(dir, 'chart')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeharden: ${dir}/chart: a Helm chart, whose templates are not manifests until rendered. ${fix}\n`,
    });
    expect(await run(['audit', join(dir, 'chart', 'Chart.yaml')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeharden: ${dir}/chart/Chart.yaml: Helm chart metadata, not a Kubernetes object. ${fix}\n`,
    });
    expect(await run(['audit', join(dir, 'overlay', 'kustomization.yml')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `kubeharden: ${dir}/overlay/kustomization.yml: no Kubernetes objects: Kustomization (kustomize.config.k8s.io/v1beta1) is tool configuration, `
        + `not a Kubernetes object. Fix: audit what it builds: kubectl kustomize ${dir}/overlay | kubeharden audit -\n`,
    });
  });

  test('a symbolic link to a directory is followed: a privileged pod there fails the audit; broken links and skipped directories are noted', async () => {
    const dir = tree({ 'shared/insecure.yaml': '@insecure.yaml', 'app/compliant.yaml': '@compliant.yaml', 'app/.github/ci.yaml': 'on: push\n' });
    symlinkSync(join(dir, 'shared'), join(dir, 'app', 'shared'));
    symlinkSync('..', join(dir, 'app', 'loop'));
    symlinkSync('gone.yaml', join(dir, 'app', 'broken.yaml'));
    mkdirSync(join(dir, 'app', 'node_modules'));
    mkdirSync(join(dir, 'app', '.git'));
    const result = await run(['audit', join(dir, 'app'), '--rules', 'no-privileged']);
    expect(result.stderr).toBe([
      `${dir}/app/.github: skipped a hidden directory (name it on the command line to audit it)`,
      `${dir}/app/broken.yaml: skipped a broken symbolic link (to gone.yaml)`,
      `${dir}/app/node_modules: skipped a node_modules directory (name it on the command line to audit it)`,
    ].map((note) => `kubeharden: note: ${note}\n`).join(''));
    expect(result.code).toBe(1);
    // `loop` comes first by name, and leads to `shared`: each file is read once (4 + 2 objects), by the first path found.
    expect(result.stdout).toMatch(new RegExp(`^Deployment/default/api \\(${dir}/app/loop/shared/insecure.yaml:2\\)\n`));
    expect(result.stdout).toMatch(/\n\n1 finding \(1 critical\), 0 exemptions, 6 objects\n$/);
  });

  test('nothing to audit: named, an error; in a walk, a note', async () => {
    const dir = tree({ 'object.yaml': '{}\n', 'comments.yaml': '# to do\n', 'empty.yaml': '', 'cm.yaml': '@compliant.yaml' });
    for (const name of ['object.yaml', 'comments.yaml']) {
      expect(await run(['audit', join(dir, name)]))
        .toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${dir}/${name}: no Kubernetes objects (documents need apiVersion and kind)\n` });
    }
    expect(await run(['audit', join(dir, 'empty.yaml')])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${dir}/empty.yaml: empty file\n` });
    const result = await run(['audit', dir]);
    expect(result.stderr).toBe([
      `${dir}/comments.yaml: skipped a file with no documents (only comments or empty documents)`,
      `${dir}/empty.yaml: skipped an empty file`,
      `${dir}/object.yaml:1: skipped a document without apiVersion and kind`,
    ].map((note) => `kubeharden: note: ${note}\n`).join(''));
    expect(result.code).toBe(0);
  });
});

describe('skipped documents', () => {
  test('a document that is not a Kubernetes object is skipped with a note on stderr', async () => {
    const stdin = 'replicaCount: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n';
    const result = await run(['audit', '-'], { stdin });
    expect(result.stderr).toBe('kubeharden: note: -:1: skipped a document without apiVersion and kind\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('0 findings, 0 exemptions, 1 object\n');
  });

  test('a Deployment without a pod template (a patch) is no silent pass: a note says nothing of its pods was checked', async () => {
    const stdin = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n';
    const result = await run(['audit', '-', '--rules', 'no-privileged'], { stdin });
    expect(result.stderr).toBe('kubeharden: note: -:1: Deployment/api has no /spec/template: none of its pod checks ran '
      + '(the API server requires it; audit rendered manifests, not patches)\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('0 findings, 0 exemptions, 1 object\n');
  });
});

describe('bad usage: one line on stderr, exit code 2', () => {
  test.each([
    [[], 'no path given: name files or directories to audit, or - for standard input. Run kubeharden --help for usage.'],
    [['x.yaml', '--frmat', 'json'], 'unknown option --frmat. Run kubeharden --help for usage.'],
    [['x.yaml', '-q'], 'unknown option -q. Run kubeharden --help for usage.'],
    [['x.yaml', '--format'], 'option --format needs a value. Run kubeharden --help for usage.'],
    [['x.yaml', '--format', '--pss', 'baseline'], 'option --format needs a value. Run kubeharden --help for usage.'],
    [['x.yaml', '--help=yes'], 'option --help takes no value. Run kubeharden --help for usage.'],
    [['x.yaml', '--format', 'xml'], 'invalid value "xml" for --format: use text, json or sarif. Run kubeharden --help for usage.'],
    [['x.yaml', '--fail-on', 'error'], 'invalid value "error" for --fail-on: use critical, high, medium, low or never. Run kubeharden --help for usage.'],
    [['x.yaml', '--pss', 'privileged'], 'invalid value "privileged" for --pss: use baseline or restricted. Run kubeharden --help for usage.'],
    [['x.yaml', '--pss='], 'invalid value "" for --pss: use baseline or restricted. Run kubeharden --help for usage.'],
    [['x.yaml', '--pss-version', '1.30'], 'invalid value "1.30" for --pss-version: use v1.N (e.g. v1.30) or latest. Run kubeharden --help for usage.'],
    [['x.yaml', '--rules', ','], 'invalid value "," for --rules: use all, pss or a comma-separated list of rule ids. Run kubeharden --help for usage.'],
    [['x.yaml', '--rules', 'image-digest-pined'], 'unknown rule "image-digest-pined": see RULES.md for the rule ids (did you mean "image-digest-pinned"?)'],
    [['-', '-'], 'standard input (-) can be given only once. Run kubeharden --help for usage.'],
  ])('audit %j', async (argv, message) => {
    expect(await run(['audit', ...argv])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${message}\n` });
  });
});

describe('bad input: one line naming the file (and line), exit code 2, nothing on stdout', () => {
  test.each([
    ['bad/invalid.yaml', 'bad/invalid.yaml:5: invalid YAML: bad indentation of a mapping entry (column 2)'],
    ['bad/invalid.json', 'bad/invalid.json:4: invalid JSON: missed comma between flow collection entries'],
    ['bad/scalar.yaml', 'bad/scalar.yaml:6: document is a string, not a Kubernetes object (a mapping with apiVersion and kind)'],
    ['bad/list.yaml', 'bad/list.yaml:1: document is a list, not a Kubernetes object (a mapping with apiVersion and kind)'],
    ['bad/wrong-type.yaml', 'bad/wrong-type.yaml:6: Deployment/shop/web: field /spec/template/spec/containers must be a list of containers'],
    ['bad/bad-metadata.yaml', 'bad/bad-metadata.yaml:1: field /metadata/labels/tier must be a string'],
    ['bad/container-not-object.yaml', 'bad/container-not-object.yaml:1: Pod/shop/p: field /spec/containers/1 must be a container object'],
    ['bad/bad-items.yaml', 'bad/bad-items.yaml:1: field /items of a List must be a list'],
    ['bad/alias-bomb.yaml', `bad/alias-bomb.yaml:2: YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?)`],
    ['bad/recursive-alias.yaml', 'bad/recursive-alias.yaml:1: YAML alias refers to a node that contains it (recursive document)'],
    ['bad/values.yaml', 'bad/values.yaml: no Kubernetes objects (documents need apiVersion and kind)'],
    ['bad/comments-only.yaml', 'bad/comments-only.yaml: no Kubernetes objects (documents need apiVersion and kind)'],
    ['bad/empty.yaml', 'bad/empty.yaml: empty file'],
    ['bad/missing.yaml', 'bad/missing.yaml: no such file or directory'],
  ])('%s', async (file, message) => {
    expect(await run(['audit', fixture(file)])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${fixture(message)}\n` });
  });

  describe('generated inputs', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'kubeharden-cli-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test.each([
      ['image.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), 'binary file (contains NUL bytes), not YAML or JSON'],
      ['latin1.yaml', Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf\xe9\n', 'latin1'), 'not valid UTF-8 text'],
    ])('%s', async (name, content, message) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      expect(await run(['audit', file])).toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${file}: ${message}\n` });
    });

    test('a directory without manifests', async () => {
      const docs = join(dir, 'docs');
      mkdirSync(docs);
      writeFileSync(join(docs, 'README.md'), '# docs\n');
      expect(await run(['audit', docs, fixture('compliant.yaml')]))
        .toEqual({ code: 2, stdout: '', stderr: `kubeharden: ${docs}: no .yaml, .yml or .json files\n` });
    });
  });

  test.each([
    ['  containers: [{ image: nginx }]', '/spec/containers/0/name must be a container name (the API server requires one)'],
    ['  containers: [{ name: web, image: 42 }]', '/spec/containers/0/image must be a string'],
    ['  containers: [{ name: web, securityContext: privileged }]', '/spec/containers/0/securityContext must be an object'],
    ['  containers: [{ name: web, securityContext: { capabilities: { drop: ALL } } }]', '/spec/containers/0/securityContext/capabilities/drop must be a list'],
    ['  containers: [{ name: web, resources: { limits: 1 } }]', '/spec/containers/0/resources/limits must be an object'],
    ['  containers: [{ name: web, volumeMounts: [/data] }]', '/spec/containers/0/volumeMounts must be a list of objects'],
    ['  initContainers: [{ name: init, env: { A: b } }]\n  containers: [{ name: web }]', '/spec/initContainers/0/env must be a list of objects'],
    ['  securityContext: { seccompProfile: RuntimeDefault }\n  containers: [{ name: web }]', '/spec/securityContext/seccompProfile must be an object'],
    ['  volumes: [data]\n  containers: [{ name: web }]', '/spec/volumes must be a list of objects'],
    ['  securityContext: { windowsOptions: { hostProcess: "true" } }\n  containers: [{ name: web }]', '/spec/securityContext/windowsOptions/hostProcess must be true or false'],
    ['  containers: [{ name: web, volumeMounts: [{ name: s, mountPath: /s, readOnly: "true" }] }]', '/spec/containers/0/volumeMounts/0/readOnly must be true or false'],
    ['  volumes: [{ name: s, secret: { secretName: s, defaultMode: "0400" } }]\n  containers: [{ name: web }]',
      '/spec/volumes/0/secret/defaultMode must be a file mode (a whole number such as 0400, unquoted)'],
  ])('a field of the wrong type the API server would refuse: %s', async (spec, message) => {
    const stdin = `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n${spec}\n`;
    expect(await run(['audit', '-'], { stdin })).toEqual({ code: 2, stdout: '', stderr: `kubeharden: -:1: Pod/shop/p: field ${message}\n` });
  });

  test('a ServiceAccount whose automountServiceAccountToken is a string', async () => {
    const stdin = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: sa, namespace: shop }\nautomountServiceAccountToken: "false"\n';
    expect(await run(['audit', '-', '--rules', 'no-service-account-token'], { stdin }))
      .toEqual({ code: 2, stdout: '', stderr: 'kubeharden: -:1: ServiceAccount/shop/sa: field /automountServiceAccountToken must be true or false\n' });
  });

  test.each(['constructor', '__proto__'])('kind %s is a kind without a pod template, not an internal error', async (kind) => {
    const stdin = `apiVersion: v1\nkind: ${kind}\nmetadata: { name: x, namespace: shop }\nspec: {}\n`;
    expect(await run(['audit', '-'], { stdin })).toEqual({ code: 0, stdout: '0 findings, 0 exemptions, 1 object\n', stderr: '' });
  });

  test('YAML as kubectl reads it: defaultMode 0400 is octal, hostNetwork: yes is true', async () => {
    const pod = (extra: string) => [
      'apiVersion: v1', 'kind: Pod', 'metadata: { name: web, namespace: shop }', 'spec:', extra,
      '  containers: [{ name: web, image: nginx, volumeMounts: [{ name: s, mountPath: /etc/s, readOnly: true }] }]',
      '  volumes: [{ name: s, secret: { secretName: s, defaultMode: 0400 } }]', '',
    ].join('\n');
    const findings = async (extra: string, rule: string) =>
      (await auditJson(['-', '--rules', rule], pod(extra))).report.findings.map((f: { path: string }) => f.path);
    expect(await findings('', 'secret-files-read-only')).toEqual([]);
    expect(await findings('  hostNetwork: yes', 'no-host-namespaces')).toEqual(['/spec/hostNetwork']);
  });

  test('a file given twice is audited once', async () => {
    const once = await auditJson([fixture('insecure.yaml')]);
    const twice = await auditJson([fixture('insecure.yaml'), `${fixture('insecure.yaml').replace(/insecure\.yaml$/, '')}./insecure.yaml`]);
    expect(twice.report.summary).toEqual(once.report.summary);
  });

  test('a document with kind but no apiVersion, among others', async () => {
    const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n---\nkind: Pod\nmetadata:\n  name: web\n';
    expect(await run(['audit', '-'], { stdin })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeharden: -:6: document has no valid apiVersion, so it is not a Kubernetes object. Fix: give it both, such as apiVersion: v1 and kind: Pod\n',
    });
  });

  test('an overrides annotation naming an unknown rule', async () => {
    const yaml = [
      'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: web', '  annotations:',
      '    kubeharden.io/overrides: \'[{"rule":"no-privilegd","justification":"Needs raw devices; replacement tracked in SEC-7"}]\'',
      'spec:', '  containers: [{ name: web, image: nginx }]', '',
    ].join('\n');
    expect(await run(['audit', '-'], { stdin: yaml })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kubeharden: -:1: Pod/web: annotation kubeharden.io/overrides names unknown rule "no-privilegd". Fix: use a rule id from RULES.md (did you mean "no-privileged"?)\n',
    });
  });

  test('empty standard input', async () => {
    expect(await run(['audit', '-'], { stdin: '  \n' })).toEqual({ code: 2, stdout: '', stderr: 'kubeharden: -: empty input\n' });
  });

  test('an error in one of several paths fails the whole audit', async () => {
    const result = await run(['audit', fixture('compliant.yaml'), fixture('bad/invalid.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});

describe('unexpected errors', () => {
  afterEach(() => jest.restoreAllMocks());

  test('an internal error is one line, never a stack trace', async () => {
    jest.spyOn(Auditor.prototype, 'start').mockImplementation(() => {
      throw new TypeError('cannot read properties of undefined\n    at somewhere (file.ts:1:1)');
    });
    expect(await run(['audit', fixture('compliant.yaml')]))
      .toEqual({ code: 2, stdout: '', stderr: 'kubeharden: internal error: cannot read properties of undefined\n' });
  });
});
