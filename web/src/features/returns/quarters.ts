import { parseQuarter, previousQuarter, quarterOf } from '../../../../common/returns';

/** The quarter today falls in, by the calendar of China (the server's quarters). */
export function currentQuarter(now: Date = new Date()): string {
  const day = new Date(now.getTime() + 8 * 3_600_000);
  return quarterOf(day.getUTCFullYear(), Math.floor(day.getUTCMonth() / 3) + 1);
}

/** The quarter that ended last: what the pages open on (its figures are being filed). */
export function lastEndedQuarter(now: Date = new Date()): string {
  return previousQuarter(currentQuarter(now));
}

/** `count` quarters up to and including `upTo`, newest first. */
export function quartersUpTo(upTo: string, count: number): string[] {
  const out = [upTo];
  while (out.length < count) out.push(previousQuarter(out[out.length - 1]!));
  return out;
}

/** The quarters of `from`'s year up to `from` (2026-Q3 → Q1, Q2, Q3). */
export function quartersOfYearTo(period: string): string[] {
  const q = parseQuarter(period)!;
  return Array.from({ length: q.quarter }, (_, i) => quarterOf(q.year, i + 1));
}

/** Every quarter from `first` to `last`, oldest first (the chart's axis, gaps included). */
export function quarterRange(first: string, last: string): string[] {
  if (first > last) return [];
  const out = [last];
  while (out[0]! > first && out.length < 200) out.unshift(previousQuarter(out[0]!));
  return out;
}

/** A share of a quarter of the design output, in whole percent (40.5 of 50 million → 81). */
export function shareOfDesign(outputYuan: number, designOutputWan: number): number {
  return Math.floor((outputYuan * 4 * 100) / (designOutputWan * 10_000));
}

/**
 * Quarters as people name them, grouped by year: zh "2026年二季度、三季度", en "Q2 and Q3 2026".
 * `names` holds the four quarters' names in the language, `join` joins a list.
 */
export function quarterList(periods: string[], lang: string, names: string[]): string {
  const zh = !lang.startsWith('en');
  const byYear = new Map<number, number[]>();
  for (const p of periods) {
    const q = parseQuarter(p);
    if (!q) continue;
    byYear.set(q.year, [...(byYear.get(q.year) ?? []), q.quarter]);
  }
  const parts = [...byYear].map(([year, qs]) => (zh ? `${year}年${qs.map((q) => names[q - 1]).join('、')}` : `${joinEnglish(qs.map((q) => names[q - 1]!))} ${year}`));
  return zh ? parts.join('、') : joinEnglish(parts);
}

export function joinEnglish(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A list of values as the language joins them: zh "81%、84%", en "81% and 84%". */
export function joinList(items: string[], lang: string): string {
  return lang.startsWith('en') ? joinEnglish(items) : items.join('、');
}
