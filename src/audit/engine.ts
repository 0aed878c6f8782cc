/**
 * The audit engine: runs the rule catalogue over Kubernetes objects and returns findings and exemptions.
 * The constructs use it at synth time on their final objects; `kubeharden audit` uses it on any YAML.
 */
import type { AuditReport, Exemption, Finding } from './types';
import { readOverridesAnnotation, todayIso, isValidIsoDate, justificationProblem, Override } from '../core/overrides';
import { hasPodSpec, podTemplateOf, PodSpecShapeError, withPodViewsOf } from '../core/pod-spec';
import { describeResource, isRecord, KubeObject, resourceRef } from '../core/types';
import { ObjectIndex, namespaceOf } from '../rules/object-index';
import { evaluatePodSecurity, LATEST_PSS_VERSION, parsePssVersion } from '../rules/pss';
import { findRule, ruleForPssCheck, RULES } from '../rules/registry';
import type { PssLevel, Rule, RuleContext, RuleFinding, Severity } from '../rules/rule';
import { SEVERITIES } from '../rules/rule';

/** Which rules an audit runs. */
export type RuleSelection = 'all' | 'pss' | readonly string[];

/** Options of {@link audit}. */
export interface AuditOptions {
  /**
   * Pod Security Standards level to check pods against.
   * @default - the level each object's Namespace enforces (label `pod-security.kubernetes.io/enforce`) when the audit includes it, else `restricted`
   */
  readonly pss?: PssLevel;
  /**
   * Pod Security Standards version, `v1.N` or `latest`.
   * @default - the namespace's `enforce-version` label when `pss` is not given and the label is set, else `latest`
   */
  readonly pssVersion?: string;
  /**
   * Rules to run: `all`, `pss` (only the Pod Security Standards checks), or a list of rule ids.
   * @default 'all'
   */
  readonly rules?: RuleSelection;
  /**
   * Registries images must come from (`registry.example.com` or `registry.example.com/team`).
   * @default - any explicit registry
   */
  readonly allowedRegistries?: readonly string[];
  /**
   * Today as `YYYY-MM-DD`, for override expiry.
   * @default - the current UTC date
   */
  readonly today?: string;
}

/** An object to audit, with where it came from. */
export interface AuditInput {
  readonly object: KubeObject;
  /** The file it was read from, as given by the user. */
  readonly file?: string;
  /** 1-based line of the document in `file`. */
  readonly line?: number;
}

/** Bad audit options (unknown rule id, bad version). */
export class AuditOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditOptionsError';
  }
}

/** An object cannot be audited because a field has the wrong type. The message names the object and field. */
export class InvalidObjectError extends Error {
  constructor(message: string, public readonly file?: string, public readonly line?: number) {
    super(message);
    this.name = 'InvalidObjectError';
  }
}

const PSS_LEVELS: readonly string[] = ['privileged', 'baseline', 'restricted'];
const NAMESPACE_LABEL = 'pod-security.kubernetes.io/enforce';

/** A prepared audit: validated options, usable for many objects. */
export class Auditor {
  private readonly rules: readonly Rule[];
  private readonly runChecks: boolean;
  private readonly pssRules: ReadonlySet<string>;
  private readonly pss?: PssLevel;
  private readonly pssVersion?: string;
  private readonly allowedRegistries: readonly string[];
  private readonly today: string;
  private readonly rulesByKind = new Map<string, readonly Rule[]>();

  constructor(options: AuditOptions = {}) {
    const selection = options.rules ?? 'all';
    if (selection === 'all' || selection === 'pss') {
      this.rules = RULES;
    } else {
      this.rules = selection.map((id) => {
        const rule = findRule(id);
        if (!rule) throw new AuditOptionsError(`unknown rule "${id}": see RULES.md for the rule ids`);
        return rule;
      });
    }
    this.runChecks = selection !== 'pss';
    this.pssRules = new Set(this.rules.filter((r) => r.pssChecks?.length).map((r) => r.id));
    if (options.pss !== undefined && options.pss !== 'baseline' && options.pss !== 'restricted') {
      throw new AuditOptionsError(`invalid Pod Security Standards level "${options.pss}": use baseline or restricted`);
    }
    this.pss = options.pss;
    if (options.pssVersion !== undefined) {
      try {
        parsePssVersion(options.pssVersion);
      } catch (e) {
        throw new AuditOptionsError((e as Error).message);
      }
    }
    this.pssVersion = options.pssVersion;
    this.allowedRegistries = options.allowedRegistries ?? [];
    if (options.today !== undefined && !isValidIsoDate(options.today)) {
      throw new AuditOptionsError(`invalid date "${options.today}": use YYYY-MM-DD`);
    }
    this.today = options.today ?? todayIso();
  }

  /** Audits `inputs` together (cross-object rules see all of them). */
  public run(inputs: Iterable<AuditInput | KubeObject>): AuditReport {
    const items = [...inputs].map((i) => (isAuditInput(i) ? i : { object: i }));
    const index = ObjectIndex.of(items.map((i) => i.object));
    const findings: Finding[] = [];
    const exemptions: Exemption[] = [];
    for (const item of items) this.auditOne(item, index, findings, exemptions);
    return buildReport(items.length, findings, exemptions);
  }

