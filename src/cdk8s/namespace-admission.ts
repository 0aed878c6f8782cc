/**
 * What Pod Security Admission will refuse: the workloads a chart puts in a namespace whose `enforce` label is baseline
 * or restricted, checked against that level at synth. An override exempts a pod from kubeharden's rules, not from the
 * admission controller, so a justified weakening the level does not admit would synthesize and then fail to deploy.
 */
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { renderedAtSynth } from './hardening';
import { podTemplateOf, POD_KINDS, PodSpecShapeError } from '../core/pod-spec';
import type { KubeObject } from '../core/types';
import { evaluatePodSecurity } from '../rules/pss';

const PSS_LABEL_PREFIX = 'pod-security.kubernetes.io/';

/**
 * One message per workload of `namespace`'s chart that runs in `name` and breaks the level its Namespace enforces
 * (none when it enforces privileged), as synthesis emits them (with the safe defaults a `Hardening` with `applyDefaults` fills).
 * Objects whose pod spec cannot be read are left to their own checks.
 */
export function admissionRefusals(namespace: ApiObject, name: string): string[] {
  const labels: Record<string, unknown> = namespace.metadata.toJson().labels ?? {};
  const level = labels[`${PSS_LABEL_PREFIX}enforce`];
  const version = labels[`${PSS_LABEL_PREFIX}enforce-version`] ?? 'latest';
  if ((level !== 'baseline' && level !== 'restricted') || typeof version !== 'string') return [];
  const chart = Chart.of(namespace);
  const problems: string[] = [];
  for (const construct of chart.node.findAll()) {
    if (!ApiObject.isApiObject(construct) || !POD_KINDS.includes(construct.kind) || construct.metadata.namespace !== name) continue;
    const violations = violationsOf(renderedAtSynth(construct), level, version);
    if (violations.length === 0) continue;
    problems.push(`${construct.kind} "${construct.name}" (construct ${ownerPath(construct)}) runs in namespace "${name}", which enforces the ${level} `
      + `Pod Security Standard (${version}), but breaks ${violations.join('; ')}. Pod Security Admission will refuse its pods, whatever their `
      + 'overrides say. Fix: remove the weakening, or run the workload in a namespace whose enforce level admits it (a RestrictedNamespace '
      + 'with enforce: \'baseline\' or \'privileged\' and a justified override of pss-namespace-labels).');
  }
  return problems;
}

/** `check: message (at path)` for each Pod Security check of `level` at `version` that `object`'s pods break. */
function violationsOf(object: KubeObject, level: 'baseline' | 'restricted', version: string): string[] {
  try {
    const view = podTemplateOf(object);
    if (!view) return [];
    return evaluatePodSecurity(view, level, version).map((v) => `${v.check}: ${v.message} (at ${v.path})`);
  } catch (e) {
    if (e instanceof PodSpecShapeError) return [];
    throw e;
  }
}

/** The path of the construct that made `object`: its parent, which the workload constructs are. */
function ownerPath(object: Construct): string {
  return object.node.scope?.node.path ?? object.node.path;
}
