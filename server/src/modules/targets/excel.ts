import { createHash } from 'node:crypto';
import type { IndicatorUnit } from '../../../../common/targets.js';
import type { TargetImportReport } from '../../../../common/targets-api.js';
import { inTransaction } from '../../db/portable.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { detectLayout, type FieldMatcher, type LedgerLayout } from '../../platform/excel/ledger.js';
import { ledgerRows, sayer, type RowError } from '../../platform/excel/rows.js';
import { cellText, columnLetter, parsePercent, toHalfWidth } from '../../platform/excel/values.js';
import { readWorkbook } from '../../platform/excel/workbook.js';
import type { Lang } from '../../platform/i18n/index.js';
import { translate } from '../../platform/i18n/index.js';
import { loadIndicators } from './indicators.js';
import { assertWriteTargets } from './policy.js';
import { targetableUnits } from './repo.js';
import { setTargets, targetText, type TargetInput, type TargetsDeps } from './service.js';

/** Columns of a 目标任务分解表: the unit, and one per built-in indicator. */
type Field = 'seq' | 'unit' | 'signed_100m' | 'signed_1b' | 'started_100m' | 'chain_share' | 'investment_wan';

/**
 * Header words as the city writes them, most specific first (10亿元以上 before 亿元以上). Headers
 * are matched without their parenthesised unit (（个）, （%）, （亿元） — the amount's unit is kept).
 */
const MATCHERS: FieldMatcher<Field>[] = [
  { field: 'seq', pattern: /^(序号|No\.?)$/i },
  { field: 'unit', pattern: /^(地区|单位|单位名称|县|县区|区县|县市区|辖市区|市区|板块|地区\/单位|责任单位|考核对象)$/ },
  { field: 'signed_1b', pattern: /(10|十)亿元?以上/ },
  { field: 'signed_100m', pattern: /^(新)?签约(亿元以上)?(项目)?(数|个数)?$|新签约.*亿元以上/ },
  { field: 'started_100m', pattern: /^(新)?开工(亿元以上)?(项目)?(数|个数)?$|新开工.*亿元以上/ },
  { field: 'chain_share', pattern: /四群八链|产业链项目占比|链上项目占比/ },
  { field: 'investment_wan', pattern: /完成投资|投资完成|完成(固定资产|重点项目)?投资额/ },
];

const INDICATOR_FIELDS = ['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan'] as const;

const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    unitMissing: '地区（单位）为空',
    unitUnknown: '找不到可考核的单位“{value}”（按全称或简称匹配，如 镇江新区、丹阳）',
    unitAmbiguous: '“{value}”对应多个单位，请写全称',
    duplicate: '与第 {other} 行是同一单位',
    countBad: '个数无法识别（应为不小于 0 的数字）',
    percentBad: '比例无法识别（应为 0 至 100 之间的数字，如 70 或 70%）',
    amountBad: '金额无法识别（应为不小于 0 的数字，如 300、300亿、3000000万）',
    negative: '目标值不能为负数',
    noValue: '本行没有任何指标目标',
  },
  'en-US': {
    unitMissing: 'the unit (地区) is empty',
    unitUnknown: 'no unit with targets named "{value}" (full or short name, e.g. 镇江新区, 丹阳)',
    unitAmbiguous: '"{value}" names several units: write the full name',
    duplicate: 'the same unit as row {other}',
    countBad: 'not a count (a number of at least 0)',
    percentBad: 'not a percent (a number from 0 to 100, e.g. 70 or 70%)',
    amountBad: 'not an amount (a number of at least 0, e.g. 300, 300亿, 3000000万)',
    negative: 'a target cannot be negative',
    noValue: 'the row has no target',
  },
};

class DryRun extends Error {}

/** The names a unit goes by in the city's tables: 镇江市京口区, 京口区, 京口; 镇江新区, 新区; 丹阳市, 丹阳. */
function aliases(name: string, cityNames: string[]): string[] {
  const out = new Set([name]);
  for (const city of cityNames) if (name.startsWith(city) && name.length > city.length + 1) out.add(name.slice(city.length));
  for (const n of [...out]) if (/[市区县]$/.test(n) && n.length > 2) out.add(n.slice(0, -1));
  return [...out];
}

const normalise = (text: string) => toHalfWidth(text).replace(/\s/g, '');

