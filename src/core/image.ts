/**
 * Container image references, parsed the way Docker's distribution/reference grammar does:
 * `[registry[:port]/]repository[:tag][@algorithm:digest]`.
 */

/** The parts of an image reference. */
export interface ImageReference {
  /** The registry host (with port), or `undefined` when implicit (Docker Hub). */
  readonly registry?: string;
  /** The repository path, without registry. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` (or another algorithm) when pinned. */
  readonly digest?: string;
}

const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parses `image`; returns `undefined` when it is not a syntactically valid reference. */
export function parseImageReference(image: string): ImageReference | undefined {
  // A builder and then several rules ask about the same image in a row: the last answer is kept (frozen, so shared safely).
  if (image !== last.image) last = { image, reference: parse(image) };
  return last.reference;
}

let last: { readonly image: unknown; readonly reference: ImageReference | undefined } = { image: undefined, reference: undefined };

function parse(image: string): ImageReference | undefined {
  if (typeof image !== 'string' || image.length === 0 || /\s/.test(image) || image !== image.trim()) return undefined;
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  let registry: string | undefined;
  const firstSlash = rest.indexOf('/');
  if (firstSlash > 0) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase()) {
      registry = first;
      rest = rest.slice(firstSlash + 1);
    }
  }
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest)) return undefined;
  return Object.freeze({ registry, repository: rest, tag, digest });
}

/** True when `image` is pinned by a sha256 digest (`…@sha256:<64 hex>`). */
export function isDigestPinned(image: string): boolean {
  const ref = parseImageReference(image);
  return ref?.digest !== undefined && SHA256_DIGEST.test(ref.digest);
}

/** True when `image`'s registry (host, or host plus path prefix) is one of `allowed`. */
export function isFromRegistry(image: string, allowed: readonly string[]): boolean {
  const ref = parseImageReference(image);
  if (!ref) return false;
  const full = `${ref.registry ?? 'docker.io'}/${ref.repository}`;
  return allowed.some((entry) => {
    const prefix = entry.replace(/\/+$/, '');
    return full === prefix || full.startsWith(prefix + '/');
  });
}
