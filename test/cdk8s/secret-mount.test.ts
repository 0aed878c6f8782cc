import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import { audit } from '../../src/audit/engine';
import { HardenedCronJob, HardenedDeployment, HardenedJob, SecretMount } from '../../src/cdk8s';
import type { HardenedDeploymentProps } from '../../src/cdk8s';
import { PINNED_IMAGE } from '../fixtures';
import { schemaProblems } from '../kube-schema';
import { exactly } from '../messages';

const SIDECAR = { name: 'proxy', image: PINNED_IMAGE };

function synthApi(props: Partial<HardenedDeploymentProps>): any[] {
  const chart = Testing.chart();
  new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080, ...props });
  return Testing.synth(chart);
}
const kindOf = (manifest: any[], kind: string) => manifest.find((o) => o.kind === kind);
const podOf = (manifest: any[]) => kindOf(manifest, 'Deployment').spec.template;
const mainContainer = (manifest: any[]) => podOf(manifest).spec.containers[0];

describe('SecretMount.fromSecret', () => {
  const manifest = synthApi({ secrets: [SecretMount.fromSecret('db-credentials')] });

  test('mounts the Secret as a read-only volume with mode 0400, one volume per secret', () => {
    expect(podOf(manifest).spec.volumes).toContainEqual({ name: 'db-credentials', secret: { secretName: 'db-credentials', defaultMode: 0o400 } });
    expect(mainContainer(manifest).volumeMounts).toContainEqual({ name: 'db-credentials', mountPath: '/etc/secrets/db-credentials', readOnly: true });
    expect(0o400).toBe(256);
  });

  test('passes every rule and emits no Secret', () => {
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.some((o) => o.kind === 'Secret')).toBe(false);
  });

  test('selects keys with items, mounts one file with subPath, in chosen containers', () => {
    const selected = synthApi({
      sidecars: [SIDECAR],
      secrets: [SecretMount.fromSecret('tls', {
        items: [{ key: 'tls.crt', path: 'cert.pem' }, { key: 'tls.key', path: 'key.pem' }],
        subPath: 'key.pem',
        mountPath: '/etc/tls/key.pem',
        containers: ['proxy'],
        volumeName: 'tls-key',
      })],
    });
    const pod = podOf(selected).spec;
    expect(pod.volumes).toContainEqual({
      name: 'tls-key', secret: { secretName: 'tls', defaultMode: 256, items: [{ key: 'tls.crt', path: 'cert.pem' }, { key: 'tls.key', path: 'key.pem' }] },
    });
    expect(pod.containers[1].volumeMounts).toContainEqual({ name: 'tls-key', mountPath: '/etc/tls/key.pem', readOnly: true, subPath: 'key.pem' });
    expect(JSON.stringify(pod.containers[0].volumeMounts)).not.toContain('tls-key');
  });
});

describe('SecretMount.fromExternalSecret', () => {
  const manifest = synthApi({
    secrets: [SecretMount.fromExternalSecret({
      name: 'db-credentials',
      store: { name: 'vault-backend', kind: 'ClusterSecretStore' },
      data: [{ key: 'password', remoteKey: 'shop/database', property: 'password' }, { key: 'username', remoteKey: 'shop/database', property: 'username' }],
    })],
  });

  test('matches the snapshot', () => {
    expect(manifest).toMatchSnapshot();
  });

  test('emits an external-secrets.io/v1 ExternalSecret whose target Secret is mounted', () => {
    expect(kindOf(manifest, 'ExternalSecret')).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: {
        name: 'api-db-credentials',
        labels: { 'app.kubernetes.io/instance': 'api-db-credentials', 'app.kubernetes.io/name': 'api-db-credentials', 'app.kubernetes.io/managed-by': 'kubeharden' },
      },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
        target: { name: 'api-db-credentials', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'password', remoteRef: { key: 'shop/database', property: 'password' } },
          { secretKey: 'username', remoteRef: { key: 'shop/database', property: 'username' } },
        ],
      },
    });
    expect(podOf(manifest).spec.volumes).toContainEqual({ name: 'db-credentials', secret: { secretName: 'api-db-credentials', defaultMode: 256 } });
  });

  test('audits clean, and every standard object is schema-valid', () => {
    expect(audit(manifest).findings).toEqual([]);
    expect(manifest.flatMap(schemaProblems)).toEqual([]);
  });
});

