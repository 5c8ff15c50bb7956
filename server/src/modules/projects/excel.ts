import { createHash } from 'node:crypto';
import type { Selectable, Transaction } from 'kysely';
import { STAGES, stageIndex, type Stage } from '../../../../common/projects.js';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { carriedFields, type CarriedFields } from '../../platform/excel/carried.js';
import { applyMappingCorrections } from '../../platform/excel/http.js';
import type { FieldMatcher, LedgerLayout } from '../../platform/excel/ledger.js';
import { chainNamed, ledgerRows, pickLedgerLayout, refuseRepeats, sayer, type RowError } from '../../platform/excel/rows.js';
import { columnLetter } from '../../platform/excel/values.js';
import { readWorkbook } from '../../platform/excel/workbook.js';
import type { Services } from '../../platform/http.js';
import type { Lang } from '../../platform/i18n/index.js';
import { unitsToWan, wanToUnits } from '../../platform/money.js';
import { writeProjectGrams } from './grams.js';
import { allowedProjectIds } from './policy.js';
import { assertHostUnit, assertMoved, defaultPlannedDates, derivedColumns, newProjectCodes } from './service.js';
import { USCC_PATTERN } from '../../../../common/uscc.js';

export const LEDGER_FIELDS = ['seq', 'code', 'name', 'investorName', 'investorUscc', 'totalInvestment', 'fixedAsset', 'chain', 'chainRole', 'nature', 'progressText', 'stage', 'signedDate', 'plannedStart', 'actualStart', 'leader', 'remarks'] as const;

export type LedgerField =
  | 'seq'
  | 'code'
  | 'name'
  | 'investorName'
  | 'investorUscc'
  | 'totalInvestment'
  | 'fixedAsset'
  | 'chain'
  | 'chainRole'
  | 'nature'
  | 'progressText'
  | 'stage'
  | 'signedDate'
  | 'plannedStart'
  | 'actualStart'
  | 'leader'
  | 'remarks';

/** Header words offices use for each column, most specific first (形象进度 before 进度). */
export const PROJECT_MATCHERS: FieldMatcher<LedgerField>[] = [
  { field: 'seq', pattern: /^(序号|编号序|No\.?)$/i },
  { field: 'code', pattern: /^(项目)?(编号|代码|编码)$/ },
  { field: 'investorUscc', pattern: /信用代码/ },
  { field: 'name', pattern: /^项目名称?$|^项目$/ },
  { field: 'investorName', pattern: /^(投资方|投资主体|投资企业|签约企业|投资单位|企业名称|投资商)$/ },
  { field: 'fixedAsset', pattern: /固定资产/ },
  { field: 'totalInvestment', pattern: /^(计划)?总投资(额)?$|^投资总额$|^总投资额$/ },
  { field: 'chainRole', pattern: /链条定位|强\/?延\/?补|链位/ },
  { field: 'chain', pattern: /产业链|所属链|链条$/ },
  { field: 'nature', pattern: /建设性质/ },
  { field: 'progressText', pattern: /形象进度|进展情况|进度情况/ },
  { field: 'stage', pattern: /^(项目)?(阶段|进度)$|^当前阶段$|^项目状态$/ },
  { field: 'plannedStart', pattern: /计划开工/ },
  { field: 'actualStart', pattern: /实际开工|^开工(时间|日期)$/ },
  { field: 'signedDate', pattern: /^签约(时间|日期)?$/ },
  { field: 'leader', pattern: /包挂领导|责任领导|挂钩领导|联系领导/ },
  { field: 'remarks', pattern: /^备注$/ },
];

