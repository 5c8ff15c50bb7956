/**
 * China keeps one time zone (UTC+8) and no daylight saving, so a day in China is the instant
 * moved by eight hours. Every "which day is it", "which month did this happen" and "when does
 * the year begin" of the platform is asked here, not with its own arithmetic.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar day (YYYY-MM-DD) in China of an instant. */
export function chinaDay(at: string | Date): string {
  return new Date(new Date(at).getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China calendar year begins (its 1 January, 00:00 in China), as ISO-8601 UTC. */
export function chinaYearStart(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - CHINA_OFFSET_MS).toISOString();
}
