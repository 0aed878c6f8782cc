import { audit } from '../../src/audit/engine';
import { isSecretName, literalSecretReason, secretValueKind } from '../../src/core/secrets';
import { compliantDeployment, compliantPolicy, firstContainer, tweak } from '../fixtures';

/** Literal secrets: each must be reported, with the reason. */
const SECRETS: ReadonlyArray<[string, string, string]> = [
  ['API_KEY', 'sk-live-4f9a8b7c6d5e4f3a2b1c0d9e', 'holds an API secret key'],
  ['OPENAI_API_KEY', 'sk-proj-T3BlbkFJ4k9s8d7f6g5h4j3k2l1QwErTy', 'holds an API secret key'],
  ['ANTHROPIC_API_KEY', 'sk-ant-api03-x8Yv2Qp4Lm7Nz9Rt1Wb6Kc3Jd5Hf0Gs', 'holds an API secret key'],
  ['STRIPE_KEY', 'sk_live_51H8bq2ExAmPlE0kEy9Xy8Wv7Ut6', 'holds an API secret key'],
  ['API_TOKEN', 'sk_live_abc123', 'holds an API secret key'],
  ['OPENAI_API_KEY', 'sk-proj-abc', 'holds an API secret key'],
  ['TLS_KEY', '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----', 'holds a private key'],
  ['SSH_KEY', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'holds a private key'],
  ['RSA', '-----BEGIN RSA PRIVATE KEY-----', 'holds a private key'],
  ['AWS_ACCESS_KEY_ID', 'AKIAIOSFODNN7EXAMPLE', 'holds an AWS access key id'],
  ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'holds a literal secret value'],
  ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'holds a GitHub token'],
  ['CI_TOKEN', 'glpat-x1y2z3a4b5c6d7e8f9g0', 'holds a GitLab token'],
  ['SLACK_WEBHOOK_AUTH', 'xoxb-123456789012-abcdefghij', 'holds a Slack token'],
  ['NPM_CONFIG', 'npm_abcdefghijklmnopqrstuvwxyz0123456789', 'holds an npm token'],
  ['MAPS', 'AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q', 'holds a Google API key'],
  ['AUTH_HEADER_VALUE', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'holds a JSON Web Token'],
  ['DATABASE_URL', 'postgres://shop:hunter2@db.shop.svc:5432/shop', 'holds credentials in a URL'],
  ['DB_PASSWORD', 'hunter2-correct-horse', 'holds a literal password'],
  ['POSTGRES_PASSWORD', 'postgres', 'holds a literal password'],
  ['REDIS_PASS', 'admin', 'holds a literal password'],
  ['PASSWORD', 'Tr0ub4dor&3', 'holds a literal password'],
  ['JWT_SECRET', 'my$uper-secret!', 'holds a literal secret value'],
  ['CLIENT_SECRET', '3f2b8c1e-9d4a-4b6f-8e2a-7c5d1f0a9b3e', 'holds a literal secret value'],
  ['SESSION_KEY', 'c2VjcmV0LXNlc3Npb24ta2V5LWJhc2U2NA==', 'holds a literal secret value'],
  ['VAULT_TOKEN', 'hvs.CAESIJ1x2y3z4a5b6c7d8e9f0g1h2i3j4k', 'holds a literal secret value'],
];