/** Stage words as ledgers write them; 在建 means 开工 has been reached. */
const STAGE_WORDS: Record<string, Stage> = {
  线索: 'lead',
  在谈: 'negotiating',
  洽谈: 'negotiating',
  洽谈中: 'negotiating',
  在洽谈: 'negotiating',
  签约: 'signed',
  已签约: 'signed',
  注册: 'registered',
  已注册: 'registered',
  供地: 'land',
  已供地: 'land',
  开工: 'started',
  已开工: 'started',
  在建: 'started',
  入库: 'statistics',
  已入库: 'statistics',
  竣工: 'completed',
  已竣工: 'completed',
  投产: 'producing',
  已投产: 'producing',
  达产: 'capacity',
  达效: 'returns',
};
const CHAIN_ROLE_WORDS: Record<string, string> = { 强链: 'strengthen', 延链: 'extend', 补链: 'fill' };
const NATURE_WORDS: Record<string, string> = { 新建: 'new', 扩建: 'expansion', 技改: 'renovation', 技术改造: 'renovation' };


interface ParsedRow {
  row: number;
  code: string | null;
  name: string;
  investorName: string | null;
  investorUscc: string | null;
  totalYuan: number;
  fixedAssetYuan: number | null;
  chainId: number | null;
  chainRole: string | null;
  nature: string | null;
  stage: Stage;
  signedDate: string | null;
  plannedStart: string | null;
  actualStart: string | null;
  leader: string | null;
  progressText: string | null;
  remarks: string | null;
}

export interface ImportReport {
  fileSha256: string;
  sheet: string;
  mapping: { column: string; header: string; field: LedgerField | null }[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  committed: boolean;
  errors: RowError[];
  outcomes: { row: number; outcome: 'created' | 'updated' | 'unchanged'; name: string; code: string | null; values?: Record<string, Shown>; changes?: { field: string; from: Shown; to: Shown }[] }[];
  totalInvestmentWan: number;
}

const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    nameMissing: '项目名称为空',
    amountMissing: '总投资为空',
    amountBad: '金额无法识别（应为数字，或如 9.87亿、5000万）',
    dateBad: '日期无法识别（可用 2023-01-29、2023/1/29、2023.1.29、2023年1月29日、2023年1月）',
    stageBad: '“{value}”不是项目阶段（线索、在谈、签约、注册、供地、开工/在建、入库、竣工、投产、达产、达效）',
    chainBad: '“{value}”不在产业链目录中',
    usccBad: '统一社会信用代码应为 18 位',
    duplicate: '与第 {other} 行是同一项目（名称、投资方相同）',
    tooLong: '内容过长（最多 {max} 个字符）',
    codeNotYours: '项目编号“{value}”不能用于本单位：该编号已被占用，或对应的项目不在您的数据范围内。本行未导入',
  },
  'en-US': {
    nameMissing: 'the project name is empty',
    amountMissing: 'the total investment is empty',
    amountBad: 'not an amount (a number, or e.g. 9.87亿, 5000万)',
    dateBad: 'not a date (2023-01-29, 2023/1/29, 2023.1.29, 2023年1月29日 or 2023年1月)',
    stageBad: '"{value}" is not a project stage',
    chainBad: '"{value}" is not in the industry-chain taxonomy',
    usccBad: 'a unified social credit code has 18 characters',
    duplicate: 'the same project as row {other} (same name and investor)',
    tooLong: 'too long (at most {max} characters)',
    codeNotYours: 'project code "{value}" cannot be used here: it is taken, or its project is outside your data scope. This row was not imported',
  },
};

