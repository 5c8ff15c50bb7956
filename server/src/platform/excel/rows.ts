import type { Lang } from '../i18n/index.js';
import { classifyRow, detectLayout, type FieldMatcher, type LedgerLayout } from './ledger.js';
import { cellText, columnLetter, parseAmountWan, parseDate, type MoneyUnit } from './values.js';
import type { Cell, Sheet } from './workbook.js';

/**
 * Reading a ledger's data rows, shared by every ledger the platform imports (projects, leads):
 * which sheet, which rows are data, each cell by field, and row errors that name the sheet's row,
 * the column as the office wrote it, the value and the reason in the user's language.
 */
export interface RowError {
  row: number;
  column: string;
  value: string;
  message: string;
}

export type Say = (key: string, params?: Record<string, string | number>) => string;

/** A ledger's message table (`{value}`-style placeholders) in the user's language. */
export function sayer(table: Record<Lang, Record<string, string>>, lang: Lang): Say {
  return (key, params = {}) => table[lang][key]!.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

/** The sheet that looks most like this ledger when a workbook has several: it must name `required`. */
export function pickLedgerLayout<F extends string>(sheets: Sheet[], matchers: FieldMatcher<F>[], required: F): LedgerLayout<F> | null {
  let best: LedgerLayout<F> | null = null;
  let bestFields = 0;
  for (const sheet of sheets) {
    const layout = detectLayout(sheet, matchers);
    if (!layout || !layout.columns.some((c) => c.field === required)) continue;
    const fields = layout.columns.filter((c) => c.field).length;
    if (fields > bestFields) {
      best = layout;
      bestFields = fields;
    }
  }
  return best;
}

export interface LedgerRow<F extends string> {
  /** The sheet's row number, as Excel shows it. */
  row: number;
  errors: RowError[];
  has(field: F): boolean;
  get(field: F): Cell;
  /** Trimmed text, null when empty; a leading quote before = + - @ (how exports defuse formulas) is dropped. */
  text(field: F): string | null;
  fail(field: F, key: string, params?: Record<string, string | number>): void;
  /** An amount in 万元 (the column's unit, else the sheet's, else `unit`); a row error when unreadable, or when missing and `missingKey` is given. */
  money(field: F, options?: { missingKey?: string; unit?: MoneyUnit }): number | null;
  /** A date in every form of domain.md; a row error when unreadable, or when missing and `missingKey` is given. */
  date(field: F, missingKey?: string): string | null;
}

/** The data rows below the header — blank, section and total rows skipped, stopping at the notes. */
export function* ledgerRows<F extends string>(layout: LedgerLayout<F>, say: Say): Generator<LedgerRow<F>> {
  const byField = new Map(layout.columns.filter((c) => c.field).map((c) => [c.field!, c]));
  for (let r = Math.max(...layout.headerRows) + 1; r < layout.sheet.rows.length; r++) {
    const cells = layout.sheet.rows[r] ?? [];
    const kind = classifyRow(cells);
    if (kind === 'note') return;
    if (kind !== 'data') continue;
    const errors: RowError[] = [];
    const get = (field: F): Cell => {
      const col = byField.get(field);
      return col ? (cells[col.index] ?? null) : null;
    };
    const fail = (field: F, key: string, params: Record<string, string | number> = {}) => {
      const col = byField.get(field);
      const value = cellText(get(field));
      errors.push({ row: r + 1, column: col ? `${columnLetter(col.index)}（${col.header}）` : field, value, message: say(key, { value, ...params }) });
    };
    yield {
      row: r + 1,
      errors,
      has: (field) => byField.has(field),
      get,
      text: (field) => cellText(get(field)).replace(/^'(?=[=+\-@])/, '') || null,
      fail,
      money(field, options = {}) {
        const value = parseAmountWan(get(field), byField.get(field)?.unit ?? options.unit ?? layout.sheetUnit);
        if (value instanceof Error) {
          fail(field, 'amountBad');
          return null;
        }
        if (value === null && options.missingKey) fail(field, options.missingKey);
        return value;
      },
      date(field, missingKey) {
        const value = parseDate(get(field));
        if (value instanceof Error) {
          fail(field, 'dateBad');
          return null;
        }
        if (value === null && missingKey) fail(field, missingKey);
        return value?.date ?? null;
      },
    };
  }
}

/** Rows that are the same record would fight over it: every later one is refused, naming the first. */
export function refuseRepeats<T extends { row: number }>(rows: T[], keyOf: (row: T) => string, errorOf: (row: T, first: number) => RowError): { kept: T[]; errors: RowError[] } {
  const seen = new Map<string, number>();
  const kept: T[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const first = seen.get(keyOf(row));
    if (first === undefined) {
      seen.set(keyOf(row), row.row);
      kept.push(row);
    } else errors.push(errorOf(row, first));
  }
  return { kept, errors };
}

/** A chain named as offices write it: exactly, else one name inside the other (高性能材料产业链 → 高性能材料). */
export function chainNamed(chains: { id: number; name: string }[], word: string): number | null {
  return (chains.find((c) => c.name === word) ?? chains.find((c) => word.includes(c.name) || c.name.includes(word)))?.id ?? null;
}