describe('SecretMount.fromSecretsStoreCsi', () => {
  const csi = (provider: 'vault' | 'aws' | 'azure' | 'gcp', parameters: Record<string, string> = {}) => synthApi({
    secrets: [SecretMount.fromSecretsStoreCsi({
      name: 'db',
      provider,
      parameters,
      objects: [{ fileName: 'password', remoteName: provider === 'gcp' ? 'projects/shop/secrets/db/versions/latest' : 'shop/db', key: provider === 'vault' ? 'password' : undefined }],
    })],
  });

  test('mounts a read-only csi volume of the Secrets Store driver, read-only in the container', () => {
    const manifest = csi('aws', { region: 'eu-west-1' });
    expect(podOf(manifest).spec.volumes).toContainEqual({
      name: 'db', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'api-db' } },
    });
    expect(mainContainer(manifest).volumeMounts).toContainEqual({ name: 'db', mountPath: '/etc/secrets/db', readOnly: true });
    expect(audit(manifest).findings).toEqual([]);
  });

  test.each([
    ['vault', { vaultAddress: 'https://vault.example.com:8200', roleName: 'api' },
      { vaultAddress: 'https://vault.example.com:8200', roleName: 'api', objects: '- objectName: "password"\n  secretPath: "shop/db"\n  secretKey: "password"\n' }],
    ['aws', { region: 'eu-west-1' },
      { region: 'eu-west-1', objects: '- objectName: "shop/db"\n  objectType: "secretsmanager"\n  objectAlias: "password"\n' }],
    ['azure', { keyvaultName: 'shop-kv', tenantId: '00000000-0000-0000-0000-000000000000' },
      {
        keyvaultName: 'shop-kv',
        tenantId: '00000000-0000-0000-0000-000000000000',
        objects: 'array:\n  - |\n    objectName: "shop/db"\n    objectType: "secret"\n    objectAlias: "password"\n',
      }],
    ['gcp', {}, { secrets: '- resourceName: "projects/shop/secrets/db/versions/latest"\n  path: "password"\n' }],
  ] as const)('emits a secrets-store.csi.x-k8s.io/v1 SecretProviderClass for %s', (provider, parameters, expected) => {
    const spc = kindOf(csi(provider, parameters), 'SecretProviderClass');
    expect(spc.apiVersion).toBe('secrets-store.csi.x-k8s.io/v1');
    expect(spc.metadata.name).toBe('api-db');
    expect(spc.spec).toEqual({ provider, parameters: expected });
  });

  test('a csi volume patched to be writable fails the synth', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', {
      image: PINNED_IMAGE,
      port: 8080,
      secrets: [SecretMount.fromSecretsStoreCsi({ name: 'db', provider: 'aws', objects: [{ fileName: 'password', remoteName: 'shop/db' }] })],
    });
    ApiObject.of(api).addJsonPatch(JsonPatch.replace('/spec/template/spec/volumes/2/csi/readOnly', false));
    expect(() => Testing.synth(chart)).toThrow(/secret-files-read-only: Deployment\/api Secrets Store CSI volume "db" is not read-only/);
  });
});

