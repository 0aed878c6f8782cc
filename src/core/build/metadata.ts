/**
 * Labels and metadata every builder writes.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import { formatOverridesAnnotation, Override, OVERRIDES_ANNOTATION } from '../overrides';

/** Label selecting a workload's pods; other workloads name it in network peers. */
export const NAME_LABEL = 'app.kubernetes.io/name';

/**
 * Label naming the instance an object belongs to: the workload's (or namespace's) name, unless `labels` set it. Polaris
 * expects it on every workload, equal to its name.
 */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Label recording who manages an object. */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Common metadata props. */
export interface MetadataProps {
  /**
   * Namespace of every object.
   * @default - none (the namespace of the chart, or of `kubectl apply -n`)
   */
  readonly namespace?: string;
  /**
   * Extra labels on every object.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on every object.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The labels that select the pods of workload `name`. */
export function selectorLabels(name: string): Record<string, string> {
  return { [NAME_LABEL]: name };
}

/** Metadata for an object of workload `name`, with the overrides annotation when any apply to it. */
export function objectMetadata(name: string, props: MetadataProps, overrides: readonly Override[] = []): ObjectMeta {
  const annotations: Record<string, string> = { ...props.annotations };
  if (overrides.length > 0) annotations[OVERRIDES_ANNOTATION] = formatOverridesAnnotation(overrides);
  return {
    name,
    ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
    labels: { [INSTANCE_LABEL]: name, ...props.labels, [NAME_LABEL]: name, [MANAGED_BY_LABEL]: 'kubeharden' },
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
}
