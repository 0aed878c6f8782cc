import { generateKeyPairSync } from 'crypto';
import { Testing } from 'cdk8s';
import { SignedImagePolicy } from '../../src/cdk8s/signed-image-policy';
import { buildSignedImagePolicy, SIGSTORE_NAMESPACE_OPT_IN_LABELS } from '../../src/core/build/signed-image-policy';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const GITHUB = 'https://token.actions.githubusercontent.com';
const WORKFLOW = 'https://github.com/example/app/.github/workflows/release.yml@refs/heads/main';

function synth(props: ConstructorParameters<typeof SignedImagePolicy>[2]): any[] {
  const chart = Testing.chart();
  new SignedImagePolicy(chart, 'signed-images', props);
  return Testing.synth(chart);
}

describe('SignedImagePolicy for the Sigstore policy-controller', () => {
  const [policy] = synth({ images: ['registry.example.com/team/**'], publicKeys: [PUBLIC_PEM], keyless: [{ issuer: GITHUB, subject: WORKFLOW }] });

  test('emits one ClusterImagePolicy, cluster-scoped, enforcing', () => {
    expect(policy.apiVersion).toBe('policy.sigstore.dev/v1beta1');
    expect(policy.kind).toBe('ClusterImagePolicy');
    expect(policy.metadata.name).toBe('signed-images');
    expect(policy.metadata.namespace).toBeUndefined();
    expect(policy.spec.mode).toBe('enforce');
    expect(policy.spec.images).toEqual([{ glob: 'registry.example.com/team/**' }]);
  });

  test('trusts the key and the keyless identity, each recorded in Rekor', () => {
    expect(policy.spec.authorities).toEqual([
      { name: 'key-0', key: { data: PUBLIC_PEM, hashAlgorithm: 'sha256' }, ctlog: { url: 'https://rekor.sigstore.dev' } },
      {
        name: 'keyless',
        keyless: { url: 'https://fulcio.sigstore.dev', identities: [{ issuer: GITHUB, subject: WORKFLOW }] },
        ctlog: { url: 'https://rekor.sigstore.dev' },
      },
    ]);
  });

  test('every authority has exactly one of key and keyless, and every identity an issuer and a subject', () => {
    for (const authority of policy.spec.authorities) {
      expect(['key' in authority, 'keyless' in authority].filter(Boolean)).toHaveLength(1);
      for (const identity of authority.keyless?.identities ?? []) {
        expect(identity.issuer ?? identity.issuerRegExp).toBeDefined();
        expect(identity.subject ?? identity.subjectRegExp).toBeDefined();
      }
    }
  });

  test('exposes the namespace opt-in label the controller needs', () => {
    const chart = Testing.chart();
    const construct = new SignedImagePolicy(chart, 'p', { images: ['**'], publicKeys: [PUBLIC_PEM] });
    expect(construct.namespaceLabels).toEqual({ 'policy.sigstore.dev/include': 'true' });
    expect(SignedImagePolicy.NAMESPACE_OPT_IN_LABELS).toEqual(SIGSTORE_NAMESPACE_OPT_IN_LABELS);
    expect(construct.policy.kind).toBe('ClusterImagePolicy');
  });

  test('warn mode, custom Rekor and Fulcio, subject regular expression', () => {
    const [warn] = synth({
      images: ['**'],
      mode: 'warn',
      rekorUrl: 'https://rekor.internal.example.com',
      fulcioUrl: 'https://fulcio.internal.example.com',
      keyless: [{ issuer: GITHUB, subjectRegExp: '^https://github\\.com/example/.+$' }],
    });
    expect(warn.spec.mode).toBe('warn');
    expect(warn.spec.authorities).toEqual([{
      name: 'keyless',
      keyless: { url: 'https://fulcio.internal.example.com', identities: [{ issuer: GITHUB, subjectRegExp: '^https://github\\.com/example/.+$' }] },
      ctlog: { url: 'https://rekor.internal.example.com' },
    }]);
  });
});

