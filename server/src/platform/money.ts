/**
 * Money is stored as integers (yuan, or US dollars) so that sums are exact; the API speaks 万元 /
 * 万美元 with up to 4 decimals (1 yuan). Conversions happen only here.
 */
export const YUAN_PER_WAN = 10_000;

/** 万 → integer units, refusing more precision than one unit (e.g. 0.00001万). */
export function wanToUnits(wan: number): number {
  const units = Math.round(wan * YUAN_PER_WAN);
  if (Math.abs(wan * YUAN_PER_WAN - units) > 1e-6 || !Number.isSafeInteger(units)) throw new RangeError(`not an exact amount: ${wan}`);
  return units;
}

export function unitsToWan(units: number | string | null | undefined): number | null {
  if (units === null || units === undefined) return null;
  return Number(units) / YUAN_PER_WAN;
}

export function hasAtMost4Decimals(wan: number): boolean {
  try {
    wanToUnits(wan);
    return true;
  } catch {
    return false;
  }
}

/** A bound typed into a filter (any precision) → integer units, rounded to the nearest unit. */
export function wanFilterToUnits(wan: number): number {
  return Math.round(wan * YUAN_PER_WAN);
}
