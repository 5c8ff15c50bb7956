import type { Cell, Sheet } from './workbook.js';
import { cellText, toHalfWidth, unitOf, type MoneyUnit } from './values.js';

/** A field a ledger column can hold, and the header words that name it. */
export interface FieldMatcher<F extends string> {
  field: F;
  pattern: RegExp;
}

export interface Column<F extends string> {
  index: number;
  header: string;
  field: F | null;
  /** Money unit named in the header itself, e.g. 计划总投资（亿元）. */
  unit: MoneyUnit | null;
}

export interface LedgerLayout<F extends string> {
  sheet: Sheet;
  headerRows: number[];
  columns: Column<F>[];
  /** From a "单位：万元" line above the header; 万元 when none. */
  sheetUnit: MoneyUnit;
}

export type RowKind = 'data' | 'blank' | 'section' | 'total' | 'note';

function normaliseHeader(text: string): { label: string; unit: MoneyUnit | null } {
  const half = toHalfWidth(text).replace(/\s/g, '');
  const inParens = /\(([^)]*)\)/.exec(half)?.[1] ?? '';
  return { label: half.replace(/\([^)]*\)/g, '').replace(/^其中[:：]?/, ''), unit: inParens ? unitOf(inParens) : null };
}

function matchField<F extends string>(matchers: FieldMatcher<F>[], label: string): F | null {
  return matchers.find((m) => m.pattern.test(label))?.field ?? null;
}

function score<F extends string>(matchers: FieldMatcher<F>[], row: Cell[]): number {
  return new Set(row.map((c) => matchField(matchers, normaliseHeader(cellText(c)).label)).filter(Boolean)).size;
}

/**
 * Finds the header the way a person would: the row (among the first 20) naming the most known
 * columns; a row right below it that names more (a two-row header whose upper row groups
 * columns, 时间节点 over 签约 / 计划开工 / 实际开工) is folded in.
 */
export function detectLayout<F extends string>(sheet: Sheet, matchers: FieldMatcher<F>[]): LedgerLayout<F> | null {
  let best = -1;
  let bestScore = 1;
  for (let r = 0; r < Math.min(20, sheet.rows.length); r++) {
    const s = score(matchers, sheet.rows[r] ?? []);
    if (s > bestScore) {
      best = r;
      bestScore = s;
    }
  }
  if (best < 0) return null;
  const headerRows = [best];
  const next = sheet.rows[best + 1] ?? [];
  if (score(matchers, next) >= 1 && matchField(matchers, normaliseHeader(cellText(next.find((c) => cellText(c) !== '') ?? null)).label) !== null) {
    const upper = sheet.rows[best] ?? [];
    const differs = next.some((c, i) => cellText(c) !== '' && cellText(c) !== cellText(upper[i] ?? null));
    if (differs) headerRows.push(best + 1);
  }
  const width = Math.max(...headerRows.map((r) => sheet.rows[r]?.length ?? 0));
  const columns: Column<F>[] = [];
  const taken = new Set<F>();
  for (let c = 0; c < width; c++) {
    // The lowest header row that says something about this column wins (签约 over 时间节点).
    const texts = headerRows.map((r) => cellText(sheet.rows[r]?.[c] ?? null)).filter(Boolean);
    const raw = texts[texts.length - 1] ?? '';
    const { label, unit } = normaliseHeader(raw);
    const field = matchField(matchers, label);
    const free = field && !taken.has(field) ? field : null;
    if (free) taken.add(free);
    columns.push({ index: c, header: raw, field: free, unit });
  }
  let sheetUnit: MoneyUnit = 'wan';
  for (let r = 0; r < headerRows[0]!; r++) {
    const line = (sheet.rows[r] ?? []).map(cellText).join(' ');
    const m = /单位[:：]\s*(万美元|亿元|万元|元)/.exec(line);
    if (m && m[1] !== '万美元') sheetUnit = unitOf(m[1]!) ?? 'wan';
  }
  return { sheet, headerRows, columns, sheetUnit };
}

/** Section titles, totals, notes and blank lines are part of a ledger's shape, not its data. */
export function classifyRow(row: Cell[]): RowKind {
  const texts = row.map(cellText);
  const filled = texts.filter(Boolean);
  if (filled.length === 0) return 'blank';
  const first = filled[0]!;
  if (/^(合计|小计|总计|共计)/.test(first)) return 'total';
  if (/^注[:：.、\d]/.test(first) || first === '注') return 'note';
  if (/^[一二三四五六七八九十]+[、.．]/.test(first) && new Set(filled).size === 1) return 'section';
  // A merged row across the width (one value repeated in every cell) is a section title.
  if (filled.length >= 3 && new Set(filled).size === 1) return 'section';
  return 'data';
}
