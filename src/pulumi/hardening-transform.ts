/**
 * Hardening for Kubernetes resources kubeharden did not create (Helm charts, YAML, third-party components):
 * the catalogue's safe defaults where fields are missing, and a report of what cannot be fixed.
 */
import * as pulumi from '@pulumi/pulumi';
import type { PodSpec } from 'kubernetes-types/core/v1';
import { hasPendingValues } from './children';
import { kubernetesTypeMeta, patchedTypeMeta } from './kubernetes-types';
import {
  cloneResourceProps, concealSecrets, containsOpaque, copyResourceProps, isOpaqueAt, isSetAt, keepsOpaqueValues, objectOfProps,
  OpaqueValue, opaqueValuesOf, overridesNotKnown, restoreResourceProps, revealSecrets, SINGLE_OBJECT_RULES,
} from './resource-props';
import { audit, InvalidObjectError } from '../audit/engine';
import type { Finding } from '../audit/types';
import { ENFORCED_SEVERITY } from '../core/enforce';
import { readOverridesAnnotation, todayIso, validateOverrides } from '../core/overrides';
import { hasPodSpec, podTemplateOf, PodSpecShapeError, PodTemplateView, serviceAccountOf } from '../core/pod-spec';
import { describeResource, isRecord, KubeObject, resourceRef } from '../core/types';
import { RULE_IDS, RULES } from '../rules/registry';
import { SEVERITIES, Severity } from '../rules/rule';

/** Something the hardening transform could not fix on a resource. */
export interface HardeningFinding {
  /** Pulumi type token of the resource, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Pulumi name of the resource. */
  readonly name: string;
  /**
   * The rule the hardened resource still breaks.
   * @default - none: the pod spec could not be read (unknown during preview, or malformed)
   */
  readonly rule?: string;
  /**
   * Severity of the finding.
   * @default - none, when `rule` is absent
   */
  readonly severity?: Severity;
  /** JSON pointer of the field inside the object. */
  readonly path: string;
  /** One line naming the resource, the rule, the field and the fix. */
  readonly message: string;
}

/** Options of {@link hardenResource} and {@link hardeningTransform}. */
export interface HardeningOptions {
  /**
   * Reject a resource that still breaks a rule at or above `medium` severity after hardening (privileged,
   * host namespaces, hostPath, tag-only images…), instead of warning. Lower findings are always warnings.
   * @default false
   */
  readonly strict?: boolean;
  /**
   * Receives each finding that is not an error.
   * @default - `pulumi.log.warn` with the finding's message
   */
  readonly onFinding?: (finding: HardeningFinding) => void;
  /**
   * Registries images must come from (rule `trusted-registry`).
   * @default - any explicit registry
   */
  readonly allowedRegistries?: readonly string[];
}

