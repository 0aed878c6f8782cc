/**
 * Message formatting shared by the checks, reproducing pod-security-admission's helpers so that
 * messages read the same as the admission controller's.
 */

/** `singular` when `count` is 1, else `plural`. */
export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"', '\\': '\\\\', '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

/** Text that `%q` quotes as it is: printable ASCII but the double quote and the backslash (nearly every name). */
const PLAIN_ASCII = /^[ !#-[\]-~]*$/;

/** Quotes `text` the way Go's `%q` does for printable text and common control characters. */
export function goQuote(text: string): string {
  if (PLAIN_ASCII.test(text)) return `"${text}"`;
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (SHORT_ESCAPES[char]) quoted += SHORT_ESCAPES[char];
    else if (code < 0x20 || code === 0x7f) quoted += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += char;
  }
  return quoted + '"';
}

/** Each item Go-quoted, joined with `, ` (pod-security-admission's `joinQuote`). */
export function joinQuote(items: readonly string[]): string {
  return items.map(goQuote).join(', ');
}

/** The distinct `items`, sorted (like Go's `sets.String.List()`). */
export function sortedUnique(items: Iterable<string>): string[] {
  return [...new Set(items)].sort();
}

/** `container "a"` or `containers "a", "b"`. */
export function containerList(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}