describe('SecretMount.fromVaultAgent', () => {
  const vault = SecretMount.fromVaultAgent({
    role: 'api',
    files: [{ fileName: 'db-password', vaultPath: 'database/creds/api' }, { fileName: 'config', vaultPath: 'secret/data/api', template: '{{ with secret "secret/data/api" }}{{ .Data.data.url }}{{ end }}' }],
  });

  test('annotates the pod template for the injector, files 0400 under /vault/secrets', () => {
    const manifest = synthApi({ secrets: [vault] });
    expect(podOf(manifest).metadata.annotations).toEqual({
      'vault.hashicorp.com/agent-inject': 'true',
      'vault.hashicorp.com/role': 'api',
      'vault.hashicorp.com/agent-run-as-same-user': 'true',
      'vault.hashicorp.com/agent-service-account-token-volume-name': 'vault-agent-token',
      'vault.hashicorp.com/agent-inject-secret-db-password': 'database/creds/api',
      'vault.hashicorp.com/agent-inject-perms-db-password': '0400',
      'vault.hashicorp.com/agent-inject-secret-config': 'secret/data/api',
      'vault.hashicorp.com/agent-inject-perms-config': '0400',
      'vault.hashicorp.com/agent-inject-template-config': '{{ with secret "secret/data/api" }}{{ .Data.data.url }}{{ end }}',
    });
    expect(audit(manifest).findings).toEqual([]);
  });

  test('gives the agent a short-lived projected token that no workload container mounts', () => {
    const pod = podOf(synthApi({ secrets: [vault] })).spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({
      name: 'vault-agent-token',
      projected: { defaultMode: 256, sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 600 } }] },
    });
    expect(JSON.stringify(pod.containers)).not.toContain('vault-agent-token');
  });

  test('a Job only pre-populates the files, so the Job can complete', () => {
    const chart = Testing.chart();
    new HardenedJob(chart, 'migrate', { image: PINNED_IMAGE, secrets: [vault] });
    const job = Testing.synth(chart).find((o) => o.kind === 'Job');
    expect(job.spec.template.metadata.annotations['vault.hashicorp.com/agent-pre-populate-only']).toBe('true');
  });

  test('another mount path is passed to the injector', () => {
    const manifest = synthApi({ secrets: [SecretMount.fromVaultAgent({ role: 'api', files: [{ fileName: 'db', vaultPath: 'kv/db' }], mountPath: '/etc/vault' })] });
    expect(podOf(manifest).metadata.annotations['vault.hashicorp.com/secret-volume-path']).toBe('/etc/vault');
  });
});

describe('secrets as environment variables', () => {
  const withEnv = SecretMount.fromSecret('db-credentials', { env: { DB_PASSWORD: 'password' } });

  test('need a justified secret-files-read-only override', () => {
    expect(() => synthApi({ secrets: [withEnv] })).toThrow(exactly(
      '[test/api] secret-files-read-only: Deployment/api container "api" exposes secret "db-credentials" as environment variable DB_PASSWORD '
      + '(at /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef). Fix: Mount the secret as a volume with readOnly: true and defaultMode: 0400 '
      + '(SecretMount does), and read it from the file. Or, to accept the risk, add an override { rule: \'secret-files-read-only\', justification: \'<why, at least 20 characters>\' }.',
    ));
  });

  test('with the override, the variable references the Secret and the exemption is recorded', () => {
    const manifest = synthApi({
      secrets: [withEnv],
      overrides: [{ rule: 'secret-files-read-only', justification: 'Vendor binary reads DB_PASSWORD only from env; file support requested in SEC-88' }],
    });
    expect(mainContainer(manifest).env).toEqual([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } }]);
    const report = audit(manifest);
    expect(report.findings).toEqual([]);
    expect(report.exemptions.map((e) => e.rule)).toEqual(['secret-files-read-only']);
  });

  test('an ExternalSecret key exposed as env references the synced Secret', () => {
    const manifest = synthApi({
      secrets: [SecretMount.fromExternalSecret({ name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }], env: { DB_PASSWORD: 'password' } })],
      overrides: [{ rule: 'secret-files-read-only', justification: 'Vendor binary reads DB_PASSWORD only from env; file support requested in SEC-88' }],
    });
    expect(mainContainer(manifest).env[0].valueFrom.secretKeyRef).toEqual({ name: 'api-db', key: 'password' });
  });
});