/** Ordinary configuration: none of it may be reported. */
const ORDINARY: ReadonlyArray<[string, string]> = [
  ['DATABASE_URL', 'postgres://db.shop.svc.cluster.local:5432/shop'],
  ['REDIS_URL', 'redis://redis:6379/0'],
  ['DATABASE_DSN', 'postgres://shop:${DB_PASSWORD}@db:5432/shop'],
  ['OTEL_EXPORTER_OTLP_ENDPOINT', 'http://otel-collector.observability:4317'],
  ['AUTH_ISSUER', 'https://auth.example.com/realms/shop'],
  ['CONFIG_PATH', '/etc/app/config.yaml'],
  ['DB_PASSWORD_FILE', '/run/secrets/db-password'],
  ['GOOGLE_APPLICATION_CREDENTIALS', '/var/run/secrets/gcp/key.json'],
  ['SECRETS_DIR', '/etc/secrets'],
  ['FEATURE_NEW_CHECKOUT', 'true'],
  ['PASSWORD_RESET_ENABLED', 'true'],
  ['SESSION_COOKIE_SECURE', 'false'],
  ['LOG_LEVEL', 'debug'],
  ['REQUEST_TIMEOUT', '30s'],
  ['TOKEN_TTL', '15m'],
  ['SESSION_SECRET_ROTATION', '24h'],
  ['CACHE_SIZE', '512Mi'],
  ['PORT', '8080'],
  ['PASSWORD_MIN_LENGTH', '12'],
  ['UPSTREAM_HOST', 'api.shop.svc.cluster.local'],
  ['KAFKA_BROKERS', 'kafka-0.kafka:9092,kafka-1.kafka:9092'],
  ['DB_SECRET_NAME', 'db-credentials'],
  ['CREDENTIALS_SECRET', 'shop-db-credentials'],
  ['VAULT_SECRET', 'secret/data/shop/api'],
  ['API_KEY_HEADER', 'X-API-Key'],
  ['TOKEN_AUDIENCE', 'vault'],
  ['OAUTH_CLIENT_ID', 'shop-frontend'],
  ['REQUEST_ID', '3f2b8c1e-9d4a-4b6f-8e2a-7c5d1f0a9b3e'],
  ['TRACE_ID', '4bf92f3577b34da6a3ce929d0e0e4736'],
  ['GIT_SHA', '9fceb02d0ae598e95dc970b74767f19372d61af8'],
  ['IMAGE_DIGEST', 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
  ['AWS_ROLE_ARN', 'arn:aws:iam::123456789012:role/shop-api'],
  ['AWS_REGION', 'eu-west-1'],
  ['VAULT_ADDR', 'https://vault.example.com:8200'],
  ['TZ', 'Europe/Paris'],
  ['JAVA_OPTS', '-Xmx512m -XX:+UseG1GC'],
  ['NODE_OPTIONS', '--max-old-space-size=384'],
  ['SPRING_PROFILES_ACTIVE', 'prod,kubernetes'],
  ['CORS_ORIGINS', 'https://shop.example.com,https://admin.example.com'],
  ['ENVIRONMENT', 'production'],
  ['SKU_PREFIX', 'sk-winter-collection-2026-limited'],
  ['MAX_TOKENS', '4096'],
  ['PASSWORD_HASH_ALGO', 'argon2id'],
  ['DB_PASSWORD', '${DB_PASSWORD}'],
  ['API_TOKEN', '{{ .Values.apiToken }}'],
  ['REDIS_PASSWORD', ''],
  ['PASS_THROUGH', 'true'],
];

describe('literal secrets', () => {
  test.each(SECRETS)('%s=%j is reported', (name, value, reason) => {
    expect(literalSecretReason(name, value)).toBe(reason);
  });

  test.each(ORDINARY)('%s=%j is ordinary configuration', (name, value) => {
    expect(literalSecretReason(name, value)).toBeUndefined();
  });

  test('the ordinary table is large enough to guard the false-positive rate', () => {
    expect(ORDINARY.length).toBeGreaterThanOrEqual(25);
  });

  test('secret names and descriptive names', () => {
    expect(['DB_PASSWORD', 'API_KEY', 'CLIENT_SECRET', 'GITHUB_TOKEN', 'PASSWORD'].every(isSecretName)).toBe(true);
    expect(['DB_PASSWORD_FILE', 'TOKEN_TTL', 'SECRET_NAME', 'API_KEY_HEADER', 'MAX_TOKENS', 'BYPASS_CACHE'].some(isSecretName)).toBe(false);
  });

  test('value shapes are found inside longer strings', () => {
    expect(secretValueKind('Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789')).toBe('a GitHub token');
    expect(secretValueKind('sk-winter-collection-2026-limited')).toBeUndefined();
  });

  test('non-string values are never secrets', () => {
    expect(literalSecretReason('DB_PASSWORD', 42)).toBeUndefined();
    expect(literalSecretReason('DB_PASSWORD', undefined)).toBeUndefined();
  });
});

describe('rule no-literal-secrets on manifests', () => {
  const withEnv = (env: Array<[string, string]>) => tweak(compliantDeployment(), (d) => {
    firstContainer(d).env = env.map(([name, value]) => ({ name, value }));
  });

  test('ordinary configuration in env passes', () => {
    const report = audit([withEnv(ORDINARY.map(([n, v]) => [n, v])), compliantPolicy()]);
    expect(report.findings).toEqual([]);
  });

  test('every literal secret in env is a critical finding at its path', () => {
    const report = audit([withEnv(SECRETS.map(([n, v]) => [n, v])), compliantPolicy()]);
    expect(report.findings.map((f) => [f.rule, f.severity, f.path])).toEqual(
      SECRETS.map((_, i) => ['no-literal-secrets', 'critical', `/spec/template/spec/containers/0/env/${i}/value`]),
    );
  });

  test('a Secret with inline data is a finding; one without data is not', () => {
    const secret = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, ...data });
    expect(audit([secret({ data: { password: 'aHVudGVyMg==' } } as any)]).findings.map((f) => [f.rule, f.message])).toEqual([
      ['no-literal-secrets', 'Secret "db" carries inline data'],
    ]);
    expect(audit([secret({ stringData: { password: 'hunter2' } } as any)]).findings.map((f) => f.path)).toEqual(['/stringData']);
    expect(audit([secret({})]).findings).toEqual([]);
    expect(audit([secret({ data: { password: '' } } as any)]).findings).toEqual([]);
  });

  test('an unquoted number or boolean in a Secret is inline data too', () => {
    const secret = (data: object) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, ...data });
    expect(audit([secret({ stringData: { pin: 12345678 } })]).findings.map((f) => [f.rule, f.path])).toEqual([['no-literal-secrets', '/stringData']]);
    expect(audit([secret({ data: { enabled: true } })]).findings.map((f) => [f.rule, f.path])).toEqual([['no-literal-secrets', '/data']]);
    expect(audit([secret({ data: { nested: {} } })]).findings).toEqual([]);
  });

  test('Secrets the cluster writes itself (service-account tokens, Helm releases) are not findings', () => {
    for (const type of ['kubernetes.io/service-account-token', 'helm.sh/release.v1']) {
      const secret = { apiVersion: 'v1', kind: 'Secret', type, metadata: { name: 'x', namespace: 'shop' }, data: { token: 'ZXlKaGJHY2lPaUpTVXpJMU5pSXNJbXRwWkNJNklpSjk=' } };
      expect(audit([secret])).toMatchObject({ findings: [] });
    }
    const tls = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'x', namespace: 'shop' }, data: { 'tls.key': 'LS0t' } };
    expect(audit([tls]).findings.map((f) => f.rule)).toEqual(['no-literal-secrets']);
  });

  test('a secret passed as a command-line argument is a finding', () => {
    const d = tweak(compliantDeployment(), (copy) => { firstContainer(copy).args = ['--db-password=hunter2-correct-horse']; });
    expect(audit([d, compliantPolicy()]).findings.map((f) => f.message)).toEqual([
      'container "app" passes an argument in args that holds a literal password',
    ]);
  });
});
