/**
 * The catalogue as CrossGuard policies, for `pulumi preview --policy-pack`: they audit the final inputs of
 * every Kubernetes resource of a stack, whoever created it.
 */
import type {
  EnforcementLevel, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy,
} from '@pulumi/policy';
import { kubernetesTypeMeta, patchedTypeMeta } from './kubernetes-types';
import {
  containsOpaque, copyResourceProps, CROSS_OBJECT_RULES, isOpaqueAt, isSetAt, objectOfProps, overridesNotKnown,
} from './resource-props';
import { Auditor, InvalidObjectError, overridesAnnotationProblem } from '../audit/engine';
import type { Finding } from '../audit/types';
import { describeResource, KubeObject } from '../core/types';
import { ObjectIndex } from '../rules/object-index';
import { RULES } from '../rules/registry';
import type { Rule, Severity } from '../rules/rule';

/** Configuration of the `trusted-registry` policy (`--policy-pack-config`: `{ "trusted-registry": { "allowedRegistries": [...] } }`). */
export interface KubehardenPolicyConfig {
  /**
   * Registries images must come from (rule `trusted-registry`), e.g. `registry.example.com`.
   * @default - any explicit registry
   */
  readonly allowedRegistries?: string[];
}

/** `mandatory` for critical and high rules, `advisory` below. */
export function enforcementLevelOf(rule: Rule): EnforcementLevel {
  return levelOfSeverity(rule.severity);
}

function levelOfSeverity(severity: Severity): EnforcementLevel {
  return severity === 'critical' || severity === 'high' ? 'mandatory' : 'advisory';
}

/**
 * A policy of `rule`: its name, its enforcement level and the findings it reports. A rule some of whose findings
 * are above its own level ({@link Rule.highestSeverity}) has a second, `<rule id>-mandatory` policy for those.
 */
interface PolicyVariant {
  readonly rule: Rule;
  readonly name: string;
  readonly severity: Severity;
  readonly enforcementLevel: EnforcementLevel;
  readonly reports: (finding: Finding) => boolean;
}

function variantsOf(rule: Rule): PolicyVariant[] {
  const level = enforcementLevelOf(rule);
  const highestSeverity = rule.highestSeverity ?? rule.severity;
  const highest = levelOfSeverity(highestSeverity);
  if (highest === level) return [{ rule, name: rule.id, severity: rule.severity, enforcementLevel: level, reports: () => true }];
  return [
    { rule, name: rule.id, severity: rule.severity, enforcementLevel: level, reports: (f) => levelOfSeverity(f.severity) !== highest },
    { rule, name: `${rule.id}-${highest}`, severity: highestSeverity, enforcementLevel: highest, reports: (f) => levelOfSeverity(f.severity) === highest },
  ];
}

const TRUSTED_REGISTRY_CONFIG = {
  properties: {
    allowedRegistries: { type: 'array' as const, items: { type: 'string' as const }, description: 'Registries images must come from.' },
  },
};

/** The Kubernetes object behind a resource's inputs, or `undefined` for anything else. */
function kubernetesObjectOf(type: string, props: Record<string, unknown>): KubeObject | undefined {
  const meta = kubernetesTypeMeta(type);
  return meta && objectOfProps(copyResourceProps(props) as Record<string, unknown>, meta);
}

/** The partial object a `…Patch` resource's inputs apply, as the kind it patches, or `undefined` for anything else. */
function patchObjectOf(type: string, props: Record<string, unknown>): KubeObject | undefined {
  const meta = patchedTypeMeta(type);
  return meta && objectOfProps(copyResourceProps(props) as Record<string, unknown>, meta);
}

/**
 * The message of a violation: the object, the problem, the field and the fix; and why the object's overrides
 * annotation, when it has one that cannot be used (`annotationProblem`, see {@link overridesAnnotationProblem}),
 * exempted nothing.
 */
function violationMessage(finding: Finding, annotationProblem: string | undefined, named: NamedObject, patch = false): string {
  return `${patch ? 'a patch of ' : ''}${describeObject(finding, named)} ${finding.message} (at ${finding.path}). Fix: ${finding.fix} `
    + `Or add to the object's annotation kubeharden.io/overrides: [{"rule":"${finding.rule}","justification":"<why, at least 20 characters>"}].`
    + (annotationProblem ? ` Its current ${annotationProblem.replace(/^annotation /, '')}.` : '');
}

/** An audited object and the name of its Pulumi resource. */
interface NamedObject {
  readonly object: KubeObject;
  readonly resourceName: string;
}

/** `Kind/namespace/name`; while the name or namespace is not known yet (preview), `Kind "<Pulumi resource name>"`. */
function describeObject(finding: Finding, { object, resourceName }: NamedObject): string {
  const known = ['/metadata/name', '/metadata/namespace'].every((path) => !isOpaqueAt(object, path));
  return known ? describeResource(finding.resource) : `${finding.resource.kind} "${resourceName}"`;
}

function auditorFor(rule: Rule, config: KubehardenPolicyConfig): Auditor {
  return new Auditor({ rules: [rule.id], pss: 'restricted', pssVersion: 'latest', allowedRegistries: config.allowedRegistries ?? [] });
}

