import type { Transaction } from 'kysely';
import type { ProblemCategory } from '../../../common/problems.js';
import { STAGES } from '../../../common/projects.js';
import type { DB } from '../db/schema.js';
import { answerProblemIn, assignProblemIn, confirmProblemIn, raiseProblemIn, recordDecisionIn, remindAndEscalate } from '../modules/problems/index.js';
import { chinaDay } from '../platform/china-time.js';
import { CAMPAIGN_SEED, type CampaignPlan } from './campaign-plan.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';
import { draw } from './prng.js';

/**
 * The campaign's problems, in every state, through the problems' own write path: fresh ones
 * waiting to be assigned, assigned ones within their deadline, overdue ones the schedule put on
 * the leading group's agenda (one with the meeting's decision), answers waiting for the raiser's
 * confirmation, answers sent back, and closed ones with ratings spread over the year for the
 * department scorecard. Land questions go to 自然资源和规划局, whose officer (`ziguiju`) answers.
 */
const DAY = 86_400_000;

const TEXTS: Record<ProblemCategory, [string, string][]> = {
  land: [
    ['项目用地指标落实', '项目需新增工业用地约 60 亩，用地指标尚未落实，影响年内开工。'],
    ['地上附着物清理', '项目红线内尚有部分地上附着物未清理完毕，影响场地平整和桩基施工。'],
    ['用地规划条件调整', '因生产工艺调整，需变更容积率和建筑密度，请协调规划条件变更。'],
    ['不动产权首次登记', '项目厂房已竣工，需办理不动产权首次登记，以便办理抵押融资。'],
    ['临时用地审批', '施工期间需临时用地约 15 亩堆放材料，请协调临时用地审批。'],
    ['土地出让合同变更', '项目分期建设，需调整土地出让合同约定的开竣工时间。'],
  ],
  labour: [
    ['技术工人招聘缺口', '项目投产在即，焊工、电工等技术工人缺口约 150 人，请协调专场招聘。'],
    ['研发人才安居政策兑现', '企业引进研发人才 20 名，申请落实人才公寓和安家补贴。'],
  ],
  permit: [
    ['施工许可证核发', '施工图审查已完成，施工许可证尚未核发，设备已到场待安装。'],
    ['消防验收备案', '厂房主体已竣工，需办理消防验收备案，影响试生产。'],
  ],
  finance: [
    ['项目建设贷款授信', '项目建设资金缺口约 2 亿元，请协调银行给予项目贷款授信。'],
    ['设备购置补贴申报', '企业购置智能化生产设备，申请技改设备补贴，材料已报送。'],
  ],
  power: [
    ['双回路供电接入', '投产后用电负荷增加，需新增一路 110kV 供电接入，请协调供电公司。'],
    ['施工用电增容', '施工高峰期用电容量不足，请协调供电公司临时增容。'],
  ],
  environment: [
    ['环评批复办理', '项目环评报告书已报送，批复时间较长，影响开工节点。'],
    ['排污总量指标调剂', '项目需新增 VOCs 排放总量指标，请协调区域内调剂。'],
  ],
  other: [
    ['周边道路及管网配套', '项目周边道路及雨污管网尚未建成，影响项目竣工投产。'],
    ['企业高管子女入学', '企业引进高管 5 名，其子女入学需协调安排。'],
  ],
};
const HANDLER: Record<ProblemCategory, [string, string[]]> = {
  land: ['ZJ-ZGJ', []],
  labour: ['ZJ-RSJ', []],
  permit: ['ZJ-SPJ', ['ZJ-ZJJ']],
  finance: ['ZJ-JRJ', []],
  power: ['ZJ-GXJ', []],
  environment: ['ZJ-STHJJ', []],
  other: ['ZJ-ZJJ', []],
};