describe('literal secrets', () => {
  test('a secret-looking literal in env fails at construction', () => {
    expect(() => synthApi({ env: { API_KEY: 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e' } })).toThrow(exactly(
      '[test/api] no-literal-secrets: Deployment/api container "api" environment variable API_KEY holds an API secret key (at /spec/template/spec/containers/0/env/0/value). '
      + 'Fix: Move the value to a secret store and mount it with SecretMount (ExternalSecret, Secrets Store CSI or Vault Agent). '
      + 'Or, to accept the risk, add an override { rule: \'no-literal-secrets\', justification: \'<why, at least 20 characters>\' }.',
    ));
  });

  test('a literal password patched in after construction fails the synth', () => {
    const chart = Testing.chart();
    const api = new HardenedDeployment(chart, 'api', { image: PINNED_IMAGE, port: 8080 });
    ApiObject.of(api).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'DB_PASSWORD', value: 'hunter2-correct-horse' }]));
    expect(() => Testing.synth(chart)).toThrow(/no-literal-secrets: Deployment\/api container "api" environment variable DB_PASSWORD holds a literal password/);
  });

  test('ordinary configuration passes', () => {
    expect(() => synthApi({ env: { LOG_LEVEL: 'info', DB_PASSWORD_FILE: '/etc/secrets/db/password', DATABASE_URL: 'postgres://db:5432/shop' } })).not.toThrow();
  });
});

