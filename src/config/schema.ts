/**
 * The kubeharden configuration file: its TypeScript shape and its JSON Schema.
 */
import { CONFIG_RULE_IDS } from './rule-ids';
import { SEVERITIES, Severity, PssLevel } from '../rules/rule';

/** Threshold at which findings fail an audit; `never` fails on none. */
export type FailOn = Severity | 'never';

/** Values of `failOn`, from the strictest. */
export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'never'];

/**
 * Project-wide kubeharden settings, read from `kubeharden.config.{json,yaml,yml,js,cjs}`, `.kubehardenrc*` or
 * the `kubeharden` key of package.json. Command-line options and explicit properties take precedence.
 *
 * @example
 * { "pss": "restricted", "pssVersion": "v1.30", "failOn": "high",
 *   "allowedRegistries": ["registry.example.com"], "severity": { "trusted-registry": "high" } }
 */
export interface KubehardenConfig {
  /**
   * Registries images must come from (`registry.example.com` or `registry.example.com/team`), rule `trusted-registry`.
   * @default - any explicit registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Pod Security Standards level pods are audited against.
   * @default - each namespace's `pod-security.kubernetes.io/enforce` label, else `restricted`
   */
  readonly pss?: PssLevel;
  /**
   * Pod Security Standards version: `v1.N` or `latest`.
   * @default 'latest'
   */
  readonly pssVersion?: string;
  /**
   * Findings at or above this severity fail the audit.
   * @default 'high'
   */
  readonly failOn?: FailOn;
  /**
   * Rules to run: `all`, `pss` (only the Pod Security Standards checks) or a list of rule ids.
   * @default 'all'
   */
  readonly rules?: 'all' | 'pss' | readonly string[];
  /**
   * Severity per rule id, replacing the catalogue's (for example `{ "trusted-registry": "high" }`).
   * @default - the catalogue's severities (RULES.md)
   */
  readonly severity?: Readonly<Record<string, Severity>>;
}

/** The keys a configuration may have. */
export const CONFIG_KEYS: readonly string[] = ['$schema', 'allowedRegistries', 'pss', 'pssVersion', 'failOn', 'rules', 'severity'];

/** A registry host with an optional port and repository path, as `allowedRegistries` entries are written. */
export const REGISTRY_PATTERN = '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*/?$';

/** A Pod Security Standards version as the configuration accepts it. */
export const PSS_VERSION_PATTERN = '^(v1\\.(0|[1-9][0-9]*)|latest)$';

/**
 * The JSON Schema (draft-07) of {@link KubehardenConfig}, with the rule ids of the catalogue, for editors
 * (`"$schema"`) and for {@link validateConfig}.
 */
export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'kubeharden configuration',
  description: 'Project-wide settings of kubeharden (audit command, cdk8s-cli validation plugin). See docs/ecosystem.md.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'URL or path of this schema, for editors.' },
    allowedRegistries: {
      description: 'Registries images must come from (rule trusted-registry).',
      type: 'array',
      items: { type: 'string', pattern: REGISTRY_PATTERN },
      uniqueItems: true,
    },
    pss: { description: 'Pod Security Standards level.', type: 'string', enum: ['baseline', 'restricted'] },
    pssVersion: { description: 'Pod Security Standards version, v1.N or latest.', type: 'string', pattern: PSS_VERSION_PATTERN },
    failOn: { description: 'Findings at or above this severity fail the audit.', type: 'string', enum: [...FAIL_ON_VALUES] },
    rules: {
      description: 'Rules to run: all, pss, or a list of rule ids (RULES.md).',
      anyOf: [
        { type: 'string', enum: ['all', 'pss'] },
        { type: 'array', items: { type: 'string', enum: [...CONFIG_RULE_IDS] }, minItems: 1, uniqueItems: true },
      ],
    },
    severity: {
      description: 'Severity per rule id, replacing the catalogue\'s.',
      type: 'object',
      propertyNames: { enum: [...CONFIG_RULE_IDS] },
      additionalProperties: { type: 'string', enum: [...SEVERITIES] },
    },
  },
} as const;