function parseRows(layout: LedgerLayout<LedgerField>, chains: { id: number; name: string }[], lang: Lang): { parsed: ParsedRow[]; errors: RowError[]; dataRows: number } {
  const errors: RowError[] = [];
  const parsed: ParsedRow[] = [];
  const say = sayer(MESSAGES, lang);
  let dataRows = 0;
  for (const row of ledgerRows(layout, say)) {
    dataRows++;
    const { text, fail } = row;
    const name = text('name');
    if (!name) fail('name', 'nameMissing');
    const total = row.money('totalInvestment', { missingKey: 'amountMissing' });
    const fixed = row.money('fixedAsset');
    const signedDate = row.date('signedDate');
    const plannedStart = row.date('plannedStart');
    const actualStart = row.date('actualStart');
    const stageWord = text('stage');
    let stage: Stage | null = null;
    if (stageWord) {
      stage = STAGE_WORDS[stageWord] ?? null;
      if (!stage) fail('stage', 'stageBad');
    } else stage = actualStart ? 'started' : signedDate ? 'signed' : 'negotiating';
    const chainWord = text('chain');
    const chainId = chainWord ? chainNamed(chains, chainWord) : null;
    if (chainWord && chainId === null) fail('chain', 'chainBad');
    // The database's column widths, checked here so a long cell is a row error, not a failed import.
    for (const [field, max] of [['code', 64], ['name', 200], ['investorName', 200], ['leader', 100]] as const) {
      if ((text(field)?.length ?? 0) > max) fail(field, 'tooLong', { max });
    }
    const uscc = text('investorUscc')?.toUpperCase() ?? null;
    // The form only, as the lead importer: a check-character typo does not refuse a ledger (see leads/excel.ts).
    if (uscc && !USCC_PATTERN.test(uscc)) fail('investorUscc', 'usccBad');
    if (row.errors.length) {
      errors.push(...row.errors);
      continue;
    }
    parsed.push({
      row: row.row,
      code: text('code'),
      name: name!,
      investorName: text('investorName'),
      investorUscc: uscc,
      totalYuan: wanToUnits(total!),
      fixedAssetYuan: fixed === null ? null : wanToUnits(fixed),
      chainId,
      chainRole: CHAIN_ROLE_WORDS[text('chainRole') ?? ''] ?? null,
      nature: NATURE_WORDS[text('nature') ?? ''] ?? null,
      stage: stage!,
      signedDate,
      plannedStart,
      actualStart,
      leader: text('leader'),
      progressText: text('progressText'),
      remarks: text('remarks'),
    });
  }
  // Two rows that are the same project would fight over one record: the later one is refused.
  const { kept, errors: repeats } = refuseRepeats(
    parsed,
    (p) => p.code ?? `${p.name}\u0000${p.investorName ?? ''}`,
    (p, other) => ({ row: p.row, column: '', value: p.name, message: say('duplicate', { other }) }),
  );
  return { parsed: kept, errors: [...errors, ...repeats].sort((a, b) => a.row - b.row), dataRows };
}

/** The columns an import writes, as stored: what decides "unchanged". */
function columnsOf(p: ParsedRow) {
  return {
    name: p.name,
    investor_name: p.investorName,
    investor_uscc: p.investorUscc,
    total_investment_yuan: p.totalYuan,
    fixed_asset_yuan: p.fixedAssetYuan,
    chain_id: p.chainId,
    chain_role: p.chainRole,
    nature: p.nature,
    stage: p.stage,
    signed_date: stageIndex(p.stage) >= stageIndex('signed') ? p.signedDate : null,
    started_date: stageIndex(p.stage) >= stageIndex('started') ? p.actualStart : null,
    leader_name: p.leader,
    progress_text: p.progressText,
    remarks: p.remarks,
  };
}

/**
 * A row as it updates a stored project: a column the file does not have keeps what is stored (a
 * sheet of the screen's columns, re-imported, must not blank the credit code or the remarks; the
 * rule every importer shares, platform/excel/carried.ts). The name and the total investment are
 * always carried: a file without them refuses every row. The planned start (when the row has
 * none) and the other stages' dates are kept in updateInBatches, where the lifecycle rows are written.
 */
