/**
 * Kubernetes resource quantities (`250m`, `1`, `512Mi`, `1e3`, `2G`), parsed to numbers for comparisons.
 */

const SUFFIXES: Readonly<Record<string, number>> = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/** The value of a quantity in base units (cores, bytes), or `undefined` when it is not a valid quantity. */
export function parseQuantity(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const m = QUANTITY.exec(quantity.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIXES[m[3] ?? ''];
}

/** True when `quantity` is a valid Kubernetes quantity of 0 or more (requests, limits, quotas). */
export function isNonNegativeQuantity(quantity: unknown): boolean {
  const value = parseQuantity(quantity);
  return value !== undefined && value >= 0;
}

/** True when `quantity` is a valid Kubernetes quantity above 0 (sizes). */
export function isPositiveQuantity(quantity: unknown): boolean {
  const value = parseQuantity(quantity);
  return value !== undefined && value > 0;
}

/** True when `quantity` is a valid Kubernetes quantity. */
export function isQuantity(quantity: unknown): boolean {
  return parseQuantity(quantity) !== undefined;
}
