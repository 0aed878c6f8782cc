/**
 * Deterministic YAML for snapshot tests.
 */
import * as yaml from 'js-yaml';
import { AuditSubject, objectsOf } from './subjects';
import { isRecord, KubeObject } from '../core/types';

/** Options of {@link toStableYaml}. */
export interface StableYamlOptions {
  /**
   * Order the objects by kind, namespace and name instead of keeping their order.
   * @default false
   */
  readonly sortObjects?: boolean;
}

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

/**
 * The objects of `subject` as multi-document YAML that only changes when the objects do: `apiVersion`, `kind`
 * and `metadata` first, every other key sorted at every level, no anchors, no line folding, nothing generated.
 *
 * @example expect(toStableYaml(chart)).toMatchSnapshot();
 */
export function toStableYaml(subject: AuditSubject, options: StableYamlOptions = {}): string {
  let objects = objectsOf(subject);
  if (options.sortObjects) objects = [...objects].sort((a, b) => identity(a).localeCompare(identity(b)));
  return objects
    .map((object) => yaml.dump(sortKeys(object, true), { noRefs: true, lineWidth: -1, sortKeys: false, quotingType: '"' }))
    .join('---\n');
}

function sortKeys(value: unknown, topLevel = false): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).sort((a, b) => rank(a, topLevel) - rank(b, topLevel) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key])]));
}

function rank(key: string, topLevel: boolean): number {
  const index = topLevel ? LEADING_KEYS.indexOf(key) : -1;
  return index === -1 ? LEADING_KEYS.length : index;
}

function identity(object: KubeObject): string {
  return [object.kind, object.metadata?.namespace ?? '', object.metadata?.name ?? '', object.apiVersion].join('\u0000');
}