function policyOf({ rule, name, severity, enforcementLevel }: PolicyVariant): Omit<ResourceValidationPolicy, 'validateResource'> {
  return {
    name,
    description: rule.title,
    enforcementLevel,
    severity,
    remediationSteps: rule.fix,
    ...(rule.references[0] ? { url: rule.references[0] } : {}),
    ...(rule.id === 'trusted-registry' ? { configSchema: TRUSTED_REGISTRY_CONFIG } : {}),
  };
}

/**
 * A policy auditing each Kubernetes resource alone with `rule`. A `…Patch` resource changes only the fields it names,
 * so it is held to what it sets: a finding on a field it leaves out is the patched object's, not the patch's.
 */
function resourcePolicy(variant: PolicyVariant): ResourceValidationPolicy {
  const { rule, reports } = variant;
  return {
    ...policyOf(variant),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      const patch = patchObjectOf(args.type, args.props);
      const object = patch ?? kubernetesObjectOf(args.type, args.props);
      if (!object || overridesNotKnown(object)) return;
      const findings: Finding[] = [];
      const auditor = auditorFor(rule, args.getConfig<KubehardenPolicyConfig>());
      if (!auditUnlessUnknown(() => auditor.auditOne({ object }, ObjectIndex.of([object]), findings, []), object)) return;
      const reported = findings.filter((f) => reports(f) && !isOpaqueAt(object, f.path) && (!patch || isSetAt(object, f.path)));
      const annotationProblem = reported.length > 0 ? overridesAnnotationProblem(object) : undefined;
      const named = { object, resourceName: args.name };
      for (const finding of reported) reportViolation(violationMessage(finding, annotationProblem, named, patch !== undefined));
    },
  };
}

/** A policy auditing every Kubernetes resource of the stack together with `rule`, reporting each on its resource. */
function stackPolicy(variant: PolicyVariant): StackValidationPolicy {
  const { rule, reports } = variant;
  return {
    ...policyOf(variant),
    validateStack: (args, reportViolation) => {
      const resources = args.resources
        .map((resource: PolicyResource) => ({ resource, object: kubernetesObjectOf(resource.type, resource.props) }))
        .filter((r): r is { resource: PolicyResource; object: KubeObject } => r.object !== undefined);
      if (resources.some(({ object }) => decidesForOthers(object) && containsOpaque(object))) return;
      const index = ObjectIndex.of(resources.map((r) => r.object));
      const auditor = auditorFor(rule, args.getConfig<KubehardenPolicyConfig>());
      for (const { resource, object } of resources) {
        const audited: Finding[] = [];
        if (!auditUnlessUnknown(() => auditor.auditOne({ object }, index, audited, []), object)) continue;
        if (isOpaqueAt(object, '/metadata/namespace') || overridesNotKnown(object)) continue;
        const findings = audited.filter(reports);
        const annotationProblem = findings.length > 0 ? overridesAnnotationProblem(object) : undefined;
        for (const finding of findings) {
          if (isOpaqueAt(object, finding.path)) continue;
          reportViolation(violationMessage(finding, annotationProblem, { object, resourceName: resource.name }), resource.urn);
        }
      }
    },
  };
}

/**
 * Runs `audit` on `object`; false when the object cannot be audited because a field the checks read is not known yet
 * (a container list unknown during preview), which is skipped as every unknown field is.
 */
function auditUnlessUnknown(audit: () => void, object: KubeObject): boolean {
  try {
    audit();
    return true;
  } catch (error) {
    if (error instanceof InvalidObjectError && containsOpaque(object)) return false;
    throw error;
  }
}

/** True for the objects other objects' findings depend on (NetworkPolicies, Namespaces, ServiceAccounts). */
function decidesForOthers(object: KubeObject): boolean {
  return ['NetworkPolicy', 'Namespace', 'ServiceAccount'].includes(object.kind);
}

/**
 * One CrossGuard policy per rule of the catalogue, named after the rule id, for any `kubernetes:*`
 * resource (the type token gives apiVersion and kind; components are skipped). A `…Patch` resource is held to the
 * fields it sets (a patch that sets `privileged: true` is reported, one that leaves `runAsNonRoot` out is not), by the
 * single-object rules only.
 * Pod Security Standards checks run at the restricted level, latest version. Justified overrides in the
 * `kubeharden.io/overrides` annotation are honoured. Critical and high rules are `mandatory`, the others
 * `advisory`; the high findings of a medium rule are reported by a second, mandatory policy named
 * `<rule id>-mandatory` (`pss-namespace-labels-mandatory`: a Namespace that enforces the privileged level). Rules
 * that look across objects (`network-default-deny`, `no-service-account-token`) are stack policies over all the
 * stack's Kubernetes resources. Fields unknown during preview are skipped, and so is a resource whose overrides
 * annotation is not known yet; a stack policy reports nothing while a NetworkPolicy, Namespace or ServiceAccount of
 * the stack is partly unknown.
 *
 * Importing this list does not load `@pulumi/policy`; the `policy-pack` entry point wraps it in a `PolicyPack`.
 */
export const policies: Array<ResourceValidationPolicy | StackValidationPolicy> = RULES.flatMap(variantsOf).map((variant) =>
  (CROSS_OBJECT_RULES.includes(variant.rule.id) ? stackPolicy(variant) : resourcePolicy(variant)));