function mergedWithStored(p: ParsedRow, stored: Selectable<DB['projects']>, carried: CarriedFields<LedgerField>): ParsedRow {
  const keep = carried.orStored;
  // The stage is this importer's own rule, not a plain keep: without a stage column the row's stage
  // is only derived from its dates (签约 → signed, 开工 → started), which says less than a stage
  // recorded on the project page, so it may move the stored stage forward but never back.
  const derived = p.stage;
  return {
    ...p,
    code: keep('code', p.code, stored.code),
    investorName: keep('investorName', p.investorName, stored.investor_name),
    investorUscc: keep('investorUscc', p.investorUscc, stored.investor_uscc),
    fixedAssetYuan: keep('fixedAsset', p.fixedAssetYuan, stored.fixed_asset_yuan === null ? null : Number(stored.fixed_asset_yuan)),
    chainId: keep('chain', p.chainId, stored.chain_id),
    chainRole: keep('chainRole', p.chainRole, stored.chain_role),
    nature: keep('nature', p.nature, stored.nature),
    stage: carried.has('stage') || stageIndex(derived) > stageIndex(stored.stage as Stage) ? derived : (stored.stage as Stage),
    signedDate: keep('signedDate', p.signedDate, stored.signed_date),
    actualStart: keep('actualStart', p.actualStart, stored.started_date),
    leader: keep('leader', p.leader, stored.leader_name),
    progressText: keep('progressText', p.progressText, stored.progress_text),
    remarks: keep('remarks', p.remarks, stored.remarks),
  };
}

/**
 * Changed projects go out in batches too: one UPDATE each (their values differ), then their
 * lifecycle rows rewritten together — read once, recomputed in memory keeping planned dates the
 * ledger does not carry, deleted and inserted per 500 projects — and one insert of their events.
 */
async function updateInBatches(trx: Transaction<DB>, changes: { id: number; code: string; version: number; stage: string; name: string; investor: string | null; p: ParsedRow; fields: string[] }[], meta: { now: string; userId: number | null; fileSha256: string }) {
  const BATCH = 500;
  for (let start = 0; start < changes.length; start += BATCH) {
    const batch = changes.slice(start, start + BATCH);
    const ids = batch.map((c) => c.id);
    for (const c of batch) {
      await trx
        .updateTable('projects')
        .set({ ...columnsOf(c.p), ...derivedColumns(c.p.name, c.p.investorName), version: c.version + 1, updated_at: meta.now })
        .where('id', '=', c.id)
        .where('version', '=', c.version)
        .executeTakeFirst()
        // Changed by someone else since the import read it: the whole import rolls back (409)
        // rather than overwrite that change with the ledger's older picture.
        .then(assertMoved(c.version));
    }
    const renamed = batch.filter((c) => c.p.name !== c.name || c.p.investorName !== c.investor);
    await writeProjectGrams(trx, renamed.map((c) => ({ id: c.id, name: c.p.name, investor: c.p.investorName })));
    const existing = await trx.selectFrom('project_stages').selectAll().where('project_id', 'in', ids).execute();
    const plannedOf = new Map(existing.map((s) => [`${s.project_id}:${s.stage}`, s.planned_date]));
    // The ledger carries the signing and start dates; the other stages' actual dates (登记, 供地…,
    // recorded on the project page) are kept for every stage the row still says was reached.
    const actualOf = new Map(existing.map((s) => [`${s.project_id}:${s.stage}`, s.actual_date]));
    const rows = batch.flatMap((c) => {
      const reached = stageIndex(c.p.stage);
      return STAGES.map((stage, i) => {
        const actual = i > reached ? null : stage === 'signed' ? c.p.signedDate : stage === 'started' ? c.p.actualStart : (actualOf.get(`${c.id}:${stage}`) ?? null);
        const ledgerPlanned = stage === 'started' ? c.p.plannedStart : null;
        return {
          project_id: c.id,
          stage,
          planned_date: ledgerPlanned ?? plannedOf.get(`${c.id}:${stage}`) ?? null,
          actual_date: actual,
          // Reached without a date in the ledger: kept and marked, never rejected.
          actual_unknown: i <= reached && i > 0 && !actual ? 1 : 0,
        };
      });
    });
    await trx.deleteFrom('project_stages').where('project_id', 'in', ids).execute();
    for (let i = 0; i < rows.length; i += 5_000) await trx.insertInto('project_stages').values(rows.slice(i, i + 5_000)).execute();
    await trx
      .insertInto('project_events')
      .values(batch.map((c) => ({ project_id: c.id, at: meta.now, user_id: meta.userId, kind: 'import', from_value: c.stage, to_value: c.p.stage, reason: null, detail: JSON.stringify({ sha256: meta.fileSha256, row: c.p.row, fields: c.fields }) })))
      .execute();
  }
}

