/**
 * On supported hosts, the `RuntimeDefault` AppArmor profile is applied by default. The baseline policy prevents
 * overriding or disabling it, allowing only local profiles as overrides.
 *
 * Restricted fields: `metadata.annotations['container.apparmor.security.beta.kubernetes.io/*']`.
 * Allowed values: `runtime/default`, `localhost/*`, empty, undefined.
 *
 * Restricted fields: `spec.securityContext.appArmorProfile.type`, `spec.containers[*].securityContext.appArmorProfile.type`,
 * `spec.initContainers[*].securityContext.appArmorProfile.type`, `spec.ephemeralContainers[*].securityContext.appArmorProfile.type`.
 * Allowed values: `RuntimeDefault`, `Localhost`, undefined.
 *
 * Both the annotation and the fields (added to the API in Kubernetes 1.30) are checked at every policy version.
 */
import type { PssCheck, PssCheckFailure } from './check';
import { annotationsOf, containerNameOf, podSecurityContextOf, recordAt, scalarText, securityContextOf } from './fields';
import { containerList, goQuote, joinQuote, pluralize, sortedUnique } from './format';
import type { PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function isAllowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

function isAllowedProfileType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

function appArmorProfileV1Dot0(view: PodTemplateView): PssCheckFailure | undefined {
  const setters: string[] = [];
  const badTypes: string[] = [];
  const paths: string[] = [];

  const podProfile = recordAt(podSecurityContextOf(view), 'appArmorProfile');
  if (podProfile && !isAllowedProfileType(scalarText(podProfile.type))) {
    setters.push('pod');
    badTypes.push(scalarText(podProfile.type));
    paths.push(pointer(view.specPointer, 'securityContext', 'appArmorProfile', 'type'));
  }

  const badContainers: string[] = [];
  for (const container of containersOf(view)) {
    const profile = recordAt(securityContextOf(container), 'appArmorProfile');
    if (profile && !isAllowedProfileType(scalarText(profile.type))) {
      badContainers.push(containerNameOf(container));
      badTypes.push(scalarText(profile.type));
      paths.push(pointer(container.pointer, 'securityContext', 'appArmorProfile', 'type'));
    }
  }
  if (badContainers.length > 0) setters.push(containerList(badContainers));

  const forbiddenAnnotations = [...annotationsOf(view)]
    .filter(([key, value]) => key.startsWith(ANNOTATION_PREFIX) && !isAllowedAnnotationValue(value))
    .map(([key, value]) => ({ key, text: `${key}=${goQuote(value)}` }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  if (forbiddenAnnotations.length > 0) {
    setters.push(pluralize('annotation', 'annotations', forbiddenAnnotations.length));
    paths.push(pointer(view.metadataPointer, 'annotations', forbiddenAnnotations[0].key));
  }

  if (setters.length === 0) return undefined;
  const badValues = [...sortedUnique(badTypes), ...forbiddenAnnotations.map((a) => a.text)];
  return {
    reason: pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', badValues.length),
    detail: `${setters.join(' and ')} must not set AppArmor profile type to ${joinQuote(badValues)}`,
    path: paths[0],
  };
}

/** Baseline check `appArmorProfile` (v1.0+). */
export const appArmorProfile: PssCheck = {
  id: 'appArmorProfile',
  level: 'baseline',
  versions: [{ minimumVersion: 0, check: appArmorProfileV1Dot0 }],
};
