import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import { CHAIN_ROLES, NATURES, STAGES, STAGE_LABELS_ZH, type Stage } from '../../../../common/projects.js';
import type { Dialect } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { columnsIn, openReport, wordFor, type ExportColumn, type Words } from '../../platform/excel/report.js';
import type { Lang } from '../../platform/i18n/index.js';
import type { DataScope } from '../../platform/scope.js';
import { latestProgressTexts } from '../dispatch/index.js';
import { scopedProjects, type ProjectFilter } from './repo.js';

type Row = Awaited<ReturnType<typeof pageOf>>[number] & { latest_progress?: string | null };
const STAGE_EN: Record<Stage, string> = { lead: 'Lead', negotiating: 'Negotiating', signed: 'Signed', registered: 'Registered', land: 'Land supplied', started: 'Started', statistics: 'In statistics', completed: 'Completed', producing: 'Producing', capacity: 'At capacity', returns: 'At returns' };
/** The words of the values the ledger shows, as the screen shows them (export-words.unit.test.ts holds them to the web's). */
export const VALUE_LABELS: Record<'stage' | 'status' | 'chainRole' | 'nature', Record<string, Words>> = {
  stage: Object.fromEntries(STAGES.map((s) => [s, { zh: STAGE_LABELS_ZH[s], en: STAGE_EN[s] }])),
  status: { normal: { zh: '正常', en: 'Normal' }, suspended: { zh: '暂停', en: 'Suspended' }, terminated: { zh: '终止', en: 'Terminated' } },
  chainRole: { strengthen: { zh: '强链', en: 'Strengthen' }, extend: { zh: '延链', en: 'Extend' }, fill: { zh: '补链', en: 'Fill a gap' } },
  nature: { new: { zh: '新建', en: 'New' }, expansion: { zh: '扩建', en: 'Expansion' }, renovation: { zh: '技改', en: 'Renovation' } },
};
const word = (kind: keyof typeof VALUE_LABELS, code: string | null, lang: Lang) => wordFor(VALUE_LABELS[kind], code, lang);

/**
 * Every column the ledger can export, in the order offices expect; the keys are the list's column
 * keys (what the page's column chooser remembers), so the page sends the columns it shows as they are.
 */
