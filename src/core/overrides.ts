/**
 * Justified overrides: the only way to weaken a default. Each one names a rule and says why, and travels
 * with the YAML in the `kubeharden.io/overrides` annotation.
 */
import { didYouMean } from './did-you-mean';
import { isRecord } from './types';

/** Annotation that carries the applied overrides, as a JSON array of {@link Override}. */
export const OVERRIDES_ANNOTATION = 'kubeharden.io/overrides';

/** Shortest accepted justification, in characters. */
export const MIN_JUSTIFICATION_LENGTH = 20;

/**
 * A justified exception to one rule.
 *
 * @example { rule: 'read-only-root-filesystem', justification: 'Writes its cache to /var/lib/legacy; replacement planned in SEC-150' }
 */
export interface Override {
  /** The id of the rule to weaken (see RULES.md). */
  readonly rule: string;
  /** Why the weakening is acceptable: at least 20 characters of real explanation (a ticket, a plan). */
  readonly justification: string;
  /**
   * Last day (ISO `YYYY-MM-DD`, inclusive) the override is valid. An expired override is an error.
   * @default - never expires
   */
  readonly expires?: string;
}

/** Justifications that explain nothing. Compared after lower-casing and trimming punctuation. */
const PLACEHOLDERS = new Set([
  'todo', 'tbd', 'tbc', 'fixme', 'xxx', 'n/a', 'na', 'none', 'nothing', 'test', 'testing', 'temp',
  'temporary', 'placeholder', 'justification', 'reason', 'because', 'needed', 'required', 'asdf', 'foo',
  'bar', 'wip', 'later', 'fix later', 'will fix later', 'to do', 'ignore', 'ok', 'yes', 'no',
]);

/** The fields an override may have. */
const OVERRIDE_FIELDS: readonly string[] = ['rule', 'justification', 'expires'];

const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /lorem ipsum/,
  /^(todo|tbd|fixme|xxx|wip)\b/,
  /^(justification|reason|placeholder)( goes)? here\b/,
  /^(add|write|insert) (a |the )?(justification|reason)/,
];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Today's date in UTC as `YYYY-MM-DD`. */
export function todayIso(now?: Date): string {
  if (now) return now.toISOString().slice(0, 10);
  // Constructs ask thousands of times per synthesis: the date is formatted once per UTC day.
  const time = Date.now();
  if (!today || time < today.start || time >= today.end) {
    const start = time - (time % DAY_MS);
    today = { iso: new Date(start).toISOString().slice(0, 10), start, end: start + DAY_MS };
  }
  return today.iso;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The current UTC day, as {@link todayIso} last formatted it. */
let today: { readonly iso: string; readonly start: number; readonly end: number } | undefined;

/** An override is malformed, unknown, unjustified or expired. The message names the rule and the fix. */
export class OverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverrideError';
  }
}

/** Options for {@link validateOverrides}. */
export interface ValidateOverridesOptions {
  /** Rule ids that exist. */
  readonly knownRules: ReadonlySet<string>;
  /** Today, `YYYY-MM-DD`. */
  readonly today: string;
  /** Where the overrides were written, for messages (a construct path or a resource). */
  readonly where: string;
}

/**
 * Checks a list of overrides written by a user: each must be an object with a known rule, a real
 * justification and, if present, a valid `expires` date that has not passed. Throws {@link OverrideError}
 * for the first problem found.
 */
export function validateOverrides(overrides: unknown, options: ValidateOverridesOptions): Override[] {
  if (overrides === undefined || overrides === null) return [];
  if (!Array.isArray(overrides)) {
    throw new OverrideError(`${options.where} overrides must be a list of { rule, justification, expires? } objects.`);
  }
  const seen = new Set<string>();
  return overrides.map((candidate, i) => {
    const override = validateOverride(candidate, `${options.where} overrides[${i}]`, options);
    if (seen.has(override.rule)) {
      throw new OverrideError(`${options.where} rule "${override.rule}" is overridden twice. Fix: keep one override per rule.`);
    }
    seen.add(override.rule);
    return override;
  });
}

