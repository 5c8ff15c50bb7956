import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ROLE_WORDS, SEGMENT_WORDS, TAG_WORDS, type ChainRole, type ChainSegment, type EnterpriseTag } from '../../../../common/key-enterprises.js';
import type { KeyListImportReport } from '../../../../common/key-enterprises-api.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { FieldMatcher } from '../../platform/excel/ledger.js';
import { ledgerRows, pickLedgerLayout, refuseRepeats, sayer, type RowError } from '../../platform/excel/rows.js';
import { defuse, toHalfWidth } from '../../platform/excel/values.js';
import { readWorkbook } from '../../platform/excel/workbook.js';
import type { Lang } from '../../platform/i18n/index.js';
import { canWriteLists } from './policy.js';
import { setKeyList, type KeyListDeps, type KeyListEntry } from './service.js';
import { usccProblem } from '../../../../common/uscc.js';

/** Columns of a chain's 重点企业清单 as the bureaus write it. */
type Field = 'seq' | 'name' | 'uscc' | 'industry' | 'segment' | 'role' | 'tags' | 'need';

const MATCHERS: FieldMatcher<Field>[] = [
  { field: 'seq', pattern: /^(序号|No\.?)$/i },
  { field: 'uscc', pattern: /统一社会信用代码|信用代码|社会信用代码|USCC/i },
  { field: 'name', pattern: /^(企业名称|企业|公司名称|单位名称|名称)$/ },
  { field: 'industry', pattern: /^(所属)?(国民经济)?行业(类别|门类|分类)?$|^Industry$/i },
  { field: 'segment', pattern: /环节|产业链环节|上中下游|链位/ },
  { field: 'role', pattern: /类型|强链|延链|补链|定位/ },
  { field: 'tags', pattern: /标签|企业类型|企业性质|资质|荣誉/ },
  { field: 'need', pattern: /融资需求|资金需求|金融需求/ },
];


const MESSAGES: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    nameMissing: '企业名称为空',
    usccMissing: '统一社会信用代码为空（企业库按信用代码识别企业）',
    usccBad: '统一社会信用代码“{value}”格式不正确（应为 18 位数字或大写字母，不含 I、O、S、V、Z）',
    usccCheck: '统一社会信用代码“{value}”校验不通过（第 18 位校验码与前 17 位不符），请逐位核对',
    segmentBad: '产业链环节“{value}”无法识别（应为 上游、中游 或 下游）',
    roleBad: '类型“{value}”无法识别（应为 强链、延链 或 补链）',
    tagBad: '标签“{value}”无法识别（可用：世界500强、央企、上市、专精特新、小巨人、瞪羚、独角兽、高新技术、链主）',
    repeated: '与第 {first} 行是同一企业（信用代码相同）',
    industryLong: '行业“{value}”过长（不超过 100 字）',
    amountBad: '金额无法识别',
    dateBad: '日期无法识别',
  },
  'en-US': {
    nameMissing: 'the company name is empty',
    usccMissing: 'the unified social credit code is empty (the registry knows companies by it)',
    usccBad: 'the credit code "{value}" is not valid (18 digits or capital letters, no I, O, S, V, Z)',
    usccCheck: 'the credit code "{value}" fails its check character (the 18th does not match the first 17): compare it character by character',
    segmentBad: 'the chain segment "{value}" is not one of 上游, 中游, 下游',
    roleBad: 'the type "{value}" is not one of 强链, 延链, 补链',
    tagBad: 'the tag "{value}" is not known (世界500强, 央企, 上市, 专精特新, 小巨人, 瞪羚, 独角兽, 高新技术, 链主)',
    repeated: 'the same company (credit code) as row {first}',
    industryLong: 'the industry "{value}" is too long (100 characters at most)',
    amountBad: 'not an amount',
    dateBad: 'not a date',
  },
};

class DryRun extends Error {}

function wordOf<T extends string>(text: string, words: Record<T, RegExp>): T | undefined {
  return (Object.keys(words) as T[]).find((k) => words[k].test(text));
}

/**
 * Imports a chain's key-enterprise list for a year as a new version: companies by credit code
 * (registered, or renamed in the registry), their segment, type, tags and financing need. Every
 * row is checked first; one bad row and nothing is written. A dry run runs the same write and
 * rolls it back, so it reports exactly what a commit would do.
 */
