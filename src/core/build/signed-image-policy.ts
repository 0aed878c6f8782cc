/**
 * SignedImagePolicy: admit only images signed by a trusted key or keyless identity, enforced by the Sigstore
 * policy-controller (`ClusterImagePolicy`) or by Kyverno (`ClusterPolicy` with `verifyImages`).
 */
import { PropsError } from '../errors';
import { objectName } from '../names';
import { isRecord, KubeObject } from '../types';
import { checkMetadata, objectMetadata } from './metadata';
import { aList, aStringList, aStringMap, checkKnownProps, checkPropTypes, propNames } from './prop-types';

/** The admission controller that verifies signatures. */
export type SignatureVerifier = 'sigstore' | 'kyverno';

/** A keyless (Fulcio certificate) signer identity, as `cosign verify --certificate-oidc-issuer … --certificate-identity …` checks it. */
export interface KeylessIdentity {
  /** The OIDC issuer, an https URL (e.g. `https://token.actions.githubusercontent.com`). */
  readonly issuer: string;
  /**
   * The exact certificate subject (e.g. `https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main`).
   * @default - `subjectRegExp` must be given
   */
  readonly subject?: string;
  /**
   * A regular expression the subject must match (e.g. `^https://github\.com/org/.+@refs/tags/v.+$`); Sigstore and
   * Kyverno 1.12+ only.
   * @default - `subject` must be given
   */
  readonly subjectRegExp?: string;
}

