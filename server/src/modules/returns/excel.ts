import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { sql, type SqlBool } from 'kysely';
import { isFilingPeriod, isMonth, monthOfDay, monthsOfQuarter, periodWords, quarterOfDay, quarterOfPeriod } from '../../../../common/returns.js';
import { chinaDay } from '../../platform/china-time.js';
import { companyKey } from '../../platform/company-names.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { FieldMatcher } from '../../platform/excel/ledger.js';
import { ledgerRows, pickLedgerLayout, refuseRepeats, sayer, type RowError } from '../../platform/excel/rows.js';
import { columnLetter, toHalfWidth } from '../../platform/excel/values.js';
import { openReport } from '../../platform/excel/report.js';
import { readWorkbook } from '../../platform/excel/workbook.js';
import { translate, type Lang } from '../../platform/i18n/index.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { canFileReturns } from './policy.js';
import { PRODUCING_STAGES, producingInScope } from './repo.js';
import type { ReturnsImportReport } from './schema.js';
import { filePeriod, lockReturns, type ReturnsDeps } from './service.js';

/** Columns of the tax or statistics bureau's sheet (a quarter's or a month's), or of the form downloaded, as they come. */
type Field = 'seq' | 'uscc' | 'code' | 'name' | 'output' | 'tax' | 'jobs';

const MATCHERS: FieldMatcher<Field>[] = [
  { field: 'seq', pattern: /^(序号|No\.?)$/i },
  { field: 'uscc', pattern: /统一社会信用代码|信用代码|纳税人识别号|税号/ },
  { field: 'code', pattern: /^(项目)?(编号|代码|编码)$/ },
  { field: 'name', pattern: /^(项目名称|项目|企业名称|纳税人名称|单位名称|企业)$/ },
  { field: 'output', pattern: /产值|营业收入|主营业务收入|销售收入/ },
  { field: 'tax', pattern: /税收|税金|纳税|入库税/ },
  { field: 'jobs', pattern: /从业人员|就业|用工|职工人数|员工人数/ },
];

const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    nameMissing: '项目名称（或企业名称、信用代码）为空',
    amountBad: '金额无法识别（应为数字，或如 1.65亿、8000万）',
    amountMissing: '金额为空',
    jobsBad: '从业人数应为 0 以上的整数',
    unknown: '在您的范围内找不到已投产的项目“{value}”（按统一社会信用代码、项目编号、名称匹配）',
    ambiguous: '“{value}”对应您范围内多个已投产项目，请填写项目编号',
    duplicate: '与第 {first} 行是同一项目',
    dateBad: '日期无法识别',
  },
  'en-US': {
    nameMissing: 'the project name (or company name, or credit code) is empty',
    amountBad: 'not an amount (a number, or e.g. 1.65亿, 8000万)',
    amountMissing: 'the amount is empty',
    jobsBad: 'the number of jobs is a whole number, 0 or more',
    unknown: 'no producing project "{value}" in your scope (matched by credit code, project code, then name)',
    ambiguous: '"{value}" names several producing projects in your scope: add the project code',
    duplicate: 'the same project as row {first}',
    dateBad: 'not a date',
  },
};

class DryRun extends Error {}

/** The unit a sheet or a form is for: one that exists and that the caller files for — else UNIT_NOT_FOUND, the same answer for both. */
export async function filingUnit(gj: Pick<ReturnsDeps, 'db'>, ctx: RequestContext, unitId: number): Promise<{ id: number; path: string }> {
  const unit = await gj.db.selectFrom('units').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();
  if (!unit || !canFileReturns(ctx, unit.id)) throw new AppError(400, 'UNIT_NOT_FOUND');
  return unit;
}

