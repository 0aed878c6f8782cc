import { hasPodSpec, podTemplateOf } from '../../core/pod-spec';
import { isRecord, KubeObject, pointer } from '../../core/types';
import { allowAllRule, namespaceOf, ObjectIndex, policyTypesOf } from '../object-index';
import { CrossObjectResult, resolveCrossObject, Rule, RuleContext, RuleFinding } from '../rule';

/**
 * Network isolation: every workload is selected by NetworkPolicies restricting both its ingress and
 * its egress, every Namespace has a default-deny policy for both directions, and no NetworkPolicy has a rule
 * that allows all traffic (such a policy restricts nothing in that direction, and counts for neither).
 */
export const networkDefaultDeny: Rule = {
  id: 'network-default-deny',
  title: 'Workloads are selected by ingress and egress NetworkPolicies; namespaces deny by default',
  rationale: 'Without a NetworkPolicy every pod can reach every other pod and the internet, so one compromised pod reaches everything.',
  guide: 'Network isolation, default deny',
  severity: 'high',
  fix: 'Add a NetworkPolicy selecting the pods with policyTypes [Ingress, Egress] (kubeharden\'s constructs and IsolatedNetwork emit them), '
    + 'and a default-deny policy per namespace; give every rule its peers (from/to) or ports.',
  default: 'a NetworkPolicy per workload; a namespace-wide default deny with DNS egress',
  appliesTo: ['pod-workloads', 'Namespace', 'NetworkPolicy'],
  references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
  check: (object, context) => resolveCrossObject(coverage(object, context), context.index),
  crossObject: coverage,
};

/**
 * The findings on `object`, final when the policies indexed so far already cover it (adding policies only adds
 * coverage). Else a Namespace's finding stands unless a later default-deny policy withdraws it, and a pod's is
 * deferred with the namespace, pod labels and pointer it needs (later policies may cover one direction only).
 */
function coverage(object: KubeObject, context: RuleContext): CrossObjectResult {
  if (object.kind === 'NetworkPolicy') return allowAllRules(object);
  if (object.kind === 'Namespace') {
    const name = object.metadata?.name ?? '';
    if (context.index.deniesByDefault(name)) return [];
    return {
      findings: [{ message: `namespace "${name}" has no default-deny NetworkPolicy for ingress and egress`, path: '/metadata/name' }],
      key: name,
      withdrawn: (index) => index.deniesByDefault(name),
    };
  }
  if (!hasPodSpec(object) || object.kind === 'PodTemplate') return [];
  const view = podTemplateOf(object);
  if (!view) return [];
  const labels = isRecord(view.metadata.labels) ? (view.metadata.labels as Record<string, string>) : {};
  const namespace = namespaceOf(object);
  const path = pointer(view.metadataPointer, 'labels');
  const covers = (index: ObjectIndex): RuleFinding[] => {
    const types = index.policyTypesFor(namespace, labels);
    const missing = [!types.ingress && 'ingress', !types.egress && 'egress'].filter(Boolean);
    return missing.length > 0 ? [{ message: `no NetworkPolicy restricts the ${missing.join(' or ')} of these pods`, path }] : [];
  };
  const now = covers(context.index);
  return now.length === 0 ? now : covers;
}

/** A finding for each direction in which NetworkPolicy `object` has a rule that allows all traffic. */
function allowAllRules(object: KubeObject): RuleFinding[] {
  if (object.apiVersion !== 'networking.k8s.io/v1' || !isRecord(object.spec)) return [];
  const spec = object.spec;
  const types = policyTypesOf(spec);
  const findings: RuleFinding[] = [];
  for (const [direction, peers, flow] of [['ingress', 'from', 'into'], ['egress', 'to', 'out of']] as const) {
    const at = types[direction] ? allowAllRule(spec, direction) : undefined;
    if (at === undefined) continue;
    findings.push({
      message: `NetworkPolicy "${object.metadata?.name}" has an ${direction} rule with no ${peers} and no ports, which allows all traffic ${flow} the pods it selects`,
      path: pointer('/spec', direction, String(at)),
    });
  }
  return findings;
}