type State = 'raised' | 'assigned' | 'overdue' | 'decided' | 'answered' | 'returned' | 'closed';
/** [state, how many, category or null (any but land), days ago it was raised]. */
const SCENARIOS: [State, number, ProblemCategory | null, [number, number]][] = [
  ['closed', 6, 'land', [40, 200]],
  ['returned', 2, 'land', [30, 50]],
  ['answered', 3, 'land', [20, 40]],
  ['decided', 1, 'permit', [50, 60]],
  ['overdue', 3, null, [40, 60]],
  ['assigned', 5, null, [3, 8]],
  ['raised', 3, null, [1, 3]],
];

export async function seedCampaignProblems(trx: Transaction<DB>, deps: SeedWriteDeps, plan: CampaignPlan, projectIds: Map<string, number>, now: Date): Promise<number> {
  const d = draw(CAMPAIGN_SEED ^ 0x9b1e);
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const gjAt = (daysAgo: number) => ({ ...deps, clock: { now: () => new Date(now.getTime() - daysAgo * DAY) } });
  // Projects under way in a unit with its own officer, who raises the problem.
  const candidates = plan.projects.filter((p) => p.unit.user !== 'fagai' && p.status === 'normal' && STAGES.indexOf(p.stage) >= 2 && STAGES.indexOf(p.stage) <= 8);
  const used = new Map<ProblemCategory, number>();
  const problems = SCENARIOS.flatMap(([state, count, category, [from, to]]) =>
    Array.from({ length: count }, () => {
      const cat = category ?? d.pick(['labour', 'permit', 'finance', 'power', 'environment', 'other'] as const);
      const n = used.get(cat) ?? 0;
      used.set(cat, n + 1);
      const texts = TEXTS[cat][n % TEXTS[cat].length]!;
      return { state, category: cat, texts, raisedAgo: d.int(from, to), project: d.pick(candidates), rating: d.int(3, 5), steps: [d.int(1, 3), d.int(5, 25), d.int(1, 3)] };
    }),
  ).sort((a, b) => b.raisedAgo - a.raisedAgo);

  for (const p of problems) {
    const raiser = await demoContext(trx, p.project.unit.user);
    const id = await raiseProblemIn(trx, gjAt(p.raisedAgo), raiser, { title: p.texts[0], category: p.category, description: p.texts[1], projectId: projectIds.get(p.project.code)! });
    if (p.state === 'raised') continue;
    const fagai = await demoContext(trx, 'fagai');
    const [handler, co] = HANDLER[p.category];
    const assignedAgo = p.state === 'assigned' ? p.raisedAgo - 1 : p.raisedAgo - p.steps[0]!;
    await assignProblemIn(trx, gjAt(assignedAgo), fagai, id, { unitId: units.get(handler)!, coUnitIds: co.map((c) => units.get(c)!) });
    if (p.state === 'assigned' || p.state === 'overdue') continue;
    if (p.state === 'decided') {
      // The meeting ten days ago took up what was overdue then, and decided.
      const meeting = gjAt(10);
      await remindAndEscalate({ ...meeting, db: trx });
      await recordDecisionIn(trx, meeting, fagai, id, { text: '由市行政审批局牵头、市住建局配合，限期 7 日内办结施工许可。', meetingDate: chinaDay(meeting.clock.now()) });
      continue;
    }
    const ziguiju = await demoContext(trx, 'ziguiju');
    const answeredAgo = p.state === 'closed' ? Math.max(1, assignedAgo - p.steps[1]!) : p.state === 'returned' ? 10 : d.int(2, 5);
    await answerProblemIn(trx, gjAt(answeredAgo), ziguiju, id, { text: '已会同属地研究办理，相关手续已完成，请企业确认。' });
    if (p.state === 'answered') continue;
    if (p.state === 'returned') {
      await confirmProblemIn(trx, gjAt(8), raiser, id, { satisfied: false, reason: '答复未明确办结时限，请给出具体时间节点。' });
      continue;
    }
    await confirmProblemIn(trx, gjAt(Math.max(0, answeredAgo - p.steps[2]!)), raiser, id, { satisfied: true, rating: p.rating });
  }
  // Today's pass of the schedule: the overdue ones go on the agenda.
  await remindAndEscalate({ ...deps, clock: { now: () => now } });
  return problems.length;
}
