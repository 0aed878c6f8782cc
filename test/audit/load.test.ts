import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readDockerfile } from '../../src/audit/inputs';
import {
  InputError, listItemLines, loadInputs, manifestFiles, MAX_ALIAS_EXPANSION, MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, objectsOf, parseDocuments,
  walkDirectory,
} from '../../src/audit/load';

const FIXTURES = 'test/fixtures/audit';

function summary(inputs: ReadonlyArray<{ object: { kind: string; metadata?: { name?: string } }; file?: string; line?: number }>): string[] {
  return inputs.map((i) => `${i.file}:${i.line} ${i.object.kind}/${i.object.metadata?.name}`);
}

function inputError(action: () => unknown): InputError {
  try {
    action();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseDocuments', () => {
  test('multi-document YAML: each document with the line where its content starts', () => {
    const text = 'a: 1\n---\n\n# comment\nb: 2\n---\nc: 3\n';
    expect(parseDocuments(text, 'f.yaml').map((d) => [d.value, d.line])).toEqual([
      [{ a: 1 }, 1],
      [{ b: 2 }, 5],
      [{ c: 3 }, 7],
    ]);
  });

  test('content on the marker line, document end markers and directives', () => {
    const text = '%YAML 1.2\n---\na: 1\n...\n--- {b: 2}\n--- |\n  text\n';
    expect(parseDocuments(text, 'f.yaml').map((d) => [d.value, d.line])).toEqual([
      [{ a: 1 }, 3],
      [{ b: 2 }, 5],
      ['text\n', 6],
    ]);
  });

  test('Windows line endings', () => {
    const text = 'a: 1\r\n---\r\nb: 2\r\n';
    expect(parseDocuments(text, 'f.yaml').map((d) => [d.value, d.line])).toEqual([[{ a: 1 }, 1], [{ b: 2 }, 3]]);
  });

  test('timestamps stay strings and merge keys are applied, as Kubernetes reads YAML', () => {
    const [doc] = parseDocuments('t: 2024-05-02T09:14:03Z\nd: &d {x: 1}\ne:\n  <<: *d\n  z: 2\n', 'f.yaml');
    expect(doc.value).toEqual({ t: '2024-05-02T09:14:03Z', d: { x: 1 }, e: { x: 1, z: 2 } });
  });

  // kubectl reads YAML with sigs.k8s.io/yaml, on go-yaml v2: YAML 1.1 booleans and integers
  // (https://github.com/kubernetes/kubernetes/issues/34146). The audit sees what the API server receives.
  test('booleans and integers are YAML 1.1\'s, as kubectl reads them', () => {
    const [doc] = parseDocuments([
      'hostNetwork: yes', 'privileged: On', 'readOnly: off', 'quoted: "yes"', 'word: nope', 'mode: 0400', 'hex: 0x1F', 'octal: 0o17',
      'binary: 0b101', 'grouped: 1_000', 'negative: -010', 'decimal: 12', 'zero: 0', 'eight: 08', 'n: 1', '',
    ].join('\n'), 'f.yaml');
    expect(doc.value).toMatchObject({ hostNetwork: true, privileged: true, readOnly: false, quoted: 'yes', word: 'nope', false: 1 });
    expect(doc.value).toMatchObject({ mode: 256, hex: 31, octal: 15, binary: 5, grouped: 1000, negative: -8, decimal: 12, zero: 0, eight: 8 });
    expect(Object.keys(doc.value as object)).toHaveLength(15);
  });

  test('floats are the core schema\'s; words, versions and quantities stay strings', () => {
    const [doc] = parseDocuments([
      'f: 1.5', 'e: 1e3', 'dot: .5', 'signed: -2.5', 'inf: -.inf', 'nan: .nan', 'word: e5', 'version: 1.0.0', 'cpu: 250m',
      'memory: 1.5Gi', 'dots: ..', 'sign: "-"', '',
    ].join('\n'), 'f.yaml');
    const value = doc.value as Record<string, unknown>;
    expect(value).toMatchObject({ f: 1.5, e: 1000, dot: 0.5, signed: -2.5, inf: -Infinity, word: 'e5', version: '1.0.0', cpu: '250m' });
    expect(value).toMatchObject({ memory: '1.5Gi', dots: '..', sign: '-' });
    expect(value.nan).toBeNaN();
  });

  test('JSON text, also without a .json name', () => {
    expect(parseDocuments('\n\n{"a": [1]}', 'f.json', true).map((d) => [d.value, d.line])).toEqual([[{ a: [1] }, 3]]);
    expect(parseDocuments('{"a": 1}', '-').map((d) => d.value)).toEqual([{ a: 1 }]);
    expect(parseDocuments('{a: 1}', '-').map((d) => d.value)).toEqual([{ a: 1 }]);
  });

  test('a YAML syntax error names the file, the line in the stream and the column', () => {
    const error = inputError(() => parseDocuments('a: 1\n---\nb: 2\n c: 3\n', 'f.yaml'));
    expect(error.describe()).toBe('f.yaml:4: invalid YAML: bad indentation of a mapping entry (column 3)');
  });

  test('a JSON syntax error is located', () => {
    const error = inputError(() => parseDocuments('{\n  "a": 1\n  "b": 2\n}\n', 'f.json', true));
    expect(error.describe()).toBe('f.json:3: invalid JSON: missed comma between flow collection entries');
  });

  test('an alias bomb is rejected without expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const error = inputError(() => parseDocuments(levels.join('\n'), 'bomb.yaml'));
    expect(error.describe()).toBe(`bomb.yaml:1: YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} nodes (an alias bomb?)`);
  });

  test('a few aliases are fine', () => {
    const [doc] = parseDocuments('env: &env [{name: A, value: "1"}]\nx: *env\nz: *env\n', 'f.yaml');
    expect(doc.value).toEqual({ env: [{ name: 'A', value: '1' }], x: [{ name: 'A', value: '1' }], z: [{ name: 'A', value: '1' }] });
  });

  test('a recursive alias is rejected', () => {
    expect(inputError(() => parseDocuments('a: &a\n  b: *a\n', 'f.yaml')).describe())
      .toBe('f.yaml:1: YAML alias refers to a node that contains it (recursive document)');
  });

  test('a document over the size limit is rejected before parsing, counting UTF-8 bytes', () => {
    const limit = `document is larger than ${MAX_DOCUMENT_BYTES / (1024 * 1024)} MiB`;
    expect(inputError(() => parseDocuments(`a: 1\n---\nb: ${'x'.repeat(MAX_DOCUMENT_BYTES)}\n`, 'big.yaml')).describe()).toBe(`big.yaml:3: ${limit}`);
    expect(inputError(() => parseDocuments(`b: ${'é'.repeat(MAX_DOCUMENT_BYTES / 2)}\n`, 'big.yaml')).describe()).toBe(`big.yaml:1: ${limit}`);
  });

  test('deep nesting is an error, not a crash', () => {
    expect(inputError(() => parseDocuments('['.repeat(100_000), 'f.yaml')).message).toMatch(/^invalid YAML: /);
  });
});

