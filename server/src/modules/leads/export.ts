import type { Writable } from 'node:stream';
import { LEAD_SOURCE_LABELS_ZH, type LeadSource } from '../../../../common/leads.js';
import { chinaDay } from '../../platform/china-time.js';
import { columnsIn, openReport, wordFor, type ExportColumn, type Words } from '../../platform/excel/report.js';
import type { Services } from '../../platform/http.js';
import type { Lang } from '../../platform/i18n/index.js';
import type { DataScope } from '../../platform/scope.js';
import { scopedLeads, type LeadFilter } from './repo.js';

/** A lead as exported, with the moment of the export (a deadline before it is overdue). */
type Row = Awaited<ReturnType<typeof pageOf>>[number] & { now: string };

const SOURCE_EN: Record<LeadSource, string> = { office_suzhou: 'Resident office (Suzhou)', office_shanghai: 'Resident office (Shanghai)', office_nanjing: 'Resident office (Nanjing)', business_referral: 'Business referral', agency: 'Agency', expo: 'Expo', entrepreneur_network: 'Entrepreneur network', superior: 'From higher authority', other: 'Other' };
/** The words of the values the lead list shows, as the screen shows them (export-words.unit.test.ts holds them to the web's). */
export const LEAD_VALUE_LABELS: Record<'status' | 'source' | 'deadline', Record<string, Words>> = {
  status: { new: { zh: '新线索', en: 'New' }, following: { zh: '跟进中', en: 'Following up' }, negotiating: { zh: '洽谈中', en: 'Negotiating' }, signed: { zh: '已签约', en: 'Signed' }, transferred: { zh: '已流转', en: 'Handed over' }, abandoned: { zh: '已放弃', en: 'Abandoned' }, merged: { zh: '已合并', en: 'Merged' } },
  source: Object.fromEntries(Object.entries(LEAD_SOURCE_LABELS_ZH).map(([k, zh]) => [k, { zh, en: SOURCE_EN[k as LeadSource] }])),
  deadline: { respond: { zh: '响应', en: 'Respond' }, assess: { zh: '研判', en: 'Assess' }, feedback: { zh: '反馈', en: 'Feed back' }, progress: { zh: '进展更新', en: 'Progress update' } },
};

const word = (kind: keyof typeof LEAD_VALUE_LABELS, code: string | null, lang: Lang) => wordFor(LEAD_VALUE_LABELS[kind], code, lang);

/**
 * Every column the lead ledger can export, keyed as the list's column chooser keys them; the
 * contact's phone never leaves.
 */
