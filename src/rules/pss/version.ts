/**
 * Pod Security Standards policy versions: `v1.N` or `latest`.
 */
import { LATEST_PSS_MINOR } from './registry';

/** The newest Kubernetes minor version whose PSS we implement, as 'v1.N'. */
export const LATEST_PSS_VERSION = `v1.${LATEST_PSS_MINOR}`;

/** A policy version that is neither `v1.N` nor `latest`. */
export class PssVersionError extends Error {
  constructor(text: string) {
    super(`invalid Pod Security Standards version "${text}": use v1.0 … ${LATEST_PSS_VERSION} or latest`);
    this.name = 'PssVersionError';
  }
}

const VERSION = /^v?1\.(0|[1-9][0-9]*)$/;

/**
 * The minor number N of a policy version: `v1.N` or `1.N` (case-insensitive), or `latest`.
 * Versions newer than {@link LATEST_PSS_VERSION} evaluate as it, as Kubernetes does. Throws {@link PssVersionError}
 * for anything else.
 */
export function parsePssVersion(text: string): number {
  const normalised = typeof text === 'string' ? text.trim().toLowerCase() : '';
  if (normalised === 'latest') return LATEST_PSS_MINOR;
  const match = VERSION.exec(normalised);
  if (!match) throw new PssVersionError(String(text));
  return Math.min(Number(match[1]), LATEST_PSS_MINOR);
}
