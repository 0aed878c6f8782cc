/**
 * Small builders of CEL text for ValidatingAdmissionPolicies. They only use standard CEL (`has()`, `all()`,
 * `exists()`, `map()`, `in`, `matches()`, `startsWith()`), never optional chaining (`?.`) or Kubernetes library
 * functions, so the same expressions run in any CEL evaluator. `has()` guards every step of an optional path.
 */

/** A CEL string literal. */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

/** A CEL list of string literals. */
export function celStringList(items: readonly string[]): string {
  return `[${items.map(celString).join(', ')}]`;
}

/** `has(base.a) && has(base.a.b) && …` for every step of `fields` under `base`. */
export function celHasPath(base: string, fields: readonly string[]): string {
  return fields.map((_, i) => `has(${[base, ...fields.slice(0, i + 1)].join('.')})`).join(' && ');
}

/** True when the optional field `base.fields…` is set and `condition` (written over `<path>`) holds. */
export function celSetAnd(base: string, fields: readonly string[], condition: (path: string) => string): string {
  return `(${celHasPath(base, fields)} && ${condition([base, ...fields].join('.'))})`;
}

/** True when the optional field `base.fields…` is unset, or set and `condition` holds. */
export function celUnsetOr(base: string, fields: readonly string[], condition: (path: string) => string): string {
  const unset = fields.map((_, i) => `!has(${[base, ...fields.slice(0, i + 1)].join('.')})`);
  return `(${[...unset, condition([base, ...fields].join('.'))].join(' || ')})`;
}

/** `(a) && (b) && …`. */
export function celAll(...conditions: readonly string[]): string {
  return conditions.map((c) => `(${c})`).join(' && ');
}

/** `(a) || (b) || …`. */
export function celAny(...conditions: readonly string[]): string {
  return conditions.map((c) => `(${c})`).join(' || ');
}