describe('SecretMount, bad props', () => {
  const external = (props: object = {}) => SecretMount.fromExternalSecret({ name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }], ...props });
  test.each([
    [[SecretMount.fromSecret('a', { mountPath: '/etc/secrets/x' }), SecretMount.fromSecret('b', { mountPath: '/etc/secrets/x/' })],
      '[test/api] secrets[1] is mounted at /etc/secrets/x/, where secrets[0] is already mounted. Fix: mount each secret at its own path.'],
    [[SecretMount.fromSecret('a'), SecretMount.fromSecret('b', { volumeName: 'a' })],
      '[test/api] secrets[1] uses volume name "a", already used by secrets[0]. Fix: give each secret a unique volumeName.'],
    [[SecretMount.fromSecret('a', { mountPath: '/tmp' })],
      '[test/api] secret volume "a" is mounted at /tmp in container "api", which already mounts volume "api-tmp" there. '
      + 'Fix: mount the secret at another path, or remove the path from writablePaths.'],
    [[SecretMount.fromSecret('a', { mountPath: '//tmp/.' })],
      '[test/api] secret volume "a" is mounted at //tmp/. in container "api", which already mounts volume "api-tmp" there. '
      + 'Fix: mount the secret at another path, or remove the path from writablePaths.'],
    [[SecretMount.fromSecret('a', { volumeName: 'api-tmp' })],
      '[test/api] secret volume name "api-tmp" is already used by another volume of the pod. Fix: set a different volumeName.'],
    [[SecretMount.fromSecret('a', { containers: ['worker'] })],
      '[test/api] secrets[0].containers names "worker", which is not a container of the pod. Fix: use one of "api".'],
    [[SecretMount.fromSecret('a', { mountPath: 'etc/a' })], '[test/api] secrets[0].mountPath "etc/a" is not an absolute path. Fix: use a path such as "/etc/secrets/db".'],
    [[SecretMount.fromSecret('Bad_Name')], '[test/api] secrets[0].secretName "Bad_Name" is not a valid Secret name. Fix: use lower-case letters, digits, \'-\' and \'.\'.'],
    [[SecretMount.fromSecret('a', { items: [{ key: 'x', path: 'f' }, { key: 'y', path: 'f' }] })],
      '[test/api] secrets[0].items write the file "f" twice. Fix: give each item its own path.'],
    [[SecretMount.fromSecret('a', { items: [{ key: 'x' }], subPath: 'y' })], '[test/api] secrets[0].subPath "y" is not a file of the secret. Fix: use one of "x".'],
    [[SecretMount.fromSecret('a', { items: [{ key: 'x', path: '../x' }] })],
      '[test/api] secrets[0].items[0].path "../x" is not a relative file name. Fix: use a name such as "password".'],
    [[external({ items: [{ key: 'username' }] })], '[test/api] secrets[0].items[0].key "username" is not a key of the secret. Fix: use one of "password".'],
    [[external({ env: { DB_USER: 'username' } })], '[test/api] secrets[0].env DB_USER names "username", which is not a key of the secret. Fix: use one of "password".'],
    [[external({ data: [] })], '[test/api] secrets[0].data must list at least one { key, remoteKey }. Fix: name the remote values to sync.'],
    [[SecretMount.fromSecret('a', { env: { DB_USER: 'user name' } })],
      '[test/api] secrets[0].env DB_USER names "user name", which is not a key of the secret. Fix: name a key of the secret.'],
    [[external({ store: { kind: 'ClusterSecretStore' } })],
      '[test/api] secrets[0].store must name a SecretStore, e.g. { name: \'vault-backend\' }. Fix: set store.name (and kind: \'ClusterSecretStore\' for a cluster-wide store).'],
    [[external({ data: [{ key: 'password', remoteKey: 'shop/db' }, { key: 'password', remoteKey: 'shop/db2' }] })],
      '[test/api] secrets[0].data[1].key "password" is listed twice. Fix: sync each key once.'],
    [[SecretMount.fromVaultAgent({ role: 'a', files: [{ fileName: 'x', vaultPath: 'kv/x' }, { fileName: 'x', vaultPath: 'kv/y' }] })],
      '[test/api] secrets[0].files[1].fileName "x" is used twice. Fix: give each file its own name.'],
    [[external({ store: { name: 'vault', kind: 'Vault' } })], '[test/api] secrets[0].store.kind "Vault" is invalid. Fix: use SecretStore or ClusterSecretStore.'],
    [[external({ refreshInterval: 'hourly' })], '[test/api] secrets[0].refreshInterval "hourly" is not a duration. Fix: use a Go duration such as "1h" or "15m".'],
    [[SecretMount.fromSecretsStoreCsi({ name: 'db', provider: 'vault', objects: [{ fileName: 'p', remoteName: 'kv/db' }] })],
      '[test/api] secrets[0].parameters.vaultAddress is required by the vault provider. Fix: set parameters: { vaultAddress: \'…\', roleName: \'…\' }.'],
    [[SecretMount.fromSecretsStoreCsi({ name: 'db', provider: 'onepassword' as any, objects: [{ fileName: 'p', remoteName: 'x' }] })],
      '[test/api] secrets[0].provider "onepassword" is not supported. Fix: use vault, aws, azure or gcp.'],
    [[SecretMount.fromSecretsStoreCsi({ name: 'db', provider: 'aws', objects: [{ fileName: 'p', remoteName: 'a' }, { fileName: 'p', remoteName: 'b' }] })],
      '[test/api] secrets[0].objects[1].fileName "p" is used twice. Fix: give each object its own file.'],
    [[SecretMount.fromVaultAgent({ role: 'a', files: [{ fileName: 'x', vaultPath: 'kv/x' }] }), SecretMount.fromVaultAgent({ role: 'a', files: [{ fileName: 'y', vaultPath: 'kv/y' }], mountPath: '/etc/v' })],
      '[test/api] secrets[1] is a second Vault Agent secret (secrets[0] is the first). Fix: list every file in one SecretMount.fromVaultAgent({ role, files }).'],
    [[SecretMount.fromVaultAgent({ role: 'a', files: [{ fileName: 'x', vaultPath: 'kv/x' }], containers: ['api'] })],
      '[test/api] secrets[0].containers is not supported by the Vault Agent, which mounts its files in every container. Fix: remove containers.'],
    [[{ source: 'env', name: 'x' }], '[test/api] secrets[0].source "env" is unknown. Fix: use SecretMount.fromSecret, fromExternalSecret, fromSecretsStoreCsi or fromVaultAgent.'],
  ])('%j', (secrets, message) => {
    expect(() => synthApi({ secrets: secrets as any })).toThrow(exactly(message));
  });
});

