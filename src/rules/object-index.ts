/**
 * An index over the objects of one audit, for rules that look across objects (network policy coverage,
 * namespace labels, service accounts). NetworkPolicies are kept as compact summaries (selector and policy
 * types), bucketed by namespace and by one label of their selector, so that finding the policies that
 * select a pod costs the pod's labels, not the namespace's policies: coverage stays linear in the number of
 * objects.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { isRecord, KubeObject } from '../core/types';

/** The effective policy types of a NetworkPolicy, as the API server defaults them. */
export interface PolicyTypes {
  readonly ingress: boolean;
  readonly egress: boolean;
}

/** What coverage needs of one NetworkPolicy. */
interface PolicySummary {
  readonly podSelector: LabelSelector | undefined;
  /** The directions the policy restricts ({@link restrictedTypesOf}). */
  readonly types: PolicyTypes;
}

/** The NetworkPolicies of one namespace, bucketed by the first `matchLabels` entry of their pod selector. */
class NamespacePolicies {
  /** Policies whose selector has a first `matchLabels` entry, by its key then its value. */
  private readonly byFirstLabel = new Map<string, Map<unknown, PolicySummary[]>>();
  /** Policies whose selector has no `matchLabels` entry (empty selectors, expressions only). */
  private readonly withoutLabels: PolicySummary[] = [];
  /** Whether some policy selects every pod and restricts both directions (with no rule that allows all traffic). */
  public deniesByDefault = false;

  public add(spec: Record<string, unknown>): void {
    const selector = spec.podSelector as LabelSelector | undefined;
    const types = restrictedTypesOf(spec);
    if (isRecord(selector)) {
      const selectsAll = Object.keys(selector.matchLabels ?? {}).length === 0
        && ((selector.matchExpressions as unknown[] | undefined) ?? []).length === 0;
      if (selectsAll && types.ingress && types.egress) this.deniesByDefault = true;
    } else {
      // A missing selector matches nothing.
      return;
    }
    const summary: PolicySummary = { podSelector: selector, types };
    const [first] = Object.entries(selector.matchLabels ?? {});
    if (!first) {
      this.withoutLabels.push(summary);
      return;
    }
    const [key, value] = first;
    let byValue = this.byFirstLabel.get(key);
    if (!byValue) this.byFirstLabel.set(key, (byValue = new Map()));
    const bucket = byValue.get(value);
    if (bucket) bucket.push(summary);
    else byValue.set(value, [summary]);
  }

  /** Merges the types of every policy selecting pods with `labels`. */
  public typesFor(labels: Readonly<Record<string, string>>): PolicyTypes {
    let ingress = false;
    let egress = false;
    const merge = (candidates: readonly PolicySummary[] | undefined): boolean => {
      for (const policy of candidates ?? []) {
        if (!selectorMatches(policy.podSelector, labels)) continue;
        ingress ||= policy.types.ingress;
        egress ||= policy.types.egress;
        if (ingress && egress) return true;
      }
      return false;
    };
    if (merge(this.withoutLabels)) return { ingress, egress };
    // A policy can select the pods only if they carry its first label.
    for (const key of Object.keys(labels)) {
      if (merge(this.byFirstLabel.get(key)?.get(labels[key]))) break;
    }
    return { ingress, egress };
  }
}

/** Objects of one audit, indexed by namespace. */
export class ObjectIndex {
  /** Builds an index over `objects`. */
  public static of(objects: Iterable<KubeObject>): ObjectIndex {
    const index = new ObjectIndex();
    for (const o of objects) index.add(o);
    return index;
  }

  /** Whether {@link add} keeps anything of `object`: NetworkPolicies, Namespaces and ServiceAccounts. */
  public static isIndexed(object: KubeObject): boolean {
    return (object.kind === 'NetworkPolicy' && object.apiVersion === 'networking.k8s.io/v1')
      || ((object.kind === 'Namespace' || object.kind === 'ServiceAccount') && !!object.metadata?.name);
  }

