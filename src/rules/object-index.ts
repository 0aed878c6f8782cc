/**
 * An index over the objects of one audit, for rules that look across objects (network policy coverage,
 * namespace labels). Lookups are by namespace, so coverage checks stay linear in the number of objects.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { isRecord, KubeObject } from '../core/types';

/** The effective policy types of a NetworkPolicy, as the API server defaults them. */
export interface PolicyTypes {
  readonly ingress: boolean;
  readonly egress: boolean;
}

/** Objects of one audit, indexed by namespace. */
export class ObjectIndex {
  /** Builds an index over `objects`. */
  public static of(objects: Iterable<KubeObject>): ObjectIndex {
    const index = new ObjectIndex();
    for (const o of objects) index.add(o);
    return index;
  }

  private readonly policies = new Map<string, KubeObject[]>();
  private readonly namespaces = new Map<string, KubeObject>();
  private readonly serviceAccounts = new Map<string, KubeObject>();

  /** Adds one object to the index (only NetworkPolicies, Namespaces and ServiceAccounts are kept). */
  public add(object: KubeObject): void {
    if (object.kind === 'NetworkPolicy' && object.apiVersion === 'networking.k8s.io/v1') {
      const ns = namespaceOf(object);
      const list = this.policies.get(ns);
      if (list) list.push(object);
      else this.policies.set(ns, [object]);
    } else if (object.kind === 'Namespace' && object.metadata?.name) {
      this.namespaces.set(object.metadata.name, object);
    } else if (object.kind === 'ServiceAccount' && object.metadata?.name) {
      this.serviceAccounts.set(`${namespaceOf(object)}/${object.metadata.name}`, object);
    }
  }

  /** The NetworkPolicies of a namespace (`''` for objects with no namespace set). */
  public networkPoliciesIn(namespace: string): readonly KubeObject[] {
    return this.policies.get(namespace) ?? [];
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
    let ingress = false;
    let egress = false;
    for (const policy of this.networkPoliciesIn(namespace)) {
      const spec = isRecord(policy.spec) ? policy.spec : {};
      if (!selectorMatches(spec.podSelector as LabelSelector | undefined, labels)) continue;
      const types = policyTypesOf(spec);
      ingress ||= types.ingress;
      egress ||= types.egress;
      if (ingress && egress) break;
    }
    return { ingress, egress };
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