/** The lifecycle rows of a new project from its ledger row, computed in memory. */
function stageRowsOf(projectId: number, p: ParsedRow) {
  const reached = stageIndex(p.stage);
  const planned = defaultPlannedDates(p.totalYuan, p.actualStart ?? p.plannedStart);
  return STAGES.map((stage, i) => {
    const actual = i > reached ? null : stage === 'signed' ? p.signedDate : stage === 'started' ? p.actualStart : null;
    return {
      project_id: projectId,
      stage,
      planned_date: stage === 'started' ? p.plannedStart : (planned[stage] ?? null),
      actual_date: actual,
      actual_unknown: i <= reached && i > 0 && !actual ? 1 : 0,
    };
  });
}

/**
 * New projects go in by batches — a few statements per 500 rows instead of a few dozen per row —
 * with their codes reserved from the counter in one statement.
 */
async function createInBatches(trx: Transaction<DB>, rows: ParsedRow[], meta: { hostUnitId: number; now: string; userId: number | null; fileSha256: string }) {
  const generated = await newProjectCodes(trx, Number(meta.now.slice(0, 4)), rows.filter((p) => !p.code).length);
  let next = 0;
  const BATCH = 500;
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const values = batch.map((p) => ({
      ...columnsOf(p),
      code: p.code ?? generated[next++]!,
      host_unit_id: meta.hostUnitId,
      investor_tags: '[]',
      tags: '[]',
      status: 'normal',
      ...derivedColumns(p.name, p.investorName),
      version: 1,
      created_by: meta.userId,
      created_at: meta.now,
      updated_at: meta.now,
    }));
    const ids = await trx.insertInto('projects').values(values).returning(['id', 'code']).execute();
    const idOf = new Map(ids.map((r) => [r.code, r.id]));
    await writeProjectGrams(trx, batch.map((p, k) => ({ id: idOf.get(values[k]!.code)!, name: p.name, investor: p.investorName })), false);
    const stageRows = batch.flatMap((p, k) => stageRowsOf(idOf.get(values[k]!.code)!, p));
    await trx.insertInto('project_stages').values(stageRows).execute();
    await trx
      .insertInto('project_events')
      .values(batch.map((p, k) => ({ project_id: idOf.get(values[k]!.code)!, at: meta.now, user_id: meta.userId, kind: 'import', from_value: null, to_value: p.stage, reason: null, detail: JSON.stringify({ sha256: meta.fileSha256, row: p.row }) })))
      .execute();
  }
}

type Shown = string | number | null;

/** A stored column as the report names it: the ledger field, and its value as the page shows it (万元, the chain's name). */
const SHOWN: Record<keyof ReturnType<typeof columnsOf>, { field: LedgerField; show?: (v: unknown, chainName: (id: number) => string | null) => Shown }> = {
  name: { field: 'name' },
  investor_name: { field: 'investorName' },
  investor_uscc: { field: 'investorUscc' },
  total_investment_yuan: { field: 'totalInvestment', show: (v) => unitsToWan(v as number | null) },
  fixed_asset_yuan: { field: 'fixedAsset', show: (v) => unitsToWan(v as number | null) },
  chain_id: { field: 'chain', show: (v, chainName) => (v === null ? null : chainName(Number(v))) },
  chain_role: { field: 'chainRole' },
  nature: { field: 'nature' },
  stage: { field: 'stage' },
  signed_date: { field: 'signedDate' },
  started_date: { field: 'actualStart' },
  leader_name: { field: 'leader' },
  progress_text: { field: 'progressText' },
  remarks: { field: 'remarks' },
};

function shown(column: keyof typeof SHOWN, value: unknown, chainName: (id: number) => string | null): Shown {
  if (value === undefined || value === null) return null;
  const show = SHOWN[column].show;
  return show ? show(value, chainName) : (value as Shown);
}

