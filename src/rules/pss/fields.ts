/**
 * Safe reads of a pod spec that came from untrusted YAML: a field of the wrong type reads as absent.
 */
import type { ContainerView, PodTemplateView } from '../../core/pod-spec';
import { isRecord } from '../../core/types';

/** `value[key]` when `value` is an object and that field is an object, else `undefined`. */
export function recordAt(value: unknown, key: string): Record<string, unknown> | undefined {
  const field = isRecord(value) ? value[key] : undefined;
  return isRecord(field) ? field : undefined;
}

/** `value[key]` when `value` is an object and that field is a list, else `undefined`. */
export function listAt(value: unknown, key: string): unknown[] | undefined {
  const field = isRecord(value) ? value[key] : undefined;
  return Array.isArray(field) ? field : undefined;
}

/** `value[key]` when `value` is an object and that field is a string, else `undefined`. */
export function stringAt(value: unknown, key: string): string | undefined {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
}

/** `value[key]` when `value` is an object and that field is a boolean, else `undefined`. */
export function booleanAt(value: unknown, key: string): boolean | undefined {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'boolean' ? field : undefined;
}

/** `value[key]` when `value` is an object and that field is a number, else `undefined`. */
export function numberAt(value: unknown, key: string): number | undefined {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'number' ? field : undefined;
}

/** True when `value` is an object whose field `key` holds anything but `undefined`/`null`. */
export function isSet(value: unknown, key: string): boolean {
  return isRecord(value) && value[key] !== undefined && value[key] !== null;
}

/** The text of a scalar (a string as is, a number or boolean printed), `''` for anything else. */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** The pod-level `securityContext`, when it is an object. */
export function podSecurityContextOf(view: PodTemplateView): Record<string, unknown> | undefined {
  return recordAt(view.spec, 'securityContext');
}

/** A container's `securityContext`, when it is an object. */
export function securityContextOf(container: ContainerView): Record<string, unknown> | undefined {
  return recordAt(container.container, 'securityContext');
}

/** A container's name as pod-security-admission prints it (`''` when missing). */
export function containerNameOf(container: ContainerView): string {
  return isRecord(container.container) ? scalarText(container.container.name) : '';
}

/** The pod's annotations whose values are strings. */
export function annotationsOf(view: PodTemplateView): ReadonlyMap<string, string> {
  const annotations = recordAt(view.metadata, 'annotations');
  const result = new Map<string, string>();
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (typeof value === 'string') result.set(key, value);
  }
  return result;
}

/** True when the pod declares `spec.os.name: windows`. */
export function isWindowsPod(view: PodTemplateView): boolean {
  return stringAt(recordAt(view.spec, 'os'), 'name') === 'windows';
}

/** True when the pod runs in a user namespace (`spec.hostUsers: false`), which relaxes some checks. */
export function isUserNamespacePod(view: PodTemplateView): boolean {
  return booleanAt(view.spec, 'hostUsers') === false;
}
