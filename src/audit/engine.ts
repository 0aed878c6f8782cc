/**
 * The audit engine: runs the rule catalogue over Kubernetes objects and returns findings and exemptions.
 * The constructs use it at synth time on their final objects; `kubeharden audit` uses it on any YAML.
 */
import type { AuditReport, AuditSummary, Exemption, Finding } from './types';
import { didYouMean } from '../core/did-you-mean';
import { hasOverridesAnnotation, OVERRIDES_ANNOTATION, readOverridesAnnotation, todayIso, isValidIsoDate, justificationProblem, Override } from '../core/overrides';
import { hasPodSpec, podTemplateOf, PodSpecShapeError, PodTemplateView, withPodViewsOf } from '../core/pod-spec';
import { describeResource, describeType, isNonEmptyString, isRecord, KubeObject, pointer, ResourceRef, resourceRef } from '../core/types';
import { missingGuideChecks, PINNED_PSS_VERSION } from '../rules/namespace/pss-namespace-labels';
import { ObjectIndex, namespaceOf } from '../rules/object-index';
import { evaluatePodSecurity, LATEST_PSS_VERSION, parsePssVersion } from '../rules/pss';
import { findRule, RULE_IDS, ruleForPssCheck, RULES } from '../rules/registry';
import { resolveCrossObject } from '../rules/rule';
import type { ConditionalFindings, DeferredCheck, PssLevel, Rule, RuleContext, RuleFinding, Severity } from '../rules/rule';

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
   * @default - the namespace's `enforce-version` label when `pss` is not given and the label pins a version (one before v1.23 only with
   * a justified override of `pss-namespace-labels`), else `latest`
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
  /** What each Namespace enforces, once worked out. */
  private readonly namespacePolicies = new WeakMap<KubeObject, NamespacePolicy>();

  constructor(options: AuditOptions = {}) {
    const selection = options.rules ?? 'all';
    if (selection === 'all' || selection === 'pss') {
      this.rules = RULES;
    } else {
      this.rules = selection.map((id) => {
        const rule = findRule(id);
        if (!rule) throw new AuditOptionsError(`unknown rule "${id}": see RULES.md for the rule ids${didYouMean(id, RULE_IDS)}`);
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
    const items = [...inputs].map((input, i) => {
      const item = auditInputOf(input);
      const problem = notKubernetesObject(item, i + 1) ?? invalidOverridesAnnotation(item);
      if (problem) throw problem;
      return item;
    });
    const index = ObjectIndex.of(items.map((i) => i.object));
    const findings: Finding[] = [];
    const exemptions: Exemption[] = [];
    for (const item of items) this.auditOne(item, index, findings, exemptions);
    return buildReport(items.length, findings, exemptions);
  }

  /**
   * Starts a streamed audit: objects are added one at a time and each is checked as it arrives, against the
   * objects added so far; what depends on objects still to come (network policy coverage, service accounts, a
   * namespace's Pod Security labels) is kept as a few values and finished by {@link AuditSession.finish}, once
   * every object is indexed. The objects themselves are not kept, so memory holds the findings, the index and
   * those values. The report is the one {@link run} gives for the same objects, with one exception: a pod checked
   * against a Namespace's Pod Security labels keeps that result if a Namespace of the same name comes again later.
   *
   * With a `sink`, each object's report entries go to it as soon as they are known instead of being kept, and the
   * report `finish` returns has only the summary (its `findings` and `exemptions` are empty). Findings that a later
   * object may withdraw ({@link ConditionalFindings}: a pod's token finding, which the ServiceAccount it names may
   * withdraw) go at once too, and are withdrawn when the audit finishes ({@link AuditSink.withdraw}); a sink without
   * `withdraw` receives them only then.
   */
  public start(sink?: AuditSink): AuditSession {
    const index = new ObjectIndex();
    const collected = sink ? undefined : new CollectingSink();
    const target = sink ?? collected!;
    const mode: CheckMode = target.withdraw ? 'conditional' : 'deferred';
    const counts = new EntryCounter();
    const pending: PendingSlot[] = [];
    const conditions = new Conditions();
    let order = 0;
    let objects = 0;
    let state: 'open' | 'failed' | 'finished' = 'open';
    const deliver = (at: number, meta: EntryContext, part: KnownPart): void => {
      const findings: Finding[] = [];
      const exemptions: Exemption[] = [];
      let from = 0;
      for (const run of part.conditional ?? NO_RUNS) {
        this.record(meta, part.raw, findings, exemptions, from, run.start);
        from = run.start + run.findings.length;
        const before = { findings: findings.length, exemptions: exemptions.length };
        this.record(meta, part.raw, findings, exemptions, run.start, from);
        conditions.add(run, at, before, findings, exemptions);
      }
      this.record(meta, part.raw, findings, exemptions, from, part.raw.length);
      counts.add(findings, exemptions);
      target.entries(at, findings, exemptions);
    };
    return {
      add: (input) => {
        if (state === 'finished') throw new Error('the audit is finished');
        objects++;
        if (state === 'failed') return;
        const item = auditInputOf(input);
        const problem = notKubernetesObject(item, objects) ?? invalidOverridesAnnotation(item);
        if (problem) {
          pending.push({ error: problem });
          state = 'failed';
          return;
        }
        index.add(item.object);
        try {
          const parts = withPodViewsOf(item.object, () => this.check(item, index, mode));
          if (parts.length === 0) return;
          const meta = this.entryContext(item);
          // Each part has its place in the report: what is known goes out now, the rest when the audit finishes.
          for (const part of parts) {
            if (typeof part === 'function') pending.push({ meta, part, order: order++ });
            else deliver(order++, meta, part);
          }
        } catch (e) {
          if (!(e instanceof InvalidObjectError)) throw e;
          pending.push({ error: e });
          state = 'failed';
        }
      },
      finish: () => {
        if (state === 'finished') throw new Error('the audit is finished');
        state = 'finished';
        for (const slot of pending) {
          if ('error' in slot) throw slot.error;
          let raw: RawFinding[];
          try {
            raw = slot.part();
          } catch (e) {
            throw invalidObject(e, slot.meta.resource, slot.meta.file, slot.meta.line);
          }
          deliver(slot.order, slot.meta, { raw });
        }
        for (const { order: at, list, position, count } of conditions.withdrawals(index, counts)) target.withdraw!(at, list, position, count);
        const summary = counts.summary(objects);
        if (!collected) return { findings: [], exemptions: [], summary };
        return { findings: collected.findings(), exemptions: collected.exemptions(), summary };
      },
    };
  }

  /** Audits one object against an index of its peers, appending to `findings` and `exemptions`. */
  public auditOne(item: AuditInput, index: ObjectIndex, findings: Finding[], exemptions: Exemption[]): void {
    const { object } = item;
    const [part] = withPodViewsOf(object, () => this.check(item, index, 'complete')) as KnownPart[];
    if (!part) return;
    this.record(this.entryContext(item), part.raw, findings, exemptions);
  }

  /** What the report entries of `item`'s object need of it. */
  private entryContext(item: AuditInput): EntryContext {
    return { resource: resourceRef(item.object), overrides: overridesOf(item.object, this.today), file: item.file, line: item.line };
  }

  /** Turns an object's raw findings (`raw[from, to)`) into report entries, appending to `findings` and `exemptions`. */
  private record(meta: EntryContext, raw: readonly RawFinding[], findings: Finding[], exemptions: Exemption[], from = 0, to = raw.length): void {
    const { resource, overrides, file, line } = meta;
    // Fields are assigned in the report's key order (file and line when known, pssCheck for PSS checks).
    for (let i = from; i < to; i++) {
      const { rule, finding } = raw[i];
      const severity = finding.severity ?? rule.severity;
      const override = overrides.get(rule.id);
      const honoured = override && !override.problem;
      const entry: Record<string, unknown> = honoured
        ? { rule: rule.id, severity, message: finding.message, justification: override.override.justification }
        : {
          rule: rule.id, severity, message: override ? `${finding.message} (override not honoured: ${override.problem})` : finding.message, fix: finding.fix ?? rule.fix,
        };
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

  /**
   * Runs the selected checks on one object; a field of the wrong type is an {@link InvalidObjectError}. Returns
   * the raw findings in parts, in report order, leaving out empty parts. On a `complete` index there is at most one
   * part. Else (a streamed audit) a part that depends on objects still to come is a function to call once every
   * object is indexed, and findings a later object may withdraw are such a function too (`deferred`) or listed
   * with their part (`conditional`).
   */
  private check(item: AuditInput, index: ObjectIndex, mode: CheckMode): Part[] {
    const { object } = item;
    const parts: Part[] = [];
    let current: KnownPart = { raw: [] };
    const defer = (part: () => RawFinding[]): void => {
      if (current.raw.length > 0) parts.push(current);
      parts.push(part);
      current = { raw: [] };
    };
    let pssDecided = true;
    // Cross-object rules deferred to the complete index. (A rule whose findings a later object may withdraw has
    // findings now, so it counts as needed.)
    let undecided: Set<string> | undefined;
    try {
      if (this.pssRules.size > 0 && hasPodSpec(object)) {
        const view = podTemplateOf(object);
        const namespace = namespaceOf(object);
        if (view && mode !== 'complete' && !this.pss && !index.namespace(namespace)) {
          // The namespace's Pod Security labels may come later: keep the pod template until the end.
          defer(this.deferredPssFindings(view, namespace, index));
          pssDecided = false;
        } else if (view) {
          for (const entry of this.pssFindings(view, namespace, index)) current.raw.push(entry);
        }
      }
      if (this.runChecks) {
        const context: RuleContext = { index, allowedRegistries: this.allowedRegistries, today: this.today };
        // A rule's own finding on a field a Pod Security check of the same rule reported is the same thing to fix.
        const pss = current.raw.length > 0 ? current.raw.slice() : undefined;
        for (const rule of this.rulesFor(object)) {
          if (mode === 'complete' || !rule.crossObject) {
            for (const finding of rule.check!(object, context)) {
              if (!pss?.some((r) => r.rule === rule && r.finding.path === finding.path)) current.raw.push({ rule, finding });
            }
            continue;
          }
          const result = rule.crossObject(object, context);
          if (Array.isArray(result)) {
            for (const finding of result) current.raw.push({ rule, finding });
          } else if (typeof result === 'function' || mode === 'deferred') {
            defer(deferredFindings(rule, result, index));
            (undecided ??= new Set()).add(rule.id);
          } else if (result.findings.length > 0) {
            (current.conditional ??= []).push({ rule, start: current.raw.length, ...result });
            for (const finding of result.findings) current.raw.push({ rule, finding });
          }
        }
      }
      current.raw.push(...this.unneededExpiredOverrides(object, [...parts, current], pssDecided, undecided));
    } catch (e) {
      throw invalidObject(e, resourceRef(object), item.file, item.line);
    }
    if (current.raw.length > 0) parts.push(current);
    return parts;
  }

  /**
   * The overrides of `object` that have expired although nothing needs them any more: flagged too (low), since the
   * annotation still says a weakening is accepted. Only for rules decided when the object is checked, whose findings
   * are in `parts`: not the cross-object rules still waiting for the complete index (`undecided`), nor Pod Security
   * checks still waiting for their namespace (`pssDecided` false).
   */
  private unneededExpiredOverrides(object: KubeObject, parts: readonly Part[], pssDecided: boolean, undecided?: ReadonlySet<string>): RawFinding[] {
    if (!hasOverridesAnnotation(object.metadata?.annotations)) return [];
    const found = new Set(parts.flatMap((part) => (typeof part === 'function' ? [] : part.raw.map((r) => r.rule.id))));
    const unneeded: RawFinding[] = [];
    for (const { override, problem } of overridesOf(object, this.today).values()) {
      const rule = findRule(override.rule);
      if (!rule || !problem?.startsWith('expired') || found.has(rule.id) || undecided?.has(rule.id)) continue;
      // Not with `--rules pss`, whose findings are Pod Security checks only.
      const checked = this.runChecks
        && (this.rulesFor(object).includes(rule) || (pssDecided && this.pssRules.has(rule.id) && hasPodSpec(object)));
      if (!checked) continue;
      unneeded.push({
        rule,
        finding: {
          message: 'has an expired override of this rule that nothing needs any more',
          path: pointer('/metadata/annotations', OVERRIDES_ANNOTATION),
          severity: 'low',
          fix: `Remove the override of ${rule.id} from the ${OVERRIDES_ANNOTATION} annotation.`,
        },
      });
    }
    return unneeded;
  }

  /**
   * {@link pssFindings} once every object is indexed. (A closure made here holds only its arguments; one made in
   * `check` would hold every finding of the object.)
   */
  private deferredPssFindings(view: PodTemplateView, namespace: string, index: ObjectIndex): () => RawFinding[] {
    return () => this.pssFindings(view, namespace, index);
  }

  /** The Pod Security Standards findings on a pod template of `namespace`, at the level and version that apply. */
  private pssFindings(view: PodTemplateView, namespace: string, index: ObjectIndex): RawFinding[] {
    const raw: RawFinding[] = [];
    const { level: enforced, version } = this.pssFor(namespace, index);
    // A namespace that enforces nothing admits anything; the guide's rules still hold its pods to baseline (no privileged
    // containers, host namespaces or hostPath), each weakening with its own override. `--rules pss` reports what it admits.
    const level = enforced ?? (this.runChecks ? 'baseline' : undefined);
    if (!level) return raw;
    for (const violation of evaluatePodSecurity(view, level, version)) {
      const rule = ruleForPssCheck(violation.check);
      if (this.pssRules.has(rule.id)) {
        raw.push({ rule, finding: { message: violation.message, path: violation.path, pssCheck: violation.check } });
      }
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

  /**
   * The PSS level and version for pods of `namespace`: the options', else what its Namespace enforces, else
   * restricted at the latest version. A version pinned before the guide's checks counts only when an override of
   * `pss-namespace-labels` on the Namespace justifies it (otherwise: latest); a weaker level is reported on the
   * Namespace (rule `pss-namespace-labels`, high for `privileged`).
   */
  private pssFor(namespace: string, index: ObjectIndex): NamespacePolicy {
    if (this.pss) return { level: this.pss, version: this.pssVersion ?? 'latest' };
    const object = index.namespace(namespace);
    if (!object) return { level: 'restricted', version: this.pssVersion ?? 'latest' };
    let policy = this.namespacePolicies.get(object);
    if (!policy) {
      policy = this.namespacePolicy(object);
      this.namespacePolicies.set(object, policy);
    }
    return policy;
  }

  /** The policy the labels of Namespace `object` enforce (see {@link pssFor}). */
  private namespacePolicy(object: KubeObject): NamespacePolicy {
    const labels: Record<string, unknown> = isRecord(object.metadata?.labels) ? object.metadata.labels : {};
    const enforced = labels[NAMESPACE_LABEL];
    if (typeof enforced !== 'string' || !PSS_LEVELS.includes(enforced)) return { level: 'restricted', version: this.pssVersion ?? 'latest' };
    const override = overridesOf(object, this.today).get('pss-namespace-labels');
    const justified = override !== undefined && override.problem === undefined;
    const labelled = labels[`${NAMESPACE_LABEL}-version`];
    const pinned = typeof labelled === 'string' ? PINNED_PSS_VERSION.exec(labelled) : null;
    const honoured = labelled === 'latest' || (pinned !== null && (justified || missingGuideChecks(Number(pinned[1])) === ''));
    const version = this.pssVersion ?? (honoured ? labelled as string : 'latest');
    if (enforced === 'privileged') return { level: undefined, version };
    return { level: enforced as PssLevel, version };
  }
}

/** The Pod Security Standards policy pods of a namespace are checked against (`level` undefined: privileged, no checks). */
interface NamespacePolicy {
  readonly level?: PssLevel;
  readonly version: string;
}

/** A streamed audit ({@link Auditor.start}). */
export interface AuditSession {
  /**
   * Audits one more object, in input order. An object that cannot be audited stops the audit: the error is thrown
   * by {@link finish}, after the errors of the objects before it, so that the caller can still read its input.
   */
  add(input: AuditInput | KubeObject): void;
  /**
   * The report on every object added, as {@link Auditor.run} gives it (with a sink, its summary only: the sink has
   * the entries). Throws {@link InvalidObjectError}.
   */
  finish(): AuditReport;
}

/** One finding of one rule, before overrides are applied. */
interface RawFinding {
  readonly rule: Rule;
  readonly finding: RuleFinding;
}

/** How a check treats cross-object rules: on a complete index, or streamed (see {@link Auditor.check}). */
type CheckMode = 'complete' | 'deferred' | 'conditional';

/** Findings of one object, in report order, or the rest of them, computed once every object is indexed. */
type Part = KnownPart | (() => RawFinding[]);

/** Findings known when the object is read: final, but for the runs a later object may withdraw. */
interface KnownPart {
  readonly raw: RawFinding[];
  conditional?: ConditionalRun[];
}

/** {@link ConditionalFindings} of `rule`, at `raw[start]` of their part. */
interface ConditionalRun extends ConditionalFindings {
  readonly rule: Rule;
  readonly start: number;
}

/**
 * The places of a streamed audit's conditional findings, by rule and key: a few numbers per object, and one
 * `withdrawn` function per key, asked once the audit finishes.
 */
class Conditions {
  private readonly byRule = new Map<Rule, Map<string, Condition>>();

  /** Notes where `run`'s entries went: `findings` and `exemptions` of place `order`, from the lengths `before`. */
  public add(
    run: ConditionalRun, order: number, before: { findings: number; exemptions: number },
    findings: readonly Finding[], exemptions: readonly Exemption[],
  ): void {
    let byKey = this.byRule.get(run.rule);
    if (!byKey) this.byRule.set(run.rule, byKey = new Map());
    let condition = byKey.get(run.key);
    if (!condition) byKey.set(run.key, condition = { withdrawn: run.withdrawn, places: [], counts: new EntryCounter() });
    // A run's entries are of one rule and one object, so all findings or all exemptions (an honoured override).
    const inFindings = findings.length > before.findings;
    const count = inFindings ? findings.length - before.findings : exemptions.length - before.exemptions;
    condition.places.push(order, inFindings ? IN_FINDINGS : IN_EXEMPTIONS, inFindings ? before.findings : before.exemptions, count);
    for (let i = before.findings; i < findings.length; i++) condition.counts.addFinding(findings[i].severity);
    for (let i = before.exemptions; i < exemptions.length; i++) condition.counts.addExemption();
  }

  /**
   * The entries the complete `index` withdraws, no longer counted in `counts`: the last place first, and within a
   * place the last position first, so that each position holds when the ones after it are gone.
   */
  public withdrawals(index: ObjectIndex, counts: EntryCounter): Withdrawal[] {
    const withdrawals: Withdrawal[] = [];
    for (const byKey of this.byRule.values()) {
      for (const condition of byKey.values()) {
        if (!condition.withdrawn(index)) continue;
        counts.remove(condition.counts);
        const places = condition.places;
        for (let i = 0; i < places.length; i += 4) {
          withdrawals.push({
            order: places[i],
            list: places[i + 1] === IN_FINDINGS ? 'findings' : 'exemptions',
            position: places[i + 2],
            count: places[i + 3],
          });
        }
      }
    }
    return withdrawals.sort((a, b) => b.order - a.order || b.position - a.position);
  }
}

/**
 * The conditional findings of one rule and key: `withdrawn`, the places of their entries (in fours: place, list —
 * {@link IN_FINDINGS} or {@link IN_EXEMPTIONS} —, position in that list, and count) and what they count.
 */
interface Condition {
  readonly withdrawn: ConditionalFindings['withdrawn'];
  readonly places: number[];
  readonly counts: EntryCounter;
}

/** Which list of a place a condition's entries went to, as kept in {@link Condition.places}. */
const IN_FINDINGS = 0;
const IN_EXEMPTIONS = 1;

/** A part without conditional runs. */
const NO_RUNS: readonly ConditionalRun[] = [];

/** Entries of one place that a later object withdrew ({@link AuditSink.withdraw}). */
interface Withdrawal {
  readonly order: number;
  readonly list: 'findings' | 'exemptions';
  readonly position: number;
  readonly count: number;
}

/** What the report entries of one object need of it. */
interface EntryContext {
  readonly resource: ResourceRef;
  readonly overrides: Map<string, { override: Override; problem?: string }>;
  readonly file?: string;
  readonly line?: number;
}

/** What a streamed audit keeps of the findings of an object that are not final yet, or why an object cannot be audited. */
type PendingSlot =
  | { readonly meta: EntryContext; readonly part: () => RawFinding[]; readonly order: number }
  | { readonly error: InvalidObjectError };

/**
 * Receives a streamed audit's report entries ({@link Auditor.start}) instead of the session keeping them.
 */
export interface AuditSink {
  /**
   * Findings and exemptions of one object, once final. `order` is their place in the report (0, 1, 2…, in input
   * order; an object may have several places). They may arrive out of order: findings that depend on objects read
   * later arrive when the audit finishes.
   */
  entries(order: number, findings: readonly Finding[], exemptions: readonly Exemption[]): void;
  /**
   * Withdraws `count` entries of place `order`, from `position` of its findings or its exemptions as handed over:
   * findings that an object read later withdrew ({@link ConditionalFindings}). Withdrawals come when the audit
   * finishes, the last place and position first. A sink without this method receives such findings only when the
   * audit finishes, in places of their own.
   */
  withdraw?(order: number, list: 'findings' | 'exemptions', position: number, count: number): void;
}

/** Keeps a streamed audit's entries to return them in report order. */
class CollectingSink implements AuditSink {
  private readonly byOrder: Array<{ findings: readonly Finding[]; exemptions: readonly Exemption[] }> = [];

  public entries(order: number, findings: readonly Finding[], exemptions: readonly Exemption[]): void {
    this.byOrder[order] = { findings, exemptions };
  }

  public withdraw(order: number, list: 'findings' | 'exemptions', position: number, count: number): void {
    const place = this.byOrder[order];
    const entries: Array<Finding | Exemption> = [...place[list]];
    entries.splice(position, count);
    this.byOrder[order] = { ...place, [list]: entries };
  }

  public findings(): Finding[] {
    return this.byOrder.flatMap((entry) => entry.findings);
  }

  public exemptions(): Exemption[] {
    return this.byOrder.flatMap((entry) => entry.exemptions);
  }
}

/** Counts findings per severity, and exemptions, for a report's summary. */
export class EntryCounter {
  // A literal (every severity, as the type requires): constructs count thousands of small reports.
  private readonly bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  private findings = 0;
  private exemptions = 0;

  public add(findings: readonly Finding[], exemptions: readonly Exemption[]): void {
    for (const f of findings) this.addFinding(f.severity);
    this.exemptions += exemptions.length;
  }

  /** Stops counting what `other` counted (counted here too). */
  public remove(other: EntryCounter): void {
    for (const severity of Object.keys(other.bySeverity) as Severity[]) this.bySeverity[severity] -= other.bySeverity[severity];
    this.findings -= other.findings;
    this.exemptions -= other.exemptions;
  }

  /** Stops counting one finding of `severity`. */
  public removeFinding(severity: Severity): void {
    this.bySeverity[severity]--;
    this.findings--;
  }

  /** Stops counting one exemption. */
  public removeExemption(): void {
    this.exemptions--;
  }

  /** Counts one finding of `severity`. */
  public addFinding(severity: Severity): void {
    this.bySeverity[severity]++;
    this.findings++;
  }

  /** Counts one exemption. */
  public addExemption(): void {
    this.exemptions++;
  }

  public summary(objects: number): AuditSummary {
    return { objects, findings: this.findings, exemptions: this.exemptions, bySeverity: { ...this.bySeverity } };
  }
}

/** The findings of a rule's deferred check, once every object is indexed (a closure holding only its arguments). */
function deferredFindings(rule: Rule, result: DeferredCheck | ConditionalFindings, index: ObjectIndex): () => RawFinding[] {
  return () => resolveCrossObject(result, index).map((finding) => ({ rule, finding }));
}

/** An error of a check as an {@link InvalidObjectError} naming the object. */
function invalidObject(error: unknown, resource: ResourceRef, file?: string, line?: number): InvalidObjectError {
  if (error instanceof InvalidObjectError) return error;
  const where = describeResource(resource);
  const reason = error instanceof PodSpecShapeError ? error.message : `cannot be audited: ${(error as Error).message}`;
  return new InvalidObjectError(`${where}: ${reason}`, file, line);
}

/** Audits `objects` with the catalogue. Throws {@link AuditOptionsError} or {@link InvalidObjectError}. */
export function audit(objects: Iterable<AuditInput | KubeObject>, options: AuditOptions = {}): AuditReport {
  return new Auditor(options).run(objects);
}

/** Assembles a report with its summary. */
export function buildReport(objects: number, findings: Finding[], exemptions: Exemption[]): AuditReport {
  const counts = new EntryCounter();
  counts.add(findings, exemptions);
  return { findings, exemptions, summary: counts.summary(objects) };
}

/** The latest Pod Security Standards version implemented. */
export { LATEST_PSS_VERSION };

function isAuditInput(value: AuditInput | KubeObject): value is AuditInput {
  return isRecord(value) && (value as KubeObject).kind === undefined && 'object' in value;
}

function auditInputOf(input: AuditInput | KubeObject): AuditInput {
  return isAuditInput(input) ? input : { object: input };
}

/**
 * The error for an input (the `position`th, from 1) that is not a Kubernetes object, which an audit would otherwise
 * pass silently; undefined for a Kubernetes object.
 */
function notKubernetesObject(item: AuditInput, position: number): InvalidObjectError | undefined {
  const object: unknown = item.object;
  if (isRecord(object) && isNonEmptyString(object.apiVersion) && isNonEmptyString(object.kind)) return undefined;
  const missing = isRecord(object) ? (['apiVersion', 'kind'] as const).filter((field) => !isNonEmptyString(object[field])) : [];
  const what = isRecord(object) ? `a mapping without ${missing.join(' and ')}` : describeType(object);
  return new InvalidObjectError(
    `object ${position} is ${what}, not a Kubernetes object. Fix: pass objects with apiVersion and kind, such as { apiVersion: 'v1', kind: 'Pod', ... }`,
    item.file,
    item.line,
  );
}

/**
 * The error for an object whose `kubeharden.io/overrides` annotation cannot be read (not JSON, not a list, an entry
 * without rule and justification) or names a rule the catalogue does not have: an override that silently does nothing
 * would leave its author believing the weakening is justified.
 */
function invalidOverridesAnnotation(item: AuditInput): InvalidObjectError | undefined {
  const problem = overridesAnnotationProblem(item.object);
  return problem === undefined ? undefined : new InvalidObjectError(`${describeResource(resourceRef(item.object))}: ${problem}`, item.file, item.line);
}

/**
 * Why `object`'s `kubeharden.io/overrides` annotation cannot be used (not JSON, not a list, an entry without rule and
 * justification, an unknown rule), with the fix; `undefined` when it can, or when there is none.
 */
export function overridesAnnotationProblem(object: KubeObject): string | undefined {
  const annotations = object.metadata?.annotations;
  if (!hasOverridesAnnotation(annotations)) return undefined;
  const { overrides, error } = readOverridesAnnotation(annotations);
  if (error) return `${error}. Fix: write a JSON list such as [{"rule":"<rule id>","justification":"<why, at least 20 characters>"}]`;
  const unknown = overrides.find((o) => !RULE_IDS.has(o.rule));
  if (unknown) {
    return `annotation ${OVERRIDES_ANNOTATION} names unknown rule "${unknown.rule}". Fix: use a rule id from RULES.md${didYouMean(unknown.rule, RULE_IDS)}`;
  }
  return undefined;
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
