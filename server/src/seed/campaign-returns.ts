import type { Transaction } from 'kysely';
import { monthsOfQuarter, previousQuarter, quarterOf, quarterOfDay } from '../../../common/returns.js';
import { STAGES } from '../../../common/projects.js';
import type { DB } from '../db/schema.js';
import { filePeriod, setCommitments } from '../modules/returns/index.js';
import { chinaDay } from '../platform/china-time.js';
import { CAMPAIGN_SEED, type CampaignPlan } from './campaign-plan.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';
import { draw } from './prng.js';

/**
 * The campaign's producing projects followed against their contracts: commitments from the
 * investment (design output, the tax due at 达效, land at the unit's investment intensity) and up
 * to six quarters of output and tax ramping up from the start of production — most on their way
 * to 达产, a few stalled well short of it (they reach the gap list), so the park ranking has grades
 * A to D. One in three files monthly this year (its earlier quarters whole), as the units that
 * report to the statistics bureau monthly do. Filed by the commission's officer through the
 * form's own write path, so the stages the figures prove are proposed as they would be.
 */
const MAX_PROJECTS = 24;
const WINDOW_QUARTERS = 6;
const INTENSITY = [3.0, 1.0, 0.45, 0.2, 1.8, 0.7];

const round1 = (v: number) => Math.round(v * 10) / 10;

export async function seedCampaignReturns(trx: Transaction<DB>, deps: SeedWriteDeps, plan: CampaignPlan, ids: Map<string, number>, now: Date): Promise<{ projects: number; periods: number }> {
  const ctx = await demoContext(trx, 'fagai');
  const gj = { ...deps, clock: { now: () => now } };
  const d = draw(CAMPAIGN_SEED + 15);
  const today = chinaDay(now);
  const lastQuarter = previousQuarter(quarterOfDay(today));
  // The month that ended last, and monthly filing from the first quarter of its year.
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  const lastMonth = tm === 1 ? `${ty - 1}-12` : `${ty}-${String(tm - 1).padStart(2, '0')}`;
  const monthlyFrom = quarterOf(Number(lastMonth.slice(0, 4)), 1);
  // Spread over the units (round robin, by code), so every park and zone with producing projects has some.
  const byUnit = new Map<string, CampaignPlan['projects']>();
  for (const p of plan.projects.filter((x) => STAGES.indexOf(x.stage) >= STAGES.indexOf('producing') && x.status !== 'terminated' && ids.has(x.code)).sort((a, b) => a.code.localeCompare(b.code))) {
    byUnit.set(p.unit.code, [...(byUnit.get(p.unit.code) ?? []), p]);
  }
  const units = [...byUnit.keys()].sort();
  const producing: CampaignPlan['projects'] = [];
  for (let round = 0; producing.length < MAX_PROJECTS && units.some((u) => byUnit.get(u)!.length > round); round++) {
    for (const u of units) if (byUnit.get(u)![round] && producing.length < MAX_PROJECTS) producing.push(byUnit.get(u)![round]!);
  }
  // What a unit's land yields differs (a chemical park against a logistics park): a factor per unit, so the ranking spreads from A to D.
  const yieldOf = new Map(units.map((u, i) => [u, INTENSITY[i % INTENSITY.length]!]));
  let periods = 0;
  for (const [i, p] of producing.entries()) {
    const id = ids.get(p.code)!;
    const start = quarterOfDay(p.timeline.producing);
    const designOutputWan = Math.round((p.wan * d.between(1.0, 2.2)) / 100) * 100;
    const producedYear = Number(p.timeline.producing.slice(0, 4));
    await setCommitments(gj, ctx, id, {
      designOutputWan,
      capacityYear: producedYear + 1,
      capacityOutputWan: Math.round(designOutputWan * 0.8),
      returnsYear: producedYear + 2,
      returnsOutputWan: Math.round(designOutputWan * 1.1),
      returnsTaxWan: Math.round((designOutputWan * d.between(0.045, 0.07)) / 10) * 10,
      jobs: Math.round(p.wan / d.between(80, 200)),
      landMu: Math.max(10, Math.round((p.wan / d.between(150, 300)) / yieldOf.get(p.unit.code)!)),
      version: 0,
    });
    const stalled = d.chance(0.2);
    const taxRate = d.between(0.04, 0.08);
    const monthly = i % 3 === 0;
    // The quarters from the start of production (at most six), oldest first.
    const quarters = [lastQuarter];
    while (quarters.length < WINDOW_QUARTERS && quarters[0]! > start) quarters.unshift(previousQuarter(quarters[0]!));
    if (quarters[0]! < start) quarters.shift();
    for (const [k, quarter] of quarters.entries()) {
      const share = stalled ? d.between(0.35, 0.55) : Math.min(0.97, 0.4 + 0.14 * k) * d.between(0.92, 1.08);
      const quarterOutput = (designOutputWan / 4) * share;
      const jobs = Math.round((p.wan / 150) * Math.min(1, 0.6 + 0.1 * k));
      if (monthly && quarter >= monthlyFrom) {
        for (const month of monthsOfQuarter(quarter).filter((m) => m <= lastMonth)) {
          const output = round1((quarterOutput / 3) * d.between(0.9, 1.1));
          await filePeriod(gj, ctx, id, month, { outputWan: output, taxWan: round1(output * taxRate), jobs }, { trx });
          periods++;
        }
      } else {
        const output = round1(quarterOutput);
        await filePeriod(gj, ctx, id, quarter, { outputWan: output, taxWan: round1(output * taxRate), jobs }, { trx });
        periods++;
      }
    }
    // The current quarter's months so far, for a monthly filer (the last quarter above ended before them).
    if (monthly) {
      const current = quarterOfDay(today);
      for (const month of monthsOfQuarter(current).filter((m) => m <= lastMonth && m >= p.timeline.producing.slice(0, 7) && current >= monthlyFrom)) {
        const output = round1((designOutputWan / 12) * (stalled ? 0.45 : 0.95) * d.between(0.9, 1.1));
        await filePeriod(gj, ctx, id, month, { outputWan: output, taxWan: round1(output * taxRate), jobs: Math.round(p.wan / 150) }, { trx });
        periods++;
      }
    }
  }
  return { projects: producing.length, periods };
}
