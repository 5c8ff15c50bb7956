import type { Transaction } from 'kysely';
import type { ProblemCategory } from '../../../common/problems.js';
import type { DB } from '../db/schema.js';
import { DAY } from '../platform/clock.js';
import { companyKey } from '../platform/company-names.js';
import { searchInitials } from '../platform/search.js';
import { answerProblemIn, assignProblemIn, confirmProblemIn, raiseProblemIn, recordDecisionIn, remindAndEscalate } from '../modules/problems/index.js';
import { DEMO_ENTERPRISE_USCC, demoContext, type SeedWriteDeps } from './demo-projects.js';

type Step =
  | { do: 'assign'; daysAgo: number; to: string; co?: string[] }
  | { do: 'answer'; daysAgo: number; text: string }
  | { do: 'return'; daysAgo: number; reason: string }
  | { do: 'close'; daysAgo: number; rating: number }
  | { do: 'decide'; daysAgo: number; text: string };

interface DemoProblem {
  by: string;
  project: string | null;
  title: string;
  category: ProblemCategory;
  description: string;
  daysAgo: number;
  steps: Step[];
}

/**
 * Problems in every state, as the campaign has them: the enterprise's land question sent back once
 * and answered again (waiting for its confirmation), two overdue problems on the leading group's
 * agenda (one with the meeting's decision), closed ones with ratings for the department scorecard,
 * and a fresh one waiting to be assigned.
 */
const DEMO_PROBLEMS: DemoProblem[] = [
  {
    by: 'qiye', project: 'XM2023XQ003', title: '二期用地指标落实', category: 'land', daysAgo: 25,
    description: '新能源汽车电池结构件项目二期需新增工业用地约 80 亩，用地指标尚未落实，影响年内开工。',
    steps: [
      { do: 'assign', daysAgo: 24, to: 'ZJ-ZGJ', co: ['ZJ-SPJ'] },
      { do: 'answer', daysAgo: 6, text: '已将该项目列入年度用地保障清单，正在组卷报批。' },
      { do: 'return', daysAgo: 5, reason: '未明确供地时间节点，请给出挂牌时间。' },
      { do: 'answer', daysAgo: 2, text: '用地已完成组卷，预计下月中旬挂牌出让，请企业提前准备竞买材料。' },
    ],
  },
  {
    by: 'xinqu', project: 'XM2023XQ001', title: '二期厂房施工许可办理', category: 'permit', daysAgo: 50,
    description: '二期厂房施工图审查意见反复，施工许可证迟迟未能核发，设备已到港待安装。',
    steps: [
      { do: 'assign', daysAgo: 48, to: 'ZJ-SPJ', co: ['ZJ-ZJJ'] },
      { do: 'decide', daysAgo: 3, text: '由市行政审批局牵头、市住建局配合，一周内召开专题协调会，10 日内核发施工许可证。' },
    ],
  },
  {
    by: 'jingkou', project: 'XM2023JK001', title: '技术工人招聘缺口约 200 人', category: 'labour', daysAgo: 20,
    description: '扩建项目投产在即，焊工、电工等技术工人缺口约 200 人，请协调开展专场招聘和技能培训。',
    steps: [{ do: 'assign', daysAgo: 19, to: 'ZJ-RSJ' }],
  },
  {
    by: 'gaoxin', project: 'XM2023GX001', title: '项目用地红线调整', category: 'land', daysAgo: 60,
    description: '因市政道路改线，项目用地红线需局部调整，请协调规划条件变更。',
    steps: [
      { do: 'assign', daysAgo: 59, to: 'ZJ-ZGJ' },
      { do: 'answer', daysAgo: 45, text: '规划条件变更已批复，红线图已更新。' },
      { do: 'close', daysAgo: 44, rating: 5 },
    ],
  },
  {
    by: 'jingkou', project: null, title: '开发区标准厂房不动产登记', category: 'land', daysAgo: 35,
    description: '京口经济开发区标准厂房分割转让，需办理不动产分割登记。',
    steps: [
      { do: 'assign', daysAgo: 34, to: 'ZJ-ZGJ' },
      { do: 'answer', daysAgo: 20, text: '已完成分割登记，证书已发放。' },
      { do: 'close', daysAgo: 18, rating: 4 },
    ],
  },
  {
    by: 'xinqu', project: 'XM2023XQ002', title: '双回路供电接入', category: 'power', daysAgo: 10,
    description: '投产后负荷增加，需新增一路 110kV 供电接入，请协调供电部门。',
    steps: [{ do: 'assign', daysAgo: 9, to: 'ZJ-GXJ' }],
  },
  {
    by: 'jkjd', project: 'XM2023JK003', title: '园区污水接管', category: 'environment', daysAgo: 2,
    description: '数字文创产业园食堂污水需接入市政管网，请协调接管手续。',
    steps: [],
  },
];

