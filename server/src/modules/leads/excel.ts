import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { LEAD_SOURCE_LABELS_ZH, LEAD_SOURCES, type LeadSource, type LeadStatus } from '../../../../common/leads.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { carriedFields } from '../../platform/excel/carried.js';
import { applyMappingCorrections } from '../../platform/excel/http.js';
import type { FieldMatcher, LedgerLayout } from '../../platform/excel/ledger.js';
import { chainNamed, ledgerRows, pickLedgerLayout, refuseRepeats, sayer, type RowError, type Say } from '../../platform/excel/rows.js';
import { columnLetter } from '../../platform/excel/values.js';
import { readWorkbook } from '../../platform/excel/workbook.js';
import type { Services } from '../../platform/http.js';
import type { Lang } from '../../platform/i18n/index.js';
import { wanToUnits } from '../../platform/money.js';
import { companyKey } from '../../platform/company-names.js';
import { canRegisterFor } from './policy.js';
import type { LeadPatch } from './schema.js';
import { createLead, updateLead, type NewLead } from './service.js';
import { USCC_PATTERN } from '../../../../common/uscc.js';

/**
 * The lead ledger (招商线索台账) in and out of Excel, on the same machinery as the project ledger:
 * header found among title rows, synonyms, merged headers, money units, every date form,
 * section/total/note rows skipped, a dry run that reports row by row, an all-or-nothing commit.
 */
export const LEAD_FIELDS = ['seq', 'code', 'title', 'enterpriseName', 'uscc', 'home', 'chain', 'industry', 'estimated', 'foreign', 'source', 'firstContactDate', 'contactName', 'contactPhone', 'status', 'nextStep', 'nextStepDate', 'remarks'] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

export const LEAD_MATCHERS: FieldMatcher<LeadField>[] = [
  { field: 'seq', pattern: /^(序号|No\.?)$/i },
  { field: 'code', pattern: /^线索(编号|编码)$/ },
  { field: 'uscc', pattern: /信用代码/ },
  { field: 'enterpriseName', pattern: /^(企业名称|企业|客商名称|客商|投资方|投资主体|投资企业|意向企业)$/ },
  { field: 'title', pattern: /^(意向项目|项目名称|项目|拟投资项目|项目内容)$/ },
  { field: 'home', pattern: /^(企业所在地|所在地|来源地|企业来源地|所在地区)$/ },
  { field: 'chain', pattern: /产业链|所属链/ },
  { field: 'industry', pattern: /^(所属行业|行业|产业类别)$/ },
  { field: 'foreign', pattern: /外资|万美元/ },
  { field: 'estimated', pattern: /^(预计|计划|意向)?(总)?投资(额|规模)?$/ },
  { field: 'source', pattern: /^(线索|信息)?来源$|^来源渠道$|^渠道$/ },
  { field: 'firstContactDate', pattern: /首次(接洽|对接|接触)|^接洽(时间|日期)$|^登记(时间|日期)$/ },
  { field: 'contactName', pattern: /^(企业)?联系人$/ },
  { field: 'contactPhone', pattern: /电话|手机/ },
  { field: 'status', pattern: /^(线索)?(状态|进展状态)$/ },
  { field: 'nextStepDate', pattern: /下一步.*(时间|日期)/ },
  { field: 'nextStep', pattern: /^下一步/ },
  { field: 'remarks', pattern: /^备注$/ },
];

/** Source words as offices write them. */
function sourceOf(word: string): LeadSource | null {
  const w = word.replace(/\s/g, '');
  const exact = LEAD_SOURCES.find((s) => LEAD_SOURCE_LABELS_ZH[s].replace(/[（）()]/g, '') === w.replace(/[（）()]/g, ''));
  if (exact) return exact;
  if (/苏州/.test(w)) return 'office_suzhou';
  if (/上海/.test(w)) return 'office_shanghai';
  if (/南京/.test(w)) return 'office_nanjing';
  if (/以商招商|商会/.test(w)) return 'business_referral';
  if (/中介/.test(w)) return 'agency';
  if (/展会|博览会|展览|推介会/.test(w)) return 'expo';
  if (/企业家|朋友圈/.test(w)) return 'entrepreneur_network';
  if (/上级|省推|市推|推送/.test(w)) return 'superior';
  if (/其他|其它/.test(w)) return 'other';
  return null;
}

