/**
 * Evaluates ValidatingAdmissionPolicies offline with @bufbuild/cel, the way the API server does: the request must
 * match `matchConstraints.resourceRules` and every `matchConditions`, then `variables` are evaluated in order
 * (each may read the earlier ones) and every validation must be `true`. Objects are converted as the API server
 * presents them to CEL: objects as maps, whole numbers as `int`, `null` fields dropped.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import type { CelResult } from '@bufbuild/cel';
import type { KubeObject } from '../../src/core/types';

type Program = (bindings: Record<string, unknown>) => CelResult;

const env = celEnv();
const programs = new Map<string, Program>();

function program(expression: string): Program {
  let compiled = programs.get(expression);
  if (!compiled) {
    compiled = plan(env, parse(expression)) as unknown as Program;
    programs.set(expression, compiled);
  }
  return compiled;
}

/** `value` as the API server hands it to CEL. */
export function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'object' && value !== null) {
    return new Map(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

/** Evaluates `expression` with `bindings`; throws when it errors or is not a boolean. */
export function evaluateBoolean(expression: string, bindings: Record<string, unknown>): boolean {
  const result = program(expression)(bindings);
  if (isCelError(result)) throw new Error(`CEL error in ${expression}: ${result.message}`);
  if (typeof result !== 'boolean') throw new Error(`CEL expression is not a boolean: ${expression}`);
  return result;
}

/** The plural resource of each kind the policies match. */
const RESOURCES: Readonly<Record<string, { group: string; resource: string }>> = {
  Pod: { group: '', resource: 'pods' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  Service: { group: '', resource: 'services' },
  Deployment: { group: 'apps', resource: 'deployments' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
  PodTemplate: { group: '', resource: 'podtemplates' },
};

/** A request to admit. */
export interface AdmissionRequest {
  readonly operation?: 'CREATE' | 'UPDATE';
  readonly oldObject?: KubeObject;
}

/** The outcome of one policy on one request. */
export interface PolicyOutcome {
  /** Whether the policy applies to the request at all. */
  readonly matched: boolean;
  /** The rules (annotation `kubeharden.io/validation-rules`) of the validations that failed. */
  readonly failedRules: string[];
  /** Their messages. */
  readonly messages: string[];
}

function matchesResourceRules(policy: KubeObject, object: KubeObject, operation: string): boolean {
  const target = RESOURCES[object.kind];
  if (!target) return false;
  const version = object.apiVersion.includes('/') ? object.apiVersion.split('/')[1] : object.apiVersion;
  const rules = (policy.spec as any).matchConstraints.resourceRules as any[];
  return rules.some((rule) => rule.apiGroups.includes(target.group) && rule.apiVersions.includes(version)
    && rule.resources.includes(target.resource) && rule.operations.includes(operation));
}

/** Evaluates `policy` on the admission of `object`. */
export function evaluatePolicy(policy: KubeObject, object: KubeObject, request: AdmissionRequest = {}): PolicyOutcome {
  const operation = request.operation ?? 'CREATE';
  const none = { matched: false, failedRules: [], messages: [] };
  if (!matchesResourceRules(policy, object, operation)) return none;
  const spec = policy.spec as any;
  const bindings: Record<string, unknown> = {
    object: toCel(object),
    oldObject: request.oldObject ? toCel(request.oldObject) : null,
    request: toCel({ operation }),
  };
  for (const condition of spec.matchConditions ?? []) {
    if (!evaluateBoolean(condition.expression, bindings)) return none;
  }
  const variables = new Map<string, unknown>();
  bindings.variables = variables;
  for (const variable of spec.variables ?? []) {
    const result = program(variable.expression)(bindings);
    if (isCelError(result)) throw new Error(`CEL error in variable ${variable.name}: ${result.message}`);
    variables.set(variable.name, result);
  }
  const rules = String(policy.metadata?.annotations?.['kubeharden.io/validation-rules'] ?? '').split(',');
  const failedRules: string[] = [];
  const messages: string[] = [];
  (spec.validations as any[]).forEach((validation, i) => {
    if (!evaluateBoolean(validation.expression, bindings)) {
      failedRules.push(rules[i]);
      messages.push(validation.message);
    }
  });
  return { matched: true, failedRules, messages };
}