/**
 * Imports a quarter's figures — or a month's, for units that file monthly (the tax or statistics
 * bureau's sheet, or a unit's own): each row
 * matched to a producing project in the importer's scope (under the unit, if one is given) by
 * 统一社会信用代码, else project code, else a name that is unique; filed through the form's own
 * write path. All or nothing: one bad row and nothing is written, every bad row is named. A dry
 * run runs the same writes and rolls them back.
 */
export async function importReturns(gj: ReturnsDeps, ctx: RequestContext, file: Buffer, input: { period: string; unitId?: number; dryRun: boolean; lang: Lang }): Promise<ReturnsImportReport> {
  if (!isFilingPeriod(input.period)) throw new AppError(400, 'RETURNS_PERIOD_BAD');
  // A period not begun: refused once for the sheet, not once a row.
  const today = chinaDay(gj.clock.now());
  if (input.period > (isMonth(input.period) ? monthOfDay(today) : quarterOfDay(today))) throw new AppError(400, 'RETURNS_PERIOD_FUTURE', { period: periodWords(input.period, input.lang) });
  let unitPath: string | null = null;
  if (input.unitId !== undefined) unitPath = (await filingUnit(gj, ctx, input.unitId)).path;
  else if (!ctx.system && !ctx.actor?.permissions.has('dispatch:write')) throw new AppError(403, 'FORBIDDEN');
  const sha256 = createHash('sha256').update(file).digest('hex');
  // A sheet names its rows by project or company name, else by credit code alone.
  const sheets = await readWorkbook(file);
  const layout = pickLedgerLayout(sheets, MATCHERS, 'name') ?? pickLedgerLayout(sheets, MATCHERS, 'uscc');
  if (!layout || !layout.columns.some((c) => c.field === 'output' || c.field === 'tax')) throw new AppError(400, 'RETURNS_IMPORT_NO_HEADER');
  const say = sayer(MESSAGES, input.lang);

  interface Parsed {
    row: number;
    uscc: string | null;
    code: string | null;
    name: string;
    outputWan: number;
    taxWan: number;
    jobs: number | null;
  }
  const errors: RowError[] = [];
  const parsed: Parsed[] = [];
  let rows = 0;
  let skipped = 0;
  for (const row of ledgerRows(layout, say)) {
    rows++;
    // A project the form lists but nobody filled in (the downloaded form names every producing project): not filed, not an error.
    if (row.text('output') === null && row.text('tax') === null && row.text('jobs') === null) {
      skipped++;
      continue;
    }
    const uscc = toHalfWidth(row.text('uscc') ?? '').replace(/\s/g, '').toUpperCase() || null;
    const code = row.text('code');
    const name = row.text('name') ?? uscc ?? code;
    if (!name) row.fail('name', 'nameMissing');
    const output = row.money('output', { missingKey: row.has('output') ? 'amountMissing' : undefined });
    const tax = row.money('tax', { missingKey: row.has('tax') ? 'amountMissing' : undefined });
    const jobsText = row.text('jobs');
    const jobs = jobsText === null ? null : Number(toHalfWidth(jobsText).replace(/[,，\s人]/g, ''));
    if (jobs !== null && (!Number.isInteger(jobs) || jobs < 0 || jobs > 10_000_000)) row.fail('jobs', 'jobsBad');
    for (const [field, v] of [['output', output], ['tax', tax]] as const) if (v !== null && (v < 0 || v > 1e9 || Math.round(v * 10_000) !== v * 10_000)) row.fail(field, 'amountBad');
    errors.push(...row.errors);
    if (!row.errors.length) parsed.push({ row: row.row, uscc, code, name: name!, outputWan: output ?? 0, taxWan: tax ?? 0, jobs });
  }

  // The producing projects the importer may file for: one query, then matched in memory.
  const candidates = (
    await gj.db
      .selectFrom('projects as p')
      .innerJoin('units as h', 'h.id', 'p.host_unit_id')
      .select(['p.id', 'p.code', 'p.name', 'p.investor_name', 'p.investor_uscc', 'p.host_unit_id'])
      .where('p.stage', 'in', PRODUCING_STAGES)
      .where('p.status', '!=', 'terminated')
      .$if(unitPath !== null, (q) => q.where(sql<SqlBool>`h.path like ${`${unitPath}%`}`))
      .execute()
  ).filter((p) => ctx.system || (ctx.actor && scopeAllowsUnit(ctx.actor.scope, p.host_unit_id) && canFileReturns(ctx, p.host_unit_id)));
  const byUscc = new Map<string, typeof candidates>();
  for (const p of candidates) if (p.investor_uscc) byUscc.set(p.investor_uscc, [...(byUscc.get(p.investor_uscc) ?? []), p]);
  const byCode = new Map(candidates.map((p) => [p.code, p]));
  const byName = new Map<string, typeof candidates>();
  for (const p of candidates) {
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
    const key = companyKey(p.investor_name).key;
    if (key) byName.set(`企业:${key}`, [...(byName.get(`企业:${key}`) ?? []), p]);
  }
  const nameColumn = layout.columns.find((c) => c.field === 'name') ?? layout.columns.find((c) => c.field === 'uscc');
  const column = nameColumn ? `${columnLetter(nameColumn.index)}（${nameColumn.header}）` : '';
  const matched: { p: Parsed; projectId: number; project: { code: string; name: string }; by: 'uscc' | 'code' | 'name' }[] = [];
  for (const p of parsed) {
    const byItsUscc = p.uscc ? byUscc.get(p.uscc) : undefined;
    const byItsCode = !byItsUscc && p.code && byCode.has(p.code) ? [byCode.get(p.code)!] : undefined;
    const options = byItsUscc || byItsCode || byName.get(p.name) || byName.get(`企业:${companyKey(p.name).key}`) || [];
    if (options.length === 1) matched.push({ p, projectId: options[0]!.id, project: { code: options[0]!.code, name: options[0]!.name }, by: byItsUscc ? 'uscc' : byItsCode ? 'code' : 'name' });
    else errors.push({ row: p.row, column, value: p.name, message: say(options.length ? 'ambiguous' : 'unknown', { value: p.name }) });
  }
  const { kept, errors: repeats } = refuseRepeats(matched.map((m) => ({ ...m, row: m.p.row })), (m) => String(m.projectId), (m, first) => ({ row: m.row, column, value: m.p.name, message: say('duplicate', { first }) }));
  errors.push(...repeats);

  const counts = { created: 0, updated: 0, unchanged: 0 };
  // Row by row: the project each row matched (and by what), the figures read, what filing them does.
  const outcomeOf = new Map<number, 'created' | 'updated' | 'unchanged'>();
  let committed = false;
  if (!errors.length) {
    try {
      await gj.db.transaction().execute(async (trx) => {
        // Every project of the sheet locked at once, in order, before the first filing holds the audit chain's head: a form filing one of them meanwhile waits, it does not deadlock.
        await lockReturns(trx, gj, kept.map((m) => m.projectId));
        for (const m of kept) {
          try {
            const { outcome } = await filePeriod({ ...gj, db: trx }, ctx, m.projectId, input.period, { outputWan: m.p.outputWan, taxWan: m.p.taxWan, jobs: m.p.jobs }, { trx, source: 'import' });
            counts[outcome]++;
            outcomeOf.set(m.row, outcome);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            errors.push({ row: m.row, column, value: m.p.name, message: translate(input.lang, err.code, err.params) });
          }
        }
        // All or nothing: a row the filing refused rolls back every row.
        if (errors.length || input.dryRun) throw new DryRun();
        await gj.audit.append(trx, ctx, { action: 'returns.import', objectType: 'unit', objectId: input.unitId ?? null, detail: { sha256, period: input.period, rows, ...counts, skipped } });
      });
      committed = true;
    } catch (err) {
      if (!(err instanceof DryRun)) throw err;
    }
  }
  if (!committed) await gj.audit.appendAlone(gj.db, ctx, { action: input.dryRun && !errors.length ? 'returns.import-dry-run' : 'returns.import-refused', objectType: 'unit', objectId: input.unitId ?? null, detail: { sha256, period: input.period, rows, rejected: errors.length } });
  errors.sort((a, b) => a.row - b.row);
  const outcomes = kept.map((m) => ({ row: m.row, projectId: m.projectId, projectCode: m.project.code, projectName: m.project.name, matchedBy: m.by, outputWan: m.p.outputWan, taxWan: m.p.taxWan, jobs: m.p.jobs, outcome: outcomeOf.get(m.row) ?? null }));
  return { rows, matched: kept.length, committed, ...counts, skipped, errors, outcomes };
}