const STATUS_WORDS: Record<string, LeadStatus | 'signed'> = { 新线索: 'new', 新: 'new', 待跟进: 'new', 跟进中: 'following', 跟进: 'following', 在跟进: 'following', 洽谈中: 'negotiating', 洽谈: 'negotiating', 在谈: 'negotiating', 已放弃: 'abandoned', 放弃: 'abandoned', 已签约: 'signed', 签约: 'signed' };

const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    titleMissing: '意向项目为空',
    enterpriseMissing: '企业名称为空',
    amountBad: '金额无法识别（应为数字，或如 9.87亿、5000万）',
    dateBad: '日期无法识别（可用 2023-01-29、2023/1/29、2023.1.29、2023年1月29日）',
    dateMissing: '首次接洽日期为空',
    sourceBad: '“{value}”不是线索来源（驻点招商苏州/上海/南京、以商招商、中介机构、展会、企业家朋友圈、上级推送、其他）',
    statusBad: '“{value}”不是线索状态（新线索、跟进中、洽谈中、已放弃）',
    signed: '已签约的线索请在系统中“转为项目”，或通过项目台账导入',
    chainBad: '“{value}”不在产业链目录中',
    usccBad: '统一社会信用代码应为 18 位',
    phoneBad: '电话号码无法识别',
    duplicate: '与第 {other} 行是同一线索（企业、意向项目相同）',
    tooLong: '内容过长（最多 {max} 个字符）',
    conflict: '撞车：该企业已由{unit}于{date}登记',
    codeNotYours: '线索编号“{value}”不属于本单位的线索（或不在您的数据范围内），本行未导入',
  },
  'en-US': {
    titleMissing: 'the intended project is empty',
    enterpriseMissing: 'the enterprise is empty',
    amountBad: 'not an amount (a number, or e.g. 9.87亿, 5000万)',
    dateBad: 'not a date (2023-01-29, 2023/1/29, 2023.1.29 or 2023年1月29日)',
    dateMissing: 'the first-contact date is empty',
    sourceBad: '"{value}" is not a lead source',
    statusBad: '"{value}" is not a lead status (新线索, 跟进中, 洽谈中, 已放弃)',
    signed: 'a signed lead becomes a project: convert it in the platform, or import it with the project ledger',
    chainBad: '"{value}" is not in the industry-chain taxonomy',
    usccBad: 'a unified social credit code has 18 characters',
    phoneBad: 'not a phone number',
    duplicate: 'the same lead as row {other} (same enterprise and project)',
    tooLong: 'too long (at most {max} characters)',
    conflict: 'conflict: {unit} registered this enterprise on {date}',
    codeNotYours: 'lead code "{value}" is not a lead of this unit (or is outside your data scope); this row was not imported',
  },
};

interface ParsedLead extends NewLead {
  row: number;
  code: string | null;
}

