/**
 * The example application as Pulumi components: the guide's three tiers (frontend, api, database) and a nightly
 * report, in a restricted namespace, wired by an isolated network, with the database password mounted as a file.
 * The same application as examples/cdk8s-app, object for object.
 */
import {
  HardenedComponentResource, HardenedCronJob, HardenedDeployment, HardenedStatefulSet, IsolatedNetwork, RestrictedNamespace, SecretMount,
} from '../../src/pulumi';

/** Digest-pinned images (the digests are illustrative), and one vendor image published with tags only. */
export const IMAGES = {
  frontend: 'registry.example.com/shop/frontend:2.4.1@sha256:4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9',
  api: 'registry.example.com/shop/api:3.1.0@sha256:9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b',
  database: 'registry.example.com/mirror/postgres:16.4@sha256:2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d',
  report: 'registry.example.com/vendor/pg-report:4.2',
};

/** The database password, synced from the secret store by the External Secrets Operator and mounted as a file. */
const databasePassword = SecretMount.fromExternalSecret({
  name: 'db-credentials',
  store: { name: 'vault-backend', kind: 'ClusterSecretStore' },
  data: [{ key: 'password', remoteKey: 'shop/database', property: 'password' }],
  mountPath: '/etc/secrets/db',
});

/** Creates the shop's components; returns them in creation order. */
export function createShop(): HardenedComponentResource[] {
  const shop = new RestrictedNamespace('shop');
  // An Output: Pulumi creates the namespace before anything that lives in it.
  const namespace = shop.namespace.metadata.name;

  const database = new HardenedStatefulSet('database', {
    namespace,
    image: IMAGES.database,
    ports: [{ port: 5432, name: 'postgres' }],
    env: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_PASSWORD_FILE: '/etc/secrets/db/password' },
    // The postgres image reads its password from the file this variable names; Polaris flags any variable named
    // like a password that has a value, so its check is waived here, in the YAML, for this workload only.
    annotations: { 'polaris.fairwinds.com/sensitiveContainerEnvVar-exempt': 'true' },
    secrets: [databasePassword],
    storage: [{ name: 'data', mountPath: '/var/lib/postgresql/data', size: '20Gi' }],
    writablePaths: ['/tmp', '/var/run/postgresql'],
    resources: { limits: { memory: '1Gi' } },
  });

  const api = new HardenedDeployment('api', {
    namespace,
    image: IMAGES.api,
    port: 8080,
    replicas: 3,
    env: { LOG_LEVEL: 'info', DATABASE_URL: 'postgres://database:5432/shop', DATABASE_CREDENTIALS_FILE: '/etc/secrets/db/password' },
    secrets: [databasePassword],
  });

  const frontend = new HardenedDeployment('frontend', {
    namespace,
    image: IMAGES.frontend,
    port: 8080,
    env: { API_URL: 'http://api:8080' },
  });

  const report = new HardenedCronJob('nightly-report', {
    namespace,
    image: IMAGES.report,
    schedule: '30 2 * * *',
    timeZone: 'Europe/Paris',
    args: ['--output', '/tmp/report.csv'],
    env: { DATABASE_URL: 'postgres://database:5432/shop', PGPASSFILE: '/etc/secrets/db/password' },
    secrets: [databasePassword],
    overrides: [
      { rule: 'image-digest-pinned', justification: 'Vendor publishes pg-report by tag only; mirroring with digests tracked in SEC-142' },
    ],
  });

  const network = new IsolatedNetwork('network', {
    namespace,
    tiers: [
      { name: 'app', members: [api] },
      { name: 'data', members: [database], internal: true },
    ],
    members: [frontend, report],
    allow: [
      { from: frontend, to: api, ports: [8080] },
      { from: api, to: database, ports: [5432] },
      { from: report, to: database, ports: [5432] },
    ],
    ingressFrom: [{ namespace: 'ingress-nginx', to: frontend, ports: [8080] }],
  });

  return [shop, database, api, frontend, report, network];
}
