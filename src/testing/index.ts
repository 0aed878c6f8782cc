/**
 * kubeharden for your own test suites: `toBeHardened` and `toHaveNoFindings` matchers and deterministic YAML for
 * snapshots. `import 'kubeharden/testing'` registers the matchers on the global `expect` when there is one.
 *
 * @example
 * import 'kubeharden/testing';
 * test('the shop chart is hardened', () => expect(chart).toBeHardened());
 * @packageDocumentation
 */
import { HardenedMatcherOptions, registerMatchers, ExtensibleExpect } from './matchers';
import type { AuditOptions } from '../audit/engine';

export { toBeHardened, toHaveNoFindings, kubehardenMatchers, registerMatchers } from './matchers';
export type { HardenedMatcherOptions, MatcherResult, MatcherContextLike, ExtensibleExpect } from './matchers';
export { objectsOf, SubjectError } from './subjects';
export type { AuditSubject } from './subjects';
export { toStableYaml } from './stable-yaml';
export type { StableYamlOptions } from './stable-yaml';
export { formatFindings } from './format';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      /**
       * Audits a cdk8s App/Chart/construct, Kubernetes objects or YAML text: passes when no finding is at or above
       * `failOn` (default medium) against the restricted Pod Security Standard and every rule.
       */
      toBeHardened(options?: HardenedMatcherOptions): R;
      /** Audits like `kubeharden audit` with `options`: passes when there is no finding at all. */
      toHaveNoFindings(options?: AuditOptions): R;
    }
  }
}

const globalExpect = (globalThis as { expect?: Partial<ExtensibleExpect> }).expect;
if (typeof globalExpect?.extend === 'function') registerMatchers(globalExpect as ExtensibleExpect);
