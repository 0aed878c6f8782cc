/**
 * Links to a rule's section of RULES.md, for every message that names a rule.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

let rulesDocument: string | undefined;

/**
 * Where a rule is documented: `<repository>/blob/HEAD/RULES.md#<rule-id>` when the package declares a GitHub
 * repository, else the relative `RULES.md#<rule-id>`.
 *
 * @example ruleDocsLink('run-as-non-root') // 'RULES.md#run-as-non-root'
 */
export function ruleDocsLink(ruleId: string): string {
  rulesDocument ??= rulesDocumentUrl(readPackageRepository());
  return `${rulesDocument}#${ruleId}`;
}

/** The URL (or relative path) of RULES.md for a package `repository` field. */
export function rulesDocumentUrl(repository: unknown): string {
  const url = typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') return 'RULES.md';
  const match = /^(?:github:|git\+https:\/\/github\.com\/|https:\/\/github\.com\/|git@github\.com:)?([\w.-]+\/[\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `https://github.com/${match[1]}/blob/HEAD/RULES.md` : 'RULES.md';
}

function readPackageRepository(): unknown {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { repository?: unknown }).repository;
  } catch {
    return undefined;
  }
}
