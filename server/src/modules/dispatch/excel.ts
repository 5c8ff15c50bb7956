import { createHash } from 'node:crypto';
import { sql, type SqlBool } from 'kysely';
import { parsePeriod, type ListLevel } from '../../../../common/dispatch.js';
import type { DispatchImportReport } from '../../../../common/dispatch-api.js';
import type { RequestContext } from '../../platform/context.js';
import { companyKey } from '../../platform/company-names.js';
import { AppError } from '../../platform/errors.js';
import type { FieldMatcher } from '../../platform/excel/ledger.js';
import { ledgerRows, pickLedgerLayout, refuseRepeats, sayer, type RowError } from '../../platform/excel/rows.js';
import { columnLetter } from '../../platform/excel/values.js';
import { readWorkbook } from '../../platform/excel/workbook.js';
import type { Lang } from '../../platform/i18n/index.js';
import { translate } from '../../platform/i18n/index.js';
import { unitsToWan, wanToUnits } from '../../platform/money.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { recomputeProjectFrom } from './lights.js';
import { canDispatchIn, canEditPlan, MAX_WAN } from './policy.js';
import { fileReport, openPeriod, periodRow, writePlan, type DispatchDeps } from './service.js';

export const DISPATCH_FIELDS = ['seq', 'code', 'name', 'investorName', 'totalInvestment', 'plan', 'month', 'cumulative', 'share', 'progressText', 'problems', 'nextSteps'] as const;
type Field = (typeof DISPATCH_FIELDS)[number];

/** Header words of monthly sheets, most specific first (累计完成 before 完成, 占年度计划 before 年度计划). */
const MATCHERS: FieldMatcher<Field>[] = [
  { field: 'seq', pattern: /^(序号|No\.?)$/i },
  { field: 'code', pattern: /^(项目)?(编号|代码|编码)$/ },
  { field: 'name', pattern: /^项目名称?$|^项目$/ },
  { field: 'investorName', pattern: /^(建设单位|项目单位|投资方|投资主体|实施主体|业主单位|企业名称)$/ },
  { field: 'share', pattern: /^占(年度)?计划|完成率|^占比$/ },
  { field: 'cumulative', pattern: /累计(完成)?(投资)?$|^1-\d{1,2}月(累计)?(完成)?(投资)?$|本年累计|年内累计/ },
  { field: 'month', pattern: /^(\d{1,2}月|本月|当月)(完成)?(投资)?$/ },
  { field: 'plan', pattern: /^(\d{4}年)?(年度)?计划(完成)?投资$|^年度计划$|^年度投资计划$/ },
  { field: 'totalInvestment', pattern: /^(计划)?总投资(额)?$/ },
  { field: 'progressText', pattern: /形象进度|进展情况|进度情况/ },
  { field: 'problems', pattern: /存在(的)?问题|需协调(解决)?(的)?问题|困难问题/ },
  { field: 'nextSteps', pattern: /下(一)?步(工作)?(计划|打算|安排)/ },
];

const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    nameMissing: '项目名称为空',
    amountBad: '金额无法识别（应为数字，或如 9.87亿、5000万）',
    amountMissing: '金额为空',
    dateBad: '日期无法识别',
    unknown: '在本单位范围内找不到项目“{value}”（按项目编号、项目名称和建设单位匹配）',
    ambiguous: '“{value}”对应本单位范围内多个项目，请填写项目编号或建设单位',
    duplicate: '与第 {other} 行是同一项目',
    cumulativeLess: '累计完成小于本月完成',
    planYear: '计划投资列的年份（{value}）与期次年份不同，未记录为年度计划',
    planCity: '该项目在省重大/市重点清单上，年度计划投资由市发改委设定；本表的计划投资未记录',
    amountRange: '金额应在 0 至 1 亿万元之间，最多 4 位小数',
    consistency: '上月累计 + 本月完成 = {expected} 万元，与填报的累计不一致（仅提示）',
  },
  'en-US': {
    nameMissing: 'the project name is empty',
    amountBad: 'not an amount (a number, or e.g. 9.87亿, 5000万)',
    amountMissing: 'the amount is empty',
    dateBad: 'not a date',
    unknown: 'no project "{value}" in this unit (matched by code, name and builder)',
    ambiguous: '"{value}" names several projects of this unit: add the project code or the builder',
    duplicate: 'the same project as row {other}',
    cumulativeLess: 'the cumulative is less than this month\'s amount',
    planYear: 'the plan column is for {value}, not the period\'s year: not recorded as the annual plan',
    planCity: 'the project is on a provincial or city list: its annual plan is set by the development commission (市发改委); the sheet\'s plan is not recorded',
    amountRange: 'an amount is between 0 and 100,000,000 万元, with at most 4 decimals',
    consistency: 'last month\'s cumulative + this month = {expected} 万元, not the cumulative filed (notice only)',
  },
};

