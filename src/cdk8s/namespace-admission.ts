/**
 * What Pod Security Admission will refuse: the workloads of an app that run in a namespace whose `enforce` label is
 * baseline or restricted, checked against that level and version at synth. An override exempts a pod from
 * kubeharden's rules, not from the admission controller, so a justified weakening the level does not admit would
 * synthesize and then fail to deploy.
 */
import { ApiObject, Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { hardeningOf, overrideTarget, renderedAtSynth, runsRule } from './hardening';
import { PSS_LABEL_PREFIX } from '../core/build/restricted-namespace';
import { readOverridesAnnotation } from '../core/overrides';
import { podTemplateOf, POD_KINDS, PodSpecShapeError } from '../core/pod-spec';
import type { KubeObject } from '../core/types';
import { PINNED_PSS_VERSION } from '../rules/namespace/pss-namespace-labels';
import { evaluatePodSecurity } from '../rules/pss';
import { ruleForPssCheck } from '../rules/registry';

/**
 * Kinds whose objects become pods, which admission checks (a PodTemplate only draws a warning: nothing runs from it
 * by itself).
 */
const ADMITTED_KINDS: ReadonlySet<string> = new Set(POD_KINDS.filter((kind) => kind !== 'PodTemplate'));

/** A namespace's Namespace object and its chart. */
interface Registered {
  readonly namespace: ApiObject;
  readonly chart: Chart;
}

/** What a Namespace enforces, as synthesis renders its labels. */
interface Enforced {
  readonly name: unknown;
  readonly chart: Chart;
  readonly level?: 'baseline' | 'restricted';
  readonly version: string;
}

/** A workload that becomes pods, as synthesis renders it. */
interface Workload {
  readonly construct: ApiObject;
  readonly rendered: KubeObject;
}

/** What one validation pass reads: every registered Namespace and the app's workloads by namespace, rendered once. */
interface PassIndex {
  readonly enforced: Map<ApiObject, Enforced>;
  /** The charts with a Namespace of each name. */
  readonly chartsWith: Map<unknown, Set<Chart>>;
  readonly workloads: Map<string, Workload[]>;
}

/** The Namespaces to check, per app. */
const REGISTERED = new WeakMap<IConstruct, Registered[]>();
/** The index of the current validation pass, per app. */
const PASSES = new WeakMap<IConstruct, PassIndex>();

/**
 * Checks, at synth, the workloads of the app that run in `namespace` (a Namespace object) against what it enforces;
 * the validation is added to `scope`. A workload is checked by the Namespace of its own chart when that chart has one of
 * the name, else by each of the app's (charts may go to different clusters, each with its own namespaces).
 */
export function checkAdmissionAtSynth(scope: IConstruct, namespace: ApiObject): void {
  const root = scope.node.root;
  let registered = REGISTERED.get(root);
  if (!registered) {
    REGISTERED.set(root, (registered = []));
    // cdk8s validates the whole app, the root first, in every synthesis: each pass renders the workloads once.
    root.node.addValidation({ validate: () => (PASSES.delete(root), []) });
  }
  registered.push({ namespace, chart: Chart.of(namespace) });
  scope.node.addValidation({ validate: () => refusals(namespace, root) });
}

/** One message per workload that `namespace`'s admission refuses (none when it enforces privileged). */
function refusals(namespace: ApiObject, root: IConstruct): string[] {
  const index = passIndex(root);
  const own = index.enforced.get(namespace)!;
  if (own.level === undefined || typeof own.name !== 'string') return [];
  const problems: string[] = [];
  for (const { construct, rendered } of index.workloads.get(own.name) ?? []) {
    const chart = Chart.of(construct);
    if (chart !== own.chart && index.chartsWith.get(own.name)?.has(chart)) continue;
    const violations = refused(construct, rendered, own.level, own.version);
    if (violations.length === 0) continue;
    problems.push(`${construct.kind} "${rendered.metadata?.name ?? construct.name}" (construct ${overrideTarget(construct).node.path}) runs in namespace "${own.name}", which `
      + `enforces the ${own.level} Pod Security Standard (${own.version}), but breaks ${violations.join('; ')}. Pod Security Admission will refuse `
      + 'its pods, whatever their overrides say. Fix: remove the weakening, or run the workload in a namespace whose enforce level admits it (a '
      + 'RestrictedNamespace with enforce: \'baseline\' or \'privileged\' and a justified override of pss-namespace-labels).');
  }
  return problems;
}

/**
 * `check: message (at path)` for each check of `level` at `version` that `rendered` breaks. Under a Hardening that
 * audits at that level or above, which reports the unjustified ones, only those an override of the object names.
 */
function refused(construct: ApiObject, rendered: KubeObject, level: 'baseline' | 'restricted', version: string): string[] {
  let view;
  try {
    view = podTemplateOf(rendered);
  } catch (e) {
    if (e instanceof PodSpecShapeError) return []; // left to the object's own checks
    throw e;
  }
  if (!view) return [];
  const hardening = hardeningOf(construct);
  const reportedThere = (rule: string): boolean => hardening !== undefined
    && (hardening.options.level === 'restricted' || level === 'baseline') && runsRule(hardening, rule);
  const overridden = new Set(readOverridesAnnotation(rendered.metadata?.annotations).overrides.map((o) => o.rule));
  return evaluatePodSecurity(view, level, version)
    .filter((v) => {
      const rule = ruleForPssCheck(v.check).id;
      return !reportedThere(rule) || overridden.has(rule);
    })
    .map((v) => `${v.check}: ${v.message} (at ${v.path})`);
}

/** The index of the current pass, built on first use. */
function passIndex(root: IConstruct): PassIndex {
  const known = PASSES.get(root);
  if (known) return known;
  const enforced = new Map<ApiObject, Enforced>();
  for (const { namespace, chart } of REGISTERED.get(root) ?? []) enforced.set(namespace, enforcedBy(namespace.toJson() as KubeObject, chart));
  const chartsWith = new Map<unknown, Set<Chart>>();
  for (const { name, chart } of enforced.values()) {
    const charts = chartsWith.get(name);
    if (charts) charts.add(chart);
    else chartsWith.set(name, new Set([chart]));
  }
  const names = new Set([...enforced.values()].filter((e) => e.level !== undefined).map((e) => e.name));
  const workloads = new Map<string, Workload[]>();
  if (names.size > 0) {
    for (const construct of root.node.findAll()) {
      if (!ApiObject.isApiObject(construct) || !ADMITTED_KINDS.has(construct.kind)) continue;
      const rendered = renderedOrUndefined(construct);
      const name = rendered?.metadata?.namespace;
      if (rendered === undefined || typeof name !== 'string' || !names.has(name)) continue;
      const list = workloads.get(name);
      if (list) list.push({ construct, rendered });
      else workloads.set(name, [{ construct, rendered }]);
    }
  }
  const index = { enforced, chartsWith, workloads };
  PASSES.set(root, index);
  return index;
}

/** `construct` as synthesis renders it, or `undefined` when it cannot be rendered (its own synthesis reports why). */
function renderedOrUndefined(construct: ApiObject): KubeObject | undefined {
  try {
    return renderedAtSynth(construct);
  } catch {
    return undefined;
  }
}

/** What Namespace `object` enforces: its `enforce` level (when baseline or restricted) at its version (latest when invalid). */
function enforcedBy(object: KubeObject, chart: Chart): Enforced {
  const labels: Record<string, unknown> = object.metadata?.labels ?? {};
  const level = labels[`${PSS_LABEL_PREFIX}enforce`];
  const labelled = labels[`${PSS_LABEL_PREFIX}enforce-version`];
  // Pod Security Admission enforces latest when the version label is missing or not a version.
  const version = typeof labelled === 'string' && PINNED_PSS_VERSION.test(labelled) ? labelled : 'latest';
  return { name: object.metadata?.name, chart, version, ...(level === 'baseline' || level === 'restricted' ? { level } : {}) };
}