  private readonly policies = new Map<string, NamespacePolicies>();
  private readonly namespaces = new Map<string, KubeObject>();
  private readonly serviceAccounts = new Map<string, KubeObject>();

  /** Adds one object to the index (only NetworkPolicies, as summaries, Namespaces and ServiceAccounts are kept). */
  public add(object: KubeObject): void {
    if (object.kind === 'NetworkPolicy' && object.apiVersion === 'networking.k8s.io/v1') {
      const ns = namespaceOf(object);
      let policies = this.policies.get(ns);
      if (!policies) this.policies.set(ns, (policies = new NamespacePolicies()));
      policies.add(isRecord(object.spec) ? object.spec : {});
    } else if (object.kind === 'Namespace' && object.metadata?.name) {
      this.namespaces.set(object.metadata.name, object);
    } else if (object.kind === 'ServiceAccount' && object.metadata?.name) {
      this.serviceAccounts.set(`${namespaceOf(object)}/${object.metadata.name}`, object);
    }
  }

  /** Whether a NetworkPolicy of `namespace` selects every pod and restricts both ingress and egress. */
  public deniesByDefault(namespace: string): boolean {
    return this.policies.get(namespace)?.deniesByDefault ?? false;
  }

  /** The Namespace object named `name`, when the audit includes it. */
  public namespace(name: string): KubeObject | undefined {
    return this.namespaces.get(name);
  }

  /** The ServiceAccount `name` of `namespace`, when the audit includes it. */
  public serviceAccount(namespace: string, name: string): KubeObject | undefined {
    return this.serviceAccounts.get(`${namespace}/${name}`);
  }

  /** The policy types that apply to pods with `labels` in `namespace`, merged over every selecting policy. */
  public policyTypesFor(namespace: string, labels: Readonly<Record<string, string>>): PolicyTypes {
    return this.policies.get(namespace)?.typesFor(labels) ?? { ingress: false, egress: false };
  }
}

/** The namespace of an object, `''` when unset. */
export function namespaceOf(object: KubeObject): string {
  return object.metadata?.namespace ?? '';
}

/** The policy types of a NetworkPolicy spec, with the API server's defaulting when `policyTypes` is unset. */
export function policyTypesOf(spec: Record<string, unknown>): PolicyTypes {
  const types = spec.policyTypes;
  if (Array.isArray(types) && types.length > 0) {
    return { ingress: types.includes('Ingress'), egress: types.includes('Egress') };
  }
  return { ingress: true, egress: Array.isArray(spec.egress) && spec.egress.length > 0 };
}

/**
 * The directions a NetworkPolicy restricts: its policy types, less a direction with a rule that allows all traffic
 * (see {@link allowAllRule}).
 */
export function restrictedTypesOf(spec: Record<string, unknown>): PolicyTypes {
  const types = policyTypesOf(spec);
  return {
    ingress: types.ingress && allowAllRule(spec, 'ingress') === undefined,
    egress: types.egress && allowAllRule(spec, 'egress') === undefined,
  };
}

/**
 * The index of the first rule of `direction` that allows all traffic: a rule with neither peers (`from`/`to`) nor
 * ports matches every peer on every port, so a policy holding one restricts nothing in that direction.
 */
export function allowAllRule(spec: Record<string, unknown>, direction: 'ingress' | 'egress'): number | undefined {
  const rules = spec[direction];
  if (!Array.isArray(rules)) return undefined;
  const peers = direction === 'ingress' ? 'from' : 'to';
  const index = rules.findIndex((rule) => isRecord(rule) && isEmptyList(rule[peers]) && isEmptyList(rule.ports));
  return index < 0 ? undefined : index;
}

/** Absent, null or an empty list: what a NetworkPolicy rule reads as "every peer" or "every port". */
function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/**
 * Whether a label selector matches `labels`, with Kubernetes semantics: an empty selector matches
 * everything; a missing selector matches nothing.
 */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Readonly<Record<string, string>>): boolean {
  if (!isRecord(selector)) return false;
  const matchLabels = selector.matchLabels ?? {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In': if (!has || !values.includes(labels[expr.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[expr.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}
