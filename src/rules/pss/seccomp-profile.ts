/**
 * Reading of seccomp profiles shared by `seccompProfile_baseline` and `seccompProfile_restricted`.
 */
import { containerNameOf, podSecurityContextOf, recordAt, scalarText, securityContextOf } from './fields';
import { containerList, joinQuote, sortedUnique } from './format';
import type { ContainerView, PodTemplateView } from '../../core/pod-spec';
import { containersOf } from '../../core/pod-spec';
import { pointer } from '../../core/types';

/** A seccomp profile type is allowed when it is `RuntimeDefault` or `Localhost`. */
export function isAllowedSeccompType(type: string): boolean {
  return type === 'RuntimeDefault' || type === 'Localhost';
}

/** A `seccompProfile` that is set (an object), with its type as text and the pointer of that type. */
export interface SeccompProfileSetting {
  readonly type: string;
  readonly path: string;
}

/** The pod-level `securityContext.seccompProfile`, when set. */
export function podSeccompProfile(view: PodTemplateView): SeccompProfileSetting | undefined {
  const profile = recordAt(podSecurityContextOf(view), 'seccompProfile');
  return profile && { type: scalarText(profile.type), path: pointer(view.specPointer, 'securityContext', 'seccompProfile', 'type') };
}

/** A container's `securityContext.seccompProfile`, when set. */
export function containerSeccompProfile(container: ContainerView): SeccompProfileSetting | undefined {
  const profile = recordAt(securityContextOf(container), 'seccompProfile');
  return profile && { type: scalarText(profile.type), path: pointer(container.pointer, 'securityContext', 'seccompProfile', 'type') };
}

/** The pod and containers that set a seccomp profile type other than `RuntimeDefault` or `Localhost`. */
export interface ExplicitlyBadSeccomp {
  /** `pod`, `containers "a", "b"`, in that order. */
  readonly setters: string[];
  /** The disallowed types, sorted. */
  readonly values: string[];
  /** Pointer of the first disallowed type. */
  readonly path?: string;
}

/** Finds the pod and containers that explicitly set a disallowed seccomp profile type. */
export function explicitlyBadSeccomp(view: PodTemplateView): ExplicitlyBadSeccomp {
  const setters: string[] = [];
  const values: string[] = [];
  const paths: string[] = [];
  const pod = podSeccompProfile(view);
  if (pod && !isAllowedSeccompType(pod.type)) {
    setters.push('pod');
    values.push(pod.type);
    paths.push(pod.path);
  }
  const badContainers: string[] = [];
  for (const container of containersOf(view)) {
    const profile = containerSeccompProfile(container);
    if (profile && !isAllowedSeccompType(profile.type)) {
      badContainers.push(containerNameOf(container));
      values.push(profile.type);
      paths.push(profile.path);
    }
  }
  if (badContainers.length > 0) setters.push(containerList(badContainers));
  return { setters, values: sortedUnique(values), path: paths[0] };
}

/** The detail pod-security-admission gives for explicitly disallowed types. */
export function explicitlyBadSeccompDetail(bad: ExplicitlyBadSeccomp): string {
  return `${bad.setters.join(' and ')} must not set securityContext.seccompProfile.type to ${joinQuote(bad.values)}`;
}
