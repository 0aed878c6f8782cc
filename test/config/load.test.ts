import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CONFIG_FILE_NAMES, InvalidConfigError, loadConfig, loadConfigFile } from '../../src/config';

let root: string;
let repo: string;
let nested: string;

beforeEach(() => {
  // GIVEN a repository (with .git) inside a scratch directory, and a nested package directory
  root = mkdtempSync(join(tmpdir(), 'kubeharden-config-'));
  repo = join(root, 'repo');
  nested = join(repo, 'packages', 'app');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(nested, { recursive: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (dir: string, name: string, text: string) => writeFileSync(join(dir, name), text);

describe('loadConfig: every location', () => {
  test.each([
    ['kubeharden.config.json', '{ "failOn": "medium" }'],
    ['kubeharden.config.yaml', 'failOn: medium\n'],
    ['kubeharden.config.yml', 'failOn: medium\n'],
    ['kubeharden.config.js', 'module.exports = { failOn: "medium" };\n'],
    ['kubeharden.config.cjs', 'module.exports = { failOn: "medium" };\n'],
    ['.kubehardenrc', 'failOn: medium\n'],
    ['.kubehardenrc.json', '{ "failOn": "medium" }'],
    ['.kubehardenrc.yaml', 'failOn: medium\n'],
    ['.kubehardenrc.yml', 'failOn: medium\n'],
    ['.kubehardenrc.js', 'module.exports = { failOn: "medium" };\n'],
    ['.kubehardenrc.cjs', 'module.exports = { failOn: "medium" };\n'],
    ['package.json', '{ "name": "app", "kubeharden": { "failOn": "medium" } }'],
  ])('%s in the directory itself', (name, text) => {
    write(nested, name, text);
    expect(loadConfig(nested)).toEqual({ config: { failOn: 'medium' }, filepath: join(nested, name) });
  });

  test('every documented file name is searched', () => {
    expect(CONFIG_FILE_NAMES).toEqual([
      'package.json',
      '.kubehardenrc', '.kubehardenrc.json', '.kubehardenrc.yaml', '.kubehardenrc.yml', '.kubehardenrc.js', '.kubehardenrc.cjs',
      'kubeharden.config.json', 'kubeharden.config.yaml', 'kubeharden.config.yml', 'kubeharden.config.js', 'kubeharden.config.cjs',
    ]);
  });

  test('a configuration at the repository root is found from a nested directory', () => {
    write(repo, 'kubeharden.config.yaml', 'allowedRegistries: [registry.example.com]\npss: baseline\n');
    expect(loadConfig(nested)).toEqual({ config: { allowedRegistries: ['registry.example.com'], pss: 'baseline' }, filepath: join(repo, 'kubeharden.config.yaml') });
  });

  test('the nearest configuration wins', () => {
    write(repo, 'kubeharden.config.yaml', 'failOn: low\n');
    write(nested, '.kubehardenrc.json', '{ "failOn": "critical" }');
    expect(loadConfig(nested)?.config).toEqual({ failOn: 'critical' });
  });

  test('a package.json without a kubeharden key does not stop the search', () => {
    write(nested, 'package.json', '{ "name": "app" }');
    write(repo, 'kubeharden.config.json', '{ "failOn": "low" }');
    expect(loadConfig(nested)?.filepath).toBe(join(repo, 'kubeharden.config.json'));
  });

  test('a search that finds no configuration (a package.json without the key) does not load cosmiconfig', () => {
    write(nested, 'package.json', '{ "name": "app" }');
    jest.doMock('cosmiconfig', () => {
      throw new Error('cosmiconfig was loaded');
    });
    try {
      jest.isolateModules(() => {
        const { loadConfig: isolatedLoadConfig } = jest.requireActual<typeof import('../../src/config/load')>('../../src/config/load');
        expect(isolatedLoadConfig(nested)).toBeUndefined();
        write(nested, 'kubeharden.config.json', '{}');
        expect(() => isolatedLoadConfig(nested)).toThrow('cosmiconfig was loaded');
      });
    } finally {
      jest.dontMock('cosmiconfig');
    }
  });

  test('a package.json that is not valid JSON is reported by cosmiconfig, as any configuration file', () => {
    write(nested, 'package.json', '{ "name": ');
    expect(() => loadConfig(nested)).toThrow(`${join(nested, 'package.json')}: cannot be read: invalid JSON`);
  });

  test('the search stops at the repository root', () => {
    write(root, 'kubeharden.config.json', '{ "failOn": "low" }');
    expect(loadConfig(nested)).toBeUndefined();
  });

  test('stopDir bounds the search', () => {
    write(repo, 'kubeharden.config.json', '{ "failOn": "low" }');
    expect(loadConfig(nested, { stopDir: join(repo, 'packages') })).toBeUndefined();
  });

  test('no configuration anywhere gives undefined', () => {
    expect(loadConfig(nested)).toBeUndefined();
  });

  test('an empty file is an empty configuration', () => {
    write(nested, 'kubeharden.config.yaml', '# nothing yet\n');
    expect(loadConfig(nested)).toEqual({ config: {}, filepath: join(nested, 'kubeharden.config.yaml') });
  });

  test('the full configuration is accepted', () => {
    write(nested, 'kubeharden.config.yaml', [
      '$schema: ./kubeharden.schema.json',
      'allowedRegistries: [registry.example.com/team, "ghcr.io/acme", "localhost:5000"]',
      'pss: restricted',
      'pssVersion: v1.30',
      'failOn: medium',
      'rules: [run-as-non-root, image-digest-pinned]',
      'severity:',
      '  trusted-registry: high',
      '',
    ].join('\n'));
    expect(loadConfig(nested)?.config).toEqual({
      $schema: './kubeharden.schema.json',
      allowedRegistries: ['registry.example.com/team', 'ghcr.io/acme', 'localhost:5000'],
      pss: 'restricted',
      pssVersion: 'v1.30',
      failOn: 'medium',
      rules: ['run-as-non-root', 'image-digest-pinned'],
      severity: { 'trusted-registry': 'high' },
    });
  });
});

describe('loadConfig: errors name the file, the field and the fix', () => {
  test('an invalid value', () => {
    write(nested, 'kubeharden.config.yaml', 'failOn: hihg\n');
    expect(() => loadConfig(nested)).toThrow(InvalidConfigError);
    expect(() => loadConfig(nested)).toThrow(
      `${join(nested, 'kubeharden.config.yaml')}: field "failOn" "hihg" is not a severity. Fix: use one of critical, high, medium, low, never (did you mean "high"?).`,
    );
  });

  test('an unknown key in package.json is named with its kubeharden. prefix', () => {
    write(nested, 'package.json', '{ "name": "app", "kubeharden": { "failon": "high" } }');
    expect(() => loadConfig(nested)).toThrow(
      `${join(nested, 'package.json')}: unknown field "kubeharden.failon". Fix: remove it, or use one of allowedRegistries, pss, pssVersion, failOn, rules, severity (did you mean "failOn"?).`,
    );
  });

  test('invalid JSON', () => {
    write(nested, 'kubeharden.config.json', '{ "failOn": ');
    expect(() => loadConfig(nested)).toThrow(
      `${join(nested, 'kubeharden.config.json')}: cannot be read: invalid JSON (Unexpected end of JSON input). Fix: correct the syntax of the file.`,
    );
  });

  test('invalid YAML', () => {
    write(nested, '.kubehardenrc.yaml', 'failOn: [high\n');
    expect(() => loadConfig(nested)).toThrow(
      `${join(nested, '.kubehardenrc.yaml')}: cannot be read: invalid YAML (unexpected end of the stream within a flow collection at line 2, column 1). Fix: correct the syntax of the file.`,
    );
  });

  test('a JavaScript configuration that throws', () => {
    write(nested, 'kubeharden.config.cjs', 'throw new Error("boom");\n');
    expect(() => loadConfig(nested)).toThrow(`${join(nested, 'kubeharden.config.cjs')}: cannot be read: boom. Fix: correct the syntax of the file.`);
  });

  test('two configuration files in one directory', () => {
    write(nested, 'kubeharden.config.json', '{}');
    write(nested, '.kubehardenrc.yaml', 'failOn: high\n');
    expect(() => loadConfig(nested)).toThrow(
      `${nested}: more than one kubeharden configuration: .kubehardenrc.yaml, kubeharden.config.json. Fix: keep one of them.`,
    );
  });

  test('a package.json key next to a configuration file', () => {
    write(nested, 'package.json', '{ "kubeharden": {} }');
    write(nested, 'kubeharden.config.json', '{}');
    expect(() => loadConfig(nested)).toThrow(`${nested}: more than one kubeharden configuration: package.json, kubeharden.config.json. Fix: keep one of them.`);
  });

  test('the error lists every problem with its field', () => {
    write(nested, 'kubeharden.config.json', JSON.stringify({ failOn: 'never', rules: ['run-as-nonroot'], severity: { 'trusted-registry': 'urgent' } }));
    try {
      loadConfig(nested);
      throw new Error('expected an InvalidConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidConfigError);
      const error = e as InvalidConfigError;
      expect(error.filepath).toBe(join(nested, 'kubeharden.config.json'));
      expect(error.problems.map((p) => p.field)).toEqual(['rules[0]', 'severity.trusted-registry']);
    }
  });
});

describe('loadConfigFile', () => {
  test('reads an explicit file', () => {
    write(root, 'ci.kubehardenrc.yaml', 'failOn: critical\n');
    expect(loadConfigFile(join(root, 'ci.kubehardenrc.yaml'))).toEqual({ config: { failOn: 'critical' }, filepath: join(root, 'ci.kubehardenrc.yaml') });
  });

  test('a missing file', () => {
    expect(() => loadConfigFile(join(root, 'nope.json'))).toThrow(`${join(root, 'nope.json')}: no such file. Fix: check the path of the configuration file.`);
  });

  test('a package.json without the key', () => {
    write(root, 'package.json', '{ "name": "x" }');
    expect(() => loadConfigFile(join(root, 'package.json'))).toThrow(
      `${join(root, 'package.json')}: has no "kubeharden" key. Fix: add one, or point to a kubeharden.config.* file.`,
    );
  });
});