/** The part of `pulumi.ResourceTransformArgs` (and of the older `ResourceTransformationArgs`) the transform reads. */
export interface HardenableResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`. */
  readonly type: string;
  /** Pulumi name of the resource. */
  readonly name: string;
  /** The resource's inputs: the Kubernetes object (its `apiVersion` and `kind` may be absent). */
  readonly props: pulumi.Inputs;
  /** The resource's options, returned unchanged. */
  readonly opts: pulumi.ResourceOptions;
}

/**
 * Hardens one resource: when it is a Kubernetes workload (`kubernetes:core/v1:Pod`, `kubernetes:apps/v1:Deployment`,
 * StatefulSet, DaemonSet, ReplicaSet, ReplicationController, `kubernetes:batch/v1:Job`, CronJob, PodTemplate),
 * applies the catalogue's safe defaults (every rule's `remediate`) to its pod spec where fields are missing,
 * then audits the result with the catalogue and the restricted Pod Security Standard and reports what it
 * could not fix (see {@link HardeningOptions.strict}). Rules named in a valid `kubeharden.io/overrides`
 * annotation are neither remediated nor reported. Values set by the resource are never changed, nor what they decide:
 * a missing request takes the limit, and a pod that names its own ServiceAccount keeps the account's token setting.
 *
 * A `…Patch` of a workload (`kubernetes:apps/v1:DeploymentPatch`, a server-side apply patch) changes only the fields
 * it names: it is not given defaults (it would take those fields over from the object's other managers), and only
 * the values it sets are audited, so a patch that sets `privileged: true` or a tag-only image is reported (or
 * refused with `strict`), one that leaves `runAsNonRoot` out is not.
 *
 * Returns the new props and the unchanged options, or `undefined` when there is nothing to change. Inputs
 * holding Outputs are hardened once resolved; inputs holding secrets are hardened and stay secret. A value unknown
 * during preview is never replaced: a rule whose defaults would replace it is left out of the preview and named in a
 * finding, and nothing is reported while the overrides annotation is unknown.
 */
export function hardenResource(args: HardenableResource, options: HardeningOptions = {}): pulumi.ResourceTransformResult | undefined {
  if (!isRecord(args) || typeof args.type !== 'string' || !isRecord(args.props)) {
    // A Helm v3 Chart's or a ConfigFile's own `transformations` argument calls each function with the bare object.
    throw new Error('kubeharden: hardeningTransform() was called with a bare object, not with a resource\'s { type, name, props, opts }, so it could '
      + 'harden nothing. Fix: pass it in the resource option transforms (or transformations) of the Chart, not in its transformations argument.');
  }
  const patched = patchedTypeMeta(args.type);
  const meta = patched ?? kubernetesTypeMeta(args.type);
  if (!meta || !hasPodSpec({ apiVersion: meta.apiVersion, kind: meta.kind })) return undefined;
  const harden = (input: Record<string, unknown>) => {
    const { props, secretKeys } = revealSecrets(input);
    const hardened = patched ? auditPatch(args, patched, props, options) : hardenProps(args, meta, props, options);
    return hardened && concealSecrets(hardened, secretKeys);
  };
  if (hasPendingValues(args.props)) {
    const hardened = pulumi.output(args.props).apply((props) => harden(props as Record<string, unknown>) ?? props);
    const props = Object.fromEntries(Object.keys(args.props).map((key) => [key, hardened.apply((p) => (p as Record<string, unknown>)[key])]));
    return { props, opts: args.opts };
  }
  const props = harden(args.props);
  return props && { props, opts: args.opts };
}

/**
 * A transform that applies {@link hardenResource} to every Kubernetes workload it sees. Use it with
 * `pulumi.runtime.registerResourceTransform(hardeningTransform())` for the whole stack, or in the
 * `transforms` option of a Helm `Chart` or any component.
 *
 * @example new k8s.helm.v4.Chart('ingress', { chart: 'ingress-nginx', … }, { transforms: [hardeningTransform({ strict: true })] });
 */
export function hardeningTransform(options: HardeningOptions = {}): (args: HardenableResource) => pulumi.ResourceTransformResult | undefined {
  return (args) => hardenResource(args, options);
}

function hardenProps(
  resource: HardenableResource, meta: { apiVersion: string; kind: string }, props: Record<string, unknown>, options: HardeningOptions,
): Record<string, unknown> | undefined {
  const report = options.onFinding ?? ((finding: HardeningFinding) => pulumi.log.warn(finding.message));
  const where = `kubeharden: ${resource.type} "${resource.name}"`;
  const unreadable = (path: string, reason: string) => {
    report({ type: resource.type, name: resource.name, path, message: `${where} cannot be hardened: ${reason}` });
    return undefined;
  };
  const original = copyResourceProps(props) as Record<string, unknown>;
  let object = objectOfProps(original, meta);
  let view: PodTemplateView | undefined;
  try {
    view = podTemplateOf(object);
  } catch (error) {
    if (error instanceof PodSpecShapeError) return unreadable(error.path, containsOpaque(object) ? `${error.path} is not known yet` : error.message);
    throw error;
  }
  if (!view) return containsOpaque(object.spec) ? unreadable('/spec', 'its pod template is not known yet') : undefined;
  const honoured = honouredOverrides(object);
  const { hardened, notKnown } = remediate(original, meta, (ruleId, spec) => {
    if (honoured.has(ruleId) || decidedElsewhere(ruleId, spec)) return 'skip';
    return decidedByUnknown(ruleId, spec) ? 'not-known' : undefined;
  });
  object = objectOfProps(hardened, meta);
  if (notKnown.length > 0) {
    report({
      type: resource.type,
      name: resource.name,
      path: view.specPointer,
      message: `${where} is not given the defaults of ${notKnown.join(', ')}: the fields they set or read are not known yet`,
    });
  }
  const findings = overridesNotKnown(object) ? [] : remainingFindings(object, options).filter((f) => !notKnown.includes(f.rule));
  reportFindings(resource, object, findings, options, 'breaks rules that hardening cannot fix');
  return JSON.stringify(hardened) === JSON.stringify(original) ? undefined : restoreResourceProps(hardened) as Record<string, unknown>;
}

/**
 * Applies every rule's `remediate` to a copy of `props` (from {@link copyResourceProps}), except the rules `skip` says
 * to skip. A value not known yet (during preview) is never replaced: a rule whose defaults would replace, move or read
 * into one, or whose use depends on one (`skip` returns `'not-known'`), is left out, and named in `notKnown`.
 */
function remediate(
  props: Record<string, unknown>, meta: { apiVersion: string; kind: string }, skip: (ruleId: string, spec: PodSpec) => 'skip' | 'not-known' | undefined,
): { hardened: Record<string, unknown>; notKnown: string[] } {
  const opaqueValues = opaqueValuesOf(props);
  const notKnown: string[] = [];
  let current = cloneResourceProps(props) as Record<string, unknown>;
  let currentView = podTemplateOf(objectOfProps(current, meta))!;
  for (const rule of RULES) {
    if (!rule.remediate) continue;
    // With values not known yet, each rule works on a copy, kept only if every unknown value is still in its place.
    const trial = opaqueValues.length > 0 ? cloneResourceProps(current) as Record<string, unknown> : current;
    const view = trial === current ? currentView : podTemplateOf(objectOfProps(trial, meta))!;
    const skipped = skip(rule.id, view.spec);
    if (skipped === 'not-known') notKnown.push(rule.id);
    if (skipped) continue;
    try {
      rule.remediate(view);
    } catch (error) {
      // Writing into an unknown value (a frozen OpaqueValue) throws a TypeError.
      if (!(error instanceof TypeError) || opaqueValues.length === 0) throw error;
      notKnown.push(rule.id);
      continue;
    }
    if (keepsOpaqueValues(trial, opaqueValues)) {
      current = trial;
      currentView = view;
    } else {
      notKnown.push(rule.id);
    }
  }
  return { hardened: current, notKnown };
}

/** Audits the values a `…Patch` resource sets (see {@link hardenResource}); it is never changed, so this returns `undefined`. */
function auditPatch(
  resource: HardenableResource, meta: { apiVersion: string; kind: string }, props: Record<string, unknown>, options: HardeningOptions,
): undefined {
  const object = objectOfProps(copyResourceProps(props) as Record<string, unknown>, meta);
  try {
    if (!podTemplateOf(object)) return undefined;
  } catch (error) {
    if (error instanceof PodSpecShapeError && containsOpaque(object)) return undefined;
    throw error;
  }
  const findings = overridesNotKnown(object) ? [] : remainingFindings(object, options).filter((f) => isSetAt(object, f.path));
  reportFindings(resource, object, findings, options, 'sets values that break rules');
  return undefined;
}

/**
 * Reports `findings` on the resource of `object`: with `strict`, those at or above the enforced severity as one error
 * (`what` says what the resource does), the others through `onFinding`.
 */
function reportFindings(resource: HardenableResource, object: KubeObject, findings: Finding[], options: HardeningOptions, what: string): void {
  const report = options.onFinding ?? ((finding: HardeningFinding) => pulumi.log.warn(finding.message));
  const blocking = options.strict ? findings.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(ENFORCED_SEVERITY)) : [];
  const describe = (f: Finding) => `${f.rule}: ${f.message} (at ${f.path}). Fix: ${f.fix}`;
  if (blocking.length > 0) {
    const where = `${resource.type} "${resource.name}" (${describeResource(resourceRef(object))})`;
    const list = blocking.length === 1 ? describe(blocking[0]) : blocking.map((f) => `\n  - ${describe(f)}`).join('');
    throw new Error(`kubeharden: ${where} ${what}: ${list}`);
  }
  for (const finding of findings) {
    report({
      type: resource.type,
      name: resource.name,
      rule: finding.rule,
      severity: finding.severity,
      path: finding.path,
      message: `kubeharden: ${resource.type} "${resource.name}" ${describe(finding)}`,
    });
  }
}

/** Rules exempted by a valid override in the object's `kubeharden.io/overrides` annotation. */
function honouredOverrides(object: KubeObject): Set<string> {
  const today = todayIso();
  const honoured = new Set<string>();
  for (const override of readOverridesAnnotation(object.metadata?.annotations).overrides) {
    try {
      validateOverrides([override], { knownRules: RULE_IDS, today, where: '' });
      honoured.add(override.rule);
    } catch {
      // An invalid override is reported by the audit, as a finding that it does not exempt.
    }
  }
  return honoured;
}

/**
 * True when a default of `ruleId` would override a decision the resource made in another object: a pod that names its
 * own ServiceAccount leaves token mounting to it (the pod's field would win over the account's, and an operator that
 * needs the API would lose its token). The audit still reports the pod when its account mounts the token.
 */
function decidedElsewhere(ruleId: string, spec: PodSpec): boolean {
  const account = serviceAccountOf(spec);
  return ruleId === 'no-service-account-token' && typeof account === 'string' && account !== 'default';
}

/**
 * True when whether a default of `ruleId` applies depends on a value not known yet: a pod whose ServiceAccount name is
 * not known yet may name an account of its own, which then decides token mounting (see {@link decidedElsewhere}).
 */
function decidedByUnknown(ruleId: string, spec: PodSpec): boolean {
  return ruleId === 'no-service-account-token' && serviceAccountOf(spec) instanceof OpaqueValue;
}

/**
 * The findings on the hardened object, except on fields that are not known yet; one per rule and field (a field that
 * breaks a restricted Pod Security check and its baseline twin is one thing to fix).
 */
function remainingFindings(object: KubeObject, options: HardeningOptions): Finding[] {
  try {
    const result = audit([object], { rules: SINGLE_OBJECT_RULES, pss: 'restricted', pssVersion: 'latest', allowedRegistries: options.allowedRegistries });
    const seen = new Set<string>();
    return result.findings.filter((f) => !isOpaqueAt(object, f.path) && !seen.has(`${f.rule} ${f.path}`) && seen.add(`${f.rule} ${f.path}`));
  } catch (error) {
    if (error instanceof InvalidObjectError && containsOpaque(object)) return [];
    throw error;
  }
}