describe('SecretMount in every workload kind', () => {
  test('a CronJob emits the ExternalSecret and mounts it in its job pods', () => {
    const chart = Testing.chart();
    new HardenedCronJob(chart, 'report', {
      image: PINNED_IMAGE, schedule: '@daily', secrets: [SecretMount.fromExternalSecret({ name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }] })],
    });
    const manifest = Testing.synth(chart);
    expect(manifest.map((o) => o.kind)).toEqual(['ServiceAccount', 'ExternalSecret', 'CronJob', 'NetworkPolicy']);
    const pod = kindOf(manifest, 'CronJob').spec.jobTemplate.spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'db', secret: { secretName: 'report-db', defaultMode: 256 } });
  });
});

describe('SecretMount, props of the wrong type and unknown nested props', () => {
  const external = (props: object = {}) => SecretMount.fromExternalSecret({ name: 'db', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }], ...props });
  const csi = (props: object = {}) => SecretMount.fromSecretsStoreCsi({ name: 'db', provider: 'aws', objects: [{ fileName: 'password', remoteName: 'shop/db' }], ...props });
  const vault = (props: object = {}) => SecretMount.fromVaultAgent({ role: 'api', files: [{ fileName: 'db', vaultPath: 'kv/db' }], ...props });
  test.each([
    [external({ data: [{ key: 'password', remoteKey: 'shop/db', property: 5 }] }), '[test/api] secrets[0].data[0].property 5 is not a string. Fix: use "password".'],
    [external({ data: [{ key: 'password', remoteKey: 'shop/db', version: 1 }] }), '[test/api] secrets[0].data[0].version 1 is not a string. Fix: use "1".'],
    [external({ data: [{ key: 'password', remoteKey: 'shop/db', propery: 'password' }] }),
      '[test/api] unknown prop secrets[0].data[0].propery. Fix: use secrets[0].data[0].property, or remove it.'],
    [external({ store: { name: 'vault', namespace: 'x' } }), '[test/api] unknown prop secrets[0].store.namespace. Fix: remove it; ExternalSecretMount in API.md lists the props.'],
    [external({ store: 'vault' }), '[test/api] secrets[0].store "vault" is not an object. Fix: use { name: "vault-backend" }.'],
    [external({ data: 'x' }), '[test/api] secrets[0].data "x" is not a list. Fix: use [{ key: "password", remoteKey: "shop/db" }].'],
    [external({ refreshInterval: 5 }), '[test/api] secrets[0].refreshInterval 5 is not a string. Fix: use "1h".'],
    [SecretMount.fromSecret('db', { items: 'x' as any }), '[test/api] secrets[0].items "x" is not a list. Fix: use [{ key: "password" }].'],
    [SecretMount.fromSecret('db', { items: [{ key: 'a', file: 'b' } as any] }), '[test/api] unknown prop secrets[0].items[0].file. Fix: remove it; SecretItem in API.md lists the props.'],
    [SecretMount.fromSecret('db', { env: { A: 5 } as any }), '[test/api] secrets[0].env {"A":5} is not an object of string values. Fix: use { DB_PASSWORD: "password" }.'],
    [SecretMount.fromSecret('db', { containers: 'api' as any }), '[test/api] secrets[0].containers "api" is not a list of strings. Fix: use ["api"].'],
    [SecretMount.fromSecret('db', { subPath: 5 as any }), '[test/api] secrets[0].subPath 5 is not a string. Fix: use "password".'],
    [SecretMount.fromSecret('db', { mountPath: 5 as any }), '[test/api] secrets[0].mountPath 5 is not a string. Fix: use "/etc/secrets/db".'],
    [SecretMount.fromSecret('db', { volumeName: 5 as any }), '[test/api] secrets[0].volumeName 5 is not a string. Fix: use "db".'],
    [csi({ parameters: { region: 5 } }), '[test/api] secrets[0].parameters.region 5 is not a string. Fix: use "5".'],
    [csi({ parameters: { usePodIdentity: true } }), '[test/api] secrets[0].parameters.usePodIdentity true is not a string. Fix: use "true".'],
    [csi({ parameters: { tags: { a: 1 } } }), '[test/api] secrets[0].parameters.tags {"a":1} is not a string. Fix: use a string.'],
    [csi({ parameters: { region: 'eu-west-1', objects: '- objectName: "shop/other"' } }),
      '[test/api] secrets[0].parameters.objects is generated from secrets[0].objects. Fix: remove it and list the secrets in objects: [{ fileName, remoteName }].'],
    [csi({ provider: 'gcp', parameters: { secrets: '- resourceName: "projects/shop/secrets/other"' } }),
      '[test/api] secrets[0].parameters.secrets is generated from secrets[0].objects. Fix: remove it and list the secrets in objects: [{ fileName, remoteName }].'],
    [csi({ parameters: new (class Parameters { readonly region = 'eu-west-1'; })() }),
      '[test/api] secrets[0].parameters is a value resolved later (a cdk8s Lazy, or another class instance), but kubeharden reads it to build and check the objects. Fix: pass secrets[0].parameters as a plain value.'],
    [csi({ parameters: 'x' }), '[test/api] secrets[0].parameters "x" is not an object. Fix: use { region: "eu-west-1" }.'],
    [csi({ objects: 'x' }), '[test/api] secrets[0].objects "x" is not a list. Fix: use [{ fileName: "password", remoteName: "shop/db" }].'],
    [csi({ objects: [{ fileName: 'p', remoteName: 'shop/db', type: 5 }] }), '[test/api] secrets[0].objects[0].type 5 is not a string. Fix: use "secretsmanager".'],
    [csi({ provider: 'vault', parameters: { vaultAddress: 'https://vault:8200', roleName: 'api' }, objects: [{ fileName: 'p', remoteName: 'kv/db', key: 5 }] }),
      '[test/api] secrets[0].objects[0].key 5 is not a string. Fix: use "password".'],
    [csi({ objects: [{ fileName: 'p', remoteName: 'shop/db', alias: 'y' }] }),
      '[test/api] unknown prop secrets[0].objects[0].alias. Fix: remove it; CsiSecretObject in API.md lists the props.'],
    [csi({ provider: 'toString' }), '[test/api] secrets[0].provider "toString" is not supported. Fix: use vault, aws, azure or gcp.'],
    [vault({ tokenAudience: 5 }), '[test/api] secrets[0].tokenAudience 5 is not a string. Fix: use "vault".'],
    [vault({ role: 5 }), '[test/api] secrets[0].role 5 is not a string. Fix: use "api".'],
    [vault({ files: 'x' }), '[test/api] secrets[0].files "x" is not a list. Fix: use [{ fileName: "db", vaultPath: "database/creds/api" }].'],
    [vault({ files: [{ fileName: 'db', vaultPath: 'kv/db', template: 5 }] }), '[test/api] secrets[0].files[0].template 5 is not a string. Fix: use a Consul Template as a string.'],
    [vault({ files: [{ fileName: 'db', vaultPath: 'kv/db', templates: 'x' }] }),
      '[test/api] unknown prop secrets[0].files[0].templates. Fix: use secrets[0].files[0].template, or remove it.'],
    [vault({ files: [{ fileName: 'db-', vaultPath: 'kv/db' }] }),
      '[test/api] secrets[0].files[0].fileName "db-" is not a file name. Fix: use letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit.'],
    [vault({ volumeName: 'vault' }), '[test/api] secrets[0].volumeName is not supported by the Vault Agent, which names its own volumes. Fix: remove volumeName.'],
  ])('%j', (secret, message) => {
    expect(() => synthApi({ secrets: [secret as any] })).toThrow(exactly(message));
  });

  test('a property or template of null is not set', () => {
    const manifest = synthApi({
      secrets: [
        external({ data: [{ key: 'password', remoteKey: 'shop/db', property: null, version: null }] }),
        vault({ files: [{ fileName: 'db', vaultPath: 'kv/db', template: null }] }),
      ],
    });
    expect(kindOf(manifest, 'ExternalSecret').spec.data).toEqual([{ secretKey: 'password', remoteRef: { key: 'shop/db' } }]);
    expect(Object.keys(podOf(manifest).metadata.annotations)).not.toContain('vault.hashicorp.com/agent-inject-template-db');
  });
});

