import type { Transaction } from 'kysely';
import type { Stage } from '../../../common/projects.js';
import type { Dialect } from '../db/connect.js';
import type { DB } from '../db/schema.js';
import type { AuditTrail } from '../platform/audit.js';
import type { RequestContext } from '../platform/context.js';
import type { FieldCipher } from '../platform/crypto.js';
import { actorForUser } from '../platform/sessions.js';
import { createProject, type CreateProjectInput } from '../modules/projects/index.js';

interface DemoProject {
  code: string;
  name: string;
  investor: string;
  /** The investor's 统一社会信用代码, where the demo's enterprise portal needs it. */
  uscc?: string;
  unit: string;
  chain: string;
  role: 'strengthen' | 'extend' | 'fill';
  wan: number;
  stage: Stage;
  signed: string;
  started?: string;
  tags?: string[];
  investorTags?: string[];
  leader?: string;
}

/** The demo enterprise contact's company (`qiye`): its credit code ties it to its project. */
export const DEMO_ENTERPRISE_USCC = '91321191MA1W8XQ03X';

/** A dozen projects shaped like Zhenjiang's 2023 drive, so the demo ledger is not empty. */
export const DEMO_PROJECTS: DemoProject[] = [
  { code: 'XM2023XQ001', name: '高性能碳纤维复合材料项目', investor: '中复神鹰碳纤维股份有限公司', unit: 'ZJXQ', chain: 'advanced-materials', role: 'strengthen', wan: 350000, stage: 'started', signed: '2023-02-18', started: '2023-06-30', tags: ['省重大'], investorTags: ['上市公司'], leader: '王建国' },
  { code: 'XM2023XQ002', name: '船用低速机关键零部件项目', investor: '中船动力（镇江）有限公司', unit: 'ZJXQ', chain: 'marine-equipment', role: 'extend', wan: 68000, stage: 'completed', signed: '2023-01-29', started: '2023-04-12', tags: ['市重大'], investorTags: ['央企'] },
  { code: 'XM2023XQ003', name: '新能源汽车电池结构件项目', investor: '江苏某新能源科技有限公司', uscc: DEMO_ENTERPRISE_USCC, unit: 'ZJXQ-XCL', chain: 'auto-parts', role: 'fill', wan: 45000, stage: 'signed', signed: '2023-09-08' },
  { code: 'XM2023XQ004', name: '智能物流装备产业园', investor: '苏州某智能装备股份有限公司', unit: 'ZJXQ-DG', chain: 'next-gen-it', role: 'extend', wan: 12000, stage: 'land', signed: '2023-05-20' },
  { code: 'XM2023GX001', name: '航空复材构件生产基地', investor: '中航工业（镇江）有限公司', unit: 'ZJGXQ', chain: 'aerospace', role: 'strengthen', wan: 150000, stage: 'started', signed: '2023-03-15', started: '2023-08-01', tags: ['市重大'], investorTags: ['央企'] },
  { code: 'XM2023GX002', name: '高端医疗影像设备项目', investor: '上海某医疗科技有限公司', unit: 'ZJGXQ', chain: 'medical-biopharma', role: 'fill', wan: 30000, stage: 'registered', signed: '2023-07-02', investorTags: ['高新技术企业'] },
  { code: 'XM2023GX003', name: '工业互联网平台及数据中心', investor: '南京某数字科技有限公司', unit: 'ZJGXQ-JQ', chain: 'next-gen-it', role: 'extend', wan: 8000, stage: 'producing', signed: '2022-11-10', started: '2023-01-05' },
  { code: 'XM2023JK001', name: '智能电网成套装备扩建项目', investor: '大全集团有限公司', unit: '321102', chain: 'power-equipment', role: 'strengthen', wan: 98700, stage: 'statistics', signed: '2023-02-01', started: '2023-03-28', tags: ['市重大'], investorTags: ['头部企业'] },
  { code: 'XM2023JK002', name: '生物医药研发中试基地', investor: '江苏某生物医药有限公司', unit: '321102-KFQ', chain: 'medical-biopharma', role: 'extend', wan: 26000, stage: 'negotiating', signed: '2023-10-20' },
  { code: 'XM2023JK003', name: '健康路街道数字文创产业园', investor: '镇江某文化科技有限公司', unit: '321102-JKL', chain: 'next-gen-it', role: 'fill', wan: 15800, stage: 'started', signed: '2023-04-06', started: '2023-09-18' },
  { code: 'XM2023DY001', name: '汽车灯具智能制造项目', investor: '丹阳某车灯有限公司', unit: '321181', chain: 'auto-parts', role: 'strengthen', wan: 52000, stage: 'capacity', signed: '2022-08-16', started: '2022-10-01', investorTags: ['专精特新小巨人'] },
  { code: 'XM2023DY002', name: '智能农机装备生产线', investor: '常州某农业机械股份有限公司', unit: '321181', chain: 'agri-machinery', role: 'extend', wan: 21000, stage: 'signed', signed: '2023-11-11' },
];