/**
 * The form a unit fills in (or sends to the tax or statistics bureau) for a period: its producing
 * projects it may file for, under the unit if one is given — but not those whose quarter is filed
 * the other way (a quarterly filer on a month's form) — with their credit code, code and name
 * — the keys the import matches by — and the period's figures where filed, so the sheet sent back
 * corrects what it changes and keeps the rest. Headers in Chinese, as the bureau's sheets and the
 * import read them; the 合计 row and the title lines are skipped on the way back in. One query.
 */
export async function returnsTemplate(out: Writable, gj: ReturnsDeps, ctx: RequestContext, input: { period: string; unitId?: number; unitName: string; exportedBy: string }): Promise<number> {
  if (!isFilingPeriod(input.period)) throw new AppError(400, 'RETURNS_PERIOD_BAD');
  if (!ctx.actor) throw new AppError(403, 'FORBIDDEN');
  // A project whose quarter is filed the other way cannot be filed for this period: not on the form (filled in, it would refuse the sheet).
  const otherWay = isMonth(input.period) ? [quarterOfPeriod(input.period)] : monthsOfQuarter(input.period);
  const rows = (
    await producingInScope(gj.db, ctx.actor.scope, input.unitId)
      .leftJoin('project_returns as r', (j) => j.onRef('r.project_id', '=', 'p.id').on('r.period', '=', input.period))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('project_returns as o').select('o.id').whereRef('o.project_id', '=', 'p.id').where('o.period', 'in', otherWay))))
      .select(['p.id', 'p.code', 'p.name', 'p.investor_uscc', 'p.host_unit_id', 'h.name as host_name', 'r.output_yuan', 'r.tax_yuan', 'r.jobs'])
      .orderBy('h.path')
      .orderBy('p.code')
      .execute()
  ).filter((r) => canFileReturns(ctx, r.host_unit_id));
  type Row = (typeof rows)[number] & { seq: number };
  const report = openReport<Row>(
    out,
    [
      { key: 'seq', header: '序号', width: 8, value: (r) => r.seq },
      { key: 'uscc', header: '统一社会信用代码', width: 22, value: (r) => r.investor_uscc },
      { key: 'code', header: '项目编号', width: 16, value: (r) => r.code },
      { key: 'name', header: '项目名称', width: 34, value: (r) => r.name },
      { key: 'host', header: '属地', width: 16, value: (r) => r.host_name },
      { key: 'output', header: '产值（万元）', width: 16, money: (r) => r.output_yuan },
      { key: 'tax', header: '入库税收（万元）', width: 16, money: (r) => r.tax_yuan },
      { key: 'jobs', header: '从业人员', width: 12, value: (r) => r.jobs },
    ],
    { sheetName: '产值税收', title: `${input.unitName}${periodWords(input.period, 'zh-CN')}投产项目产值税收情况表`, exportedBy: input.exportedBy, at: gj.clock.now(), lang: 'zh-CN', totalLabel: (n) => `合计（${n}个项目）` },
  );
  rows.forEach((r, i) => report.add({ ...r, seq: i + 1 }));
  return report.finish();
}
