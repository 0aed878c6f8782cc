import { posix } from 'path';
import * as fc from 'fast-check';
import { normalMountPath } from '../../src/rules/remediate';

describe('normalMountPath', () => {
  test.each([
    ['/tmp', '/tmp'], ['/tmp/', '/tmp'], ['//tmp', '/tmp'], ['/var/../tmp', '/tmp'], ['/./tmp', '/tmp'], ['/.', '/'], ['/', '/'],
    ['/.cache', '/.cache'], ['/var/..data', '/var/..data'],
  ])('%s is %s', (path, normal) => {
    expect(normalMountPath(path)).toBe(normal);
  });

  test('is posix.normalize without a trailing slash, for any absolute path', () => {
    const segment = fc.constantFrom('', '.', '..', '...', 'tmp', '.cache', '..data', 'a.b');
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (segments, trailing) => {
      const path = `/${segments.join('/')}${trailing ? '/' : ''}`;
      expect(normalMountPath(path)).toBe(posix.normalize(path).replace(/(.)\/$/, '$1'));
    }), { numRuns: 2000 });
  });
});