/** Upper header rows that group columns (新签约亿元以上项目 over 总数 / 其中10亿元以上): a column the lowest row does not name is tried with what is above it. */
function foldGroupHeaders(layout: LedgerLayout<Field>): void {
  if (layout.headerRows.length < 2) return;
  const taken = new Set(layout.columns.map((c) => c.field).filter(Boolean));
  for (const column of layout.columns) {
    if (column.field) continue;
    const texts = layout.headerRows.map((r) => normalise(cellText(layout.sheet.rows[r]?.[column.index] ?? null)).replace(/[(（][^)）]*[)）]/g, '').replace(/^其中[:：]?/, ''));
    const joined = texts.join('');
    const field = MATCHERS.find((m) => m.field !== 'seq' && m.field !== 'unit' && m.pattern.test(joined))?.field;
    if (field && !taken.has(field)) {
      column.field = field;
      taken.add(field);
    }
  }
}

/**
 * Imports the city's 目标任务分解表 for a year: one row per unit (matched by its full or short
 * name), one column per indicator; counts as numbers, percents as 70, 70% or a cell formatted as
 * a percent, amounts in 万元 or 亿元 by the column's header or the sheet's 单位 line. An empty cell
 * leaves that target as it is. Every row is checked first; the targets are then set together
 * through `setTargets` (versions, audit) — all or nothing: one bad row and nothing is written.
 * A dry run runs the same write and rolls it back, so it counts exactly what a commit would change.
 */
export async function importTargets(gj: TargetsDeps, ctx: RequestContext, file: Buffer, year: number, options: { dryRun: boolean; lang: Lang }): Promise<TargetImportReport> {
  assertWriteTargets(ctx);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError(400, 'TARGET_YEAR_BAD');
  const fileSha256 = createHash('sha256').update(file).digest('hex');
  const sheets = await readWorkbook(file);
  let layout: LedgerLayout<Field> | null = null;
  for (const sheet of sheets) {
    const candidate = detectLayout(sheet, MATCHERS);
    if (!candidate) continue;
    foldGroupHeaders(candidate);
    const indicators = candidate.columns.filter((c) => (INDICATOR_FIELDS as readonly string[]).includes(c.field ?? '')).length;
    if (candidate.columns.some((c) => c.field === 'unit') && indicators > 0 && (!layout || indicators > layout.columns.filter((c) => c.field && c.field !== 'unit' && c.field !== 'seq').length)) layout = candidate;
  }
  if (!layout) throw new AppError(400, 'TARGET_IMPORT_NO_HEADER');
  const say = sayer(MESSAGES, options.lang);
  const indicators = new Map((await loadIndicators(gj.db)).map((i) => [i.code, i]));
  const columns = layout.columns.filter((c): c is typeof c & { field: (typeof INDICATOR_FIELDS)[number] } => (INDICATOR_FIELDS as readonly string[]).includes(c.field ?? '') && indicators.has(c.field!));

  // Every unit a target may be set for, by each name it goes by; a name two units share is ambiguous.
  const units = await targetableUnits(gj.db);
  const cityNames = (await gj.db.selectFrom('units').select('name').where('kind', '=', 'city').execute()).flatMap((c) => [c.name, c.name.replace(/市$/, '')]);
  const byName = new Map<string, (typeof units)[number] | 'ambiguous'>();
  const exact = new Map(units.map((u) => [normalise(u.name), u]));
  for (const u of units) {
    for (const alias of aliases(normalise(u.name), cityNames)) {
      const seen = byName.get(alias);
      byName.set(alias, seen && seen !== u ? 'ambiguous' : u);
    }
  }

  const errors: RowError[] = [];
  const items: TargetImportReport['items'] = [];
  const inputs: TargetInput[] = [];
  const rowOfUnit = new Map<number, number>();
  let rows = 0;
  for (const row of ledgerRows(layout, say)) {
    const first = cellText((layout.sheet.rows[row.row - 1] ?? []).find((c) => cellText(c) !== '') ?? null);
    // The 说明 / 备注 line closes the table (注 lines are closed by the reader itself).
    if (/^(说明|备注|填表说明)/.test(first)) break;
    rows++;
    const name = row.text('unit');
    let unit: (typeof units)[number] | undefined;
    if (!name) row.fail('unit', 'unitMissing');
    else {
      const key = normalise(name);
      const bare = cityNames.filter((c) => key.startsWith(c) && key.length > c.length + 1).map((c) => key.slice(c.length));
      const found = exact.get(key) ?? byName.get(key) ?? bare.map((k) => exact.get(k) ?? byName.get(k)).find(Boolean);
      if (found === 'ambiguous') row.fail('unit', 'unitAmbiguous');
      else if (!found) row.fail('unit', 'unitUnknown');
      else unit = found;
    }
    const targets: Record<string, number> = {};
    for (const column of columns) {
      const indicator = indicators.get(column.field)!;
      const value = readValue(row.get(column.field), indicator.unit, column.unit ?? layout.sheetUnit);
      if (value === null) continue;
      if (value instanceof Error) {
        row.fail(column.field, value.message);
        continue;
      }
      try {
        targetText(indicator.unit, value);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        row.errors.push({ row: row.row, column: `${columnLetter(column.index)}（${column.header}）`, value: cellText(row.get(column.field)), message: translate(options.lang, err.code, err.params) });
        continue;
      }
      targets[column.field] = value;
    }
    if (unit) {
      const other = rowOfUnit.get(unit.id);
      if (other !== undefined) row.fail('unit', 'duplicate', { other });
      else rowOfUnit.set(unit.id, row.row);
    }
    if (!row.errors.length && !Object.keys(targets).length) row.fail('unit', 'noValue');
    errors.push(...row.errors);
    if (!unit || row.errors.length) continue;
    items.push({ row: row.row, unitId: unit.id, unitName: unit.name, targets });
    for (const [indicatorCode, value] of Object.entries(targets)) inputs.push({ unitId: unit.id, indicatorCode, value });
  }
  errors.sort((a, b) => a.row - b.row);

  // All or nothing: with any rejected row nothing is written (a commit and a dry run alike).
  let changed = 0;
  let committed = false;
  const detail = () => ({ sha256: fileSha256, year, rows, units: items.length, changed, rejected: errors.length });
  if (!errors.length) {
    try {
      await inTransaction(gj.db, async (trx) => {
        changed = (await setTargets(gj, ctx, year, inputs, { trx, source: 'import' })).changed;
        if (options.dryRun) throw new DryRun();
        await gj.audit.append(trx, ctx, { action: 'target.import', objectType: 'target', objectId: year, detail: detail() });
      });
      committed = !options.dryRun;
    } catch (err) {
      if (!(err instanceof DryRun)) throw err;
    }
  }
  if (!committed) await gj.audit.appendAlone(gj.db, ctx, { action: options.dryRun ? 'target.import-dry-run' : 'target.import-refused', objectType: 'target', objectId: year, detail: detail() });
  return {
    fileSha256,
    sheet: layout.sheet.name,
    year,
    mapping: layout.columns.map((c) => ({ column: columnLetter(c.index), header: c.header, field: c.field })),
    rows,
    units: items.length,
    changed,
    unchanged: inputs.length - changed,
    committed,
    errors,
    items,
  };
}

