import { monthsOfQuarter, parsePeriod, periodOrder, previousQuarter, quarterOf, quarterOfPeriod } from '../../../../common/returns';

/** The quarter today falls in, by the calendar of China (the server's quarters). */
export function currentQuarter(now: Date = new Date()): string {
  const day = new Date(now.getTime() + 8 * 3_600_000);
  return quarterOf(day.getUTCFullYear(), Math.floor(day.getUTCMonth() / 3) + 1);
}

/** Today, YYYY-MM-DD, by the calendar of China (the day the server dates a stage confirmed while its period is not over). */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The month today falls in, YYYY-MM, by the calendar of China. */
export function currentMonth(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** `count` months up to and including `upTo`, newest first. */
export function monthsUpTo(upTo: string, count: number): string[] {
  const [y, m] = upTo.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const k = y * 12 + (m - 1) - i;
    return `${String(Math.floor(k / 12)).padStart(4, '0')}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

/** The month that ended last: where a monthly filer's form opens. */
export function lastEndedMonth(now: Date = new Date()): string {
  return monthsUpTo(currentMonth(now), 2)[1]!;
}

/**
 * Figures by quarter, as the rules judge them: a quarter filed whole as it is, a monthly filer's
 * months summed into their quarter with how many are in (`months`). Amounts in 万元, kept to 4 places.
 */
export function byQuarter<T extends { period: string; outputWan: number; taxWan: number }>(filed: T[]): Map<string, { outputWan: number; taxWan: number; months: number }> {
  const out = new Map<string, { outputWan: number; taxWan: number; months: number }>();
  for (const f of filed) {
    const q = quarterOfPeriod(f.period);
    const sum = out.get(q) ?? { outputWan: 0, taxWan: 0, months: 0 };
    sum.outputWan = Math.round((sum.outputWan + f.outputWan) * 10_000) / 10_000;
    sum.taxWan = Math.round((sum.taxWan + f.taxWan) * 10_000) / 10_000;
    sum.months += parsePeriod(f.period)!.month === null ? 3 : 1;
    out.set(q, sum);
  }
  return out;
}

/**
 * The periods that cannot be filed because the same quarter is filed the other way: the months of
 * a quarter filed whole, and a quarter some of whose months are filed.
 */
export function filedOtherWay(filed: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of filed) {
    const q = quarterOfPeriod(p);
    if (p === q) for (const m of monthsOfQuarter(q)) out.add(m);
    else out.add(q);
  }
  return out;
}

/** Newest first, quarters and months in time (as text 2026-Q1 would sort after 2026-12). */
export function newestFirst<T extends { period: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => periodOrder(b.period).localeCompare(periodOrder(a.period)));
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
  const q = parsePeriod(period)!;
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
 * Periods as people name them, grouped by year: zh "2026年二季度、三季度", "2026年一季度、4月、5月",
 * en "Q2 and Q3 2026", "Q1, Apr and May 2026". `names` holds the four quarters' names in the
 * language; months are named by the language's calendar.
 */
export function quarterList(periods: string[], lang: string, names: string[]): string {
  const zh = !lang.startsWith('en');
  const monthName = new Intl.DateTimeFormat(zh ? 'zh-CN' : 'en-US', { month: 'short', timeZone: 'UTC' });
  const byYear = new Map<number, string[]>();
  for (const p of [...periods].sort((a, b) => periodOrder(a).localeCompare(periodOrder(b)))) {
    const q = parsePeriod(p);
    if (!q) continue;
    const name = q.month === null ? names[q.quarter - 1]! : monthName.format(new Date(Date.UTC(q.year, q.month - 1, 1)));
    byYear.set(q.year, [...(byYear.get(q.year) ?? []), name]);
  }
  const parts = [...byYear].map(([year, named]) => (zh ? `${year}年${named.join('、')}` : `${joinEnglish(named)} ${year}`));
  // Years apart by semicolons once a year lists more than one ("Q4 2025; Q1 and May 2026"), not an "and" inside an "and".
  return zh ? parts.join('、') : parts.some((x) => x.includes(' and ')) ? parts.join('; ') : joinEnglish(parts);
}

export function joinEnglish(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A list of values as the language joins them: zh "81%、84%", en "81% and 84%". */
export function joinList(items: string[], lang: string): string {
  return lang.startsWith('en') ? joinEnglish(items) : items.join('、');
}