describe('objectsOf', () => {
  test('kind: List is expanded into its items, each at its own line', () => {
    const text = readFileSync(join(FIXTURES, 'pods-list.yaml'), 'utf8');
    const result = objectsOf(parseDocuments(text, 'pods.yaml'), 'pods.yaml');
    expect(summary(result.inputs)).toEqual(['pods.yaml:3 Pod/coredns-5d78c9869d-7xq2p', 'pods.yaml:117 Pod/web']);
    expect(result.notes).toEqual([]);
  });

  test('a typed list from the API (PodList) gives its items their kind and apiVersion', () => {
    const text = readFileSync(join(FIXTURES, 'pod-list-api.json'), 'utf8');
    const [input] = objectsOf(parseDocuments(text, 'pods.json', true), 'pods.json').inputs;
    expect(input.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' } });
  });

  test('JSON List items each at their own line, however the JSON is laid out', () => {
    const items = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }];
    const list = { apiVersion: 'v1', kind: 'List', items };
    const lines = (text: string) => objectsOf(parseDocuments(text, 'f.json', true), 'f.json').inputs.map((i) => i.line);
    // As kubectl prints it (4 spaces) and as JSON.stringify does with 2 spaces.
    expect(lines(JSON.stringify(list, null, 4))).toEqual([5, 12]);
    expect(lines(`\n${JSON.stringify(list, null, 2)}`)).toEqual([6, 13]);
    // One item a line, items opening on the line of the one before, and a string holding braces and escaped quotes.
    expect(lines(`{"kind": "List", "apiVersion": "v1", "items": [\n${items.map((i) => JSON.stringify(i)).join(',\n')}\n]}`)).toEqual([2, 3]);
    const odd = { ...items[0], data: { x: '"}]{[\\' } };
    expect(lines(`{"apiVersion": "v1", "kind": "List", "items": [{\n${JSON.stringify(odd).slice(1)}, {\n"apiVersion": "v1",\n"kind": "Pod", "metadata": {"name": "p"}}]}`))
      .toEqual([1, 2]);
    // Minified: every item on the one line.
    expect(lines(JSON.stringify(list))).toEqual([1, 1]);
  });

  test('the items of a List inside a List are at their own lines, in YAML and JSON', () => {
    const yaml = [
      'apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: List', '  items:', '  - apiVersion: v1', '    kind: ConfigMap',
      '    metadata: {name: a}', '  - apiVersion: v1', '    kind: ConfigMap', '    metadata: {name: b}', '- apiVersion: v1', '  kind: ConfigMap',
      '  metadata: {name: c}', '- items:', '    - apiVersion: v1', '      kind: ConfigMap', '      metadata: {name: d}', '  apiVersion: v1', '  kind: List', '',
    ].join('\n');
    expect(summary(objectsOf(parseDocuments(yaml, 'f.yaml'), 'f.yaml').inputs))
      .toEqual(['f.yaml:7 ConfigMap/a', 'f.yaml:10 ConfigMap/b', 'f.yaml:13 ConfigMap/c', 'f.yaml:17 ConfigMap/d']);
    const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [configMap('a'), configMap('b')] }, configMap('c')] }, null, 2);
    expect(summary(objectsOf(parseDocuments(json, 'f.json', true), 'f.json').inputs)).toEqual(['f.json:9 ConfigMap/a', 'f.json:16 ConfigMap/b', 'f.json:25 ConfigMap/c']);
  });

  test('tool configuration (kustomize, kind, kubeadm, Skaffold, component configs, kubeconfig) is skipped with a note', () => {
    const text = [
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]',
      'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [{role: control-plane}]',
      'apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration',
      'apiVersion: skaffold/v4beta11\nkind: Config',
      'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration',
      'apiVersion: v1\nkind: Config\nclusters: []',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: k3d.io/v1alpha5\n  kind: Simple\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}',
    ].join('\n---\n');
    const result = objectsOf(parseDocuments(text, 'f.yaml'), 'f.yaml');
    expect(summary(result.inputs)).toEqual(['f.yaml:27 ConfigMap/c']);
    expect(result.notes).toEqual([
      'f.yaml:1: skipped a Kustomization (kustomize.config.k8s.io/v1beta1): tool configuration, not a Kubernetes object',
      'f.yaml:5: skipped a Cluster (kind.x-k8s.io/v1alpha4): tool configuration, not a Kubernetes object',
      'f.yaml:9: skipped an InitConfiguration (kubeadm.k8s.io/v1beta3): tool configuration, not a Kubernetes object',
      'f.yaml:12: skipped a Config (skaffold/v4beta11): tool configuration, not a Kubernetes object',
      'f.yaml:15: skipped a KubeletConfiguration (kubelet.config.k8s.io/v1beta1): tool configuration, not a Kubernetes object',
      'f.yaml:18: skipped a kubeconfig (v1 Config): tool configuration, not a Kubernetes object',
      'f.yaml:25: skipped item /items/0, a Simple (k3d.io/v1alpha5): tool configuration, not a Kubernetes object',
    ]);
  });

  test('documents without apiVersion and kind are skipped with a note; empty documents silently', () => {
    const result = objectsOf(parseDocuments('---\n---\nreplicaCount: 1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n', 'f.yaml'), 'f.yaml');
    expect(summary(result.inputs)).toEqual(['f.yaml:5 ConfigMap/c']);
    expect(result.notes).toEqual(['f.yaml:3: skipped a document without apiVersion and kind']);
  });

  test('a pod-carrying object without its pod spec is audited with a note: none of its pod checks could run', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\n---\n'
      + 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec: {replicas: 3}\n---\n'
      + 'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly}\nspec: {jobTemplate: {spec: {template: {metadata: {labels: {a: b}}}}}}\n---\n'
      + 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: whole}\nspec: {template: {spec: {containers: []}}}\n---\n'
      + 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\n';
    const result = objectsOf(parseDocuments(text, 'f.yaml'), 'f.yaml');
    expect(summary(result.inputs)).toEqual(['f.yaml:1 Pod/bare', 'f.yaml:5 Deployment/api', 'f.yaml:10 CronJob/nightly', 'f.yaml:15 Deployment/whole', 'f.yaml:20 Service/web']);
    const rest = 'none of its pod checks ran (the API server requires it; audit rendered manifests, not patches)';
    expect(result.notes).toEqual([
      `f.yaml:1: Pod/bare has no /spec: ${rest}`,
      `f.yaml:5: Deployment/shop/api has no /spec/template: ${rest}`,
      `f.yaml:10: CronJob/nightly has no /spec/jobTemplate/spec/template/spec: ${rest}`,
    ]);
  });

  test('scalars, lists and malformed metadata are errors', () => {
    expect(inputError(() => objectsOf(parseDocuments('---\n42\n', 'f.yaml'), 'f.yaml')).describe())
      .toBe('f.yaml:2: document is a number, not a Kubernetes object (a mapping with apiVersion and kind)');
    expect(inputError(() => objectsOf(parseDocuments('apiVersion: v1\nkind: List\nitems: [x]\n', 'f.yaml'), 'f.yaml')).describe())
      .toBe('f.yaml:1: item /items/0 is a string, not a Kubernetes object (a mapping with apiVersion and kind)');
    expect(inputError(() => objectsOf(parseDocuments('apiVersion: v1\nkind: Pod\nmetadata: [x]\n', 'f.yaml'), 'f.yaml')).describe())
      .toBe('f.yaml:1: field /metadata must be a mapping');
    expect(inputError(() => objectsOf(parseDocuments('apiVersion: v1\nkind: Pod\nmetadata: {name: 5}\n', 'f.yaml'), 'f.yaml')).describe())
      .toBe('f.yaml:1: field /metadata/name must be a string');
    expect(inputError(() => objectsOf(parseDocuments('apiVersion: v1\nkind: Pod\nspec: {}\n', 'f.yaml'), 'f.yaml')).describe())
      .toBe('f.yaml:1: field /metadata/name is missing, so the API server would refuse the Pod. Fix: give it a name (or a generateName)');
    expect(objectsOf(parseDocuments('apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: run-}\n', 'f.yaml'), 'f.yaml').inputs).toHaveLength(1);
  });
});

