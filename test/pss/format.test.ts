import { goQuote, joinQuote } from '../../src/rules/pss/format';

describe('Go %q quoting, as pod-security-admission prints names', () => {
  test('printable ASCII is quoted as it is', () => {
    expect(goQuote('app-0')).toBe('"app-0"');
    expect(goQuote(' !#[]~')).toBe('" !#[]~"');
    expect(goQuote('')).toBe('""');
  });

  test('quotes, backslashes and control characters are escaped', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\t\n\x07\x7f\x01')).toBe('"\\t\\n\\a\\x7f\\x01"');
    expect(goQuote('\u0085\u2028')).toBe('"\\u0085\\u2028"');
  });

  test('other printable characters are kept', () => {
    expect(goQuote('é☃')).toBe('"é☃"');
    expect(joinQuote(['a', 'b"'])).toBe('"a", "b\\""');
  });
});
