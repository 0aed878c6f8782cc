import type { Container } from 'kubernetes-types/core/v1';
import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { parseQuantity } from '../../core/quantity';
import { isRecord, pointer } from '../../core/types';
import { DEFAULT_RESOURCES } from '../defaults';
import { remediableContainers } from '../remediate';
import type { Rule, RuleFinding } from '../rule';

const RESOURCES = ['cpu', 'memory'] as const;

/**
 * Every container requests and limits cpu and memory. A request left out is the limit (Kubernetes defaults it
 * so), so a limit alone counts as both.
 */
export const resourceLimits: Rule = {
  id: 'resource-limits',
  title: 'Containers set cpu and memory requests and limits',
  rationale: 'Without limits one container (a fork bomb, a leak) can exhaust the node for every other pod; without requests the scheduler overcommits.',
  guide: 'Resource limits',
  severity: 'high',
  fix: 'Set resources.requests and resources.limits for cpu and memory (the guide: requests 250m/128Mi, limits 1/512Mi).',
  default: 'requests cpu 250m, memory 128Mi; limits cpu 1, memory 512Mi',
  appliesTo: ['pod-workloads'],
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  remediate({ spec }) {
    for (const container of remediableContainers(spec)) fillResources(container);
  },
  check(object) {
    const view = podTemplateOf(object);
    if (!view) return [];
    const findings: RuleFinding[] = [];
    for (const c of containersOf(view)) {
      if (c.type === 'ephemeralContainers') continue;
      const resources = isRecord(c.container.resources) ? c.container.resources : {};
      const limits = isRecord(resources.limits) ? (resources.limits as Record<string, unknown>) : {};
      for (const kind of ['requests', 'limits'] as const) {
        const values = isRecord(resources[kind]) ? (resources[kind] as Record<string, unknown>) : {};
        const missing = RESOURCES.filter((r) => parseQuantity(values[r]) === undefined && !(kind === 'requests' && takesLimit(values, limits, r)));
        if (missing.length > 0) {
          findings.push({
            message: `container "${c.container.name}" has no ${missing.join(' or ')} ${kind}`,
            path: pointer(c.pointer, 'resources', kind),
          });
        }
        // Kubernetes reads a quantity of 0 as none: no CFS quota, no memory limit, nothing reserved.
        for (const resource of RESOURCES.filter((r) => parseQuantity(values[r])! <= 0)) {
          findings.push({
            message: `container "${c.container.name}" sets ${kind}.${resource} to ${JSON.stringify(values[resource])}, which ${kind === 'limits' ? 'limits nothing' : 'reserves nothing'}`,
            path: pointer(c.pointer, 'resources', kind, resource),
          });
        }
      }
    }
    return findings;
  },
};

/** True when the request of `resource` is left out and its limit is set: Kubernetes then defaults the request to the limit. */
function takesLimit(requests: Record<string, unknown>, limits: Record<string, unknown>, resource: string): boolean {
  return requests[resource] === undefined && parseQuantity(limits[resource]) !== undefined;
}

/**
 * Fills missing requests and limits with the defaults, keeping what is set consistent: a missing request
 * takes the limit when there is one (as Kubernetes does), and a missing limit is never below the request.
 */
function fillResources(container: Container): void {
  const resources = (container.resources = isRecord(container.resources) ? container.resources : {});
  const requests = (resources.requests = isRecord(resources.requests) ? resources.requests : {});
  const limits = (resources.limits = isRecord(resources.limits) ? resources.limits : {});
  fillResourceDefaults(requests, limits);
}

/**
 * Fills missing cpu, memory and ephemeral-storage `requests` and `limits` with the defaults, in place, keeping them
 * consistent: a missing request takes the limit when there is one (as Kubernetes does, which a transform must not
 * change), and a missing limit is never below the request.
 */
export function fillResourceDefaults(requests: Record<string, unknown>, limits: Record<string, unknown>): void {
  for (const name of Object.keys(DEFAULT_RESOURCES.requests) as Array<keyof typeof DEFAULT_RESOURCES.requests>) {
    const defaultRequest = DEFAULT_RESOURCES.requests[name];
    const defaultLimit = DEFAULT_RESOURCES.limits[name];
    if (requests[name] === undefined) {
      // As Kubernetes does: a missing request is the limit, when there is one.
      requests[name] = parseQuantity(limits[name]) !== undefined ? limits[name] : defaultRequest;
    }
    if (limits[name] === undefined) {
      const request = parseQuantity(requests[name]);
      limits[name] = request !== undefined && request > parseQuantity(defaultLimit)! ? requests[name] : defaultLimit;
    }
  }
}
