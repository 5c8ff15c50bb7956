import { createHash } from 'node:crypto';
import type { LoanImportReport } from '../../../../common/key-enterprises-api.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { RowError } from '../../platform/excel/rows.js';
import { cellText, columnLetter, toHalfWidth, unitOf } from '../../platform/excel/values.js';
import { readWorkbook, type Cell, type Sheet } from '../../platform/excel/workbook.js';
import type { Lang } from '../../platform/i18n/index.js';
import { inTransaction, LOCK_VERSIONS, lockKeys } from '../../db/portable.js';
import type { Services } from '../../platform/http.js';

/**
 * The finance regulator's monthly loan sheet (金融机构人民币贷款情况表): a title, 单位：亿元、%,
 * a two-row header (各项贷款 over 余额 / 比年初增减 / 同比增速; 其中：制造业贷款 over 余额 /
 * 比年初增减), the city total (全市合计) and one row per institution. Institutions are known by a
 * normalised name, so 中国工商银行镇江分行, 工商银行镇江分行 and 工行 are one. Amounts are kept in
 * yuan (亿元 × 10⁸, exact to the 0.01亿 the sheet carries), changes may be negative.
 */
type Field = 'name' | 'balance' | 'ytd' | 'yoy' | 'mfgBalance' | 'mfgYtd';

const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    nameMissing: '机构名称为空',
    amountBad: '“{value}”不是金额（亿元，可为负数）',
    percentBad: '“{value}”不是百分比',
    missing: '缺少{what}',
    repeated: '与第 {first} 行是同一机构（{name}）',
    noTotal: '表中没有“全市合计”行',
    totalMismatch: '各机构{what}之和为 {sum} 亿元，与合计行 {total} 亿元不符',
  },
  'en-US': {
    nameMissing: 'the institution name is empty',
    amountBad: '"{value}" is not an amount (亿元, may be negative)',
    percentBad: '"{value}" is not a percent',
    missing: '{what} is missing',
    repeated: 'the same institution as row {first} ({name})',
    noTotal: 'the sheet has no city total (全市合计) row',
    totalMismatch: 'the institutions’ {what} add up to {sum} 亿元, not the total row’s {total} 亿元',
  },
};
const WHAT: Record<Lang, Record<Field, string>> = {
  'zh-CN': { name: '机构名称', balance: '各项贷款余额', ytd: '比年初增减', yoy: '同比增速', mfgBalance: '制造业贷款余额', mfgYtd: '制造业贷款比年初增减' },
  'en-US': { name: 'institution', balance: 'loan balance', ytd: 'change since the start of the year', yoy: 'year-on-year growth', mfgBalance: 'manufacturing loan balance', mfgYtd: 'manufacturing change since the start of the year' },
};

const ABBREVIATIONS: [RegExp, string][] = [
  [/^工行/, '工商银行'],
  [/^农行/, '农业银行'],
  [/^中行/, '中国银行'],
  [/^建行/, '建设银行'],
  [/^交行/, '交通银行'],
  [/^(邮政储蓄银行|邮储行)/, '邮储银行'],
  [/农商行$/, '农村商业银行'],
];

/** One institution, however a month's sheet spells it: 中国工商银行股份有限公司镇江分行 → 工商银行. */
export function institutionKey(raw: string): string {
  let s = toHalfWidth(raw).replace(/\s/g, '').replace(/\(.*?\)/g, '');
  s = s.replace(/股份有限公司|有限责任公司|有限公司/g, '').replace(/镇江(市)?/g, '').replace(/(分行|支行|营业部)$/, '');
  for (const [re, full] of ABBREVIATIONS) s = s.replace(re, full);
  // 中国工商银行 → 工商银行, but 中国银行 stays itself.
  if (/^中国.{2,}银行$/.test(s)) s = s.slice(2);
  if (s === '江苏农村商业银行' || s === '江苏农商银行') s = '江苏农村商业银行';
  return s;
}

interface Layout {
  sheet: Sheet;
  header: number;
  firstData: number;
  columns: Map<Field, number>;
  unitFactor: number;
}