export async function importKeyList(gj: KeyListDeps, ctx: RequestContext, file: Buffer, input: { year: number; chainId: number; dryRun: boolean; lang: Lang }): Promise<KeyListImportReport> {
  if (!ctx.system && !canWriteLists(ctx.actor!)) throw new AppError(403, 'FORBIDDEN');
  const sha256 = createHash('sha256').update(file).digest('hex');
  const layout = pickLedgerLayout(await readWorkbook(file), MATCHERS, 'name');
  if (!layout) throw new AppError(400, 'KEYLIST_IMPORT_NO_HEADER');
  const say = sayer(MESSAGES, input.lang);
  const parsed: (KeyListEntry & { row: number })[] = [];
  const errors: RowError[] = [];
  let rows = 0;
  for (const row of ledgerRows(layout, say)) {
    rows++;
    const name = row.text('name');
    if (!name) row.fail('name', 'nameMissing');
    const uscc = toHalfWidth(row.text('uscc') ?? '').replace(/\s/g, '').toUpperCase();
    if (!uscc) row.fail('uscc', 'usccMissing');
    else if (usccProblem(uscc) === 'format') row.fail('uscc', 'usccBad');
    // The list is the registry's source: a code that fails its check would register a company that does not exist.
    else if (usccProblem(uscc) === 'check') row.fail('uscc', 'usccCheck');
    const segmentText = row.text('segment');
    const segment = segmentText ? wordOf<ChainSegment>(segmentText, SEGMENT_WORDS) : undefined;
    if (segmentText && !segment) row.fail('segment', 'segmentBad');
    const roleText = row.text('role');
    const role = roleText ? wordOf<ChainRole>(roleText, ROLE_WORDS) : undefined;
    if (roleText && !role) row.fail('role', 'roleBad');
    const tags: EnterpriseTag[] = [];
    for (const word of (row.text('tags') ?? '').split(/[、，,；;/\s]+/).filter(Boolean)) {
      const tag = wordOf<EnterpriseTag>(word, TAG_WORDS);
      if (tag) tags.push(tag);
      else row.fail('tags', 'tagBad', { value: word });
    }
    const industry = row.text('industry');
    if (industry && industry.length > 100) row.fail('industry', 'industryLong');
    errors.push(...row.errors);
    if (!row.errors.length) parsed.push({ row: row.row, uscc, name: name!, industry, segment: segment ?? null, role: role ?? null, tags, financingNeed: row.text('need') });
  }
  const { kept, errors: repeats } = refuseRepeats(parsed, (r) => r.uscc, (r, first) => ({ row: r.row, column: 'uscc', value: r.uscc, message: say('repeated', { first }) }));
  errors.push(...repeats);
  errors.sort((a, b) => a.row - b.row);

  let result: { version: number; created: number; renamed: number } | null = null;
  let committed = false;
  if (!errors.length) {
    try {
      await gj.db.transaction().execute(async (trx) => {
        result = await setKeyList({ ...gj, db: trx }, ctx, { year: input.year, chainId: input.chainId, items: kept, source: 'import', note: `sha256:${sha256.slice(0, 16)}` });
        if (input.dryRun) throw new DryRun();
      });
      committed = !input.dryRun;
    } catch (err) {
      if (!(err instanceof DryRun)) throw err;
    }
  }
  if (!committed) await gj.audit.appendAlone(gj.db, ctx, { action: input.dryRun ? 'keylist.import-dry-run' : 'keylist.import-refused', objectType: 'key_list', objectId: null, detail: { sha256, year: input.year, chainId: input.chainId, rows, rejected: errors.length } });
  const r = result as { version: number; created: number; renamed: number } | null;
  return { rows, committed, created: r?.created ?? 0, renamed: r?.renamed ?? 0, version: committed ? (r?.version ?? null) : null, errors };
}

const SEGMENT_ZH: Record<ChainSegment, string> = { upstream: '上游', midstream: '中游', downstream: '下游' };
const ROLE_ZH: Record<ChainRole, string> = { strengthen: '强链', extend: '延链', fill: '补链' };
const TAG_ZH: Record<EnterpriseTag, string> = { fortune500: '世界500强', central_soe: '央企', listed: '上市', specialised: '专精特新', little_giant: '小巨人', gazelle: '瞪羚', unicorn: '独角兽', high_tech: '高新技术', chain_leader: '链主' };

/** The list as the office sends it upward: a title row, the columns the import reads back. */
export async function keyListXlsx(title: string, items: { name: string; uscc: string; industry: string | null; segment: string | null; role: string | null; tags: string[]; financingNeed: string | null }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('重点企业清单');
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, 8);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow(['序号', '企业名称', '统一社会信用代码', '行业', '产业链环节', '类型', '标签', '融资需求']).font = { bold: true };
  items.forEach((i, n) =>
    ws.addRow([n + 1, defuse(i.name), i.uscc, defuse(i.industry ?? ''), i.segment ? SEGMENT_ZH[i.segment as ChainSegment] : '', i.role ? ROLE_ZH[i.role as ChainRole] : '', i.tags.map((t) => TAG_ZH[t as EnterpriseTag] ?? t).join('、'), defuse(i.financingNeed ?? '')]),
  );
  ws.columns.forEach((c, i) => (c.width = [6, 36, 22, 18, 12, 10, 28, 36][i]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
