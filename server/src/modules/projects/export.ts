import { unitsToWan } from '../../platform/money.js';
import { defuse } from '../../platform/excel/values.js';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { CHAIN_ROLES, NATURES, STAGES, STAGE_LABELS_ZH } from '../../../../common/projects.js';
import type { Dialect } from '../../db/connect.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Lang } from '../../platform/i18n/index.js';
import type { DataScope } from '../../platform/scope.js';
import { scopedProjects, type ProjectFilter } from './repo.js';

type Row = Awaited<ReturnType<typeof pageOf>>[number];

/** The ledger's columns, in the order offices expect; the export and the template share them. */
export const EXPORT_COLUMNS: { key: string; zh: string; en: string; width: number; value: (r: Row) => string | number | null }[] = [
  { key: 'code', zh: '项目编号', en: 'Code', width: 16, value: (r) => r.code },
  { key: 'name', zh: '项目名称', en: 'Project', width: 36, value: (r) => r.name },
  { key: 'investorName', zh: '投资主体', en: 'Investor', width: 30, value: (r) => r.investor_name },
  { key: 'investorUscc', zh: '统一社会信用代码', en: 'Credit code', width: 22, value: (r) => r.investor_uscc },
  { key: 'hostUnit', zh: '属地单位', en: 'Host unit', width: 16, value: (r) => r.host_unit_name },
  { key: 'totalInvestment', zh: '总投资（万元）', en: 'Total (10k CNY)', width: 14, value: (r) => unitsToWan(r.total_investment_yuan) },
  { key: 'fixedAsset', zh: '固定资产投资（万元）', en: 'Fixed assets (10k CNY)', width: 14, value: (r) => unitsToWan(r.fixed_asset_yuan) },
  { key: 'chain', zh: '所属产业链', en: 'Industry chain', width: 18, value: (r) => r.chain_name },
  { key: 'chainRole', zh: '链条定位', en: 'Chain role', width: 10, value: (r) => ({ strengthen: '强链', extend: '延链', fill: '补链' })[r.chain_role ?? ''] ?? null },
  { key: 'nature', zh: '建设性质', en: 'Nature', width: 10, value: (r) => ({ new: '新建', expansion: '扩建', renovation: '技改' })[r.nature ?? ''] ?? null },
  { key: 'stage', zh: '项目阶段', en: 'Stage', width: 10, value: (r) => STAGE_LABELS_ZH[r.stage as keyof typeof STAGE_LABELS_ZH] ?? r.stage },
  { key: 'status', zh: '状态', en: 'Status', width: 8, value: (r) => ({ normal: '正常', suspended: '暂停', terminated: '终止' })[r.status] ?? r.status },
  { key: 'signedDate', zh: '签约日期', en: 'Signed', width: 12, value: (r) => r.signed_date },
  { key: 'startedDate', zh: '实际开工', en: 'Started', width: 12, value: (r) => r.started_date },
  { key: 'leader', zh: '包挂领导', en: 'Leader', width: 10, value: (r) => r.leader_name },
  { key: 'progressText', zh: '形象进度', en: 'Progress', width: 30, value: (r) => r.progress_text },
  { key: 'remarks', zh: '备注', en: 'Remarks', width: 30, value: (r) => r.remarks },
];

const PAGE = 2000;

function pageOf(db: Kysely<DB>, dialect: Dialect, scope: DataScope, filter: ProjectFilter, afterId: number) {
  return scopedProjects(db, dialect, scope, filter)
    .leftJoin('chains', 'chains.id', 'projects.chain_id')
    .select([
      'projects.id',
      'projects.code',
      'projects.name',
      'projects.investor_name',
      'projects.investor_uscc',
      'host.name as host_unit_name',
      'projects.total_investment_yuan',
      'projects.fixed_asset_yuan',
      'chains.name as chain_name',
      'projects.chain_role',
      'projects.nature',
      'projects.stage',
      'projects.status',
      'projects.signed_date',
      'projects.started_date',
      'projects.leader_name',
      'projects.progress_text',
      'projects.remarks',
    ])
    .where('projects.id', '>', afterId)
    .orderBy('projects.id')
    .limit(PAGE)
    .execute();
}


/**
 * Streams the filtered ledger as .xlsx, a page at a time by id (keyset), committing each row as
 * it goes: memory stays flat at 100k rows. Answers the number of rows written.
 */
export async function writeProjectsXlsx(
  out: Writable,
  db: Kysely<DB>,
  dialect: Dialect,
  scope: DataScope,
  filter: ProjectFilter,
  options: { columns?: string[]; lang: Lang; onProgress?: (rows: number) => void },
): Promise<number> {
  const columns = options.columns?.length ? EXPORT_COLUMNS.filter((c) => options.columns!.includes(c.key)) : EXPORT_COLUMNS;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(options.lang === 'en-US' ? 'Projects' : '项目台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: options.lang === 'en-US' ? c.en : c.zh, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let written = 0;
  let afterId = 0;
  for (;;) {
    const rows = await pageOf(db, dialect, scope, filter, afterId);
    for (const r of rows) sheet.addRow(columns.map((c) => defuse(c.value(r)))).commit();
    written += rows.length;
    options.onProgress?.(written);
    if (rows.length < PAGE) break;
    afterId = rows[rows.length - 1]!.id;
  }
  sheet.commit();
  await workbook.commit();
  return written;
}

/** The import template: the ledger's header and dropdowns from the dictionaries (a hidden sheet holds the lists). */
export async function projectTemplate(chains: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('项目台账');
  const dict = workbook.addWorksheet('字典', { state: 'veryHidden' });
  const lists: Record<string, string[]> = {
    stage: STAGES.map((s) => STAGE_LABELS_ZH[s]),
    chain: chains,
    chainRole: CHAIN_ROLES.map((r) => ({ strengthen: '强链', extend: '延链', fill: '补链' })[r]),
    nature: NATURES.map((n) => ({ new: '新建', expansion: '扩建', renovation: '技改' })[n]),
  };
  const columns = EXPORT_COLUMNS.filter((c) => !['hostUnit', 'status'].includes(c.key));
  sheet.columns = columns.map((c) => ({ header: c.zh, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  Object.entries(lists).forEach(([key, values], i) => {
    const letter = String.fromCharCode(65 + i);
    values.forEach((v, r) => (dict.getCell(`${letter}${r + 1}`).value = v));
    const col = columns.findIndex((c) => c.key === key);
    if (col < 0) return;
    for (let r = 2; r <= 1000; r++) {
      sheet.getCell(r, col + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`字典!$${letter}$1:$${letter}$${values.length}`], showErrorMessage: true, errorTitle: '请从下拉列表选择', error: '请从下拉列表中选择' };
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
