/**
 * Recognises literal secrets: values that look like credentials by their shape (private keys, cloud and
 * SaaS tokens, credentials in URLs) or by the name they are stored under. Tuned for a low false-positive
 * rate: ordinary configuration (paths, booleans, durations, URLs, references, names of secrets) passes.
 */

/** Value shapes that are credentials whatever they are called. */
const SECRET_VALUE_PATTERNS: ReadonlyArray<{ name: string; pattern: RegExp }> = [
  { name: 'a private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { name: 'a GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'a SendGrid key', pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { name: 'a Hugging Face token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: 'credentials in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/$]+:(?!\$\{|\$\(|\{\{)[^\s@/]+@/i },
];

/**
 * API secret keys (`sk-…`, `sk_live_…`, `rk_…`, `sk-ant-…`, `sk-proj-…`): the prefix, then a random-looking run
 * of at least 20 letters and digits. Word-like values such as `sk-winter-collection-2026` do not match.
 */
const API_SECRET_KEY = /\b(?:sk|rk)[-_](?:(?:live|test|proj|ant|api\d*|svcacct)[-_])*([A-Za-z0-9_-]{20,})/;

/** The prefix of an API secret key with its kind (`sk_live_`, `rk_test_`, `sk-proj-`, `sk-ant-`). */
const API_SECRET_KEY_PREFIX = /^(?:sk|rk)[-_](?:live|test|proj|ant|svcacct)[-_]/;

/** Names ending in a password word: any literal value there is a password. */
const PASSWORD_NAME = /(?:^|[_.-])(?:passw(?:or)?d|pwd|pass|passphrase)\d?$/i;

/** Names under which a literal value is a secret unless it is ordinary configuration. */
const SECRET_NAME = /(?:^|[_.-])(?:passw(?:or)?d|pwd|passphrase|secret|token|api[_.-]?key|apikey|private[_.-]?key|access[_.-]?key|secret[_.-]?key|client[_.-]?secret|credentials?|auth[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|session[_.-]?key)(?:$|[_.-])/i;

/** Name endings that describe a secret rather than hold it (`DB_PASSWORD_FILE`, `TOKEN_TTL`, `SECRET_NAME`). */
const DESCRIPTIVE_SUFFIX = /[_.-](?:file|path|dir|name|ref|url|uri|endpoint|host|port|ttl|timeout|expiry|expiration|lifetime|length|size|enabled|enable|required|header|type|algorithm|algo|alg|issuer|audience|id|key[_.-]?id|policy|mode|location|provider|method|server|service|store|version|format|field|env|prefix|suffix|rotation|interval|count|limit|min|max|reset|secure|duration|scope|scopes|source)$/i;

/** References and placeholders a deployment tool substitutes: `${VAR}`, `$(VAR)`, `{{ .Values.x }}`. */
function isReference(v: string): boolean {
  return /^\$(?:\{[^}]+\}|\([^)]+\))$/.test(v) || /^\{\{.*\}\}$/.test(v);
}

/** Values that are configuration, not credentials, even under a secret-sounding name. */
function isOrdinaryValue(v: string): boolean {
  return isReference(v)
    || /^(?:true|false|yes|no|on|off|enabled|disabled|none|null|nil|required|optional)$/i.test(v)
    || /^-?\d+(?:\.\d+)?(?:[a-z]{1,3})?$/i.test(v)
    || /^(?:\d+(?:\.\d+)?(?:ns|us|ms|s|m|h|d))+$/.test(v)
    || /^(?:\/|\.\.?\/|~\/|file:)/.test(v)
    || /^[a-z][a-z0-9+.-]*:\/\/[^\s@]+$/i.test(v)
    || isIdentifier(v)
    || /^[a-z0-9_-]+(?:\/[a-z0-9_.-]+)+$/.test(v) && v.split('/').every((segment) => isIdentifier(segment) || /^[a-z]+$/.test(segment));
}

/** A kebab/snake-case identifier made of words (`db-credentials`, `shop-api-v2`), not of random characters. */
function isIdentifier(v: string): boolean {
  if (v.length > 63 || !/^[a-z0-9]+(?:[-_][a-z0-9]+)+$/.test(v)) return false;
  return v.split(/[-_]/).every((segment) => /^[a-z]+\d{0,3}$/.test(segment) || /^\d{1,4}$/.test(segment));
}

/** What kind of secret `value` looks like, or `undefined`. */
export function secretValueKind(value: string): string | undefined {
  for (const { name, pattern } of SECRET_VALUE_PATTERNS) {
    if (pattern.test(value)) return name;
  }
  const key = API_SECRET_KEY.exec(value);
  if (key && key[1].split(/[-_]/).some((run) => run.length >= 20 && /\d/.test(run) && /[A-Za-z]/.test(run))) return 'an API secret key';
  return undefined;
}

/** True when a variable called `name` holds a secret, judging by its name alone. */
export function isSecretName(name: string): boolean {
  return (PASSWORD_NAME.test(name) || SECRET_NAME.test(name)) && !DESCRIPTIVE_SUFFIX.test(name);
}

/**
 * Why the pair `name=value` is a literal secret, or `undefined` when it is not.
 * A value is a secret by its shape; or under a password's name unless it is a reference, a path or a flag;
 * or under another secret's name unless it is ordinary configuration.
 */
export function literalSecretReason(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v.length === 0) return undefined;
  const kind = secretValueKind(v);
  if (kind) return `holds ${kind}`;
  if (!isSecretName(name)) return undefined;
  if (PASSWORD_NAME.test(name)) {
    const pointsElsewhere = isReference(v) || /^(?:\/|file:)/.test(v) || /^(?:true|false)$/i.test(v);
    return pointsElsewhere ? undefined : 'holds a literal password';
  }
  // A key's own prefix (`sk_live_`) under a secret's name is a key, however short or word-like the rest.
  if (API_SECRET_KEY_PREFIX.test(v)) return 'holds an API secret key';
  return isOrdinaryValue(v) ? undefined : 'holds a literal secret value';
}