export const EXPORT_COLUMNS: ExportColumn<Row>[] = [
  { key: 'code', zh: '项目编号', en: 'Code', screen: 'projects.field.code', width: 16, value: (r) => r.code },
  { key: 'name', zh: '项目名称', en: 'Project', screen: 'projects.field.name', width: 36, value: (r) => r.name },
  { key: 'investorName', zh: '投资方', en: 'Investor', screen: 'projects.field.investor', width: 30, value: (r) => r.investor_name },
  { key: 'investorUscc', zh: '统一社会信用代码', en: 'Credit code', screen: 'projects.field.uscc', width: 22, value: (r) => r.investor_uscc },
  { key: 'hostUnitName', zh: '属地单位', en: 'Host unit', screen: 'projects.field.hostUnit', width: 16, value: (r) => r.host_unit_name },
  { key: 'chainName', zh: '产业链', en: 'Industry chain', screen: 'projects.field.chain', width: 18, value: (r) => r.chain_name },
  { key: 'chainRole', zh: '强/延/补链', en: 'Chain role', screen: 'projects.field.chainRole', width: 10, value: (r, lang) => word('chainRole', r.chain_role, lang) },
  { key: 'nature', zh: '建设性质', en: 'Nature', screen: 'projects.field.nature', width: 10, value: (r, lang) => word('nature', r.nature, lang) },
  { key: 'stage', zh: '阶段', en: 'Stage', screen: 'projects.field.stage', width: 10, value: (r, lang) => word('stage', r.stage, lang) },
  { key: 'status', zh: '状态', en: 'Status', screen: 'projects.field.status', width: 8, value: (r, lang) => word('status', r.status, lang) },
  { key: 'totalInvestmentWan', zh: '总投资（万元）', en: 'Total (10k CNY)', screen: 'projects.field.totalShort', width: 16, money: (r) => r.total_investment_yuan },
  { key: 'fixedAssetWan', zh: '固定资产投资（万元）', en: 'Fixed assets (10k CNY)', screen: 'projects.field.fixedAssetShort', width: 16, money: (r) => r.fixed_asset_yuan },
  { key: 'signedDate', zh: '签约日期', en: 'Signed', screen: 'projects.field.signedDate', width: 12, value: (r) => r.signed_date },
  { key: 'plannedStart', zh: '计划开工', en: 'Planned start', screen: 'projects.field.plannedStart', width: 12, value: (r) => r.planned_start },
  { key: 'startedDate', zh: '开工日期', en: 'Started', screen: 'projects.field.startedDate', width: 12, value: (r) => r.started_date },
  { key: 'plannedCompletion', zh: '计划竣工', en: 'Planned completion', screen: 'projects.field.plannedCompletion', width: 12, value: (r) => r.planned_completion },
  { key: 'plannedProduction', zh: '计划投产', en: 'Planned production', screen: 'projects.field.plannedProduction', width: 12, value: (r) => r.planned_production },
  { key: 'leaderName', zh: '包挂领导', en: 'Leader in charge', screen: 'projects.field.leader', width: 10, value: (r) => r.leader_name },
  // The newest monthly report's words when dispatch has them, else the ledger's own.
  { key: 'progressText', zh: '形象进度', en: 'Progress', screen: 'projects.field.progress', width: 36, value: (r) => r.latest_progress ?? r.progress_text },
  { key: 'remarks', zh: '备注', en: 'Remarks', screen: 'projects.field.remarks', width: 30, value: (r) => r.remarks },
];
export const EXPORT_KEYS = EXPORT_COLUMNS.map((c) => c.key);

const PAGE = 2000;

function pageOf(db: Kysely<DB>, dialect: Dialect, scope: DataScope, filter: ProjectFilter, afterId: number) {
  return scopedProjects(db, dialect, scope, filter)
    .leftJoin('chains', 'chains.id', 'projects.chain_id')
    .leftJoin('project_stages as ps_start', (j) => j.onRef('ps_start.project_id', '=', 'projects.id').on('ps_start.stage', '=', 'started'))
    .leftJoin('project_stages as ps_completed', (j) => j.onRef('ps_completed.project_id', '=', 'projects.id').on('ps_completed.stage', '=', 'completed'))
    .leftJoin('project_stages as ps_producing', (j) => j.onRef('ps_producing.project_id', '=', 'projects.id').on('ps_producing.stage', '=', 'producing'))
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
      'ps_start.planned_date as planned_start',
      'ps_completed.planned_date as planned_completion',
      'ps_producing.planned_date as planned_production',
      'projects.leader_name',
      'projects.progress_text',
      'projects.remarks',
    ])
    .where('projects.id', '>', afterId)
    .orderBy('projects.id')
    .limit(PAGE)
    .execute();
}

/** The title row's unit and the exporting unit, when the caller does not name them (the console): the filter's unit, else the root. */
async function defaultHeading(db: Kysely<DB>, filter: ProjectFilter): Promise<{ unitName: string; exportedBy: string }> {
  const unit = filter.unitId === undefined ? undefined : await db.selectFrom('units').select('name').where('id', '=', filter.unitId).executeTakeFirst();
  const root = await db.selectFrom('units').select('name').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  return { unitName: unit?.name ?? root?.name ?? '', exportedBy: root?.name ?? '' };
}

/**
 * Streams the filtered ledger as an office's .xlsx (title, exporting unit and date, 单位：万元,
 * header, rows, 合计), a page at a time by id (keyset), committing each row as it goes: memory
 * stays flat at 100k rows; 形象进度 comes from dispatch once per page. Answers the rows written.
 * Without `columns`, every column (the console's full ledger).
 */
