/**
 * The shape of a rule in the catalogue. Each rule both sets a default in the builders and audits the
 * final objects; its id is stable and public (RULES.md lists them all).
 */
import type { ObjectIndex } from './object-index';
import type { PodTemplateView } from '../core/pod-spec';
import type { KubeObject } from '../core/types';

/** Severities, from the most to the least severe. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** How severe a finding is. `kubeharden audit --fail-on` compares against it. */
export type Severity = (typeof SEVERITIES)[number];

/** Pod Security Standards levels that can be audited. */
export type PssLevel = 'baseline' | 'restricted';

/** One problem a rule found on one object. */
export interface RuleFinding {
  /** What is wrong, naming the container or field. */
  readonly message: string;
  /** JSON pointer (RFC 6901) to the offending field inside the object. */
  readonly path: string;
  /** For a Pod Security Standards check, the Kubernetes check id (e.g. `capabilities_restricted`). */
  readonly pssCheck?: string;
  /** A severity for this finding that differs from the rule's (e.g. a lesser variant of the problem). */
  readonly severity?: Severity;
  /** A fix for this finding that differs from the rule's. */
  readonly fix?: string;
}

/** What a rule may consult besides the object it checks. */
export interface RuleContext {
  /** Every object of the audit, indexed for cross-object rules (network policy coverage, namespaces). */
  readonly index: ObjectIndex;
  /** Registries images must come from; empty means "any explicit registry". */
  readonly allowedRegistries: readonly string[];
  /** Today, as `YYYY-MM-DD`, for expiry checks. */
  readonly today: string;
}

/** The rest of a cross-object check, run once every object of the audit is indexed. */
export type DeferredCheck = (index: ObjectIndex) => RuleFinding[];

/**
 * Findings that stand unless an object read later withdraws them (a ServiceAccount that opts out of its token, a
 * default-deny NetworkPolicy). A streamed audit reports them at once, in place, and withdraws them when it finishes
 * if `withdrawn` says so on the complete index. Every result of one rule with the same `key` gets the same answer
 * from `withdrawn`, so the audit asks once per key and keeps no function per object.
 */
export interface ConditionalFindings {
  readonly findings: RuleFinding[];
  /** What the answer depends on, e.g. `<namespace>/<service account>`. */
  readonly key: string;
  /** Whether the complete `index` withdraws the findings. */
  readonly withdrawn: (index: ObjectIndex) => boolean;
}

/** What {@link Rule.crossObject} gives: final findings, the rest of the check, or findings a later object may withdraw. */
export type CrossObjectResult = RuleFinding[] | DeferredCheck | ConditionalFindings;

/** The findings of a {@link Rule.crossObject} result on the complete `index`. */
export function resolveCrossObject(result: CrossObjectResult, index: ObjectIndex): RuleFinding[] {
  if (typeof result === 'function') return result(index);
  if (Array.isArray(result)) return result;
  return result.withdrawn(index) ? [] : result.findings;
}

/** What every rule reports about itself, whatever it checks (Kubernetes objects, Dockerfiles, scan reports). */
export interface RuleMetadata {
  /** Stable kebab-case id, part of the public contract (e.g. `read-only-root-filesystem`). */
  readonly id: string;
  /** One-line summary of the compliant condition. */
  readonly title: string;
  /** Why the rule exists, in a sentence or two. */
  readonly rationale: string;
  /** The section of the container-security guide the rule encodes. */
  readonly guide: string;
  /** Severity of its findings. */
  readonly severity: Severity;
  /** The one-line fix shown with every finding. */
  readonly fix: string;
  /** What kubeharden's constructs emit by default for this rule (or the practice it expects). */
  readonly default: string;
  /** Links to the guide section, Kubernetes docs or the PSS control. */
  readonly references: readonly string[];
}

/**
 * Checks a rule's metadata: a known severity and every descriptive field filled in. Throws an Error naming
 * `label` (e.g. `rule "run-as-non-root"`) and the problem.
 */
export function validateRuleMetadata(rule: RuleMetadata, label: string): void {
  if (!(SEVERITIES as readonly string[]).includes(rule.severity)) {
    throw new Error(`${label} has unknown severity "${rule.severity}"`);
  }
  for (const field of ['title', 'rationale', 'guide', 'fix', 'default'] as const) {
    if (!rule[field]) throw new Error(`${label} has no ${field}`);
  }
}

/** A rule of the catalogue. */
export interface Rule extends RuleMetadata {
  /** Kinds the rule examines; `*` for every kind. */
  readonly appliesTo: readonly string[];
  /**
   * The severity of the rule's worst findings, when some are above `severity` (enforcing the privileged level is
   * high for `pss-namespace-labels`): CrossGuard blocks on those as it does on a rule of that severity.
   * @default - no finding is above `severity`
   */
  readonly highestSeverity?: Severity;
  /**
   * Pod Security Standards checks (Kubernetes check ids) whose findings this rule reports. They are run
   * at the audit's level and version by the PSS evaluator; `--rules pss` runs only these.
   */
  readonly pssChecks?: readonly string[];
  /**
   * Applies the rule's safe default to a pod template where the field is missing, never overwriting a
   * value that is set. The builders and the hardening transforms use it, so defaults and audits agree.
   */
  readonly remediate?: (view: PodTemplateView) => void;
  /** Checks beyond the Pod Security Standards; returns the findings on `object`. */
  readonly check?: (object: KubeObject, context: RuleContext) => RuleFinding[];
  /**
   * For a rule whose findings depend on other objects (it reads `context.index`), so that a streamed audit can
   * drop each object once it is checked: checks `object` against the objects indexed so far and returns its
   * findings when no object still to come can change them; {@link ConditionalFindings} when a later object can
   * only withdraw them; or else a {@link DeferredCheck} that computes them from the complete index. What it keeps
   * is the few values it needs, never the object. On a complete index it agrees with `check`.
   */
  readonly crossObject?: (object: KubeObject, context: RuleContext) => CrossObjectResult;
}
