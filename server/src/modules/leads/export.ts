import { unitsToWan } from '../../platform/money.js';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { LEAD_SOURCE_LABELS_ZH, type LeadSource } from '../../../../common/leads.js';
import type { Services } from '../../platform/http.js';
import type { Lang } from '../../platform/i18n/index.js';
import type { DataScope } from '../../platform/scope.js';
import { defuse } from '../../platform/excel/values.js';
import { scopedLeads, type LeadFilter } from './repo.js';

const STATUS_ZH: Record<string, string> = { new: '新线索', following: '跟进中', negotiating: '洽谈中', signed: '已签约', transferred: '已流转', abandoned: '已放弃', merged: '已合并' };

type Row = Awaited<ReturnType<typeof pageOf>>[number];

/** The lead ledger's columns; the contact's phone never leaves unmasked. */
export const LEAD_EXPORT_COLUMNS: { zh: string; en: string; width: number; value: (r: Row) => string | number | null }[] = [
  { zh: '线索编号', en: 'Code', width: 16, value: (r) => r.code },
  { zh: '意向项目', en: 'Intended project', width: 32, value: (r) => r.title },
  { zh: '企业名称', en: 'Enterprise', width: 30, value: (r) => r.enterprise_name },
  { zh: '统一社会信用代码', en: 'Credit code', width: 22, value: (r) => r.enterprise_uscc },
  { zh: '企业所在地', en: 'Home region', width: 12, value: (r) => r.enterprise_home },
  { zh: '所属产业链', en: 'Industry chain', width: 16, value: (r) => r.chain_name },
  { zh: '预计投资（万元）', en: 'Estimated (10k CNY)', width: 14, value: (r) => unitsToWan(r.estimated_investment_yuan) },
  { zh: '预计外资（万美元）', en: 'Estimated foreign (10k USD)', width: 14, value: (r) => unitsToWan(r.estimated_foreign_usd) },
  { zh: '线索来源', en: 'Source', width: 16, value: (r) => LEAD_SOURCE_LABELS_ZH[r.source as LeadSource] ?? r.source },
  { zh: '首次接洽日期', en: 'First contact', width: 12, value: (r) => r.first_contact_date },
  { zh: '联系人', en: 'Contact', width: 10, value: (r) => r.contact_name },
  { zh: '承办单位', en: 'Holding unit', width: 16, value: (r) => r.unit_name },
  { zh: '状态', en: 'Status', width: 10, value: (r) => STATUS_ZH[r.status] ?? r.status },
  { zh: '下一步工作', en: 'Next step', width: 30, value: (r) => r.next_step },
  { zh: '下一步时间', en: 'Next step date', width: 12, value: (r) => r.next_step_date },
  { zh: '备注', en: 'Remarks', width: 30, value: (r) => r.remarks },
];

const PAGE = 2000;

function pageOf(gj: Services, scope: DataScope, filter: LeadFilter, afterId: number) {
  return scopedLeads(gj.db, gj.dialect, scope, filter)
    .leftJoin('chains', 'chains.id', 'leads.chain_id')
    .select(['leads.id', 'leads.code', 'leads.title', 'leads.enterprise_name', 'leads.enterprise_uscc', 'leads.enterprise_home', 'chains.name as chain_name', 'leads.estimated_investment_yuan', 'leads.estimated_foreign_usd', 'leads.source', 'leads.first_contact_date', 'leads.contact_name', 'holder.name as unit_name', 'leads.status', 'leads.next_step', 'leads.next_step_date', 'leads.remarks'])
    .where('leads.id', '>', afterId)
    .orderBy('leads.id')
    .limit(PAGE)
    .execute();
}

/** Streams the filtered leads, a keyset page at a time, so memory stays flat. */
export async function exportLeads(out: Writable, gj: Services, scope: DataScope, filter: LeadFilter, lang: Lang): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(lang === 'en-US' ? 'Leads' : '招商线索', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = LEAD_EXPORT_COLUMNS.map((c) => ({ header: lang === 'en-US' ? c.en : c.zh, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let written = 0;
  for (let afterId = 0; ; ) {
    const rows = await pageOf(gj, scope, filter, afterId);
    for (const r of rows) sheet.addRow(LEAD_EXPORT_COLUMNS.map((c) => defuse(c.value(r)))).commit();
    written += rows.length;
    if (rows.length < PAGE) break;
    afterId = rows[rows.length - 1]!.id;
  }
  sheet.commit();
  await workbook.commit();
  return written;
}