interface Parsed {
  row: number;
  code: string | null;
  name: string;
  investorName: string | null;
  planYuan: number | null;
  monthYuan: number;
  cumulativeYuan: number;
  progressText: string | null;
  problems: string | null;
  nextSteps: string | null;
}

class DryRun extends Error {}

function exactWan(v: number): boolean {
  if (!Number.isFinite(v) || v < 0 || v > MAX_WAN) return false;
  try {
    wanToUnits(v);
    return true;
  } catch {
    return false;
  }
}

/**
 * Imports a monthly dispatch sheet for one unit and period: rows matched to the unit's projects
 * by code, else by name and builder, else by a name that is unique; each valid row filed through
 * `fileReport` (the form's rules: list, lock, 补报, versions), plans recorded and the project put
 * on the unit's list when it is on none. Valid rows are committed together; a dry run runs the
 * same code and rolls back.
 */
export async function importDispatch(gj: DispatchDeps, ctx: RequestContext, file: Buffer, unitId: number, period: string, options: { dryRun: boolean; lang: Lang; reason?: string | null }): Promise<DispatchImportReport> {
  if (!canDispatchIn(ctx, 'file', unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
  const parsedPeriod = parsePeriod(period);
  if (!parsedPeriod) throw new AppError(400, 'DISPATCH_PERIOD_BAD');
  const unit = await gj.db.selectFrom('units').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new AppError(400, 'UNIT_NOT_FOUND');
  // The console takes over history: a past period that does not exist yet is opened.
  const existingPeriod = await gj.db.selectFrom('dispatch_periods').select('id').where('period', '=', period).executeTakeFirst();
  if (!existingPeriod) {
    if (ctx.system && !options.dryRun) await openPeriod(gj, ctx, period);
    else if (!ctx.system) await periodRow(gj.db, period);
  }
  const fileSha256 = createHash('sha256').update(file).digest('hex');
  const sheets = await readWorkbook(file);
  const layout = pickLedgerLayout(sheets, MATCHERS, 'name');
  if (!layout || !layout.columns.some((c) => c.field === 'cumulative' || c.field === 'month')) throw new AppError(400, 'IMPORT_NO_HEADER');
  const say = sayer(MESSAGES, options.lang);
  const sheetName = layout.sheet.name;
  const columns = layout.columns;
  const planColumn = layout.columns.find((c) => c.field === 'plan');
  const planYear = Number(/(\d{4})年/.exec(planColumn?.header ?? '')?.[1] ?? parsedPeriod.year);

  const errors: RowError[] = [];
  const parsed: Parsed[] = [];
  let dataRows = 0;
  for (const row of ledgerRows(layout, say)) {
    dataRows++;
    const name = row.text('name');
    if (!name) row.fail('name', 'nameMissing');
    const month = row.money('month', { missingKey: row.has('month') ? 'amountMissing' : undefined });
    const cumulative = row.money('cumulative', { missingKey: row.has('cumulative') ? 'amountMissing' : undefined });
    const plan = row.money('plan');
    // Amounts the form would refuse (negative, beyond its limit, finer than a yuan) are row errors here too.
    for (const [field, v] of [['month', month], ['cumulative', cumulative], ['plan', plan]] as const) if (v !== null && !exactWan(v)) row.fail(field, 'amountRange');
    if (month !== null && cumulative !== null && cumulative < month) row.fail('cumulative', 'cumulativeLess');
    if (row.errors.length) {
      errors.push(...row.errors);
      continue;
    }
    parsed.push({
      row: row.row,
      code: row.text('code'),
      name: name!,
      investorName: row.text('investorName'),
      planYuan: plan === null ? null : wanToUnits(plan),
      monthYuan: wanToUnits(month ?? 0),
      cumulativeYuan: wanToUnits(cumulative ?? month ?? 0),
      progressText: row.text('progressText'),
      problems: row.text('problems'),
      nextSteps: row.text('nextSteps'),
    });
  }
  const { kept, errors: repeats } = refuseRepeats(parsed, (p) => p.code ?? `${p.name}\u0000${companyKey(p.investorName).key ?? ''}`, (p, other) => ({ row: p.row, column: '', value: p.name, message: say('duplicate', { other }) }));
  errors.push(...repeats);

  // The projects the importer may file for in this unit's subtree: one query.
  const candidates = (
    await gj.db
      .selectFrom('projects as p')
      .innerJoin('units as host', 'host.id', 'p.host_unit_id')
      .where(sql<SqlBool>`host.path like ${`${unit.path}%`}`)
      .where('p.status', '!=', 'terminated')
      .select(['p.id', 'p.code', 'p.name', 'p.investor_name', 'p.host_unit_id'])
      .execute()
  ).filter((p) => ctx.system || (ctx.actor && scopeAllowsUnit(ctx.actor.scope, p.host_unit_id)));
  const byCode = new Map(candidates.map((p) => [p.code, p]));
  const byName = new Map<string, typeof candidates>();
  for (const p of candidates) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const nameColumn = layout.columns.find((c) => c.field === 'name');
  const cell = (c: typeof nameColumn) => (c ? `${columnLetter(c.index)}（${c.header}）` : '');

  const matched: { p: Parsed; project: (typeof candidates)[number] }[] = [];
  // A project named twice (once by code, once by name and builder) is filed once: the first row.
  const rowOf = new Map<number, number>();
  for (const p of kept) {
    let project = p.code ? byCode.get(p.code) : undefined;
    if (!project) {
      const named = byName.get(p.name) ?? [];
      const key = companyKey(p.investorName).key;
      const withInvestor = key ? named.filter((c) => companyKey(c.investor_name).key === key) : [];
      if (withInvestor.length === 1) project = withInvestor[0];
      else if (named.length === 1 && (!key || !named[0]!.investor_name)) project = named[0];
      else if (named.length > 1 || withInvestor.length > 1) {
        errors.push({ row: p.row, column: cell(nameColumn), value: p.name, message: say('ambiguous', { value: p.name }) });
        continue;
      }
    }
    if (!project) {
      errors.push({ row: p.row, column: cell(nameColumn), value: p.name, message: say('unknown', { value: p.name }) });
      continue;
    }
    const first = rowOf.get(project.id);
    if (first !== undefined) {
      errors.push({ row: p.row, column: cell(nameColumn), value: p.name, message: say('duplicate', { other: first }) });
      continue;
    }
    rowOf.set(project.id, p.row);
    matched.push({ p, project });
  }

  if (planColumn && planYear !== parsedPeriod.year) errors.push({ row: Math.max(...layout.headerRows) + 1, column: `${columnLetter(planColumn.index)}（${planColumn.header}）`, value: String(planYear), message: say('planYear', { value: planYear }) });
  // A locked month's figure changes only as a correction with the person's reason (the form's
  // rule): a sheet carries the one given with it; the console, acting for the operator, says it imported.
  const correctionReason = options.reason?.trim() || (ctx.system ? 'Excel 导入更正' : null);
  const outcomes: DispatchImportReport['outcomes'] = [];
  let plansRecorded = 0;
  let listed = 0;
  const work = async () =>
    gj.db.transaction().execute(async (trx) => {
      const now = gj.clock.now().toISOString();
      const userId = ctx.actor?.userId ?? null;
      const periodExists = await trx.selectFrom('dispatch_periods').select('id').where('period', '=', period).executeTakeFirst();
      for (const { p, project } of matched) {
        if (p.planYuan !== null && planYear === parsedPeriod.year) {
          const levels = (await trx.selectFrom('key_projects').select('level').where('project_id', '=', project.id).where('year', '=', planYear).execute()).map((l) => l.level as ListLevel);
          // The plan of a project on the city's lists is the owner's, as in the form.
          if (!ctx.system && !canEditPlan(ctx, levels)) errors.push({ row: p.row, column: `${columnLetter(planColumn!.index)}（${planColumn!.header}）`, value: String(unitsToWan(p.planYuan)), message: say('planCity') });
          else if (await writePlan(trx, project.id, planYear, p.planYuan, userId, now)) plansRecorded++;
          if (!levels.length) {
            await trx.insertInto('key_projects').values({ project_id: project.id, year: planYear, level: 'district', owner_unit_id: project.host_unit_id, added_by: userId, added_at: now }).execute();
            listed++;
          }
        }
        if (!periodExists) {
          // A dry run of the console's history import: the period would be opened.
          outcomes.push({ row: p.row, outcome: 'created', projectId: project.id, name: project.name, code: project.code });
          continue;
        }
        try {
          const { outcome } = await fileReport(gj, ctx, period, project.id, { monthWan: unitsToWan(p.monthYuan)!, cumulativeWan: unitsToWan(p.cumulativeYuan)!, progressText: p.progressText, nextSteps: p.nextSteps, problems: p.problems, reason: correctionReason }, { trx, source: 'import', skipLights: true });
          outcomes.push({ row: p.row, outcome, projectId: project.id, name: project.name, code: project.code });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          errors.push({ row: p.row, column: cell(nameColumn), value: p.name, message: translate(options.lang, err.code, err.params) });
        }
      }
      if (periodExists) await recomputeProjectFrom(trx, outcomes.map((o) => o.projectId), parsedPeriod.year, parsedPeriod.month, now);
      const report = buildReport();
      await gj.audit.append(trx, ctx, { action: options.dryRun ? 'dispatch.import-dry-run' : 'dispatch.import', objectType: 'unit', objectId: unitId, detail: { sha256: fileSha256, period, rows: report.rows, matched: report.matched, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.errors.length } });
      if (options.dryRun) throw new DryRun();
    });
  try {
    await work();
  } catch (err) {
    if (!(err instanceof DryRun)) throw err;
    // The dry run's writes are rolled back; its record is kept.
    const report = buildReport();
    await gj.audit.appendAlone(gj.db, ctx, { action: 'dispatch.import-dry-run', objectType: 'unit', objectId: unitId, detail: { sha256: fileSha256, period, rows: report.rows, matched: report.matched, rejected: report.errors.length } });
  }
  return buildReport();

  function buildReport(): DispatchImportReport {
  errors.sort((a, b) => a.row - b.row);
  const ok = new Set(outcomes.map((o) => o.row));
  const valid = matched.filter((m) => ok.has(m.p.row));
  const count = (o: string) => outcomes.filter((x) => x.outcome === o || (o === 'updated' && x.outcome === 'corrected')).length;
  const report: DispatchImportReport = {
    fileSha256,
    sheet: sheetName,
    period,
    mapping: columns.map((c) => ({ column: columnLetter(c.index), header: c.header, field: c.field })),
    rows: dataRows,
    matched: valid.length,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    committed: !options.dryRun,
    monthWan: unitsToWan(valid.reduce((s, m) => s + m.p.monthYuan, 0))!,
    cumulativeWan: unitsToWan(valid.reduce((s, m) => s + m.p.cumulativeYuan, 0))!,
    plansRecorded,
    listed,
    errors,
    outcomes,
  };
  return report;
  }
}
