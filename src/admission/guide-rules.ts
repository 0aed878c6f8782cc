/**
 * The rules of the guide that CEL can express at admission, beyond the Pod Security Standards: images pinned by
 * digest, cpu and memory requests and limits, and no NodePort or LoadBalancer Services.
 */
import { celString, celUnsetOr } from './cel';

/** Rule ids of the catalogue that have an admission policy. */
export const ADMISSION_GUIDE_RULES = ['image-digest-pinned', 'resource-limits', 'no-external-exposure'] as const;

/** A rule id of {@link ADMISSION_GUIDE_RULES}. */
export type AdmissionGuideRule = (typeof ADMISSION_GUIDE_RULES)[number];

/** What a guide rule's validations apply to: pod templates (with the pod variables) or Services. */
export type GuideRuleTarget = 'workloads' | 'services';

/** One validation of a guide rule. */
export interface GuideCelValidation {
  readonly expression: string;
  readonly requirement: string;
}

/**
 * An image reference pinned by a sha256 digest, as `isDigestPinned` reads it: `[registry/]repository[:tag]@sha256:<64 hex>`,
 * where the first path component is a registry when it has a `.`, a `:` or an upper-case letter, or is `localhost`.
 */
export const DIGEST_PINNED_IMAGE_PATTERN = '^(?:[^/@\\s]*[.:A-Z][^/@\\s]*/|localhost/)?'
  + '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*'
  + '(?::\\w[\\w.-]{0,127})?@sha256:[a-f0-9]{64}$';

const RESOURCE_NAMES = ['cpu', 'memory'];

/** A quantity of 0 or less, which Kubernetes reads as no request or limit (`0`, `0m`, `0.0Gi`, `-1`). */
const NOT_ABOVE_ZERO_QUANTITY_PATTERN = '^(-.*|[+]?(0+[.]?0*|[.]0+)([eE][+-]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?)$';

/**
 * CEL that holds when `container` requests and limits cpu and memory above 0. A request left out takes the limit, as
 * Kubernetes defaults it on the pod (a controller's pod template, which admission sees, is not defaulted).
 */
function requestsAndLimits(container: string): string {
  const resources = `${container}.resources`;
  const set = (kind: string, r: string) => `has(${resources}.${kind}) && '${r}' in ${resources}.${kind}`;
  const aboveZero = (kind: string, r: string) => `!string(${resources}.${kind}['${r}']).matches(${celString(NOT_ABOVE_ZERO_QUANTITY_PATTERN)})`;
  const requested = (r: string) => `(${set('requests', r)} ? ${aboveZero('requests', r)} : ${set('limits', r)})`;
  const limited = (r: string) => `${set('limits', r)} && ${aboveZero('limits', r)}`;
  return [`has(${resources})`, ...RESOURCE_NAMES.map(requested), ...RESOURCE_NAMES.map(limited)].join(' && ');
}

/** A guide rule as CEL: what it applies to and its validations. */
export interface GuideCelRule {
  readonly target: GuideRuleTarget;
  readonly validations: readonly GuideCelValidation[];
}

/** The CEL of each guide rule, with its target. */
export const GUIDE_CEL_RULES: Readonly<Record<AdmissionGuideRule, GuideCelRule>> = {
  'image-digest-pinned': {
    target: 'workloads',
    validations: [{
      requirement: 'every container image must be pinned by digest (image@sha256:<digest>)',
      expression: `variables.containers.all(c, has(c.image) && c.image.matches(${celString(DIGEST_PINNED_IMAGE_PATTERN)}))`,
    }],
  },
  'resource-limits': {
    target: 'workloads',
    validations: [{
      requirement: 'every container and init container must set cpu and memory requests and limits above 0',
      expression: '((has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : []) + '
        + `(has(variables.podSpec.containers) ? variables.podSpec.containers : [])).all(c, ${requestsAndLimits('c')})`,
    }],
  },
  'no-external-exposure': {
    target: 'services',
    validations: [
      {
        requirement: 'Services must not be of type NodePort or LoadBalancer',
        expression: celUnsetOr('object', ['spec', 'type'], (type) => `!(${type} in ['NodePort', 'LoadBalancer'])`),
      },
      {
        requirement: 'Services must not set externalIPs',
        expression: celUnsetOr('object', ['spec', 'externalIPs'], (ips) => `size(${ips}) == 0`),
      },
    ],
  },
};
