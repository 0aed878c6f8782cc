import { containersOf, podTemplateOf } from '../../core/pod-spec';
import { literalSecretReason } from '../../core/secrets';
import { isRecord, pointer } from '../../core/types';
import type { Rule, RuleFinding } from '../rule';

/**
 * No secret is written into a manifest: no secret-looking literal in container env, command, args or
 * ConfigMap data, and no Secret with inline data (secrets are injected at runtime by an operator, CSI driver or Vault).
 */
export const noLiteralSecrets: Rule = {
  id: 'no-literal-secrets',
  title: 'No literal secrets in manifests',
  rationale: 'A secret in YAML ends up in Git, CI logs and every copy of the manifest; it cannot be rotated or revoked without a redeploy.',
  guide: 'Never bake secrets',
  severity: 'critical',
  fix: 'Move the value to a secret store and mount it with SecretMount (ExternalSecret, Secrets Store CSI or Vault Agent).',
  default: 'secrets come from SecretMount sources; env holds configuration only',
  appliesTo: ['pod-workloads', 'Secret', 'ConfigMap'],
  references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/'],
  check(object) {
    if (object.kind === 'Secret') return inlineSecretData(object);
    if (object.kind === 'ConfigMap') return configMapSecrets(object);
    const view = podTemplateOf(object);
    if (!view) return [];
    const findings: RuleFinding[] = [];
    for (const c of containersOf(view)) {
      const env = Array.isArray(c.container.env) ? c.container.env : [];
      env.forEach((variable, i) => {
        if (!isRecord(variable)) return;
        const reason = literalSecretReason(String(variable.name ?? ''), variable.value);
        if (reason) {
          findings.push({
            message: `container "${c.container.name}" environment variable ${variable.name} ${reason}`,
            path: pointer(c.pointer, 'env', i, 'value'),
          });
        }
      });
      for (const field of ['command', 'args'] as const) {
        const list = c.container[field];
        if (!Array.isArray(list)) continue;
        list.forEach((arg, i) => {
          const reason = argumentSecretReason(arg);
          if (reason) {
            findings.push({
              message: `container "${c.container.name}" passes an argument in ${field} that ${reason}`,
              path: pointer(c.pointer, field, i),
            });
          }
        });
      }
    }
    return findings;
  },
};

/**
 * Why the command-line argument `arg` is a literal secret, or `undefined`: a `--name=value` flag is judged
 * by its name and value, any other argument by the shape of its value.
 */
function argumentSecretReason(arg: unknown): string | undefined {
  if (typeof arg !== 'string') return undefined;
  const flag = /^--?([\w.-]+)=(.+)$/.exec(arg);
  return flag ? literalSecretReason(flag[1], flag[2]) : literalSecretReason('', arg);
}

/**
 * Secret types whose data the cluster itself writes (token controller, Helm's release records): they appear in
 * `kubectl get -o yaml` of a live cluster, but nobody authored them.
 */
const CLUSTER_MANAGED_SECRET_TYPES: ReadonlySet<string> = new Set(['kubernetes.io/service-account-token', 'helm.sh/release.v1']);

function inlineSecretData(object: Record<string, unknown>): RuleFinding[] {
  if (typeof object.type === 'string' && CLUSTER_MANAGED_SECRET_TYPES.has(object.type)) return [];
  const findings: RuleFinding[] = [];
  const name = isRecord(object.metadata) ? object.metadata.name : undefined;
  for (const field of ['data', 'stringData']) {
    const data = object[field];
    // A number or boolean counts too: `password: 12345678` unquoted is still a secret written into the manifest.
    if (isRecord(data) && Object.values(data).some((v) => (typeof v === 'string' && v.length > 0) || typeof v === 'number' || typeof v === 'boolean')) {
      findings.push({ message: `Secret "${name}" carries inline ${field}`, path: `/${field}` });
    }
  }
  return findings;
}

function configMapSecrets(object: Record<string, unknown>): RuleFinding[] {
  const data = object.data;
  if (!isRecord(data)) return [];
  const findings: RuleFinding[] = [];
  for (const [key, value] of Object.entries(data)) {
    const reason = literalSecretReason(key, value);
    if (reason) findings.push({ message: `ConfigMap key ${key} ${reason}`, path: pointer('/data', key) });
  }
  return findings;
}
