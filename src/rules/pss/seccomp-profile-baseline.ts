/**
 * If seccomp profiles are specified, only runtime default and localhost profiles are allowed.
 *
 * v1.0 - v1.18:
 * Restricted fields: `metadata.annotations['seccomp.security.alpha.kubernetes.io/pod']`,
 * `metadata.annotations['container.seccomp.security.alpha.kubernetes.io/*']`.
 * Allowed values: `runtime/default`, `docker/default`, `localhost/*`, undefined.
 *
 * v1.19+:
 * Restricted fields: `spec.securityContext.seccompProfile.type`, `spec.containers[*].securityContext.seccompProfile.type`,
 * `spec.initContainers[*].securityContext.seccompProfile.type`, `spec.ephemeralContainers[*].securityContext.seccompProfile.type`.
 * Allowed values: `RuntimeDefault`, `Localhost`, undefined.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { annotationsOf, containerNameOf } from './fields';
import { goQuote, pluralize } from './format';
import { explicitlyBadSeccomp, explicitlyBadSeccompDetail } from './seccomp-profile';
import { containersOf } from '../../core/pod-spec';
import type { PodTemplateView } from '../../core/pod-spec';
import { pointer } from '../../core/types';

/** Id of the check, which `seccompProfile_restricted` overrides. */
export const SECCOMP_PROFILE_BASELINE_ID = 'seccompProfile_baseline';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function isAllowedAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

function seccompProfileBaselineV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const annotations = annotationsOf(view);
  const keys = [POD_ANNOTATION, ...containersOf(view).map((c) => CONTAINER_ANNOTATION_PREFIX + containerNameOf(c))];
  const forbidden = new Map<string, string>();
  for (const key of keys) {
    const value = annotations.get(key);
    if (value !== undefined && !isAllowedAnnotationValue(value)) forbidden.set(`${key}=${goQuote(value)}`, key);
  }
  if (forbidden.size === 0) return undefined;
  const entries = [...forbidden.keys()].sort();
  return {
    reason: 'seccompProfile',
    detail: `forbidden ${pluralize('annotation', 'annotations', entries.length)} ${entries.join(', ')}`,
    path: pointer(view.metadataPointer, 'annotations', forbidden.get(entries[0]) ?? ''),
  };
}

function seccompProfileBaselineV1Dot19(view: PodTemplateView): PssCheckFailure | undefined {
  const bad = explicitlyBadSeccomp(view);
  if (!bad.path) return undefined;
  return { reason: 'seccompProfile', detail: explicitlyBadSeccompDetail(bad), path: bad.path };
}

/** Baseline check `seccompProfile_baseline` (annotations v1.0+, fields v1.19+). */
export const seccompProfileBaseline: PssCheck = {
  id: SECCOMP_PROFILE_BASELINE_ID,
  level: 'baseline',
  versions: [
    { minimumVersion: 0, check: seccompProfileBaselineV1Dot0 },
    { minimumVersion: 19, check: seccompProfileBaselineV1Dot19 },
  ],
};
