/**
 * Pod builders for the Pod Security Standards tests.
 */
import { podTemplateOf, PodTemplateView } from '../../src/core/pod-spec';
import { evaluatePodSecurity, PssViolation } from '../../src/rules/pss';
import type { PssLevel } from '../../src/rules/rule';

type Json = Record<string, unknown>;

/**
 * The view of a Pod with `spec` and `metadata`, as it is: the checks are tested on fields of any type, which
 * `podTemplateOf` would refuse before they run.
 */
export function podView(spec: Json, metadata: Json = {}): PodTemplateView {
  return { metadata: { name: 'p', ...metadata }, metadataPointer: '/metadata', spec: spec as unknown as PodTemplateView['spec'], specPointer: '/spec' };
}

/** The view of a Deployment whose pod template has `spec` and `metadata`. */
export function deploymentView(spec: Json, metadata: Json = {}): PodTemplateView {
  const view = podTemplateOf({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { metadata, spec } },
  });
  if (!view) throw new Error('no pod spec');
  return view;
}

/** The view of a CronJob whose pod template has `spec` and `metadata`. */
export function cronJobView(spec: Json, metadata: Json = {}): PodTemplateView {
  const view = podTemplateOf({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata, spec } } } },
  });
  if (!view) throw new Error('no pod spec');
  return view;
}

/** A container passing every restricted check, with `securityContext` fields merged in. */
export function restrictedContainer(name: string, securityContext: Json = {}, extra: Json = {}): Json {
  return {
    name,
    image: 'registry.k8s.io/pause',
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, ...securityContext },
    ...extra,
  };
}

/** A pod spec passing every restricted check, with fields merged in. */
export function restrictedSpec(fields: Json = {}): Json {
  return {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [restrictedContainer('init')],
    containers: [restrictedContainer('app')],
    ...fields,
  };
}

/** A plain container (passes baseline, not restricted). */
export function container(name: string, fields: Json = {}): Json {
  return { name, image: 'registry.k8s.io/pause', ...fields };
}

/** The violations of check `check` on `view` at `level` and `version`. */
export function violationsOf(view: PodTemplateView, check: string, level: PssLevel = 'restricted', version = 'latest'): PssViolation[] {
  return evaluatePodSecurity(view, level, version).filter((v) => v.check === check);
}

/** One table row: a pod and the violation expected of one check (`undefined` for none). */
export interface CheckCase {
  readonly name: string;
  readonly view: PodTemplateView;
  readonly level?: PssLevel;
  readonly version?: string;
  readonly expected?: { readonly message: string; readonly path: string };
}

/** Runs a table of cases for check `check`. */
export function describeCheck(check: string, cases: readonly CheckCase[]): void {
  describe(`Pod Security check ${check}`, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const violations = violationsOf(c.view, check, c.level ?? 'restricted', c.version ?? 'latest');
      if (c.expected) {
        expect(violations).toHaveLength(1);
        expect({ message: violations[0].message, path: violations[0].path }).toEqual(c.expected);
      } else {
        expect(violations).toEqual([]);
      }
    });
  });
}