/** Props of {@link buildSignedImagePolicy}. */
export interface SignedImagePolicyProps {
  /**
   * Name of the cluster-scoped policy object.
   * @default - derived from the construct id
   */
  readonly name?: string;
  /**
   * The admission controller to emit a policy for: `sigstore` (policy-controller, `ClusterImagePolicy`) or `kyverno`
   * (`ClusterPolicy` with `verifyImages`).
   * @default 'sigstore'
   */
  readonly verifier?: SignatureVerifier;
  /**
   * Images the policy covers, as Sigstore globs: `*` matches within a path component, `**` across components
   * (e.g. `registry.example.com/team/**`). For Kyverno, `**` is written `*`, which matches across components.
   */
  readonly images: readonly string[];
  /**
   * PEM public keys (`-----BEGIN PUBLIC KEY-----`, as `cosign generate-key-pair` writes `cosign.pub`); an image
   * signed by any one of them (or by a keyless identity) is admitted.
   * @default - none; `keyless` must be given
   */
  readonly publicKeys?: readonly string[];
  /**
   * Keyless signer identities; an image signed by any one of them (or by a key) is admitted.
   * @default - none; `publicKeys` must be given
   */
  readonly keyless?: readonly KeylessIdentity[];
  /**
   * Reject unsigned images (`enforce`), or admit them with a warning (`warn`) while rolling out.
   * @default 'enforce'
   */
  readonly mode?: 'enforce' | 'warn';
  /**
   * The Rekor transparency log that signatures must be recorded in.
   * @default 'https://rekor.sigstore.dev'
   */
  readonly rekorUrl?: string;
  /**
   * The Fulcio certificate authority that issued keyless certificates (Sigstore only).
   * @default 'https://fulcio.sigstore.dev'
   */
  readonly fulcioUrl?: string;
  /**
   * Extra labels on the policy.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The objects of a SignedImagePolicy and what the user must apply elsewhere. */
export interface BuiltSignedImagePolicy {
  readonly name: string;
  /** One `ClusterImagePolicy` (sigstore) or one `ClusterPolicy` (kyverno). */
  readonly objects: KubeObject[];
  /**
   * Labels every namespace to protect must carry: `policy.sigstore.dev/include: "true"` for the Sigstore
   * policy-controller, which only checks namespaces that opt in; none for Kyverno, which checks every namespace.
   */
  readonly namespaceLabels: Readonly<Record<string, string>>;
}

/** The label a namespace needs for the Sigstore policy-controller to check its pods (it ignores other namespaces). */
export const SIGSTORE_NAMESPACE_OPT_IN_LABELS: Readonly<Record<string, string>> = Object.freeze({ 'policy.sigstore.dev/include': 'true' });

/** The public Sigstore transparency log. */
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';

/** The public Sigstore certificate authority. */
export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';

const PUBLIC_KEY_PEM = /^-----BEGIN PUBLIC KEY-----\r?\n(?:[A-Za-z0-9+/=]+\r?\n)+-----END PUBLIC KEY-----\s*$/;
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

const SIGNED_IMAGE_POLICY_PROP_NAMES = propNames<SignedImagePolicyProps>()(
  'name', 'verifier', 'images', 'publicKeys', 'keyless', 'mode', 'rekorUrl', 'fulcioUrl', 'labels',
);
const KEYLESS_PROP_NAMES = propNames<KeylessIdentity>()('issuer', 'subject', 'subjectRegExp');

/** Builds the policy; `where` names the construct in errors. Throws {@link PropsError} for invalid props. */
export function buildSignedImagePolicy(where: string, id: string, props: SignedImagePolicyProps): BuiltSignedImagePolicy {
  if (!isRecord(props)) throw new PropsError(where, 'props must be an object such as { images: ["registry.example.com/**"], publicKeys: [...] }.');
  checkPropTypes(where, props, {
    publicKeys: aStringList('["-----BEGIN PUBLIC KEY-----…"]'),
    keyless: aList('[{ issuer: "https://token.actions.githubusercontent.com", subject: "…" }]'),
    labels: aStringMap('{ team: "platform" }'),
  });
  checkKnownProps(where, props, SIGNED_IMAGE_POLICY_PROP_NAMES, 'SignedImagePolicyProps');
  checkMetadata(where, props);
  const name = objectName(where, id, props.name);
  const verifier = props.verifier ?? 'sigstore';
  if (verifier !== 'sigstore' && verifier !== 'kyverno') {
    throw new PropsError(where, `verifier ${JSON.stringify(verifier)} is not supported. Fix: use 'sigstore' or 'kyverno'.`);
  }
  const mode = props.mode ?? 'enforce';
  if (mode !== 'enforce' && mode !== 'warn') throw new PropsError(where, `mode ${JSON.stringify(mode)} is invalid. Fix: use 'enforce' or 'warn'.`);
  const images = validateImages(where, props.images);
  const publicKeys = (props.publicKeys ?? []).map((key, i) => validatePublicKey(where, `publicKeys[${i}]`, key));
  const keyless = (props.keyless ?? []).map((identity, i) => validateIdentity(where, `keyless[${i}]`, identity));
  if (publicKeys.length === 0 && keyless.length === 0) {
    throw new PropsError(where, 'no signer is trusted. Fix: give publicKeys (PEM public keys) or keyless identities ({ issuer, subject }).');
  }
  const rekorUrl = validateHttpsUrl(where, 'rekorUrl', props.rekorUrl ?? DEFAULT_REKOR_URL, DEFAULT_REKOR_URL);
  const fulcioUrl = validateHttpsUrl(where, 'fulcioUrl', props.fulcioUrl ?? DEFAULT_FULCIO_URL, DEFAULT_FULCIO_URL);
  const metadata = objectMetadata(name, { labels: props.labels });
  const signers = { publicKeys, keyless, rekorUrl, fulcioUrl };
  if (verifier === 'kyverno') {
    return { name, objects: [kyvernoPolicy(metadata, images, signers, mode)], namespaceLabels: {} };
  }
  return { name, objects: [sigstorePolicy(metadata, images, signers, mode)], namespaceLabels: { ...SIGSTORE_NAMESPACE_OPT_IN_LABELS } };
}

interface Signers {
  readonly publicKeys: readonly string[];
  readonly keyless: readonly KeylessIdentity[];
  readonly rekorUrl: string;
  readonly fulcioUrl: string;
}

function sigstorePolicy(metadata: KubeObject['metadata'], images: readonly string[], signers: Signers, mode: string): KubeObject {
  const ctlog = { url: signers.rekorUrl };
  const authorities = [
    ...signers.publicKeys.map((data, i) => ({ name: `key-${i}`, key: { data, hashAlgorithm: 'sha256' }, ctlog })),
    ...(signers.keyless.length > 0
      ? [{ name: 'keyless', keyless: { url: signers.fulcioUrl, identities: signers.keyless.map(identityFields) }, ctlog }]
      : []),
  ];
  return {
    apiVersion: 'policy.sigstore.dev/v1beta1',
    kind: 'ClusterImagePolicy',
    metadata,
    spec: { mode, images: images.map((glob) => ({ glob })), authorities },
  };
}

function kyvernoPolicy(metadata: KubeObject['metadata'], images: readonly string[], signers: Signers, mode: string): KubeObject {
  const rekor = { url: signers.rekorUrl };
  const entries = [
    ...signers.publicKeys.map((publicKeys) => ({ keys: { publicKeys, rekor } })),
    ...signers.keyless.map((identity) => ({ keyless: { ...identityFields(identity), rekor } })),
  ];
  return {
    apiVersion: 'kyverno.io/v1',
    kind: 'ClusterPolicy',
    metadata: {
      ...metadata,
      annotations: {
        ...metadata?.annotations,
        'policies.kyverno.io/title': 'Verify image signatures',
        'policies.kyverno.io/category': 'Software Supply Chain Security',
        'policies.kyverno.io/severity': 'high',
        'policies.kyverno.io/subject': 'Pod',
      },
    },
    spec: {
      validationFailureAction: mode === 'enforce' ? 'Enforce' : 'Audit',
      background: false,
      webhookTimeoutSeconds: 30,
      rules: [{
        name: 'verify-image-signatures',
        match: { any: [{ resources: { kinds: ['Pod'] } }] },
        verifyImages: [{
          imageReferences: images.map((glob) => glob.replace(/\*\*/g, '*')),
          // Kyverno refuses to mutate in Audit mode ("mutateDigest must be set to false for 'Audit' failure action").
          mutateDigest: mode === 'enforce',
          verifyDigest: true,
          required: true,
          attestors: [{ count: 1, entries }],
        }],
      }],
    },
  };
}

function identityFields(identity: KeylessIdentity): Record<string, string> {
  return {
    issuer: identity.issuer,
    ...(identity.subject !== undefined ? { subject: identity.subject } : {}),
    ...(identity.subjectRegExp !== undefined ? { subjectRegExp: identity.subjectRegExp } : {}),
  };
}

function validateImages(where: string, images: unknown): string[] {
  if (!Array.isArray(images) || images.length === 0) {
    throw new PropsError(where, 'images must list at least one image glob. Fix: e.g. images: [\'registry.example.com/team/**\'].');
  }
  return images.map((glob, i) => {
    if (typeof glob !== 'string' || glob.trim() === '' || /\s/.test(glob)) {
      throw new PropsError(where, `images[${i}] ${JSON.stringify(glob)} is not an image glob. Fix: use a reference pattern such as registry.example.com/team/**.`);
    }
    return glob;
  });
}

function validatePublicKey(where: string, field: string, key: unknown): string {
  if (typeof key !== 'string') throw new PropsError(where, `${field} must be a PEM public key string.`);
  if (PRIVATE_KEY_PEM.test(key)) {
    throw new PropsError(where, `${field} is a PRIVATE key. Fix: pass the public key (cosign.pub), never the signing key; rotate the private key if it was committed.`);
  }
  const normalised = key.trim() + '\n';
  if (!PUBLIC_KEY_PEM.test(normalised)) {
    throw new PropsError(where, `${field} is not a PEM public key. Fix: pass the content of cosign.pub, from "-----BEGIN PUBLIC KEY-----" to "-----END PUBLIC KEY-----".`);
  }
  return normalised;
}

function validateIdentity(where: string, field: string, identity: KeylessIdentity): KeylessIdentity {
  if (typeof identity !== 'object' || identity === null) throw new PropsError(where, `${field} must be an object { issuer, subject }.`);
  checkKnownProps(where, identity, KEYLESS_PROP_NAMES, 'KeylessIdentity', `${field}.`);
  validateHttpsUrl(where, `${field}.issuer`, identity.issuer, 'https://token.actions.githubusercontent.com');
  const hasSubject = identity.subject !== undefined;
  const hasRegExp = identity.subjectRegExp !== undefined;
  if (hasSubject === hasRegExp) {
    throw new PropsError(where, `${field} must set exactly one of subject and subjectRegExp. Fix: e.g. subject: 'https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main'.`);
  }
  if (hasSubject && (typeof identity.subject !== 'string' || identity.subject.trim() === '')) {
    throw new PropsError(where, `${field}.subject must be a non-empty string.`);
  }
  if (hasRegExp) {
    try {
      new RegExp(identity.subjectRegExp as string);
    } catch {
      throw new PropsError(where, `${field}.subjectRegExp ${JSON.stringify(identity.subjectRegExp)} is not a valid regular expression.`);
    }
  }
  return identity;
}

function validateHttpsUrl(where: string, field: string, value: unknown, example: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.hostname === '') {
    throw new PropsError(where, `${field} ${JSON.stringify(value)} is not an https URL. Fix: e.g. ${example}.`);
  }
  return value as string;
}
