/**
 * Deterministic Kubernetes names, derived from construct ids so every adapter emits the same names.
 */
import { PropsError } from './errors';

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The object name for a construct: `name` when given (validated as is), else `id` lower-cased with
 * invalid characters turned into dashes. Names are DNS-1035 labels (at most 63 characters, starting with a
 * letter) so they are valid for every kind, Services included.
 */
export function objectName(where: string, id: string, name?: string): string {
  if (name !== undefined) {
    if (typeof name !== 'string' || !DNS_LABEL.test(name) || name.length > 63) {
      throw new PropsError(where, `name ${JSON.stringify(name)} is not a valid Kubernetes name. Fix: use at most 63 lower-case letters, digits and '-', starting with a letter (e.g. "api").`);
    }
    return name;
  }
  const derived = id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  if (!DNS_LABEL.test(derived) || derived.length > 63) {
    throw new PropsError(where, `cannot derive a Kubernetes name from id "${id}". Fix: pass name: 'my-app' (lower-case letters, digits and '-', starting with a letter).`);
  }
  return derived;
}

/** True when `name` is a DNS-1123 subdomain (namespace, secret and most object names). */
export function isDnsSubdomain(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

/** True when `name` is a DNS-1123 label (namespace names, port names). */
export function isDnsLabel(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