describe('listItemLines', () => {
  test('finds the items of a top-level block sequence, indented or not', () => {
    expect(listItemLines('apiVersion: v1\nitems:\n- a: 1\n  b:\n  - 2\n- a: 3\nkind: List\n', 1, 2)).toEqual([3, 6]);
    expect(listItemLines('items:\n  # first\n  - a: 1\n  - a: 2\nkind: List\n', 10, 2)).toEqual([12, 13]);
  });

  test('finds the items of a list that is an item, its key on the entry line or below it', () => {
    expect(listItemLines('items:\n- items:\n  - a: 1\n  - a: 2\n  kind: List\n', 1, 1)).toEqual([2]);
  });

  test('gives up when the count does not match (flow style, JSON)', () => {
    expect(listItemLines('items: [{a: 1}, {a: 2}]\n', 1, 2)).toBeUndefined();
    expect(listItemLines('{"items": [{}, {}]}', 1, 2)).toBeUndefined();
  });
});

describe('loadInputs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeharden-load-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const configMap = (name: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  test('Helm output: # Source comments and empty documents between ---', async () => {
    const file = join(FIXTURES, 'helm-rendered.yaml');
    const { inputs, notes } = await loadInputs([file]);
    expect(summary(inputs)).toEqual([`${file}:5 Service/shop`, `${file}:23 Deployment/shop`, `${file}:56 Pod/shop-test-connection`]);
    expect(notes).toEqual([]);
  });

  test('JSON List file', async () => {
    const file = join(FIXTURES, 'list.json');
    const { inputs } = await loadInputs([file]);
    expect(summary(inputs)).toEqual([`${file}:4 Deployment/api`, `${file}:37 ConfigMap/settings`]);
  });

  test('directories: .yaml, .yml and .json files, recursively and sorted; node_modules and dot-directories skipped with a note (.git silently)', async () => {
    mkdirSync(join(dir, 'b-sub', 'deeper'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    mkdirSync(join(dir, '.tekton'));
    writeFileSync(join(dir, '.tekton', 'run.yaml'), configMap('t'));
    writeFileSync(join(dir, 'comments.yaml'), '# nothing yet\n---\n');
    writeFileSync(join(dir, 'z.yaml'), configMap('z'));
    writeFileSync(join(dir, 'a.yml'), configMap('a'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
    writeFileSync(join(dir, 'README.md'), '# not a manifest\n');
    writeFileSync(join(dir, 'b-sub', 'deeper', 'b.YAML'), configMap('b'));
    writeFileSync(join(dir, 'node_modules', 'pkg', 'x.yaml'), configMap('x'));
    writeFileSync(join(dir, '.git', 'y.yaml'), configMap('y'));
    writeFileSync(join(dir, 'values.yaml'), 'replicaCount: 1\n');
    writeFileSync(join(dir, 'blank.yaml'), '\n');
    const { inputs, notes } = await loadInputs([`${dir}/`]);
    expect(summary(inputs)).toEqual([
      `${dir}/a.yml:1 ConfigMap/a`,
      `${dir}/b-sub/deeper/b.YAML:1 ConfigMap/b`,
      `${dir}/c.json:1 ConfigMap/c`,
      `${dir}/z.yaml:1 ConfigMap/z`,
    ]);
    expect(notes).toEqual([
      `${dir}/.tekton: skipped a hidden directory (name it on the command line to audit it)`,
      `${dir}/node_modules: skipped a node_modules directory (name it on the command line to audit it)`,
      `${dir}/blank.yaml: skipped an empty file`,
      `${dir}/comments.yaml: skipped a file with no documents (only comments or empty documents)`,
      `${dir}/values.yaml:1: skipped a document without apiVersion and kind`,
    ]);
    expect(summary((await loadInputs([join(dir, '.tekton')])).inputs)).toEqual([`${dir}/.tekton/run.yaml:1 ConfigMap/t`]);
  });

  test('symbolic links are followed, each real directory read once (links cannot loop); a broken link is a note', () => {
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'real', 'a.yaml'), configMap('a'));
    writeFileSync(join(dir, 'shared', 'b.yaml'), configMap('b'));
    symlinkSync(join(dir, 'real', 'a.yaml'), join(dir, 'link.yaml'));
    symlinkSync(dir, join(dir, 'loop'));
    symlinkSync(join(dir, 'shared'), join(dir, 'real', 'linked'));
    symlinkSync('missing.yaml', join(dir, 'real', 'broken.yaml'));
    expect(manifestFiles(dir)).toEqual([`${dir}/link.yaml`, `${dir}/real/a.yaml`, `${dir}/real/linked/b.yaml`]);
    expect(walkDirectory(join(dir, 'real')).notes).toEqual([`${dir}/real/broken.yaml: skipped a broken symbolic link (to missing.yaml)`]);
  });

  test('a Helm chart in a directory is skipped with a note; named, it is an InputError', async () => {
    mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: shop\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'chart', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n');
    writeFileSync(join(dir, 'cm.yaml'), configMap('c'));
    const chart = join(dir, 'chart');
    const fix = `Fix: audit what the chart renders: helm template ${chart} | kubeharden audit -`;
    const { inputs, notes } = await loadInputs([dir]);
    expect(summary(inputs)).toEqual([`${dir}/cm.yaml:1 ConfigMap/c`]);
    expect(notes).toEqual([`${chart}: skipped a Helm chart (its templates are not manifests until rendered: helm template ${chart} | kubeharden audit -)`]);
    await expect(loadInputs([chart])).rejects.toThrow(new InputError(`a Helm chart, whose templates are not manifests until rendered. ${fix}`, chart));
    await expect(loadInputs([join(chart, 'Chart.yaml')]))
      .rejects.toThrow(new InputError(`Helm chart metadata, not a Kubernetes object. ${fix}`, join(chart, 'Chart.yaml')));
    rmSync(join(dir, 'cm.yaml'));
    await expect(loadInputs([dir])).rejects.toThrow(new InputError(
      `no .yaml, .yml or .json files besides what it skipped: ${chart}: skipped a Helm chart (its templates are not manifests until rendered: `
      + `helm template ${chart} | kubeharden audit -)`, dir));
    mkdirSync(join(dir, 'node_modules'));
    await expect(loadInputs([dir])).rejects.toThrow(new InputError(
      `no .yaml, .yml or .json files besides what it skipped: ${chart}: skipped a Helm chart (its templates are not manifests until rendered: `
      + `helm template ${chart} | kubeharden audit -) (and 1 more)`, dir));
  });

  test('a file named on the command line that holds only tool configuration is an InputError that says so', async () => {
    const kustomization = join(dir, 'kustomization.yaml');
    writeFileSync(kustomization, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [cm.yaml]\n');
    await expect(loadInputs([kustomization])).rejects.toThrow(new InputError(
      'no Kubernetes objects: Kustomization (kustomize.config.k8s.io/v1beta1) is tool configuration, not a Kubernetes object. '
      + `Fix: audit what it builds: kubectl kustomize ${dir} | kubeharden audit -`, kustomization));
    const stdin = async () => Buffer.from('apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n');
    await expect(loadInputs(['-'], { readStdin: stdin }))
      .rejects.toThrow(new InputError('no Kubernetes objects: Cluster (kind.x-k8s.io/v1alpha4) is tool configuration, not a Kubernetes object', '-'));
    writeFileSync(join(dir, 'cm.yaml'), configMap('c'));
    const { inputs, notes } = await loadInputs([dir]);
    expect(summary(inputs)).toEqual([`${dir}/cm.yaml:1 ConfigMap/c`]);
    expect(notes).toEqual([`${kustomization}:1: skipped a Kustomization (kustomize.config.k8s.io/v1beta1): tool configuration, not a Kubernetes object`]);
  });

  test('standard input', async () => {
    const { inputs } = await loadInputs(['-'], { readStdin: async () => Buffer.from(configMap('in')) });
    expect(summary(inputs)).toEqual(['-:1 ConfigMap/in']);
  });

  test('a byte-order mark is dropped', async () => {
    writeFileSync(join(dir, 'bom.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(configMap('bom'))]));
    expect(summary((await loadInputs([join(dir, 'bom.yaml')])).inputs)).toEqual([`${dir}/bom.yaml:1 ConfigMap/bom`]);
  });

  test.each([
    ['binary data', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'binary file (contains NUL bytes), not YAML or JSON'],
    ['invalid UTF-8', Buffer.from('name: caf\xe9\n', 'latin1'), 'not valid UTF-8 text'],
    ['an empty file', Buffer.alloc(0), 'empty file'],
    ['a values file', Buffer.from('replicaCount: 1\n'), 'no Kubernetes objects (documents need apiVersion and kind)'],
  ])('%s is an InputError naming the file', async (_, content, message) => {
    const file = join(dir, 'input.yaml');
    writeFileSync(file, content);
    await expect(loadInputs([file])).rejects.toThrow(new InputError(message, file));
  });

  test('standard input without a reader (the library called with "-") is an InputError', async () => {
    await expect(loadInputs(['-'])).rejects.toThrow(new InputError('standard input is not available', '-'));
  });

  test('a file over 256 MiB is refused before it is read, manifest or Dockerfile', async () => {
    // Sparse files: their size is set without writing the bytes.
    const manifest = join(dir, 'huge.yaml');
    const dockerfile = join(dir, 'Dockerfile');
    for (const file of [manifest, dockerfile]) {
      writeFileSync(file, '');
      truncateSync(file, MAX_FILE_BYTES + 1);
    }
    await expect(loadInputs([manifest])).rejects.toThrow(new InputError('file is larger than 256 MiB', manifest));
    expect(() => readDockerfile(dockerfile)).toThrow(new InputError('file is larger than 256 MiB', dockerfile));
  });

  test('a missing path and a directory without manifests', async () => {
    await expect(loadInputs([join(dir, 'missing.yaml')])).rejects.toThrow('no such file or directory');
    await expect(loadInputs([dir])).rejects.toThrow('no .yaml, .yml or .json files');
  });

  test('an empty List is valid input with no objects', async () => {
    const { inputs } = await loadInputs(['-'], { readStdin: async () => Buffer.from('apiVersion: v1\nitems: []\nkind: List\n') });
    expect(inputs).toEqual([]);
  });
});
