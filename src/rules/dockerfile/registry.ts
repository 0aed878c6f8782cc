/**
 * The Dockerfile rule catalogue (`dockerfile-*`), validated when the module loads.
 */
import type { DockerfileRule } from './dockerfile-rule';
import { dockerfileMinimalBaseImage } from './minimal-base-image';
import { dockerfileMultiStage } from './multi-stage';
import { dockerfileNoSecrets } from './no-secrets';
import { dockerfileNonRootUser } from './non-root-user';
import { dockerfilePinnedBaseImage } from './pinned-base-image';
import { dockerfileVerifiedDownloads } from './verified-downloads';
import { DOCKERFILE_RULE_NAMES } from '../../dockerfile/names';
import { RULE_IDS } from '../registry';
import { validateRuleMetadata } from '../rule';

const DOCKERFILE_RULE_ID = /^dockerfile(?:-[a-z0-9]+)+$/;

/**
 * Checks that a Dockerfile catalogue is consistent: unique kebab-case ids starting with `dockerfile-`, none also used
 * by `reservedIds` (the Kubernetes catalogue), known severities, complete metadata and at least one reference.
 * Throws an Error naming the first problem.
 */
export function validateDockerfileRules(rules: readonly DockerfileRule[], reservedIds: ReadonlySet<string> = new Set()): void {
  const ids = new Set<string>();
  for (const rule of rules) {
    if (!DOCKERFILE_RULE_ID.test(rule.id)) throw new Error(`Dockerfile rule id "${rule.id}" is not kebab-case starting with "dockerfile-"`);
    if (ids.has(rule.id)) throw new Error(`Dockerfile rule id "${rule.id}" is defined twice`);
    if (reservedIds.has(rule.id)) throw new Error(`Dockerfile rule id "${rule.id}" is already a Kubernetes rule id`);
    ids.add(rule.id);
    validateRuleMetadata(rule, `Dockerfile rule "${rule.id}"`);
    if (rule.references.length === 0) throw new Error(`Dockerfile rule "${rule.id}" has no reference`);
    if (typeof rule.check !== 'function') throw new Error(`Dockerfile rule "${rule.id}" checks nothing`);
  }
}

/** Every Dockerfile rule. */
export const DOCKERFILE_RULES: readonly DockerfileRule[] = [
  dockerfileMinimalBaseImage,
  dockerfilePinnedBaseImage,
  dockerfileMultiStage,
  dockerfileNonRootUser,
  dockerfileNoSecrets,
  dockerfileVerifiedDownloads,
];

validateDockerfileRules(DOCKERFILE_RULES, RULE_IDS);
if (DOCKERFILE_RULES.map((r) => r.id).join() !== DOCKERFILE_RULE_NAMES.join()) {
  throw new Error(`DOCKERFILE_RULE_NAMES (${DOCKERFILE_RULE_NAMES.join(', ')}) must list the Dockerfile rules in catalogue order`);
}

/** Every Dockerfile rule id. */
export const DOCKERFILE_RULE_IDS: ReadonlySet<string> = new Set(DOCKERFILE_RULES.map((r) => r.id));

/** The Dockerfile rule with `id`, or `undefined`. */
export function findDockerfileRule(id: string): DockerfileRule | undefined {
  return DOCKERFILE_RULES.find((r) => r.id === id);
}
