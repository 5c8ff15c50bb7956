import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { unitsToWan } from '../../platform/money.js';
import { defuse } from '../../platform/excel/values.js';
import type { Lang } from '../../platform/i18n/index.js';
import type { DataScope } from '../../platform/scope.js';
import { presentReportRow } from './presenter.js';
import { periodReports, periodSummary } from './repo.js';

const LABELS = {
  'zh-CN': { title: '{unit}{year}年重点项目建设进度调度表（1-{month}月）', unit: '填报单位：{unit}', money: '单位：万元', seq: '序号', code: '项目编号', name: '项目名称', builder: '建设单位', host: '属地', total: '总投资', plan: '{year}年计划投资', group: '投资完成情况', month: '{month}月完成', cumulative: '1-{month}月累计完成', share: '占年度计划', progress: '形象进度', problems: '存在问题', next: '下步计划', sum: '合计', missing: '未报', note: '注：累计完成为1月至本月；“未报”为截至导出时未填报的重点项目。' },
  'en-US': { title: '{unit} key projects {year}: progress, January-month {month}', unit: 'Unit: {unit}', money: 'Amounts in 10k CNY (万元)', seq: 'No.', code: 'Code', name: 'Project', builder: 'Builder', host: 'Unit', total: 'Total investment', plan: 'Plan {year}', group: 'Investment completed', month: 'Month {month}', cumulative: 'Months 1-{month}', share: 'Share of plan', progress: 'Progress', problems: 'Problems', next: 'Next steps', sum: 'Total', missing: 'not filed', note: 'Note: the cumulative runs from January to the month; "not filed" are key projects without a report when exported.' },
} as const;

const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

/**
 * The period's dispatch table in the layout offices send upward: a merged title, the unit and
 * 单位：万元 line, a two-row header grouping the month's figures, one row per key project (the
 * ones not filed marked), a 合计 row and a closing note. Paged from the database.
 */
export async function writeDispatchXlsx(db: Kysely<DB>, scope: DataScope, period: { id: number; year: number; month: number; deadline: string }, previousPeriodId: number | null, unit: { id?: number; name: string }, lang: Lang): Promise<Buffer> {
  const L = LABELS[lang];
  const p = { unit: unit.name, year: period.year, month: period.month };
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${period.month}${lang === 'zh-CN' ? '月' : ''}`);
  const headers = [L.seq, L.code, L.name, L.builder, L.host, L.total, fill(L.plan, p), fill(L.month, p), fill(L.cumulative, p), L.share, L.progress, L.problems, L.next];
  const widths = [6, 16, 34, 28, 14, 12, 14, 12, 14, 10, 28, 24, 24];
  ws.columns = widths.map((width) => ({ width }));
  ws.addRow([fill(L.title, p)]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  const line = ws.addRow([fill(L.unit, p)]);
  line.getCell(headers.length - 1).value = L.money;
  const upper = ws.addRow(headers.map((h, i) => (i >= 7 && i <= 9 ? L.group : h)));
  const lower = ws.addRow(headers);
  for (let c = 1; c <= headers.length; c++) {
    if (c < 8 || c > 10) ws.mergeCells(3, c, 4, c);
  }
  ws.mergeCells(3, 8, 3, 10);
  for (const r of [upper, lower]) {
    r.font = { bold: true };
    r.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  let seq = 0;
  for (let page = 1; ; page++) {
    const rows = await periodReports(db, scope, period, previousPeriodId, { unitId: unit.id }, page, 500);
    for (const raw of rows) {
      const r = presentReportRow(raw, period.month);
      ws.addRow([++seq, r.projectCode, defuse(r.projectName), defuse(r.investorName), r.unitName, r.totalInvestmentWan, r.planWan, r.filed ? r.monthWan : L.missing, r.cumulativeWan, r.planSharePct === null ? null : `${r.planSharePct}%`, defuse(r.progressText), defuse(r.problems), defuse(r.nextSteps)]);
    }
    if (rows.length < 500) break;
  }
  const totals = await periodSummary(db, scope, period, { unitId: unit.id });
  const sum = ws.addRow([L.sum, null, null, null, null, null, unitsToWan(totals.planYuan), unitsToWan(totals.monthYuan), unitsToWan(totals.cumulativeYuan), totals.planYuan ? `${Math.round((totals.cumulativeYuan * 1000) / totals.planYuan) / 10}%` : null]);
  sum.font = { bold: true };
  ws.addRow([]);
  ws.addRow([L.note]);
  ws.views = [{ state: 'frozen', ySplit: 4, xSplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