/**
 * What the dry run read from a row: the fields the file has (and the stage, read or derived), in
 * the units the page shows — so a person sees 9.87亿 became 98,700 万元 and 2022/10/1 became 2022-10-01.
 */
function valuesRead(p: ParsedRow, carried: CarriedFields<LedgerField>, unitName: string, chainName: (id: number) => string | null): Record<string, Shown> {
  const values: Record<string, Shown> = { hostUnit: unitName };
  const read: Record<LedgerField, Shown> = {
    seq: null,
    code: p.code,
    name: p.name,
    investorName: p.investorName,
    investorUscc: p.investorUscc,
    totalInvestment: unitsToWan(p.totalYuan),
    fixedAsset: unitsToWan(p.fixedAssetYuan),
    chain: p.chainId === null ? null : chainName(p.chainId),
    chainRole: p.chainRole,
    nature: p.nature,
    progressText: p.progressText,
    stage: p.stage,
    signedDate: p.signedDate,
    plannedStart: p.plannedStart,
    actualStart: p.actualStart,
    leader: p.leader,
    remarks: p.remarks,
  };
  for (const field of LEDGER_FIELDS) if (field !== 'seq' && (carried.has(field) || field === 'stage')) values[field] = read[field];
  return values;
}

/**
 * Imports a ledger into one unit. The dry run and the commit run the same code; the commit
 * writes every accepted row in one transaction (all or nothing) and audits the batch with the
 * file's SHA-256. Matching is by code, else by name + investor within the unit, so importing the
 * same file twice changes nothing.
 */
