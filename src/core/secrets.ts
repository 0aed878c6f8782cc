/**
 * Recognises literal secrets: values that look like credentials by their shape (private keys, cloud and
 * SaaS tokens, credentials in URLs) or by the name they are stored under. Tuned for a low false-positive
 * rate: ordinary configuration (paths, booleans, numbers, references, names of secrets) passes.
 */

/** Value shapes that are credentials whatever they are called. */
const SECRET_VALUE_PATTERNS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'an API secret key', pattern: /\b(?:sk|rk)[-_](?:live|test|proj|ant)?[-_]?[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'credentials in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/$]+:(?!\$\{|\$\()[^\s@/]+@/i },
];

/** Names under which a literal value is a secret. */
const SECRET_NAME = /(?:^|[_.-])(?:passw(?:or)?d|pwd|pass|secret|token|api[_.-]?key|apikey|private[_.-]?key|access[_.-]?key|secret[_.-]?key|client[_.-]?secret|credentials?|auth[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key)(?:$|[_.-])/i;

/** Name endings that describe a secret rather than hold it (`DB_PASSWORD_FILE`, `TOKEN_TTL`). */
const DESCRIPTIVE_SUFFIX = /[_.-](?:file|path|dir|name|ref|url|uri|endpoint|host|port|ttl|timeout|expiry|expiration|lifetime|length|size|enabled|enable|required|header|type|algorithm|alg|issuer|audience|id|key[_.-]?id|policy|mode|location|provider|method|server|service|store|version|format|field|env|prefix|suffix|rotation|interval|count|limit)$/i;

/** Values that are configuration, not credentials. */
function isOrdinaryValue(value: string): boolean {
  const v = value.trim();
  return v.length < 6
    || /^(?:true|false|yes|no|on|off|enabled|disabled|none|null|nil|required|optional)$/i.test(v)
    || /^-?\d+(?:\.\d+)?[a-z]{0,3}$/i.test(v)
    || /^(?:\/|\.\.?\/|~\/|file:)/.test(v)
    || /^\$(?:\{[^}]+\}|\([^)]+\))$/.test(v)
    || /^\{\{.*\}\}$/.test(v)
    || /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(v) && v.length <= 63 && !/\d{4,}/.test(v);
}

/** What kind of secret `value` looks like, or `undefined`. */
export function secretValueKind(value: string): string | undefined {
  for (const { name, pattern } of SECRET_VALUE_PATTERNS) {
    if (pattern.test(value)) return name;
  }
  return undefined;
}

/** True when a variable called `name` holds a secret, judging by its name alone. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !DESCRIPTIVE_SUFFIX.test(name);
}

/**
 * Why the pair `name=value` is a literal secret, or `undefined` when it is not.
 * A value is a secret by its shape, or by its name when the value is not ordinary configuration.
 */
export function literalSecretReason(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  const kind = secretValueKind(value);
  if (kind) return `holds ${kind}`;
  if (isSecretName(name) && !isOrdinaryValue(value)) return 'holds a literal secret value';
  return undefined;
}
