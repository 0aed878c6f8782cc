/**
 * Finding and reading the kubeharden configuration file with cosmiconfig.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { homedir } from 'os';
import { basename, dirname, join, resolve } from 'path';
import type * as Cosmiconfig from 'cosmiconfig';
import * as yaml from 'js-yaml';
import type { KubehardenConfig } from './schema';
import { InvalidConfigError, validateConfig } from './validate';

/** The name of the configuration: the package.json key and the stem of every file name. */
export const CONFIG_NAME = 'kubeharden';

/**
 * Where a configuration is looked for in each directory, in this order: the `kubeharden` key of package.json,
 * `.kubehardenrc` (YAML or JSON), `.kubehardenrc.{json,yaml,yml,js,cjs}`, `kubeharden.config.{json,yaml,yml,js,cjs}`.
 */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'package.json',
  `.${CONFIG_NAME}rc`,
  ...['json', 'yaml', 'yml', 'js', 'cjs'].map((ext) => `.${CONFIG_NAME}rc.${ext}`),
  ...['json', 'yaml', 'yml', 'js', 'cjs'].map((ext) => `${CONFIG_NAME}.config.${ext}`),
];

/** A configuration and the file it was read from. */
export interface LoadedConfig {
  /** The validated configuration. */
  readonly config: KubehardenConfig;
  /** Absolute path of the file (a package.json when the configuration is its `kubeharden` key). */
  readonly filepath: string;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Last directory searched.
   * @default - the repository root (the nearest directory with a `.git`), else the home directory, else the filesystem root
   */
  readonly stopDir?: string;
}

/**
 * Finds the kubeharden configuration for `fromDir`: searches it, then each parent, up to the repository root
 * (or the home directory), and returns the first configuration found, validated. An empty file counts as an
 * empty configuration. Two configuration files in one directory, a file that cannot be parsed and an invalid
 * configuration are an {@link InvalidConfigError}.
 *
 * @param fromDir the directory to start from
 * @default fromDir - the current working directory
 * @returns the configuration and its file, or `undefined` when there is none
 */
export function loadConfig(fromDir: string = process.cwd(), options: LoadConfigOptions = {}): LoadedConfig | undefined {
  const start = resolve(fromDir);
  const stop = resolve(options.stopDir ?? searchBoundary(start));
  const explorer = new LazyExplorer();
  for (let dir = start; ; dir = dirname(dir)) {
    const found = searchDirectory(explorer, dir);
    if (found) return found;
    if (dir === stop || dirname(dir) === dir) return undefined;
  }
}

/**
 * Reads and validates the configuration file `filepath` (any of the {@link CONFIG_FILE_NAMES} formats, or a
 * package.json with a `kubeharden` key). Throws {@link InvalidConfigError} when it is missing or invalid.
 */
export function loadConfigFile(filepath: string): LoadedConfig {
  const absolute = resolve(filepath);
  if (!existsSync(absolute)) {
    throw new InvalidConfigError(filepath, [{ field: '', message: 'no such file. Fix: check the path of the configuration file.' }]);
  }
  const result = readConfiguration(new LazyExplorer(), absolute);
  if (result === undefined) {
    throw new InvalidConfigError(filepath, [{ field: '', message: `has no "${CONFIG_NAME}" key. Fix: add one, or point to a kubeharden.config.* file.` }]);
  }
  return { config: validateConfig(result, absolute), filepath: absolute };
}

/**
 * cosmiconfig's loader, made on first use: it takes longer to load than a small audit takes to run, and the
 * search itself only looks for files (most audits find none).
 */
class LazyExplorer {
  private explorer?: ReturnType<typeof Cosmiconfig.cosmiconfigSync>;

