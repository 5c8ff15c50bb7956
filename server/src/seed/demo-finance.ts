import type { Transaction } from 'kysely';
import type { ChainRole, ChainSegment, EnterpriseTag } from '../../../common/key-enterprises.js';
import type { DB } from '../db/schema.js';
import { DAY } from '../platform/clock.js';
import { assignChains, grantCredit, recordMove, savePlan } from '../modules/finance/index.js';
import { setChainGaps, setKeyList, type KeyListEntry } from '../modules/key-enterprises/index.js';
import { DEMO_ENTERPRISE_USCC, demoContext, type SeedWriteDeps } from './demo-projects.js';

type Entry = [uscc: string, name: string, segment: ChainSegment, role: ChainRole, tags: EnterpriseTag[], need?: string];

/** A few key enterprises of each of the eight chains (8条产业链重点企业清单); credit codes are made up. */
const LISTS: Record<string, Entry[]> = {
  'power-equipment': [
    ['91321100MA1PE0001M', '大全集团有限公司', 'midstream', 'strengthen', ['chain_leader', 'listed'], '智能电网成套装备扩产，流动资金 3 亿元'],
    ['91321100MA1PE0002Q', '江苏某电气股份有限公司', 'upstream', 'extend', ['specialised'], '技改项目贷款 5000 万元'],
    ['91321100MA1PE0003U', '镇江某变压器有限公司', 'midstream', 'fill', ['little_giant', 'high_tech']],
  ],
  'auto-parts': [
    [DEMO_ENTERPRISE_USCC, '江苏某新能源科技有限公司', 'midstream', 'fill', ['high_tech'], '二期电池结构件产线，项目贷款 2 亿元'],
    ['91321100MA1AP0001R', '镇江某汽车零部件有限公司', 'upstream', 'strengthen', ['specialised']],
  ],
  aerospace: [
    ['91321100MA1AS00011', '中航工业（镇江）有限公司', 'midstream', 'strengthen', ['central_soe', 'chain_leader'], '复材构件生产基地二期，授信 10 亿元'],
    ['91321100MA1AS00022', '镇江某航空材料有限公司', 'upstream', 'extend', ['little_giant']],
  ],
  'marine-equipment': [
    ['91321100MA1ME0001G', '中船动力（镇江）有限公司', 'midstream', 'strengthen', ['central_soe', 'chain_leader'], '低速机关键零部件项目，项目贷款 6 亿元'],
    ['91321100MA1ME0002K', '江苏某船舶配套集团有限公司', 'downstream', 'extend', ['gazelle']],
  ],
  'agri-machinery': [['91321100MA1AM0001A', '镇江某农机装备有限公司', 'midstream', 'strengthen', ['specialised']]],
  'advanced-materials': [
    ['91321100MA1AM1001H', '中复神鹰碳纤维股份有限公司', 'upstream', 'strengthen', ['listed', 'chain_leader'], '高性能碳纤维扩产，授信 8 亿元'],
    ['91321100MA1AM1002L', '镇江某新材料科技有限公司', 'midstream', 'fill', ['gazelle', 'high_tech']],
  ],
  'next-gen-it': [['91321100MA1IT00011', '镇江某智能科技有限公司', 'downstream', 'extend', ['high_tech']]],
  'medical-biopharma': [['91321100MA1MB00019', '江苏某生物医药有限公司', 'midstream', 'fill', ['specialised', 'high_tech'], '研发中心建设，贷款 1.5 亿元']],
};

/** 2023's list: a little shorter, one company under its former name (renamed since; same credit code). */
const FORMER_NAME: Record<string, string> = { '91321100MA1AM1002L': '镇江某复合材料有限公司' };

const BANKS: Record<string, string[]> = {
  'BANK-ICBC': ['power-equipment', 'advanced-materials'],
  'BANK-BOC': ['auto-parts', 'marine-equipment', 'aerospace'],
  'BANK-CCB': ['agri-machinery', 'next-gen-it', 'medical-biopharma'],
};

/**
 * 金链行动 in motion: the chain bureau's lists of 2023 and of this year, the banks' chains for both
 * years, and 工商银行's credit lines of this year with draws and a repayment, dated back from today.
 */
