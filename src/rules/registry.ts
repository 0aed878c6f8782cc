/**
 * The rule catalogue: every rule, validated when the module loads.
 */
import { pssNamespaceLabels } from './namespace/pss-namespace-labels';
import { networkDefaultDeny } from './network/network-default-deny';
import { noExternalExposure } from './network/no-external-exposure';
import { defaultProcMount } from './pod/default-proc-mount';
import { dropAllCapabilities } from './pod/drop-all-capabilities';
import { imageDigestPinned } from './pod/image-digest-pinned';
import { noCustomSelinux } from './pod/no-custom-selinux';
import { noCustomUlimits } from './pod/no-custom-ulimits';
import { noHostNamespaces } from './pod/no-host-namespaces';
import { noHostPath } from './pod/no-host-path';
import { noHostPorts } from './pod/no-host-ports';
import { noHostProbes } from './pod/no-host-probes';
import { noPrivilegeEscalation } from './pod/no-privilege-escalation';
import { noPrivileged } from './pod/no-privileged';
import { noServiceAccountToken } from './pod/no-service-account-token';
import { noUnconfinedAppArmor } from './pod/no-unconfined-apparmor';
import { noWritableCgroups } from './pod/no-writable-cgroups';
import { readOnlyRootFilesystem } from './pod/read-only-root-filesystem';
import { resourceLimits } from './pod/resource-limits';
import { runAsNonRoot } from './pod/run-as-non-root';
import { safeSysctls } from './pod/safe-sysctls';
import { seccompRuntimeDefault } from './pod/seccomp-runtime-default';
import { trustedRegistry } from './pod/trusted-registry';
import { PSS_CHECK_IDS } from './pss';
import { Rule, validateRuleMetadata } from './rule';
import { noLiteralSecrets } from './secret/no-literal-secrets';
import { secretFilesReadOnly } from './secret/secret-files-read-only';

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Checks that a catalogue is consistent: unique kebab-case ids, known severities, complete metadata, and
 * every Pod Security Standards check owned by exactly one rule. Throws an Error naming the first problem.
 */
export function validateCatalogue(rules: readonly Rule[], pssCheckIds: readonly string[]): void {
  const ids = new Set<string>();
  const pssOwners = new Map<string, string>();
  for (const rule of rules) {
    if (!KEBAB_CASE.test(rule.id)) throw new Error(`rule id "${rule.id}" is not kebab-case`);
    if (ids.has(rule.id)) throw new Error(`rule id "${rule.id}" is defined twice`);
    ids.add(rule.id);
    validateRuleMetadata(rule, `rule "${rule.id}"`);
    if (!rule.check && !rule.pssChecks?.length) throw new Error(`rule "${rule.id}" checks nothing`);
    for (const check of rule.pssChecks ?? []) {
      if (!pssCheckIds.includes(check)) throw new Error(`rule "${rule.id}" names unknown Pod Security check "${check}"`);
      const owner = pssOwners.get(check);
      if (owner) throw new Error(`Pod Security check "${check}" belongs to both "${owner}" and "${rule.id}"`);
      pssOwners.set(check, rule.id);
    }
  }
  const orphan = pssCheckIds.find((check) => !pssOwners.has(check));
  if (orphan) throw new Error(`Pod Security check "${orphan}" belongs to no rule`);
}

/** Every rule of the catalogue, pod rules first. */
export const RULES: readonly Rule[] = [
  runAsNonRoot,
  dropAllCapabilities,
  noPrivilegeEscalation,
  noPrivileged,
  noHostNamespaces,
  noHostPath,
  noHostPorts,
  noHostProbes,
  seccompRuntimeDefault,
  noUnconfinedAppArmor,
  noCustomSelinux,
  defaultProcMount,
  safeSysctls,
  noCustomUlimits,
  noWritableCgroups,
  readOnlyRootFilesystem,
  resourceLimits,
  imageDigestPinned,
  trustedRegistry,
  noServiceAccountToken,
  secretFilesReadOnly,
  noLiteralSecrets,
  noExternalExposure,
  networkDefaultDeny,
  pssNamespaceLabels,
];

validateCatalogue(RULES, PSS_CHECK_IDS);

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

/** The rule with `id`, or `undefined`. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Every rule id. */
export const RULE_IDS: ReadonlySet<string> = new Set(BY_ID.keys());

const BY_PSS_CHECK = new Map(RULES.flatMap((r) => (r.pssChecks ?? []).map((check) => [check, r] as const)));

/** The rule that reports the Pod Security Standards check `checkId`. */
export function ruleForPssCheck(checkId: string): Rule {
  const rule = BY_PSS_CHECK.get(checkId);
  if (!rule) throw new Error(`Pod Security check "${checkId}" belongs to no rule`);
  return rule;
}