  public load(filepath: string): ReturnType<ReturnType<typeof Cosmiconfig.cosmiconfigSync>['load']> {
    if (!this.explorer) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { cosmiconfigSync, defaultLoadersSync } = require('cosmiconfig') as typeof Cosmiconfig;
      this.explorer = cosmiconfigSync(CONFIG_NAME, {
        searchPlaces: [...CONFIG_FILE_NAMES],
        searchStrategy: 'none',
        ignoreEmptySearchPlaces: false,
        cache: false,
        loaders: { '.json': loadJson, '.yaml': loadYaml, '.yml': loadYaml, 'noExt': loadYamlOrJson, '.js': defaultLoadersSync['.js'], '.cjs': defaultLoadersSync['.cjs'] },
      });
    }
    return this.explorer.load(filepath);
  }
}

function searchDirectory(explorer: LazyExplorer, dir: string): LoadedConfig | undefined {
  const present = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter(isFile);
  const configured = present.filter((file) => basename(file) !== 'package.json'
    || (!lacksConfigurationKey(file) && readConfiguration(explorer, file) !== undefined));
  if (configured.length === 0) return undefined;
  if (configured.length > 1) {
    throw new InvalidConfigError(dir, [{
      field: '',
      message: `more than one kubeharden configuration: ${configured.map((f) => basename(f)).join(', ')}. Fix: keep one of them.`,
    }]);
  }
  const filepath = configured[0];
  return { config: validateConfig(readConfiguration(explorer, filepath) ?? {}, filepath), filepath };
}

/** The configuration in `filepath`: `undefined` for a package.json without the key, `{}` for an empty file. */
function readConfiguration(explorer: LazyExplorer, filepath: string): unknown {
  let result;
  try {
    result = explorer.load(filepath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR' || code === 'ENOENT' || code === 'EACCES') {
      const what = code === 'EISDIR' ? 'is a directory' : code === 'ENOENT' ? 'does not exist' : 'may not be read (permission denied)';
      throw new InvalidConfigError(filepath, [{ field: '', message: `cannot be read: it ${what}. Fix: name a configuration file, such as kubeharden.config.yaml.` }]);
    }
    const reason = String((e as Error).message ?? e).replace(/^(JSON|YAML) Error in [^\n]*:\n/, '').split('\n')[0];
    throw new InvalidConfigError(filepath, [{ field: '', message: `cannot be read: ${reason}. Fix: correct the syntax of the file.` }]);
  }
  if (basename(filepath) === 'package.json') return result === null || result.isEmpty ? undefined : result.config;
  return result === null || result.isEmpty ? {} : result.config;
}

/**
 * Whether package.json `file` is a JSON object without a `kubeharden` key, read without cosmiconfig (which takes
 * longer to load than a small audit takes to run). Anything else goes to cosmiconfig, for its answer and errors.
 */
function lacksConfigurationKey(file: string): boolean {
  try {
    const pkg: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof pkg === 'object' && pkg !== null && !Array.isArray(pkg) && (pkg as Record<string, unknown>)[CONFIG_NAME] === undefined;
  } catch {
    return false;
  }
}

/** The repository root above `dir` (nearest `.git`), else the home directory when `dir` is inside it, else `/`. */
function searchBoundary(dir: string): string {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) break;
  }
  const home = resolve(homedir());
  return dir === home || dir.startsWith(home.endsWith('/') ? home : `${home}/`) ? home : resolve('/');
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const loadJson: Cosmiconfig.LoaderSync = (_filepath, content) => {
  try {
    return JSON.parse(content);
  } catch (e) {
    throw new Error(`invalid JSON (${(e as Error).message})`);
  }
};

const loadYaml: Cosmiconfig.LoaderSync = (_filepath, content) => {
  try {
    return yaml.load(content, { schema: yaml.CORE_SCHEMA });
  } catch (e) {
    const error = e as yaml.YAMLException;
    throw new Error(`invalid YAML (${error.reason ?? error.message}${error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : ''})`);
  }
};

const loadYamlOrJson: Cosmiconfig.LoaderSync = (filepath, content) => loadYaml(filepath, content);