export async function seedDemoFinance(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const year = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  const chains = new Map((await trx.selectFrom('chains').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const at = (daysAgo: number) => ({ ...deps, clock: { now: () => new Date(now.getTime() - daysAgo * DAY) } });
  const gongxin = await demoContext(trx, 'gongxin');
  const entries = (list: Entry[], old: boolean): KeyListEntry[] =>
    list.filter(([uscc], i) => !old || i < Math.max(1, list.length - 1) || FORMER_NAME[uscc]).map(([uscc, name, segment, role, tags, need]) => ({ uscc, name: old ? (FORMER_NAME[uscc] ?? name) : name, segment, role, tags, financingNeed: need ?? null }));
  let lists = 0;
  for (const [code, list] of Object.entries(LISTS)) {
    // 2023's list is older than this year's, so the rename lands in this year's version.
    await setKeyList(at(330), gongxin, { year: 2023, chainId: chains.get(code)!, items: entries(list, true), source: 'import' });
    await setKeyList(at(60), gongxin, { year, chainId: chains.get(code)!, items: entries(list, false), source: 'edit' });
    lists += 2;
  }
  // The chain map's gaps (补链) and the firms courted for them; some are chased by the demo's leads.
  const gaps: Record<string, Parameters<typeof setChainGaps>[3]> = {
    'power-equipment': [
      { segment: 'upstream', name: '光伏组件与电池片', targets: ['隆基绿能科技股份有限公司', '晶科能源股份有限公司'] },
      { segment: 'downstream', name: '储能系统集成', note: '补齐新型电力装备下游应用', targets: ['宁德时代新能源科技股份有限公司'] },
    ],
    'auto-parts': [
      { segment: 'midstream', name: '新能源汽车电驱系统', targets: ['博世汽车部件（苏州）有限公司'] },
      { segment: 'upstream', name: '车规级芯片', targets: ['地平线机器人科技有限公司'] },
    ],
    'medical-biopharma': [
      { segment: 'upstream', name: '创新药研发外包', targets: ['药明康德新药开发有限公司'] },
      { segment: 'midstream', name: '高端医疗器械', targets: ['上海微创医疗器械（集团）有限公司'] },
    ],
  };
  for (const [code, list] of Object.entries(gaps)) await setChainGaps(at(50), gongxin, chains.get(code)!, list);
  const jinrong = await demoContext(trx, 'jinrong');
  for (const [bank, codes] of Object.entries(BANKS)) {
    for (const y of [2023, year]) await assignChains(at(90), jinrong, units.get(bank)!, y, codes.map((c) => chains.get(c)!));
  }
  const icbc = await demoContext(trx, 'icbc');
  const enterprise = async (uscc: string) => (await trx.selectFrom('enterprises').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()).id;
  const day = (daysAgo: number) => new Date(now.getTime() + 8 * 3600_000 - daysAgo * DAY).toISOString().slice(0, 10);
  const grants: [uscc: string, wan: number, daysAgo: number, draws: [number, number][], repaid?: [number, number]][] = [
    ['91321100MA1PE0001M', 300_000, 200, [[120_000, 180], [60_000, 90]], [20_000, 30]],
    ['91321100MA1AM1001H', 80_000, 120, [[50_000, 100]]],
    ['91321100MA1PE0002Q', 5_000, 40, [[5_000, 20]]],
  ];
  for (const [uscc, wan, daysAgo, draws, repaid] of grants) {
    // Dates stay in this year: early in January the demo's year has barely begun.
    const grantedAgo = Math.min(daysAgo, dayOfYear(now) - 1);
    const id = await grantCredit({ ...at(grantedAgo), db: trx }, icbc, { enterpriseId: await enterprise(uscc), amountWan: wan, grantedOn: day(grantedAgo), termMonths: 36 });
    for (const [amount, ago] of draws) await recordMove({ ...at(Math.min(ago, grantedAgo)), db: trx }, icbc, id, { kind: 'drawn', amountWan: amount, onDate: day(Math.min(ago, grantedAgo)) });
    if (repaid) await recordMove({ ...at(Math.min(repaid[1], grantedAgo)), db: trx }, icbc, id, { kind: 'repaid', amountWan: repaid[0], onDate: day(Math.min(repaid[1], grantedAgo)) });
  }
  await savePlan({ ...at(80), db: trx }, icbc, { year, chainId: chains.get('power-equipment')!, text: '一链一方案：新型电力装备产业链意向授信 50 亿元，重点支持链主企业扩产和专精特新企业技改，设立产业链专属审批通道。' });
  await savePlan({ ...at(75), db: trx }, icbc, { year, chainId: chains.get('power-equipment')!, enterpriseId: await enterprise('91321100MA1PE0001M'), text: '一企一策：智能电网成套装备扩产项目授信 30 亿元，其中项目贷款 20 亿元、流动资金 10 亿元。' });
  return lists;
}

function dayOfYear(now: Date): number {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return Math.floor((china.getTime() - Date.UTC(china.getUTCFullYear(), 0, 1)) / DAY) + 1;
}
