/**
 * The rule ids a configuration may name: the Kubernetes catalogue, the vulnerability gate and the Dockerfile rules.
 */
import { NO_CRITICAL_VULNERABILITIES } from '../audit/vulnerabilities';
import { DOCKERFILE_RULE_NAMES } from '../dockerfile/names';
import { RULE_IDS } from '../rules/registry';

/** Every rule id `kubeharden audit` can report, as a configuration names them. */
export const CONFIG_RULE_IDS: ReadonlySet<string> = new Set([...RULE_IDS, NO_CRITICAL_VULNERABILITIES.id, ...DOCKERFILE_RULE_NAMES]);