function validateOverride(candidate: unknown, where: string, options: ValidateOverridesOptions): Override {
  if (!isRecord(candidate)) {
    throw new OverrideError(`${where} must be an object { rule, justification, expires? }.`);
  }
  const { rule, justification, expires } = candidate;
  const unknown = unknownOverrideField(candidate);
  if (unknown !== undefined) {
    throw new OverrideError(`${where} has unknown field "${unknown}". Fix: an override has only rule, justification and expires${didYouMean(unknown, OVERRIDE_FIELDS)}.`);
  }
  if (typeof rule !== 'string' || rule.length === 0) {
    throw new OverrideError(`${where} has no rule. Fix: set rule to a rule id from RULES.md (e.g. "read-only-root-filesystem").`);
  }
  if (!options.knownRules.has(rule)) {
    throw new OverrideError(`${where} names unknown rule "${rule}". Fix: use a rule id from RULES.md${didYouMean(rule, options.knownRules)}.`);
  }
  const problem = justificationProblem(justification);
  if (problem) {
    throw new OverrideError(
      `${where} for rule "${rule}" ${problem}. Fix: explain in at least ${MIN_JUSTIFICATION_LENGTH} characters why the weakening is acceptable (a ticket or a plan).`,
    );
  }
  const result: { rule: string; justification: string; expires?: string } = { rule, justification: (justification as string).trim() };
  if (expires !== undefined) {
    if (typeof expires !== 'string' || !isValidIsoDate(expires)) {
      throw new OverrideError(`${where} for rule "${rule}" has an invalid expires ${JSON.stringify(expires)}. Fix: use an ISO date, YYYY-MM-DD.`);
    }
    if (expires < options.today) {
      throw new OverrideError(
        `${where} for rule "${rule}" expired on ${expires}. Fix: remove the weakening, or renew the override with a new expires date and justification.`,
      );
    }
    result.expires = expires;
  }
  return result;
}

/** The first field of `candidate` that an override does not have (a misspelt `expires` would make it permanent). */
function unknownOverrideField(candidate: Record<string, unknown>): string | undefined {
  return Object.keys(candidate).find((key) => !OVERRIDE_FIELDS.includes(key));
}

/** Why `justification` is not acceptable, or `undefined` when it is. */
export function justificationProblem(justification: unknown): string | undefined {
  if (typeof justification !== 'string' || justification.trim().length === 0) return 'has no justification';
  const text = justification.trim();
  // A template left as it is, such as the '<why, at least 20 characters>' of the fixes kubeharden prints.
  if (/^<[^<>]*>$/.test(text)) return `has a placeholder justification ("${text}")`;
  const normalized = text.toLowerCase().replace(/[\s.!?,;:'"()\-_*]+/g, ' ').trim();
  if (PLACEHOLDERS.has(normalized) || PLACEHOLDER_PATTERNS.some((p) => p.test(normalized))) {
    return `has a placeholder justification ("${text}")`;
  }
  if (text.length < MIN_JUSTIFICATION_LENGTH) {
    return `has a justification shorter than ${MIN_JUSTIFICATION_LENGTH} characters ("${text}")`;
  }
  if (new Set(normalized.replace(/ /g, '')).size < 5 || normalized.split(' ').filter((w) => /[a-z0-9]/.test(w)).length < 3) {
    return `has a justification that explains nothing ("${text}")`;
  }
  return undefined;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isValidIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** True when `annotations` (an object's) hold a `kubeharden.io/overrides` annotation, readable or not. */
export function hasOverridesAnnotation(annotations: unknown): boolean {
  return isRecord(annotations) && annotations[OVERRIDES_ANNOTATION] !== undefined;
}

/** The overrides recorded on an object's annotations, or a description of why they cannot be read. */
export function readOverridesAnnotation(annotations: unknown): { overrides: Override[]; error?: string } {
  if (!isRecord(annotations)) return { overrides: [] };
  const raw = annotations[OVERRIDES_ANNOTATION];
  if (raw === undefined) return { overrides: [] };
  let parsed: unknown;
  try {
    parsed = typeof raw === 'string' ? JSON.parse(raw) : raw;
  } catch {
    return { overrides: [], error: `annotation ${OVERRIDES_ANNOTATION} is not valid JSON` };
  }
  if (!Array.isArray(parsed)) return { overrides: [], error: `annotation ${OVERRIDES_ANNOTATION} must be a JSON array` };
  const overrides: Override[] = [];
  for (const entry of parsed) {
    if (!isRecord(entry) || typeof entry.rule !== 'string' || typeof entry.justification !== 'string') {
      return { overrides, error: `annotation ${OVERRIDES_ANNOTATION} has an entry without rule and justification` };
    }
    const unknown = unknownOverrideField(entry);
    if (unknown !== undefined) {
      return {
        overrides,
        error: `annotation ${OVERRIDES_ANNOTATION} has an entry with unknown field "${unknown}"${didYouMean(unknown, OVERRIDE_FIELDS)}: an override has only rule, justification and expires`,
      };
    }
    if (entry.expires !== undefined && typeof entry.expires !== 'string') {
      return { overrides, error: `annotation ${OVERRIDES_ANNOTATION} has an entry whose expires is not a YYYY-MM-DD string` };
    }
    overrides.push({
      rule: entry.rule,
      justification: entry.justification,
      ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
    });
  }
  return { overrides };
}

/** The annotation value for `overrides`: a JSON array, rules in a stable order. */
export function formatOverridesAnnotation(overrides: readonly Override[]): string {
  const sorted = [...overrides].sort((a, b) => a.rule.localeCompare(b.rule));
  return JSON.stringify(sorted.map((o) => ({
    rule: o.rule,
    justification: o.justification,
    ...(o.expires ? { expires: o.expires } : {}),
  })));
}