describe('SignedImagePolicy for Kyverno', () => {
  const [policy] = synth({
    verifier: 'kyverno', images: ['registry.example.com/team/**'], publicKeys: [PUBLIC_PEM], keyless: [{ issuer: GITHUB, subject: WORKFLOW }],
  });

  test('emits a ClusterPolicy that enforces, mutates and verifies digests', () => {
    expect(policy.apiVersion).toBe('kyverno.io/v1');
    expect(policy.kind).toBe('ClusterPolicy');
    expect(policy.spec.validationFailureAction).toBe('Enforce');
    expect(policy.spec.background).toBe(false);
    const [rule] = policy.spec.rules;
    expect(rule.match).toEqual({ any: [{ resources: { kinds: ['Pod'] } }] });
    const [verify] = rule.verifyImages;
    expect(verify).toMatchObject({ imageReferences: ['registry.example.com/team/*'], mutateDigest: true, verifyDigest: true, required: true });
  });

  test('one attestor, satisfied by any one of its entries', () => {
    expect(policy.spec.rules[0].verifyImages[0].attestors).toEqual([{
      count: 1,
      entries: [
        { keys: { publicKeys: PUBLIC_PEM, rekor: { url: 'https://rekor.sigstore.dev' } } },
        { keyless: { issuer: GITHUB, subject: WORKFLOW, rekor: { url: 'https://rekor.sigstore.dev' } } },
      ],
    }]);
  });

  test('needs no namespace label', () => {
    expect(buildSignedImagePolicy('p', 'p', { verifier: 'kyverno', images: ['**'], publicKeys: [PUBLIC_PEM] }).namespaceLabels).toEqual({});
  });

  test('warn mode audits instead of enforcing, and leaves the image references as written (Kyverno mutates only when enforcing)', () => {
    const [audit] = synth({ verifier: 'kyverno', images: ['**'], publicKeys: [PUBLIC_PEM], mode: 'warn' });
    expect(audit.spec.validationFailureAction).toBe('Audit');
    expect(audit.spec.rules[0].verifyImages[0].mutateDigest).toBe(false);
  });
});

describe('SignedImagePolicy validation', () => {
  const build = (props: Record<string, unknown>) => () => buildSignedImagePolicy('Chart/signed', 'signed', props as never);
  test.each([
    [{ images: [], publicKeys: [PUBLIC_PEM] }, '[Chart/signed] images must list at least one image glob. Fix: e.g. images: [\'registry.example.com/team/**\'].'],
    [{ publicKeys: [PUBLIC_PEM] }, '[Chart/signed] images must list at least one image glob.'],
    [{ images: [' '], publicKeys: [PUBLIC_PEM] }, '[Chart/signed] images[0] " " is not an image glob.'],
    [{ images: ['**'] }, '[Chart/signed] no signer is trusted. Fix: give publicKeys (PEM public keys) or keyless identities ({ issuer, subject }).'],
    [{ images: ['**'], publicKeys: ['ssh-ed25519 AAAA'] }, '[Chart/signed] publicKeys[0] is not a PEM public key. Fix: pass the content of cosign.pub'],
    [{ images: ['**'], publicKeys: [PRIVATE_PEM] }, '[Chart/signed] publicKeys[0] is a PRIVATE key. Fix: pass the public key (cosign.pub), never the signing key'],
    [{ images: ['**'], keyless: [{ issuer: 'http://issuer.example.com', subject: 'me' }] }, '[Chart/signed] keyless[0].issuer "http://issuer.example.com" is not an https URL. Fix: e.g. https://token.actions.githubusercontent.com.'],
    [{ images: ['**'], keyless: [{ issuer: 'not a url', subject: 'me' }] }, '[Chart/signed] keyless[0].issuer "not a url" is not an https URL.'],
    [{ images: ['**'], keyless: [{ issuer: GITHUB }] }, '[Chart/signed] keyless[0] must set exactly one of subject and subjectRegExp.'],
    [{ images: ['**'], keyless: [{ issuer: GITHUB, subject: 'a', subjectRegExp: 'b' }] }, '[Chart/signed] keyless[0] must set exactly one of subject and subjectRegExp.'],
    [{ images: ['**'], keyless: [{ issuer: GITHUB, subject: '' }] }, '[Chart/signed] keyless[0].subject must be a non-empty string.'],
    [{ images: ['**'], keyless: [{ issuer: GITHUB, subjectRegExp: '(' }] }, '[Chart/signed] keyless[0].subjectRegExp "(" is not a valid regular expression.'],
    [{ images: ['**'], publicKeys: [PUBLIC_PEM], rekorUrl: 'rekor' }, '[Chart/signed] rekorUrl "rekor" is not an https URL. Fix: e.g. https://rekor.sigstore.dev.'],
    [{ images: ['**'], publicKeys: [PUBLIC_PEM], verifier: 'notary' }, '[Chart/signed] verifier "notary" is not supported. Fix: use \'sigstore\' or \'kyverno\'.'],
    [{ images: ['**'], publicKeys: [PUBLIC_PEM], mode: 'audit' }, '[Chart/signed] mode "audit" is invalid. Fix: use \'enforce\' or \'warn\'.'],
  ])('rejects %j', (props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('accepts a PEM key with CRLF line ends or surrounding blank lines, normalised', () => {
    const crlf = `\n${PUBLIC_PEM.replace(/\n/g, '\r\n')}\n`;
    const built = buildSignedImagePolicy('p', 'p', { images: ['**'], publicKeys: [crlf] });
    expect((built.objects[0].spec as any).authorities[0].key.data).toMatch(/^-----BEGIN PUBLIC KEY-----\r\n[\s\S]+-----END PUBLIC KEY-----\n$/);
  });
});