const ACTOR: Record<Step['do'], (p: DemoProblem) => string> = { assign: () => 'fagai', answer: () => 'ziguiju', return: (p) => p.by, close: (p) => p.by, decide: () => 'fagai' };

/** The demo enterprise (its contacts are `qiye`'s unit), then each problem step by step through the module's own write path. */
export async function seedDemoProblems(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const at = now.toISOString();
  // The demo tree already holds the enterprise's unit (its contact \`qiye\` belongs to it), so the row is written here, as the registry would.
  const enterprise = await trx
    .insertInto('enterprises')
    .values({ uscc: DEMO_ENTERPRISE_USCC, name: '江苏某新能源科技有限公司', name_key: companyKey('江苏某新能源科技有限公司').key, search_initials: searchInitials('江苏某新能源科技有限公司'), industry: '新能源汽车零部件', unit_id: units.get('ZJXQ-QY-001')!, serving_unit_id: units.get('ZJXQ')!, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.insertInto('enterprise_names').values({ enterprise_id: enterprise.id, name: '江苏某新能源科技有限公司', source: 'registry', recorded_at: at }).execute();
  const projects = new Map((await trx.selectFrom('projects').select(['id', 'code']).execute()).map((p) => [p.code, p.id]));
  for (const p of DEMO_PROBLEMS) {
    const gjAt = (daysAgo: number) => ({ ...deps, clock: { now: () => new Date(now.getTime() - daysAgo * DAY) } });
    const id = await raiseProblemIn(trx, gjAt(p.daysAgo), await demoContext(trx, p.by), { title: p.title, category: p.category, description: p.description, projectId: p.project ? projects.get(p.project)! : null });
    for (const s of p.steps) {
      const ctx = await demoContext(trx, ACTOR[s.do](p));
      const gj = gjAt(s.daysAgo);
      if (s.do === 'assign') await assignProblemIn(trx, gj, ctx, id, { unitId: units.get(s.to)!, coUnitIds: (s.co ?? []).map((c) => units.get(c)!) });
      else if (s.do === 'answer') await answerProblemIn(trx, gj, ctx, id, { text: s.text });
      else if (s.do === 'return') await confirmProblemIn(trx, gj, ctx, id, { satisfied: false, reason: s.reason });
      else if (s.do === 'close') await confirmProblemIn(trx, gj, ctx, id, { satisfied: true, rating: s.rating });
      else {
        // The meeting decides on what the schedule put on its agenda: escalate as of the meeting day first.
        await remindAndEscalate({ ...gj, db: trx });
        await recordDecisionIn(trx, gj, ctx, id, { text: s.text, meetingDate: new Date(now.getTime() - s.daysAgo * DAY + 8 * 3600_000).toISOString().slice(0, 10) });
      }
    }
  }
  // Today's pass of the schedule: what is overdue now is on the agenda, what is near is reminded.
  await remindAndEscalate({ ...deps, clock: { now: () => now } });
  return DEMO_PROBLEMS.length;
}
