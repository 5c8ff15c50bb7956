import type { Cell } from './workbook.js';

/** Full-width digits, letters and punctuation (１１４００, （江苏）) to their ASCII forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return toHalfWidth(String(cell)).trim();
}

export type MoneyUnit = 'wan' | 'yi' | 'yuan';
const FACTOR: Record<MoneyUnit, number> = { wan: 1, yi: 10_000, yuan: 0.0001 };

export function unitOf(text: string): MoneyUnit | null {
  if (/亿元|亿/.test(text)) return 'yi';
  if (/万元|万/.test(text)) return 'wan';
  if (/元/.test(text)) return 'yuan';
  return null;
}

/**
 * An amount as offices write it — 98700, "9.87亿", "5000万", "１１４００", "1,234.5" — in 万元,
 * rounded to one yuan. `unit` is what the column or the sheet's 单位 line says a bare number means.
 */
export function parseAmountWan(cell: Cell, unit: MoneyUnit): number | null | Error {
  if (cell === null || cell === '') return null;
  if (typeof cell === 'number') return round4(cell * FACTOR[unit]);
  if (cell instanceof Date) return new Error('not an amount');
  const text = toHalfWidth(String(cell)).replace(/[,\s，]/g, '');
  if (text === '') return null;
  const m = /^(-?\d+(?:\.\d+)?)(亿元|亿|万元|万|元)?$/.exec(text);
  if (!m) return new Error('not an amount');
  const suffix = m[2] ? unitOf(m[2])! : unit;
  const value = round4(Number(m[1]) * FACTOR[suffix]);
  return value < 0 ? new Error('negative') : value;
}

/**
 * A percent as offices write it: 70, "70%", "70 %", "７０％" — or a cell formatted as a percent,
 * which the reader hands over as the text Excel shows (0.7 → "70%"). In percent points.
 */
export function parsePercent(cell: Cell): number | null | Error {
  if (cell === null || cell === '') return null;
  if (typeof cell === 'number') return cell < 0 ? new Error('negative') : cell;
  if (cell instanceof Date) return new Error('not a percent');
  const text = toHalfWidth(String(cell)).replace(/[,\s，]/g, '');
  if (text === '') return null;
  const m = /^(-?\d+(?:\.\d+)?)%?$/.exec(text);
  if (!m) return new Error('not a percent');
  const value = Number(m[1]);
  return value < 0 ? new Error('negative') : value;
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): string | Error {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1990 || y > 2100) return new Error('not a date');
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Dates in every form of domain.md: real Excel dates, serial numbers, 2023-01-29, 2023/1/29,
 * 2023.1.29, 2023年1月29日, and 2023年1月 (month only: the first of the month, flagged).
 */
export function parseDate(cell: Cell): { date: string; monthOnly: boolean } | null | Error {
  if (cell === null || cell === '') return null;
  if (cell instanceof Date) {
    const r = valid(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
    return r instanceof Error ? r : { date: r, monthOnly: false };
  }
  if (typeof cell === 'number') {
    // Excel serial day numbers (1900 system): day 25569 is 1970-01-01.
    if (cell < 20_000 || cell > 80_000) return new Error('not a date');
    const d = new Date(Math.round((cell - 25_569) * 86_400_000));
    const r = valid(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    return r instanceof Error ? r : { date: r, monthOnly: false };
  }
  const text = toHalfWidth(String(cell)).replace(/\s/g, '');
  if (text === '') return null;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(text);
  if (m) {
    const r = valid(Number(m[1]), Number(m[2]), Number(m[3]));
    return r instanceof Error ? r : { date: r, monthOnly: false };
  }
  m = /^(\d{4})年(\d{1,2})月?$/.exec(text) ?? /^(\d{4})[-/.](\d{1,2})$/.exec(text);
  if (m) {
    const r = valid(Number(m[1]), Number(m[2]), 1);
    return r instanceof Error ? r : { date: r, monthOnly: true };
  }
  return new Error('not a date');
}

/** Column letters as Excel shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A cell a spreadsheet would evaluate (=, +, -, @ first) is written as text with a leading quote. */
export function defuse(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