/** A target in its indicator's unit, or the key of the reason it is not one. */
function readValue(cell: string | number | Date | null, unit: IndicatorUnit, moneyUnit: 'wan' | 'yi' | 'yuan'): number | null | Error {
  if (cell === null || cellText(cell) === '') return null;
  if (unit === 'percent') {
    const v = parsePercent(cell);
    return v instanceof Error ? new Error(v.message === 'negative' ? 'negative' : 'percentBad') : v;
  }
  if (cell instanceof Date) return new Error(unit === 'count' ? 'countBad' : 'amountBad');
  const text = toHalfWidth(String(cell)).replace(/[,\s，]/g, '');
  if (unit === 'count') {
    const m = /^(-?\d+(?:\.\d+)?)(个|项)?$/.exec(text);
    if (!m) return new Error('countBad');
    const v = Number(m[1]);
    return v < 0 ? new Error('negative') : v;
  }
  const m = /^(-?\d+(?:\.\d+)?)(亿元|亿|万元|万|元)?$/.exec(text);
  if (!m) return new Error('amountBad');
  const v = Number(m[1]);
  if (v < 0) return new Error('negative');
  const factor = { 亿元: 10_000, 亿: 10_000, 万元: 1, 万: 1, 元: 0.0001 }[m[2] ?? ''] ?? { wan: 1, yi: 10_000, yuan: 0.0001 }[moneyUnit];
  return Math.round(v * factor * 10_000) / 10_000;
}