  /** Audits one object against an index of its peers, appending to `findings` and `exemptions`. */
  public auditOne(item: AuditInput, index: ObjectIndex, findings: Finding[], exemptions: Exemption[]): void {
    const { object } = item;
    const raw = withPodViewsOf(object, () => this.check(item, index));
    if (raw.length === 0) return;
    const resource = resourceRef(object);
    const overrides = overridesOf(object, this.today);
    const { file, line } = item;
    // Fields are assigned in the report's key order (file and line when known, pssCheck for PSS checks).
    for (const { rule, finding } of raw) {
      const severity = finding.severity ?? rule.severity;
      const override = overrides.get(rule.id);
      const honoured = override && !override.problem;
      const entry: Record<string, unknown> = honoured
        ? { rule: rule.id, severity, message: finding.message, justification: override.override.justification }
        : { rule: rule.id, severity, message: override ? `${finding.message} (override not honoured: ${override.problem})` : finding.message, fix: rule.fix };
      if (honoured && override.override.expires) entry.expires = override.override.expires;
      if (file !== undefined) entry.file = file;
      if (line !== undefined) entry.line = line;
      entry.resource = resource;
      entry.path = finding.path;
      if (finding.pssCheck) entry.pssCheck = finding.pssCheck;
      if (honoured) exemptions.push(entry as unknown as Exemption);
      else findings.push(entry as unknown as Finding);
    }
  }

  /** Runs the selected checks on one object; a field of the wrong type is an {@link InvalidObjectError}. */
  private check(item: AuditInput, index: ObjectIndex): Array<{ rule: Rule; finding: RuleFinding }> {
    const { object } = item;
    const raw: Array<{ rule: Rule; finding: RuleFinding }> = [];
    try {
      if (this.pssRules.size > 0 && hasPodSpec(object)) {
        const view = podTemplateOf(object);
        const { level, version } = this.pssFor(object, index);
        if (view && level) {
          for (const violation of evaluatePodSecurity(view, level, version)) {
            const rule = ruleForPssCheck(violation.check);
            if (this.pssRules.has(rule.id)) {
              raw.push({ rule, finding: { message: violation.message, path: violation.path, pssCheck: violation.check } });
            }
          }
        }
      }
      if (this.runChecks) {
        const context: RuleContext = { index, allowedRegistries: this.allowedRegistries, today: this.today };
        for (const rule of this.rulesFor(object)) {
          for (const finding of rule.check!(object, context)) raw.push({ rule, finding });
        }
      }
    } catch (e) {
      const where = describeResource(resourceRef(object));
      const reason = e instanceof PodSpecShapeError ? e.message : `cannot be audited: ${(e as Error).message}`;
      throw new InvalidObjectError(`${where}: ${reason}`, item.file, item.line);
    }
    return raw;
  }

  /** The selected rules with a check that examine objects like `object`, in catalogue order. */
  private rulesFor(object: KubeObject): readonly Rule[] {
    const key = typeof object.kind === 'string' ? object.kind : '';
    let rules = this.rulesByKind.get(key);
    if (!rules) {
      rules = this.rules.filter((rule) => rule.check && appliesTo(rule, object));
      this.rulesByKind.set(key, rules);
    }
    return rules;
  }

  /** The PSS level and version for `object`: the options', else its namespace's labels, else restricted/latest. */
  private pssFor(object: KubeObject, index: ObjectIndex): { level?: PssLevel; version: string } {
    if (this.pss) return { level: this.pss, version: this.pssVersion ?? 'latest' };
    const labels = index.namespace(namespaceOf(object))?.metadata?.labels ?? {};
    const enforced = labels[NAMESPACE_LABEL];
    if (enforced && PSS_LEVELS.includes(enforced)) {
      const labelled = labels[`${NAMESPACE_LABEL}-version`];
      const version = this.pssVersion ?? (labelled && isParsableVersion(labelled) ? labelled : 'latest');
      return { level: enforced === 'privileged' ? undefined : (enforced as PssLevel), version };
    }
    return { level: 'restricted', version: this.pssVersion ?? 'latest' };
  }
}

/** Audits `objects` with the catalogue. Throws {@link AuditOptionsError} or {@link InvalidObjectError}. */
export function audit(objects: Iterable<AuditInput | KubeObject>, options: AuditOptions = {}): AuditReport {
  return new Auditor(options).run(objects);
}

/** Assembles a report with its summary. */
export function buildReport(objects: number, findings: Finding[], exemptions: Exemption[]): AuditReport {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) bySeverity[f.severity]++;
  return { findings, exemptions, summary: { objects, findings: findings.length, exemptions: exemptions.length, bySeverity } };
}

/** The latest Pod Security Standards version implemented. */
export { LATEST_PSS_VERSION };

function isAuditInput(value: AuditInput | KubeObject): value is AuditInput {
  return isRecord((value as AuditInput).object) && (value as KubeObject).kind === undefined;
}

function isParsableVersion(text: string): boolean {
  try {
    parsePssVersion(text);
    return true;
  } catch {
    return false;
  }
}

function appliesTo(rule: Rule, object: KubeObject): boolean {
  return rule.appliesTo.some((kind) => kind === '*' || kind === object.kind || (kind === 'pod-workloads' && hasPodSpec(object)));
}

/** The object's overrides by rule, each with the reason it cannot be honoured, if any. */
function overridesOf(object: KubeObject, today: string): Map<string, { override: Override; problem?: string }> {
  const result = new Map<string, { override: Override; problem?: string }>();
  const { overrides, error } = readOverridesAnnotation(object.metadata?.annotations);
  for (const override of overrides) {
    let problem = error;
    if (!problem) {
      const weak = justificationProblem(override.justification);
      if (weak) problem = `it ${weak}`;
      else if (override.expires !== undefined && !isValidIsoDate(override.expires)) problem = `invalid expires "${override.expires}"`;
      else if (override.expires !== undefined && override.expires < today) problem = `expired on ${override.expires}`;
    }
    result.set(override.rule, problem ? { override, problem } : { override });
  }
  return result;
}
