/**
 * The kubeharden configuration file: finding it, validating it, and applying it to an audit.
 * @packageDocumentation
 */
export { CONFIG_SCHEMA, CONFIG_KEYS, FAIL_ON_VALUES, KubehardenConfig, FailOn } from './schema';
export { validateConfig, InvalidConfigError, ConfigProblem, ValidateConfigOptions } from './validate';
export { loadConfig, loadConfigFile, CONFIG_FILE_NAMES, CONFIG_NAME, LoadedConfig, LoadConfigOptions } from './load';
export { auditOptionsFromConfig, applySeverities, blockingFindings, isAtOrAbove, mergeConfig, DEFAULT_FAIL_ON } from './apply';
export { ruleDocsLink } from './rule-docs';
