/**
 * ValidatingAdmissionPolicies generated from the catalogue: the Pod Security Standards level (latest version) for
 * Pods and every pod-template controller, and the guide rules CEL can express. Each policy comes with its
 * ValidatingAdmissionPolicyBinding.
 */
import { ADMISSION_GUIDE_RULES, AdmissionGuideRule, GUIDE_CEL_RULES, GuideRuleTarget } from './guide-rules';
import { POD_VARIABLES, PSS_CEL_CHECKS } from './pod-security';
import { MANAGED_BY_LABEL } from '../core/build/metadata';
import { closestMatch } from '../core/did-you-mean';
import type { KubeObject } from '../core/types';
import { LATEST_PSS_VERSION } from '../rules/pss';
import { applicableChecks, LATEST_PSS_MINOR } from '../rules/pss/registry';
import type { PssLevel } from '../rules/rule';

/** The keys of {@link AdmissionPolicyOptions}: a misspelt one would leave its default (blocking, or exempting less) in place. */
const OPTION_NAMES = ['pss', 'guideRules', 'exemptNamespaces', 'validationActions', 'namePrefix'] as const;

/** What a binding does with a failed validation. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** Options of {@link generateAdmissionPolicies}. */
export interface AdmissionPolicyOptions {
  /**
   * Pod Security Standards level to enforce, at the latest version kubeharden implements.
   * @default 'restricted'
   */
  readonly pss?: PssLevel;
  /**
   * Guide rules to enforce besides the Pod Security Standards (`image-digest-pinned`, `resource-limits`,
   * `no-external-exposure`); `[]` for none.
   * @default - all three
   */
  readonly guideRules?: readonly AdmissionGuideRule[];
  /**
   * Namespaces the bindings leave out (by `kubernetes.io/metadata.name`). Admission policies cannot be overridden by
   * an annotation, since whoever writes the object could exempt it: exempt namespaces here instead, such as the one
   * Falco runs in (`RuntimeMonitoring`'s `falcoNamespace`, `falco` by default) or a CNI's: `['kube-system', 'falco']`.
   * @default ['kube-system']
   */
  readonly exemptNamespaces?: readonly string[];
  /**
   * What the bindings do with a violation; `['Warn', 'Audit']` rolls the policies out without blocking.
   * @default ['Deny']
   */
  readonly validationActions?: readonly ValidationAction[];
  /**
   * Prefix of every policy and binding name.
   * @default 'kubeharden'
   */
  readonly namePrefix?: string;
}

/** Bad options of {@link generateAdmissionPolicies}. */
export class AdmissionPolicyOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdmissionPolicyOptionsError';
  }
}

/** The API version of the emitted policies and bindings (GA since Kubernetes 1.30). */
export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';

/** Annotation naming the Pod Security Standards level a policy enforces. */
export const PSS_LEVEL_ANNOTATION = 'kubeharden.io/pss-level';

/** Annotation naming the Pod Security Standards version a policy implements. */
export const PSS_VERSION_ANNOTATION = 'kubeharden.io/pss-version';

/** Annotation naming the catalogue rule (or Pod Security check) each validation of a policy enforces, in order. */
export const VALIDATION_RULES_ANNOTATION = 'kubeharden.io/validation-rules';

/** The resources with a pod template, as pod-security-admission extracts them, plus Pods (and their ephemeral containers). */
export const POD_RESOURCE_RULES = [
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers', 'podtemplates'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'] },
] as const;

const SERVICE_RESOURCE_RULES = [{ apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }] as const;

/**
 * Updates that leave the spec alone (labels, annotations, finalizers, owner references) are not re-checked, as
 * pod-security-admission does, so objects admitted before the policy existed can still be relabelled and deleted.
 */
const SPEC_CHANGED = {
  name: 'spec-created-or-changed',
  // A PodTemplate has no spec: its pod spec is in its template.
  expression: "request.operation != 'UPDATE' || oldObject == null || "
    + "(object.kind == 'PodTemplate' ? object.template != oldObject.template : object.spec != oldObject.spec)",
};

const VALIDATION_ACTIONS: readonly string[] = ['Deny', 'Warn', 'Audit'];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Validation {
  readonly rule: string;
  readonly expression: string;
  readonly message: string;
}

/**
 * The ValidatingAdmissionPolicies and their bindings (`validationActions: [Deny]` by default): one policy for the
 * Pod Security Standards level with one validation per check (its message names the Kubernetes check id), one
 * for the guide's workload rules and one for Services. Throws {@link AdmissionPolicyOptionsError} for bad options.
 */
