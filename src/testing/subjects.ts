/**
 * What the test helpers accept: a cdk8s App, Chart or construct, Kubernetes objects, or YAML text. cdk8s is
 * loaded only when a construct is given, so the helpers work without it (Pulumi projects, plain YAML).
 */
import type * as Cdk8s from 'cdk8s';
import type { IConstruct } from 'constructs';
import { InputError, parseDocuments, objectsOf as objectsOfDocuments } from '../audit/load';
import { isRecord, KubeObject } from '../core/types';

/**
 * Something whose Kubernetes objects can be audited: a cdk8s `App` (every chart), `Chart` or other construct
 * (its ApiObjects, after the app's validations), one object, a list of objects (`kind: List` is expanded), or
 * YAML/JSON text with one or more documents.
 */
export type AuditSubject = string | KubeObject | readonly KubeObject[] | { readonly node: unknown };

/** A subject that is none of the accepted kinds. */
export class SubjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubjectError';
  }
}

/**
 * The Kubernetes objects of `subject`. Synthesizing a cdk8s subject runs the app's validations, so a construct
 * that refuses its props or patches throws here with cdk8s's message.
 */
export function objectsOf(subject: AuditSubject): KubeObject[] {
  if (typeof subject === 'string') {
    try {
      return objectsOfDocuments(parseDocuments(subject, '<yaml>'), '<yaml>').inputs.map((input) => input.object);
    } catch (e) {
      throw e instanceof InputError ? new SubjectError(e.describe()) : e;
    }
  }
  if (Array.isArray(subject)) return subject.flatMap((object, i) => expand(object, `item ${i}`));
  if (isConstruct(subject)) return synthesize(subject);
  if (isRecord(subject)) return expand(subject, 'the object');
  throw new SubjectError(`expected a cdk8s App, Chart or construct, Kubernetes objects or YAML text, got ${describe(subject)}`);
}

function expand(value: unknown, where: string): KubeObject[] {
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
    throw new SubjectError(`${where} is not a Kubernetes object (it needs apiVersion and kind): ${describe(value)}`);
  }
  if (/List$/.test(value.kind) && Array.isArray(value.items)) {
    return value.items.flatMap((item: unknown, i: number) => expand(item, `${where} items[${i}]`));
  }
  return [value as KubeObject];
}

function isConstruct(value: unknown): value is IConstruct {
  return isRecord(value) && isRecord(value.node) && typeof (value.node as { findAll?: unknown }).findAll === 'function';
}

function synthesize(construct: IConstruct): KubeObject[] {
  const cdk8s = loadCdk8s();
  if (cdk8s.Chart.isChart(construct)) return cdk8s.Testing.synth(construct);
  if (construct.node.scope === undefined) {
    const charts = (construct as Partial<Cdk8s.App>).charts ?? construct.node.findAll().filter((c): c is Cdk8s.Chart => cdk8s.Chart.isChart(c));
    return charts.flatMap((chart) => chart.toJson());
  }
  cdk8s.Chart.of(construct).toJson();
  return construct.node.findAll().filter((c): c is Cdk8s.ApiObject => cdk8s.ApiObject.isApiObject(c)).map((o) => o.toJson());
}

function loadCdk8s(): typeof Cdk8s {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('cdk8s') as typeof Cdk8s;
  } catch {
    throw new SubjectError('a construct was given but the cdk8s package cannot be loaded: install cdk8s, or pass objects or YAML');
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).slice(0, 5).join(', ') || '(none)'}`;
  return `a ${typeof value} ${JSON.stringify(value)}`;
}