function findLayout(sheets: Sheet[]): Layout | null {
  for (const sheet of sheets) {
    for (let r = 0; r < Math.min(20, sheet.rows.length); r++) {
      const row = sheet.rows[r] ?? [];
      const nameCol = row.findIndex((c) => /机构名称|机构|银行名称|单位名称/.test(cellText(c)));
      if (nameCol < 0) continue;
      const below = sheet.rows[r + 1] ?? [];
      const twoRows = below.some((c, i) => i !== nameCol && /余额|比年初|同比/.test(cellText(c)));
      const columns = new Map<Field, number>([['name', nameCol]]);
      const width = Math.max(row.length, below.length);
      for (let c = 0; c < width; c++) {
        if (c === nameCol) continue;
        const label = toHalfWidth(`${cellText(row[c] ?? null)}|${twoRows ? cellText(below[c] ?? null) : ''}`).replace(/\s/g, '');
        const mfg = /制造业/.test(label);
        const field: Field | null = /余额/.test(label) ? (mfg ? 'mfgBalance' : 'balance') : /比年初|较年初/.test(label) ? (mfg ? 'mfgYtd' : 'ytd') : /同比/.test(label) && !mfg ? 'yoy' : null;
        if (field && !columns.has(field)) columns.set(field, c);
      }
      if (!columns.has('balance')) continue;
      // 单位：亿元 (the sheet's line, above the header); 亿元 is what these sheets use.
      const unitLine = sheet.rows.slice(0, r).flat().map((c) => cellText(c)).find((t) => /单位/.test(t)) ?? '';
      const unit = unitOf(unitLine) ?? 'yi';
      return { sheet, header: r, firstData: r + (twoRows ? 2 : 1), columns, unitFactor: unit === 'yi' ? 1e8 : unit === 'wan' ? 1e4 : 1 };
    }
  }
  return null;
}

/** A signed amount in the sheet's unit → yuan, exact to the yuan; null when empty; Error when unreadable. */
function amount(cell: Cell, factor: number): number | null | Error {
  if (cell === null || cell === '') return null;
  const text = typeof cell === 'number' ? String(cell) : toHalfWidth(cellText(cell)).replace(/[,\s，]/g, '');
  if (text === '' || text === '-' || text === '—') return null;
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return new Error('amountBad');
  return Math.round(Number(text) * factor);
}

function percent(cell: Cell): string | null | Error {
  if (cell === null || cell === '') return null;
  const text = toHalfWidth(cellText(cell)).replace(/[%％\s]/g, '');
  if (text === '' || text === '-') return null;
  return /^[+-]?\d+(\.\d+)?$/.test(text) ? String(Number(text)) : new Error('percentBad');
}

interface ParsedRow {
  row: number;
  name: string;
  key: string;
  balance: number;
  ytd: number;
  yoy: string | null;
  mfgBalance: number | null;
  mfgYtd: number | null;
}

class DryRun extends Error {}
const yi = (yuan: number | null) => (yuan === null ? null : Math.round(yuan / 1e6) / 100);

/**
 * Imports one month's sheet as a new version of that period. Every row is read and checked first;
 * the institutions must add up to the total row (to the yuan) — a sheet whose parts and total
 * disagree is refused, naming the figure — and then all or nothing. A dry run writes and rolls back.
 */