export function generateAdmissionPolicies(options: AdmissionPolicyOptions = {}): KubeObject[] {
  for (const key of Object.keys(options)) {
    if ((OPTION_NAMES as readonly string[]).includes(key)) continue;
    const match = closestMatch(key, OPTION_NAMES);
    throw new AdmissionPolicyOptionsError(`unknown option ${key}. Fix: ${match !== undefined ? `use ${match}` : `use ${OPTION_NAMES.join(', ')}`}, or remove it`);
  }
  const level = options.pss ?? 'restricted';
  if (level !== 'baseline' && level !== 'restricted') {
    throw new AdmissionPolicyOptionsError(`invalid Pod Security Standards level ${JSON.stringify(level) ?? String(level)}: use baseline or restricted`);
  }
  const prefix = options.namePrefix ?? 'kubeharden';
  if (typeof prefix !== 'string') throw new AdmissionPolicyOptionsError(`namePrefix ${JSON.stringify(prefix)} is not a string`);
  for (const field of ['guideRules', 'validationActions', 'exemptNamespaces'] as const) {
    const value: unknown = options[field];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      throw new AdmissionPolicyOptionsError(`${field} ${JSON.stringify(value) ?? String(value)} is not a list of strings`);
    }
  }
  if (!DNS_LABEL.test(prefix) || prefix.length > 40) {
    throw new AdmissionPolicyOptionsError(`invalid name prefix "${prefix}": use lower-case letters, digits and '-' (at most 40 characters)`);
  }
  const guideRules = options.guideRules ?? ADMISSION_GUIDE_RULES;
  const unknown = guideRules.find((rule) => !(ADMISSION_GUIDE_RULES as readonly string[]).includes(rule));
  if (unknown !== undefined) {
    throw new AdmissionPolicyOptionsError(`rule "${unknown}" has no admission policy: use ${ADMISSION_GUIDE_RULES.join(', ')}`);
  }
  const repeated = guideRules.find((rule, i) => guideRules.indexOf(rule) !== i);
  if (repeated !== undefined) throw new AdmissionPolicyOptionsError(`rule "${repeated}" is listed twice in guideRules: list each rule once`);
  const actions = options.validationActions ?? ['Deny'];
  if (actions.length === 0 || actions.some((a) => !VALIDATION_ACTIONS.includes(a)) || (actions.includes('Deny') && actions.includes('Warn'))) {
    throw new AdmissionPolicyOptionsError(`invalid validationActions ${JSON.stringify(actions)}: use Deny, Warn or Audit (Deny and Warn exclude each other)`);
  }
  const twice = actions.find((action, i) => actions.indexOf(action) !== i);
  if (twice !== undefined) throw new AdmissionPolicyOptionsError(`action "${twice}" is listed twice in validationActions: list each action once`);
  const exempt = options.exemptNamespaces ?? ['kube-system'];
  const badNamespace = exempt.find((ns) => !DNS_LABEL.test(ns));
  if (badNamespace !== undefined) throw new AdmissionPolicyOptionsError(`invalid namespace "${badNamespace}" in exemptNamespaces`);

  const settings = { prefix, actions, exempt };
  const objects = policyWithBinding(settings, `${prefix}-pss-${level}`, 'workloads', pssValidations(level), {
    [PSS_LEVEL_ANNOTATION]: level,
    [PSS_VERSION_ANNOTATION]: LATEST_PSS_VERSION,
  });
  for (const target of ['workloads', 'services'] as const) {
    const validations = guideRules
      .filter((rule) => GUIDE_CEL_RULES[rule].target === target)
      .flatMap((rule) => GUIDE_CEL_RULES[rule].validations.map((v) => ({ rule, expression: v.expression, message: `${rule}: ${v.requirement}` })));
    if (validations.length > 0) objects.push(...policyWithBinding(settings, `${prefix}-guide-${target}`, target, validations, {}));
  }
  return objects;
}

/**
 * One validation per Pod Security Standards check of `level` at the latest version, in pod-security-admission's order.
 * At restricted, a baseline check that a restricted check overrides gets a validation that fails only along with the
 * overriding one, so a rejection names every violated check, as the audit engine does, and decides nothing alone.
 */
function pssValidations(level: PssLevel): Validation[] {
  const celOf = (id: string) => {
    const check = PSS_CEL_CHECKS[id];
    if (!check) throw new Error(`Pod Security check "${id}" has no CEL expression`);
    return check;
  };
  return applicableChecks(level, LATEST_PSS_MINOR).flatMap(({ id, level: checkLevel, overridden }) => {
    const check = celOf(id);
    const own = { rule: id, expression: check.expression, message: `Pod Security Standards ${checkLevel} check ${id}: ${check.requirement}` };
    const named = overridden.map((replaced) => ({
      rule: replaced.id,
      expression: `(${check.expression}) || (${celOf(replaced.id).expression})`,
      message: `Pod Security Standards ${replaced.level} check ${replaced.id} (with ${id}): ${celOf(replaced.id).requirement}`,
    }));
    return [own, ...named];
  });
}

interface Settings {
  readonly prefix: string;
  readonly actions: readonly string[];
  readonly exempt: readonly string[];
}

function policyWithBinding(
  settings: Settings, name: string, target: GuideRuleTarget, validations: readonly Validation[], annotations: Record<string, string>,
): KubeObject[] {
  const labels = { [MANAGED_BY_LABEL]: 'kubeharden' };
  const policy: KubeObject = {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name, labels, annotations: { ...annotations, [VALIDATION_RULES_ANNOTATION]: validations.map((v) => v.rule).join(',') } },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        resourceRules: (target === 'workloads' ? POD_RESOURCE_RULES : SERVICE_RESOURCE_RULES)
          .map((rule) => ({ ...rule, apiGroups: [...rule.apiGroups], apiVersions: [...rule.apiVersions], resources: [...rule.resources], operations: ['CREATE', 'UPDATE'] })),
      },
      matchConditions: [SPEC_CHANGED],
      ...(target === 'workloads' ? { variables: POD_VARIABLES.map((v) => ({ ...v })) } : {}),
      validations: validations.map((v) => ({ expression: v.expression, message: v.message, reason: 'Forbidden' })),
    },
  };
  const binding: KubeObject = {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name, labels },
    spec: {
      policyName: name,
      validationActions: [...settings.actions],
      ...(settings.exempt.length > 0
        ? { matchResources: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...settings.exempt] }] } } }
        : {}),
    },
  };
  return [policy, binding];
}