/**
 * This year's signings, dated relative to today so the 赛马榜, the dashboard and the briefing
 * always have a year in motion: each date is a fraction of the days elapsed since 1 January
 * (China time), so a start never falls after today. Codes from 101 keep clear of the 2023 list.
 */
const THIS_YEAR: (Omit<DemoProject, 'code' | 'signed' | 'started'> & { n: number; signedAt: number; startedAt?: number })[] = [
  { n: 101, name: '高端船舶配套产业园', investor: '江苏某船舶配套集团有限公司', unit: 'ZJXQ', chain: 'marine-equipment', role: 'extend', wan: 120000, stage: 'started', signedAt: 0.08, startedAt: 0.35, tags: ['市重大'], investorTags: ['头部企业'], leader: '王建国' },
  { n: 102, name: '高性能芳纶新材料项目', investor: '浙江某新材料股份有限公司', unit: 'ZJXQ-XCL', chain: 'advanced-materials', role: 'strengthen', wan: 35000, stage: 'land', signedAt: 0.22, investorTags: ['上市公司'] },
  { n: 103, name: '新型储能电池系统集成项目', investor: '江苏某储能科技有限公司', unit: 'ZJXQ', chain: 'energy-storage', role: 'fill', wan: 60000, stage: 'started', signedAt: 0.5, startedAt: 0.78 },
  { n: 104, name: '港口智慧物流中心', investor: '上海某供应链管理有限公司', unit: 'ZJXQ-DG', chain: '', role: 'extend', wan: 18000, stage: 'registered', signedAt: 0.64 },
  { n: 105, name: '航空发动机零部件精密制造项目', investor: '中航某精密机械有限公司', unit: 'ZJGXQ', chain: 'aerospace', role: 'strengthen', wan: 80000, stage: 'started', signedAt: 0.15, startedAt: 0.45, tags: ['市重大'], investorTags: ['央企'] },
  { n: 106, name: '医用高值耗材生产基地', investor: '苏州某医疗器械有限公司', unit: 'ZJGXQ', chain: 'medical-biopharma', role: 'fill', wan: 22000, stage: 'signed', signedAt: 0.58, investorTags: ['高新技术企业'] },
  { n: 107, name: '智能配电设备产业化项目', investor: '江苏某电气股份有限公司', unit: '321102', chain: 'power-equipment', role: 'strengthen', wan: 45000, stage: 'started', signedAt: 0.3, startedAt: 0.62 },
  { n: 108, name: '西津渡数字文旅综合体', investor: '南京某文旅发展有限公司', unit: '321102', chain: '', role: 'extend', wan: 16000, stage: 'signed', signedAt: 0.7 },
  { n: 109, name: '工业软件研发中心', investor: '杭州某软件股份有限公司', unit: '321111', chain: 'next-gen-it', role: 'extend', wan: 12000, stage: 'registered', signedAt: 0.4 },
  { n: 110, name: '高端智能农机装备制造基地', investor: '山东某农业装备有限公司', unit: '321112', chain: 'agri-machinery', role: 'strengthen', wan: 30000, stage: 'started', signedAt: 0.26, startedAt: 0.55 },
  { n: 111, name: '汽车智能座舱电子项目', investor: '宁波某汽车电子股份有限公司', unit: '321181', chain: 'auto-parts', role: 'extend', wan: 150000, stage: 'started', signedAt: 0.12, startedAt: 0.4, tags: ['省重大'], investorTags: ['上市公司'] },
  { n: 112, name: '光学镜片智能制造项目', investor: '丹阳某光学科技有限公司', unit: '321181', chain: '', role: 'extend', wan: 25000, stage: 'land', signedAt: 0.48 },
  { n: 113, name: '扬中新型电力装备产业园', investor: '江苏某电力装备集团有限公司', unit: '321182', chain: 'power-equipment', role: 'strengthen', wan: 55000, stage: 'started', signedAt: 0.33, startedAt: 0.7 },
  { n: 114, name: '氢能装备研发制造项目', investor: '上海某氢能科技有限公司', unit: '321183', chain: 'hydrogen', role: 'fill', wan: 20000, stage: 'signed', signedAt: 0.6 },
  // Below 1亿: on the ledger, counted by no 亿元以上 indicator.
  { n: 115, name: '农产品冷链仓储项目', investor: '句容某农业发展有限公司', unit: '321183', chain: '', role: 'extend', wan: 6000, stage: 'signed', signedAt: 0.2 },
];