export async function importProjects(gj: Services, ctx: RequestContext, file: Buffer, hostUnitId: number, options: { dryRun: boolean; lang: Lang; mapping?: Record<string, LedgerField | null> }): Promise<ImportReport> {
  // The unit first: nothing of the file is read for a unit the actor may not import into.
  assertHostUnit(ctx, hostUnitId, 'import');
  const fileSha256 = createHash('sha256').update(file).digest('hex');
  const sheets = await readWorkbook(file);
  const layout = pickLedgerLayout(sheets, PROJECT_MATCHERS, 'name');
  if (!layout) throw new AppError(400, 'IMPORT_NO_HEADER');
  applyMappingCorrections(layout, options.mapping);
  const chains = await gj.db.selectFrom('chains').select(['id', 'name']).execute();
  const { parsed, errors, dataRows } = parseRows(layout, chains, options.lang);
  const say = sayer(MESSAGES, options.lang);
  const codeColumn = layout.columns.find((c) => c.field === 'code');
  const carried = carriedFields(layout);
  const chainNameOf = new Map(chains.map((c) => [c.id, c.name]));
  const chainName = (id: number) => chainNameOf.get(id) ?? null;
  const unitName = options.dryRun ? ((await gj.db.selectFrom('units').select('name').where('id', '=', hostUnitId).executeTakeFirst())?.name ?? '') : '';
  const read = (p: ParsedRow) => (options.dryRun ? { values: valuesRead(p, carried, unitName, chainName) } : {});

  return gj.db.transaction().execute(async (trx) => {
    const codes = parsed.map((p) => p.code).filter((c): c is string => !!c);
    const existing = await trx
      .selectFrom('projects')
      .selectAll()
      .where((eb) => (codes.length ? eb.or([eb('host_unit_id', '=', hostUnitId), eb('code', 'in', codes)]) : eb('host_unit_id', '=', hostUnitId)))
      .execute();
    const byCode = new Map(existing.map((e) => [e.code, e]));
    const byNameInvestor = new Map(existing.filter((e) => e.host_unit_id === hostUnitId).map((e) => [`${e.name}\u0000${e.investor_name ?? ''}`, e]));
    const unitByName = new Map<string, (typeof existing)[number] | 'ambiguous'>();
    for (const e of existing.filter((x) => x.host_unit_id === hostUnitId)) unitByName.set(e.name, unitByName.has(e.name) ? 'ambiguous' : e);
    const outcomes: ImportReport['outcomes'] = [];
    const now = gj.clock.now().toISOString();
    const toCreate: ParsedRow[] = [];
    const toUpdate: Parameters<typeof updateInBatches>[1] = [];
    // Every row passes the policy the form passes: a code naming a project the importer may not
    // change (another unit's) is a row error — the same words whether or not such a project exists.
    const codeMatches = [...new Set(parsed.map((p) => (p.code ? byCode.get(p.code)?.id : undefined)).filter((id): id is number => id !== undefined))];
    const writable = ctx.system ? new Set(codeMatches) : await allowedProjectIds(trx, ctx.actor, 'update', codeMatches);
    for (const p of parsed) {
      const byItsCode = p.code ? byCode.get(p.code) : undefined;
      if (byItsCode && !writable.has(byItsCode.id)) {
        errors.push({ row: p.row, column: codeColumn ? columnLetter(codeColumn.index) : '', value: p.code!, message: say('codeNotYours', { value: p.code! }) });
        continue;
      }
      // Without an investor column every row reads as "no investor", which would miss a stored
      // project that has one and create it again: a name then names the unit's project when only
      // one has it (where two have it, the row matches neither rather than update the wrong one).
      const byName = carried.has('investorName') ? undefined : unitByName.get(p.name);
      const match = byItsCode ?? byNameInvestor.get(`${p.name}\u0000${p.investorName ?? ''}`) ?? (byName === 'ambiguous' ? undefined : byName);
      if (!match) {
        outcomes.push({ row: p.row, outcome: 'created', name: p.name, code: p.code, ...read(p) });
        toCreate.push(p);
        continue;
      }
      const row = mergedWithStored(p, match, carried);
      const wanted = columnsOf(row);
      const changed = Object.entries(wanted).filter(([k, v]) => {
        const current = (match as Record<string, unknown>)[k];
        return (current === null || current === undefined ? null : typeof v === 'number' ? Number(current) : current) !== v;
      });
      if (changed.length === 0) {
        outcomes.push({ row: p.row, outcome: 'unchanged', name: p.name, code: match.code, ...read(p) });
        continue;
      }
      const changes = changed.map(([column, to]) => {
        const key = column as keyof typeof SHOWN;
        return { field: SHOWN[key].field, from: shown(key, (match as Record<string, unknown>)[column], chainName), to: shown(key, to, chainName) };
      });
      outcomes.push({ row: p.row, outcome: 'updated', name: p.name, code: match.code, ...read(p), changes });
      toUpdate.push({ id: match.id, code: match.code, version: match.version, stage: match.stage, name: match.name, investor: match.investor_name, p: row, fields: changed.map(([k]) => k) });
    }
    if (!options.dryRun && toUpdate.length) await updateInBatches(trx, toUpdate, { now, userId: ctx.actor?.userId ?? null, fileSha256 });
    if (!options.dryRun && toCreate.length) await createInBatches(trx, toCreate, { hostUnitId, now, userId: ctx.actor?.userId ?? null, fileSha256 });
    errors.sort((a, b) => a.row - b.row);
    const accepted = new Set(outcomes.map((o) => o.row));
    const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
    const report: ImportReport = {
      fileSha256,
      sheet: layout.sheet.name,
      mapping: layout.columns.map((c) => ({ column: columnLetter(c.index), header: c.header, field: c.field })),
      rows: dataRows,
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      committed: !options.dryRun,
      errors,
      outcomes,
      totalInvestmentWan: unitsToWan(parsed.filter((p) => accepted.has(p.row)).reduce((sum, p) => sum + p.totalYuan, 0)) ?? 0,
    };
    await gj.audit.append(trx, ctx, {
      action: options.dryRun ? 'project.import-dry-run' : 'project.import',
      objectType: 'unit',
      objectId: hostUnitId,
      detail: { sha256: fileSha256, sheet: report.sheet, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: errors.length },
    });
    return report;
  });
}