export async function importLoanSheet(gj: Pick<Services, 'db' | 'clock' | 'audit' | 'dialect'>, ctx: RequestContext, file: Buffer, input: { period: string; dryRun: boolean; lang: Lang }): Promise<LoanImportReport> {
  if (!ctx.system && !ctx.actor?.permissions.has('finance:manage')) throw new AppError(403, 'FORBIDDEN');
  const sha256 = createHash('sha256').update(file).digest('hex');
  const layout = findLayout(await readWorkbook(file));
  if (!layout) throw new AppError(400, 'LOAN_IMPORT_NO_HEADER');
  const say = (key: string, params: Record<string, string | number> = {}) => MESSAGES[input.lang][key]!.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
  const errors: RowError[] = [];
  const parsed: ParsedRow[] = [];
  let total: Omit<ParsedRow, 'name' | 'key'> | null = null;
  let rows = 0;
  const col = (f: Field) => layout.columns.get(f);
  for (let r = layout.firstData; r < layout.sheet.rows.length; r++) {
    const cells = layout.sheet.rows[r] ?? [];
    if (cells.every((c) => cellText(c) === '')) continue;
    const name = cellText(cells[col('name')!] ?? null).replace(/\s/g, '');
    const first = cellText(cells.find((c) => cellText(c) !== '') ?? null);
    if (/^(注|说明|备注|资料来源)/.test(first)) break;
    const fail = (field: Field, key: string, params: Record<string, string | number> = {}) => {
      const c = col(field);
      const value = c === undefined ? '' : cellText(cells[c] ?? null);
      errors.push({ row: r + 1, column: c === undefined ? WHAT[input.lang][field] : `${columnLetter(c)}（${WHAT[input.lang][field]}）`, value, message: say(key, { value, ...params }) });
    };
    const read = (field: 'balance' | 'ytd' | 'mfgBalance' | 'mfgYtd', required: boolean) => {
      const c = col(field);
      if (c === undefined) return null;
      const v = amount(cells[c] ?? null, layout.unitFactor);
      if (v instanceof Error) fail(field, 'amountBad');
      else if (v === null && required) fail(field, 'missing', { what: WHAT[input.lang][field] });
      return v instanceof Error ? null : v;
    };
    const before = errors.length;
    if (!name) fail('name', 'nameMissing');
    const values = { row: r + 1, balance: read('balance', true) ?? 0, ytd: read('ytd', col('ytd') !== undefined) ?? 0, mfgBalance: read('mfgBalance', false), mfgYtd: read('mfgYtd', false), yoy: null as string | null };
    const yc = col('yoy');
    if (yc !== undefined) {
      const p = percent(cells[yc] ?? null);
      if (p instanceof Error) fail('yoy', 'percentBad');
      else values.yoy = p;
    }
    if (/合计|总计|全市/.test(name)) {
      total = values;
      continue;
    }
    rows++;
    if (errors.length === before) parsed.push({ ...values, name, key: institutionKey(name) });
  }
  // One row per institution: a second spelling of the same one would count it twice.
  const firstRow = new Map<string, ParsedRow>();
  for (const p of parsed) {
    const seen = firstRow.get(p.key);
    if (seen) errors.push({ row: p.row, column: WHAT[input.lang].name, value: p.name, message: say('repeated', { first: seen.row, name: seen.name }) });
    else firstRow.set(p.key, p);
  }
  const t = total as Omit<ParsedRow, 'name' | 'key'> | null;
  if (!t) errors.push({ row: layout.firstData + 1, column: WHAT[input.lang].name, value: '', message: say('noTotal') });
  else if (!errors.length) {
    for (const field of ['balance', 'ytd', 'mfgBalance', 'mfgYtd'] as const) {
      const stated = t[field];
      if (stated === null || col(field) === undefined) continue;
      const sum = parsed.reduce((s, p) => s + (p[field] ?? 0), 0);
      if (sum !== stated) errors.push({ row: t.row, column: WHAT[input.lang][field], value: String(yi(stated)), message: say('totalMismatch', { what: WHAT[input.lang][field], sum: String(yi(sum)), total: String(yi(stated)) }) });
    }
  }
  errors.sort((a, b) => a.row - b.row);

  const known = new Map((await gj.db.selectFrom('loan_institutions').select(['id', 'name', 'name_key']).execute()).map((i) => [i.name_key, i]));
  const report: LoanImportReport = {
    period: input.period,
    rows,
    committed: false,
    version: null,
    total: t ? { balanceYi: yi(t.balance)!, ytdChangeYi: yi(t.ytd)!, yoyPercent: t.yoy === null ? null : Number(t.yoy), mfgBalanceYi: yi(t.mfgBalance), mfgYtdChangeYi: yi(t.mfgYtd) } : null,
    institutions: parsed.map((p) => ({ row: p.row, name: p.name, matched: known.get(p.key)?.name ?? null, balanceYi: yi(p.balance)! })),
    newInstitutions: parsed.filter((p) => !known.has(p.key)).map((p) => p.name),
    errors,
  };
  if (!errors.length && t) {
    try {
      await inTransaction(gj.db, async (trx) => {
        await lockKeys(trx, gj.dialect, LOCK_VERSIONS, [`loan:${input.period}`]);
        const at = gj.clock.now().toISOString();
        const last = await trx.selectFrom('loan_sheets').select((eb) => eb.fn.max<number>('version').as('v')).where('period', '=', input.period).executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        const sheet = await trx
          .insertInto('loan_sheets')
          .values({ period: input.period, version, balance_yuan: t.balance, ytd_change_yuan: t.ytd, yoy_percent: t.yoy, mfg_balance_yuan: t.mfgBalance, mfg_ytd_change_yuan: t.mfgYtd, file_sha256: sha256, imported_by: ctx.actor?.userId ?? null, imported_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const banks = new Map((await trx.selectFrom('units').select(['id', 'name']).where('kind', '=', 'bank').execute()).map((b) => [institutionKey(b.name), b.id]));
        for (const [i, p] of parsed.entries()) {
          let inst = (await trx.selectFrom('loan_institutions').select('id').where('name_key', '=', p.key).executeTakeFirst())?.id;
          if (!inst) inst = (await trx.insertInto('loan_institutions').values({ name: p.name, name_key: p.key, bank_unit_id: banks.get(p.key) ?? null, sort_order: i + 1, created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
          await trx.insertInto('loan_rows').values({ sheet_id: sheet.id, institution_id: inst, name_as_written: p.name, balance_yuan: p.balance, ytd_change_yuan: p.ytd, yoy_percent: p.yoy, mfg_balance_yuan: p.mfgBalance, mfg_ytd_change_yuan: p.mfgYtd }).execute();
        }
        report.version = version;
        if (input.dryRun) throw new DryRun();
        await gj.audit.append(trx, ctx, { action: 'loan.import', objectType: 'loan_sheet', objectId: sheet.id, detail: { period: input.period, version, sha256, institutions: parsed.length, balanceYi: yi(t.balance) } });
      });
      report.committed = !input.dryRun;
    } catch (err) {
      if (!(err instanceof DryRun)) throw err;
    }
  }
  if (!report.committed) {
    report.version = null;
    await gj.audit.appendAlone(gj.db, ctx, { action: input.dryRun ? 'loan.import-dry-run' : 'loan.import-refused', objectType: 'loan_sheet', objectId: null, detail: { period: input.period, sha256, rows, rejected: errors.length } });
  }
  return report;
}

const fmtYi = (yuan: number) => (yuan / 1e8).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The month's lending in one sentence for the monthly briefing (the newest version of the month's
 * sheet), or null when the regulator's sheet for the month is not in yet.
 */
export async function loanSentence(db: Pick<Services, 'db'>['db'], period: string): Promise<string | null> {
  const s = await db.selectFrom('loan_sheets').selectAll().where('period', '=', period).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!s) return null;
  const balance = Number(s.balance_yuan);
  const ytd = Number(s.ytd_change_yuan);
  let text = `全市金融机构人民币各项贷款余额${fmtYi(balance)}亿元，比年初${ytd >= 0 ? '增加' : '减少'}${fmtYi(Math.abs(ytd))}亿元${s.yoy_percent !== null ? `，同比增长${Number(s.yoy_percent)}%` : ''}`;
  if (s.mfg_balance_yuan !== null && balance > 0) {
    const mfg = Number(s.mfg_balance_yuan);
    text += `；其中制造业贷款余额${fmtYi(mfg)}亿元，占${(Math.round((mfg * 1000) / balance) / 10).toFixed(1)}%`;
    if (s.mfg_ytd_change_yuan !== null) text += `，比年初${Number(s.mfg_ytd_change_yuan) >= 0 ? '增加' : '减少'}${fmtYi(Math.abs(Number(s.mfg_ytd_change_yuan)))}亿元`;
  }
  return `${text}。`;
}
