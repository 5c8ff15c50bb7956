import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { publishRanking } from '../modules/rankings/index.js';
import { setTargets, type TargetInput } from '../modules/targets/index.js';
import type { CampaignPlan } from './campaign-plan.js';
import { chinaMorningBefore } from './campaign-projects.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';
import { INDICATORS } from './demo-targets.js';

/**
 * The campaign's targets (目标任务分解表) of the eight districts and zones, last year's and this
 * year's, set by the commerce bureau on 5 January through the targets' write path, and last
 * year's final 赛马榜 published in January. Each unit's targets come from what its ledger plans
 * for the year (its parks and streets rolled up), times a factor of its own: some units were set
 * a stretch, some an easy year, so the race has leaders and laggards.
 */
const RANKED: Record<string, { parts: string[]; factor: number; chainShare: number }> = {
  ZJXQ: { parts: ['ZJXQ', 'ZJXQ-XCL', 'ZJXQ-DG'], factor: 1.05, chainShare: 70 },
  ZJGXQ: { parts: ['ZJGXQ', 'ZJGXQ-JQ'], factor: 0.92, chainShare: 70 },
  '321102': { parts: ['321102', '321102-KFQ', '321102-JKL', '321102-DM'], factor: 1.15, chainShare: 70 },
  '321111': { parts: ['321111'], factor: 1.0, chainShare: 65 },
  '321112': { parts: ['321112'], factor: 1.22, chainShare: 65 },
  '321181': { parts: ['321181'], factor: 0.9, chainShare: 70 },
  '321182': { parts: ['321182'], factor: 1.1, chainShare: 70 },
  '321183': { parts: ['321183'], factor: 0.85, chainShare: 65 },
};

function targetsOf(plan: CampaignPlan, year: number, plans: Map<string, number>): Map<string, Record<(typeof INDICATORS)[number], number>> {
  const out = new Map<string, Record<(typeof INDICATORS)[number], number>>();
  const inYear = (date: string) => date.startsWith(String(year));
  for (const [unit, r] of Object.entries(RANKED)) {
    const mine = plan.projects.filter((p) => r.parts.includes(p.unit.code));
    // This year's signings: the whole year's plan; last year's: what was signed.
    const signed = year === plan.year ? r.parts.reduce((n, u) => n + plan.yearPlan.get(u)!.signed, 0) : mine.filter((p) => p.above100m && inYear(p.timeline.signed)).length;
    const signed1b = year === plan.year ? r.parts.reduce((n, u) => n + plan.yearPlan.get(u)!.signed1b, 0) : mine.filter((p) => p.wan >= 100000 && inYear(p.timeline.signed)).length;
    const started = mine.filter((p) => p.above100m && inYear(p.timeline.started)).length;
    const investment = mine.reduce((s, p) => s + (plans.get(p.code) ?? 0), 0);
    out.set(unit, {
      signed_100m: Math.max(2, Math.round(signed * r.factor)),
      signed_1b: Math.max(1, Math.round(signed1b * r.factor)),
      started_100m: Math.max(1, Math.round(started * r.factor)),
      chain_share: r.chainShare,
      investment_wan: Math.max(10_000, Math.round((investment * r.factor) / 1000) * 1000),
    });
  }
  return out;
}

export async function seedCampaignTargets(trx: Transaction<DB>, deps: SeedWriteDeps, plan: CampaignPlan, plans: Map<number, Map<string, number>>, now: Date): Promise<{ targets: number; rankings: number }> {
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const ctx = await demoContext(trx, 'shangwu');
  let targets = 0;
  for (const year of [plan.year - 1, plan.year]) {
    const rows = targetsOf(plan, year, plans.get(year) ?? new Map());
    const inputs: TargetInput[] = [...rows].flatMap(([unit, values]) => INDICATORS.map((code) => ({ unitId: units.get(unit)!, indicatorCode: code, value: values[code] })));
    const at = chinaMorningBefore(`${year}-01-05`, now);
    targets += (await setTargets({ db: trx, audit: deps.audit, dialect: deps.dialect, clock: { now: () => at } }, ctx, year, inputs, { trx, source: 'seed' })).changed;
  }
  // Last year's final ranking, published on 10 January (this year's months follow in seedDemoRankings).
  const at = chinaMorningBefore(`${plan.year}-01-10`, now);
  await publishRanking({ db: trx, audit: deps.audit, dialect: deps.dialect, clock: { now: () => at } }, ctx, `${plan.year - 1}-12`, { trx });
  return { targets, rankings: 1 };
}