/** This year's projects with their dates, from today's date in China. */
export function thisYearProjects(now: Date): DemoProject[] {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const year = china.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const elapsed = Math.floor((Date.UTC(year, china.getUTCMonth(), china.getUTCDate()) - start) / 86_400_000);
  const dateAt = (f: number) => new Date(start + Math.floor(f * elapsed) * 86_400_000).toISOString().slice(0, 10);
  return THIS_YEAR.map(({ n, signedAt, startedAt, ...p }) => ({ ...p, code: `XM${year}ZJ${n}`, signed: dateAt(signedAt), ...(startedAt !== undefined ? { started: dateAt(startedAt) } : {}) }));
}

/** Seed dependencies: the seed's transaction and what a write needs besides a clock. */
export interface SeedWriteDeps {
  db: Transaction<DB>;
  dialect: Dialect;
  audit: AuditTrail;
  cipher: FieldCipher;
}

/** The demo user's context, as a request of theirs would carry it. */
export async function demoContext(trx: Transaction<DB>, username: string): Promise<RequestContext> {
  const user = await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  return { actor: await actorForUser(trx, user.id), ip: 'seed', requestId: `seed:${username}`, lang: 'zh-CN', userAgent: null };
}

/** The 发改委 registers the demo projects through the ledger's own creation path. */
export async function seedDemoProjects(trx: Transaction<DB>, deps: SeedWriteDeps, unitIds: Map<string, number>, now: Date): Promise<number> {
  const chains = new Map((await trx.selectFrom('chains').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  const ctx = await demoContext(trx, 'fagai');
  const gj = { ...deps, clock: { now: () => now } };
  const all = [...DEMO_PROJECTS, ...thisYearProjects(now)];
  for (const p of all) {
    await createProject(trx, gj, ctx, {
      code: p.code,
      name: p.name,
      investorName: p.investor,
      investorUscc: ('uscc' in p ? p.uscc : undefined) ?? null,
      investorTags: (p.investorTags ?? []) as CreateProjectInput['investorTags'],
      hostUnitId: unitIds.get(p.unit)!,
      leaderName: p.leader ?? null,
      chainId: chains.get(p.chain) ?? null,
      chainRole: p.chain ? p.role : null,
      nature: 'new',
      category: 'industrial',
      totalInvestmentWan: p.wan,
      tags: p.tags ?? [],
      stage: p.stage,
      stageDates: { signed: { actual: p.signed }, ...(p.started ? { started: { actual: p.started } } : {}) },
    });
  }
  return all.length;
}