export interface LeadImportReport {
  fileSha256: string;
  sheet: string;
  mapping: { column: string; header: string; field: LeadField | null }[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  committed: boolean;
  errors: RowError[];
  outcomes: { row: number; outcome: 'created' | 'updated' | 'unchanged'; name: string; code: string | null; note?: string }[];
  totalInvestmentWan: number;
}

function parseRows(layout: LedgerLayout<LeadField>, chains: { id: number; name: string }[], say: Say) {
  const errors: RowError[] = [];
  const parsed: ParsedLead[] = [];
  let dataRows = 0;
  for (const row of ledgerRows(layout, say)) {
    dataRows++;
    const { text, fail } = row;
    const enterpriseName = text('enterpriseName');
    if (!enterpriseName) fail('enterpriseName', 'enterpriseMissing');
    // A ledger without a project column names the lead after the company.
    const title = text('title') ?? (row.has('title') ? null : enterpriseName);
    if (!title) fail('title', 'titleMissing');
    const estimated = row.money('estimated');
    // 万美元 whatever the sheet's 单位 line says about 元.
    const foreign = row.money('foreign', { unit: 'wan' });
    // A ledger without the column still updates leads — the date is not carried, so the stored one
    // is kept — but a new lead needs one: '' marks "not read", and importLeads refuses it there.
    const firstContactDate = row.has('firstContactDate') ? row.date('firstContactDate', 'dateMissing') : '';
    const nextStepDate = row.date('nextStepDate');
    const sourceWord = text('source');
    const source = sourceWord ? sourceOf(sourceWord) : 'other';
    if (!source) fail('source', 'sourceBad');
    const statusWord = text('status');
    let status: LeadStatus = 'new';
    if (statusWord) {
      const s = STATUS_WORDS[statusWord.replace(/\s/g, '')];
      if (!s) fail('status', 'statusBad');
      else if (s === 'signed') fail('status', 'signed');
      else status = s;
    }
    const chainWord = text('chain');
    const chainId = chainWord ? chainNamed(chains, chainWord) : null;
    if (chainWord && chainId === null) fail('chain', 'chainBad');
    const uscc = text('uscc')?.toUpperCase() ?? null;
    // The form only: ledgers typed by hand carry check-character typos, and a whole sheet is not refused for one;
    // the registry takes only codes that pass their check (syncRegistry), and the lead's form asks for a fix.
    if (uscc && !USCC_PATTERN.test(uscc)) fail('uscc', 'usccBad');
    const phone = text('contactPhone');
    if (phone && !/^[0-9+\- ]{5,20}$/.test(phone)) fail('contactPhone', 'phoneBad');
    for (const [field, max] of [['title', 200], ['enterpriseName', 200], ['home', 100], ['industry', 100], ['contactName', 50], ['nextStep', 500], ['code', 32]] as const) {
      if ((text(field)?.length ?? 0) > max) fail(field, 'tooLong', { max });
    }
    if (row.errors.length) {
      errors.push(...row.errors);
      continue;
    }
    parsed.push({
      row: row.row,
      code: text('code'),
      title: title!,
      enterpriseName: enterpriseName!,
      uscc,
      enterpriseHome: text('home'),
      chainId,
      industry: text('industry'),
      estimatedInvestmentWan: estimated,
      estimatedForeignUsdWan: foreign,
      source: source!,
      firstContactDate: firstContactDate!,
      contactName: text('contactName'),
      contactPhone: phone,
      status,
      statusReason: status === 'abandoned' ? (text('remarks') ?? '台账导入') : null,
      nextStep: text('nextStep'),
      nextStepDate,
      remarks: text('remarks'),
    });
  }
  // Two rows for one company and project would fight over one lead: the later one is refused.
  const { kept, errors: repeats } = refuseRepeats(
    parsed,
    (p) => p.code ?? `${companyKey(p.enterpriseName).key}\u0000${p.title}`,
    (p, other) => ({ row: p.row, column: '', value: p.enterpriseName, message: say('duplicate', { other }) }),
  );
  return { parsed: kept, errors: [...errors, ...repeats].sort((a, b) => a.row - b.row), dataRows };
}

/** The descriptive columns a re-import may change; status and ownership stay with the workflow. */
function columnsOf(p: ParsedLead) {
  return {
    enterprise_uscc: p.uscc ?? null,
    enterprise_home: p.enterpriseHome ?? null,
    chain_id: p.chainId ?? null,
    industry: p.industry ?? null,
    estimated_investment_yuan: p.estimatedInvestmentWan == null ? null : wanToUnits(p.estimatedInvestmentWan),
    estimated_foreign_usd: p.estimatedForeignUsdWan == null ? null : wanToUnits(p.estimatedForeignUsdWan),
    source: p.source,
    first_contact_date: p.firstContactDate,
    contact_name: p.contactName ?? null,
    next_step: p.nextStep ?? null,
    next_step_date: p.nextStepDate ?? null,
    remarks: p.remarks ?? null,
  };
}

/** The file's field behind each column a re-import may change: one the file does not carry keeps what is stored. */
const SOURCE_FIELD: Record<keyof ReturnType<typeof columnsOf>, LeadField> = {
  enterprise_uscc: 'uscc',
  enterprise_home: 'home',
  chain_id: 'chain',
  industry: 'industry',
  estimated_investment_yuan: 'estimated',
  estimated_foreign_usd: 'foreign',
  source: 'source',
  first_contact_date: 'firstContactDate',
  contact_name: 'contactName',
  next_step: 'nextStep',
  next_step_date: 'nextStepDate',
  remarks: 'remarks',
};
const PATCH_FIELD: Partial<Record<keyof LeadPatch, LeadField>> = {
  uscc: 'uscc',
  enterpriseHome: 'home',
  chainId: 'chain',
  industry: 'industry',
  estimatedInvestmentWan: 'estimated',
  estimatedForeignUsdWan: 'foreign',
  source: 'source',
  firstContactDate: 'firstContactDate',
  contactName: 'contactName',
  nextStep: 'nextStep',
  nextStepDate: 'nextStepDate',
  remarks: 'remarks',
};

/** What a re-import may change of a lead, in the form's terms (status and ownership stay with the workflow). */
function importPatch(p: ParsedLead, phoneChanged: boolean): LeadPatch {
  return {
    uscc: p.uscc ?? null,
    enterpriseHome: p.enterpriseHome ?? null,
    chainId: p.chainId ?? null,
    industry: p.industry ?? null,
    estimatedInvestmentWan: p.estimatedInvestmentWan ?? null,
    estimatedForeignUsdWan: p.estimatedForeignUsdWan ?? null,
    source: p.source as LeadPatch['source'],
    firstContactDate: p.firstContactDate,
    contactName: p.contactName ?? null,
    nextStep: p.nextStep ?? null,
    nextStepDate: p.nextStepDate ?? null,
    remarks: p.remarks ?? null,
    ...(phoneChanged ? { contactPhone: p.contactPhone } : {}),
  };
}

/**
 * Imports a lead ledger into one unit. The dry run and the commit run the same code inside one
 * transaction; the dry run rolls it back, so its outcomes — conflicts included — are exactly what
 * the commit would do. Matching is by lead code, else by company and project within the unit.
 */
export async function importLeads(gj: Services, ctx: RequestContext, file: Buffer, unitId: number, options: { dryRun: boolean; lang: Lang; mapping?: Record<string, LeadField | null> }): Promise<LeadImportReport> {
  // The unit first: nothing of the file is read for a unit the actor may not register leads for.
  if (!ctx.system && !canRegisterFor(ctx.actor, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
  const fileSha256 = createHash('sha256').update(file).digest('hex');
  const layout = pickLedgerLayout(await readWorkbook(file), LEAD_MATCHERS, 'enterpriseName');
  if (!layout) throw new AppError(400, 'IMPORT_NO_HEADER');
  applyMappingCorrections(layout, options.mapping);
  const chains = await gj.db.selectFrom('chains').select(['id', 'name']).execute();
  const say = sayer(MESSAGES, options.lang);
  const { parsed, errors, dataRows } = parseRows(layout, chains, say);
  const DRY_RUN = Symbol('dry run');
  let report: LeadImportReport | null = null;
  try {
    await gj.db.transaction().execute(async (trx) => {
      const codes = parsed.map((p) => p.code).filter((c): c is string => !!c);
      const existing = await trx
        .selectFrom('leads')
        .selectAll()
        .where((eb) => (codes.length ? eb.or([eb('unit_id', '=', unitId), eb('code', 'in', codes)]) : eb('unit_id', '=', unitId)))
        .execute();
      const byCode = new Map(existing.filter((e) => e.unit_id === unitId).map((e) => [e.code, e]));
      const byKey = new Map(existing.filter((e) => e.unit_id === unitId).map((e) => [`${e.enterprise_key}\u0000${e.title}`, e]));
      const outcomes: LeadImportReport['outcomes'] = [];
      const codeColumn = layout.columns.find((c) => c.field === 'code');
      const carried = carriedFields(layout);
      for (const p of parsed) {
        // A code of a lead held elsewhere names someone else's lead: refused, never created anew.
        if (p.code && !byCode.has(p.code) && existing.some((e) => e.code === p.code)) {
          errors.push({ row: p.row, column: codeColumn ? columnLetter(codeColumn.index) : '', value: p.code, message: say('codeNotYours', { value: p.code }) });
          continue;
        }
        const match = (p.code ? byCode.get(p.code) : undefined) ?? byKey.get(`${companyKey(p.enterpriseName).key}\u0000${p.title}`);
        if (!match) {
          // A new lead has no stored date to keep: a ledger without the column cannot create one.
          if (!p.firstContactDate) {
            errors.push({ row: p.row, column: '', value: '', message: say('dateMissing') });
            continue;
          }
          const created = await createLead(trx, gj, ctx, p, unitId);
          outcomes.push({ row: p.row, outcome: 'created', name: p.title, code: created.code, ...(created.conflict ? { note: say('conflict', { unit: created.conflict.ownerUnitName, date: created.conflict.registeredAt }) } : {}) });
          continue;
        }
        // Only what the file carries is compared and written: the lead keeps the rest as stored.
        const wanted = carried.onlyCarried(columnsOf(p), SOURCE_FIELD);
        const changed = Object.entries(wanted).filter(([k, v]) => {
          const current = (match as Record<string, unknown>)[k];
          return (current === null || current === undefined ? null : typeof v === 'number' ? Number(current) : current) !== v;
        });
        const phoneChanged = !!p.contactPhone && gj.cipher.decryptOptional(match.contact_phone_enc) !== p.contactPhone;
        if (changed.length === 0 && !phoneChanged) {
          outcomes.push({ row: p.row, outcome: 'unchanged', name: p.title, code: match.code });
          continue;
        }
        // The same edit path as the form: a changed credit code is checked for ownership again.
        await updateLead(trx, gj, ctx, match as Parameters<typeof updateLead>[3], carried.onlyCarried(importPatch(p, phoneChanged), PATCH_FIELD), { version: match.version, event: 'import', detail: { sha256: fileSha256, row: p.row } });
        const after = await trx.selectFrom('leads').select(['conflict_state', 'conflict_registered_on', 'conflict_owner_unit_id']).where('id', '=', match.id).executeTakeFirstOrThrow();
        const owner = !match.conflict_state && after.conflict_state === 'open' ? await trx.selectFrom('units').select('name').where('id', '=', after.conflict_owner_unit_id!).executeTakeFirst() : undefined;
        outcomes.push({ row: p.row, outcome: 'updated', name: p.title, code: match.code, ...(owner ? { note: say('conflict', { unit: owner.name, date: after.conflict_registered_on ?? '' }) } : {}) });
      }
      errors.sort((a, b) => a.row - b.row);
      const count = (o: string) => outcomes.filter((x) => x.outcome === o).length;
      report = {
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
        totalInvestmentWan: parsed.reduce((sum, p) => sum + (p.estimatedInvestmentWan ?? 0), 0),
      };
      if (options.dryRun) throw DRY_RUN;
      await gj.audit.append(trx, ctx, { action: 'lead.import', objectType: 'unit', objectId: unitId, detail: { sha256: fileSha256, sheet: report.sheet, rows: report.rows, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: errors.length } });
    });
  } catch (err) {
    if (err !== DRY_RUN) throw err;
    // The dry run's writes are gone with the rollback; its own record stays in the trail.
    await gj.audit.appendAlone(gj.db, ctx, { action: 'lead.import-dry-run', objectType: 'unit', objectId: unitId, detail: { sha256: fileSha256, rows: report!.rows, created: report!.created, updated: report!.updated, unchanged: report!.unchanged, rejected: errors.length } });
  }
  return report!;
}

/** The import template: the lead ledger's header with dropdowns for source and status. */
export async function leadTemplate(chains: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('招商线索台账');
  const dict = workbook.addWorksheet('字典', { state: 'veryHidden' });
  const headers: [string, number, string[]?][] = [
    ['线索编号', 16],
    ['企业名称', 30],
    ['统一社会信用代码', 22],
    ['意向项目', 30],
    ['企业所在地', 12],
    ['所属产业链', 16, chains],
    ['所属行业', 14],
    ['预计投资（万元）', 14],
    ['预计外资（万美元）', 14],
    ['线索来源', 18, LEAD_SOURCES.map((s) => LEAD_SOURCE_LABELS_ZH[s])],
    ['首次接洽日期', 14],
    ['联系人', 10],
    ['联系电话', 14],
    ['状态', 10, ['新线索', '跟进中', '洽谈中', '已放弃']],
    ['下一步工作', 30],
    ['下一步时间', 12],
    ['备注', 30],
  ];
  sheet.columns = headers.map(([header, width]) => ({ header, width }));
  sheet.getRow(1).font = { bold: true };
  let letterIndex = 0;
  headers.forEach(([, , values], col) => {
    if (!values?.length) return;
    const letter = String.fromCharCode(65 + letterIndex++);
    values.forEach((v, r) => (dict.getCell(`${letter}${r + 1}`).value = v));
    for (let r = 2; r <= 1000; r++) {
      sheet.getCell(r, col + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`字典!$${letter}$1:$${letter}$${values.length}`], showErrorMessage: true, errorTitle: '请从下拉列表选择', error: '请从下拉列表中选择' };
    }
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