export async function writeProjectsXlsx(
  out: Writable,
  db: Kysely<DB>,
  dialect: Dialect,
  scope: DataScope,
  filter: ProjectFilter,
  options: { columns?: readonly string[]; lang: Lang; heading?: { unitName: string; exportedBy: string }; at?: Date | string; onProgress?: (rows: number) => void },
): Promise<number> {
  const en = options.lang === 'en-US';
  const columns = columnsIn(EXPORT_COLUMNS, options.columns, options.lang);
  const heading = options.heading ?? (await defaultHeading(db, filter));
  const report = openReport<Row>(
    out,
    columns,
    {
      sheetName: en ? 'Projects' : '项目台账',
      title: en ? `${heading.unitName} — Project ledger` : `${heading.unitName} 重点项目台账`,
      exportedBy: heading.exportedBy,
      at: options.at ?? new Date(),
      lang: options.lang,
      totalLabel: (n) => (en ? `Total (${n} projects)` : `合计（${n}个项目）`),
    },
  );
  const withProgress = columns.some((c) => c.key === 'progressText');
  let written = 0;
  for (let afterId = 0; ; ) {
    const rows: Row[] = await pageOf(db, dialect, scope, filter, afterId);
    const progress = withProgress ? await latestProgressTexts(db, scope, rows.map((r) => r.id)) : new Map<number, string>();
    for (const r of rows) report.add({ ...r, latest_progress: progress.get(r.id) ?? null });
    written += rows.length;
    options.onProgress?.(written);
    if (rows.length < PAGE) break;
    afterId = rows[rows.length - 1]!.id;
  }
  return report.finish();
}

/** The import template's columns: the words of the import's own fields (投资主体, 项目阶段, 实际开工…), with dropdowns for the dictionaries. */
const TEMPLATE_COLUMNS: { header: string; width: number; list?: 'stage' | 'chain' | 'chainRole' | 'nature' }[] = [
  { header: '项目编号', width: 16 },
  { header: '项目名称', width: 36 },
  { header: '投资主体', width: 30 },
  { header: '统一社会信用代码', width: 22 },
  { header: '总投资（万元）', width: 14 },
  { header: '固定资产投资（万元）', width: 14 },
  { header: '所属产业链', width: 18, list: 'chain' },
  { header: '链条定位', width: 10, list: 'chainRole' },
  { header: '建设性质', width: 10, list: 'nature' },
  { header: '项目阶段', width: 10, list: 'stage' },
  { header: '签约日期', width: 12 },
  { header: '计划开工', width: 12 },
  { header: '实际开工', width: 12 },
  { header: '包挂领导', width: 10 },
  { header: '形象进度', width: 30 },
  { header: '备注', width: 30 },
];

/** The import template: the ledger's header and dropdowns from the dictionaries (a hidden sheet holds the lists). */
export async function projectTemplate(chains: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('项目台账');
  const dict = workbook.addWorksheet('字典', { state: 'veryHidden' });
  const lists: Record<string, string[]> = {
    stage: STAGES.map((s) => STAGE_LABELS_ZH[s]),
    chain: chains,
    chainRole: CHAIN_ROLES.map((r) => VALUE_LABELS.chainRole[r]!.zh),
    nature: NATURES.map((n) => VALUE_LABELS.nature[n]!.zh),
  };
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  Object.entries(lists).forEach(([key, values], i) => {
    const letter = String.fromCharCode(65 + i);
    values.forEach((v, r) => (dict.getCell(`${letter}${r + 1}`).value = v));
    const col = TEMPLATE_COLUMNS.findIndex((c) => c.list === key);
    if (col < 0) return;
    for (let r = 2; r <= 1000; r++) {
      sheet.getCell(r, col + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`字典!$${letter}$1:$${letter}$${values.length}`], showErrorMessage: true, errorTitle: '请从下拉列表选择', error: '请从下拉列表中选择' };
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
