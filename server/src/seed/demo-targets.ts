import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { setTargets, type TargetInput } from '../modules/targets/index.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';

/**
 * This year's targets of the districts and zones, as the commerce bureau sets them at the start
 * of the year (the shape of the city's 目标任务分解表, scaled to the demo's ledger): the
 * investment targets sit a little above what the listed projects of each unit plan this year, so
 * the 赛马榜 has leaders and laggards; counts are modest beside the demo's dozen projects.
 */
const DEMO_TARGETS: { unit: string; signed_100m: number; signed_1b: number; started_100m: number; chain_share: number; investment_wan: number }[] = [
  { unit: 'ZJXQ', signed_100m: 12, signed_1b: 2, started_100m: 6, chain_share: 70, investment_wan: 160_000 },
  { unit: 'ZJGXQ', signed_100m: 6, signed_1b: 1, started_100m: 3, chain_share: 70, investment_wan: 70_000 },
  { unit: '321102', signed_100m: 5, signed_1b: 1, started_100m: 3, chain_share: 70, investment_wan: 40_000 },
  { unit: '321111', signed_100m: 4, signed_1b: 1, started_100m: 2, chain_share: 65, investment_wan: 20_000 },
  { unit: '321112', signed_100m: 5, signed_1b: 1, started_100m: 3, chain_share: 65, investment_wan: 25_000 },
  { unit: '321181', signed_100m: 8, signed_1b: 2, started_100m: 4, chain_share: 70, investment_wan: 30_000 },
  { unit: '321182', signed_100m: 4, signed_1b: 1, started_100m: 2, chain_share: 65, investment_wan: 20_000 },
  { unit: '321183', signed_100m: 6, signed_1b: 1, started_100m: 3, chain_share: 65, investment_wan: 25_000 },
];

export const INDICATORS = ['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan'] as const;

/** Sets them through the one write path (versions, audit) as the commerce bureau, on 5 January. */
export async function seedDemoTargets(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).where('code', 'in', DEMO_TARGETS.map((t) => t.unit)).execute()).map((u) => [u.code, u.id]));
  const inputs: TargetInput[] = DEMO_TARGETS.flatMap((t) => INDICATORS.map((code) => ({ unitId: units.get(t.unit)!, indicatorCode: code, value: t[code] })));
  const setAt = new Date(Math.min(Date.parse(`${year}-01-05T02:00:00Z`), now.getTime()));
  const { changed } = await setTargets({ db: trx, audit: deps.audit, clock: { now: () => setAt }, dialect: deps.dialect }, await demoContext(trx, 'shangwu'), year, inputs, { trx, source: 'seed' });
  return changed;
}