export const LEAD_EXPORT_COLUMNS: ExportColumn<Row>[] = [
  { key: 'code', zh: '线索编号', en: 'Lead code', screen: 'leads.field.code', width: 16, value: (r) => r.code },
  { key: 'title', zh: '意向项目', en: 'Intended project', screen: 'leads.field.title', width: 32, value: (r) => r.title },
  { key: 'enterpriseName', zh: '企业名称', en: 'Enterprise', screen: 'leads.field.enterprise', width: 30, value: (r) => r.enterprise_name },
  { key: 'uscc', zh: '统一社会信用代码', en: 'Credit code', screen: 'projects.field.uscc', width: 22, value: (r) => r.enterprise_uscc },
  { key: 'home', zh: '企业所在地', en: 'Home region', screen: 'leads.field.home', width: 12, value: (r) => r.enterprise_home },
  { key: 'chain', zh: '产业链', en: 'Industry chain', screen: 'projects.field.chain', width: 16, value: (r) => r.chain_name },
  { key: 'unitName', zh: '承办单位', en: 'Holding unit', screen: 'leads.field.unit', width: 16, value: (r) => r.unit_name },
  { key: 'source', zh: '线索来源', en: 'Source', screen: 'leads.field.source', width: 16, value: (r, lang) => word('source', r.source, lang) },
  { key: 'estimated', zh: '预计投资（万元）', en: 'Estimated (10k CNY)', screen: 'leads.field.estimatedShort', width: 16, money: (r) => r.estimated_investment_yuan },
  { key: 'foreign', zh: '预计外资（万美元）', en: 'Estimated foreign (10k USD)', width: 16, money: (r) => r.estimated_foreign_usd },
  { key: 'status', zh: '状态', en: 'Status', screen: 'leads.field.status', width: 10, value: (r, lang) => word('status', r.status, lang) },
  {
    key: 'due',
    zh: '下一时限',
    en: 'Next deadline',
    screen: 'leads.field.nextDue',
    width: 22,
    value: (r, lang) => {
      if (!r.next_due_at) return null;
      const at = new Date(r.next_due_at).toISOString();
      const overdue = at < r.now ? (lang === 'en-US' ? ' (overdue)' : '（已逾期）') : '';
      return `${word('deadline', r.next_due_kind, lang) ?? ''} ${chinaDay(at)}${overdue}`.trim();
    },
  },
  { key: 'firstContactDate', zh: '首次接洽', en: 'First contact', screen: 'leads.field.firstContact', width: 12, value: (r) => r.first_contact_date },
  { key: 'contactName', zh: '联系人', en: 'Contact', screen: 'leads.field.contact', width: 10, value: (r) => r.contact_name },
  { key: 'nextStep', zh: '下一步工作', en: 'Next step', screen: 'leads.field.nextStep', width: 30, value: (r) => r.next_step },
  { key: 'nextStepDate', zh: '下一步时间', en: 'Next step date', screen: 'leads.field.nextStepDate', width: 12, value: (r) => r.next_step_date },
  { key: 'remarks', zh: '备注', en: 'Remarks', screen: 'projects.field.remarks', width: 30, value: (r) => r.remarks },
];
export const LEAD_EXPORT_KEYS = LEAD_EXPORT_COLUMNS.map((c) => c.key);

const PAGE = 2000;

function pageOf(gj: Services, scope: DataScope, filter: LeadFilter, afterId: number) {
  return scopedLeads(gj.db, gj.dialect, scope, filter)
    .leftJoin('chains', 'chains.id', 'leads.chain_id')
    .select(['leads.id', 'leads.code', 'leads.title', 'leads.enterprise_name', 'leads.enterprise_uscc', 'leads.enterprise_home', 'chains.name as chain_name', 'leads.estimated_investment_yuan', 'leads.estimated_foreign_usd', 'leads.source', 'leads.first_contact_date', 'leads.contact_name', 'holder.name as unit_name', 'leads.status', 'leads.next_due_kind', 'leads.next_due_at', 'leads.next_step', 'leads.next_step_date', 'leads.remarks'])
    .where('leads.id', '>', afterId)
    .orderBy('leads.id')
    .limit(PAGE)
    .execute();
}

/**
 * Streams the filtered leads as an office .xlsx (title, exporting unit and date, 单位：万元, the
 * chosen columns, 合计), a keyset page at a time, so memory stays flat.
 */
export async function exportLeads(out: Writable, gj: Services, scope: DataScope, filter: LeadFilter, options: { columns: readonly string[]; lang: Lang; heading: { unitName: string; exportedBy: string } }): Promise<number> {
  const en = options.lang === 'en-US';
  const now = gj.clock.now().toISOString();
  const report = openReport<Row>(
    out,
    columnsIn(LEAD_EXPORT_COLUMNS, options.columns, options.lang),
    {
      sheetName: en ? 'Leads' : '招商线索',
      title: en ? `${options.heading.unitName} — Investment leads` : `${options.heading.unitName} 招商线索台账`,
      exportedBy: options.heading.exportedBy,
      at: now,
      lang: options.lang,
      totalLabel: (n) => (en ? `Total (${n} leads)` : `合计（${n}条线索）`),
    },
  );
  for (let afterId = 0; ; ) {
    const rows = await pageOf(gj, scope, filter, afterId);
    for (const r of rows) report.add({ ...r, now });
    if (rows.length < PAGE) break;
    afterId = rows[rows.length - 1]!.id;
  }
  return report.finish();
}