describe('SecretMount, names within Kubernetes limits', () => {
  const external = SecretMount.fromExternalSecret({ name: 'database-credentials', store: { name: 'vault' }, data: [{ key: 'password', remoteKey: 'shop/db' }] });
  const csi = SecretMount.fromSecretsStoreCsi({ name: 'database-credentials', provider: 'aws', objects: [{ fileName: 'password', remoteName: 'shop/db' }] });
  const vaultFile = (fileName: string, template?: string) => SecretMount.fromVaultAgent({ role: 'api', files: [{ fileName, vaultPath: 'kv/db', template }] });
  const long = 'a'.repeat(50);

  test('an ExternalSecret named beyond a label value is an error', () => {
    expect(() => synthApi({ name: long, secrets: [external] })).toThrow(exactly(
      `[test/api] secrets[0].name "database-credentials" is too long for workload "${long}": the ExternalSecret and its Secret would be named "${long}-database-credentials" `
      + '(71 characters), which is also their app.kubernetes.io/name label, at most 63 characters. Fix: shorten the workload name or secrets[0].name by 8 characters.',
    ));
  });

  test('a SecretProviderClass named beyond a label value is an error', () => {
    expect(() => synthApi({ name: long, secrets: [csi] })).toThrow(exactly(
      `[test/api] secrets[0].name "database-credentials" is too long for workload "${long}": the SecretProviderClass would be named "${long}-database-credentials" `
      + '(71 characters), which is also its app.kubernetes.io/name label, at most 63 characters. Fix: shorten the workload name or secrets[0].name by 8 characters.',
    ));
  });

  test('names of exactly 63 characters pass, as names and labels', () => {
    const name = 'a'.repeat(42);
    for (const secret of [external, csi]) {
      const manifest = synthApi({ name, secrets: [secret] });
      const object = manifest.find((o) => o.kind === 'ExternalSecret' || o.kind === 'SecretProviderClass');
      expect(object.metadata.name).toHaveLength(63);
      expect(object.metadata.labels['app.kubernetes.io/name']).toBe(object.metadata.name);
      expect(manifest.flatMap(schemaProblems)).toEqual([]);
    }
  });

  test.each([
    [vaultFile('f'.repeat(44)), 'secret', 44, 43],
    [vaultFile('f'.repeat(42), '{{ .Data.data.url }}'), 'template', 42, 41],
  ])('a Vault Agent file name too long for its annotation keys is an error (%#)', (secret, annotation, length, max) => {
    expect(() => synthApi({ secrets: [secret] })).toThrow(exactly(
      `[test/api] secrets[0].files[0].fileName "${'f'.repeat(length)}" is too long (${length} characters): `
      + `the annotation key vault.hashicorp.com/agent-inject-${annotation}-<fileName> allows at most 63 characters after the "/". Fix: use a file name of at most ${max} characters.`,
    ));
  });

  test('Vault Agent file names at the limit pass', () => {
    for (const secret of [vaultFile('f'.repeat(43)), vaultFile('f'.repeat(41), '{{ .Data.data.url }}')]) {
      const keys = Object.keys(podOf(synthApi({ secrets: [secret] })).metadata.annotations);
      expect(Math.max(...keys.map((k) => k.split('/')[1].length))).toBe(63);
    }
  });
});
