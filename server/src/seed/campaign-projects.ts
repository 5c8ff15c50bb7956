import type { Transaction } from 'kysely';
import { STAGES, type Stage } from '../../../common/projects.js';
import type { DB } from '../db/schema.js';
import { changeStatus, createProject, type CreateProjectInput } from '../modules/projects/index.js';
import { addDays, type CampaignPlan, type PlannedProject } from './campaign-plan.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';

/** 10:00 in China on a date, never after `now`. */
export function chinaMorningBefore(date: string, now: Date): Date {
  const at = new Date(`${date}T02:00:00Z`);
  return at.getTime() < now.getTime() ? at : now;
}

/** What a ledger keeps beside the amount: fixed assets, land, expected output, tax and jobs. */
function ledgerFigures(p: PlannedProject): Partial<CreateProjectInput> {
  // A stable per-project factor from its code, so the figures vary without more draws.
  const spread = 0.7 + ([...p.code].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7) / 997) * 0.8;
  const output = Math.round((p.wan * 1.6 * spread) / 100) * 100;
  return {
    fixedAssetWan: Math.round((p.wan * 0.8) / 100) * 100,
    landMu: p.category === 'industrial' && p.nature === 'new' ? String(Math.max(10, Math.round((p.wan / 320) * spread))) : null,
    expectedOutputWan: p.category === 'industrial' ? output : null,
    expectedTaxWan: p.category === 'industrial' ? Math.round((output * 0.06) / 10) * 10 : null,
    expectedJobs: Math.max(20, Math.round((p.wan / 90) * spread)),
  };
}

/**
 * The campaign's projects, registered one by one through the ledger's creation path by the
 * commission (policy, codes, lifecycle rows with their actual and planned dates, grams, timeline,
 * audit), each on the day it entered the ledger; the few suspended or terminated ones then
 * change status through the status path, with their reason. Answers project ids by code.
 */
export async function seedCampaignProjects(trx: Transaction<DB>, deps: SeedWriteDeps, plan: CampaignPlan, unitIds: Map<string, number>, now: Date): Promise<Map<string, number>> {
  const chains = new Map((await trx.selectFrom('chains').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  const ctx = await demoContext(trx, 'fagai');
  const ids = new Map<string, number>();
  for (const p of plan.projects) {
    const reached = STAGES.indexOf(p.stage);
    const stageDates: CreateProjectInput['stageDates'] = {};
    STAGES.forEach((s: Stage, i) => {
      const actual = i <= reached ? p.timeline[s] : undefined;
      const planned = p.planned[s];
      if (actual || planned) stageDates[s] = { ...(actual ? { actual } : {}), ...(planned ? { planned } : {}) };
    });
    const id = await createProject(trx, { ...deps, clock: { now: () => chinaMorningBefore(p.registeredOn, now) } }, ctx, {
      code: p.code,
      name: p.name,
      investorName: p.investor,
      investorRegion: p.investorRegion,
      investorTags: p.investorTags as CreateProjectInput['investorTags'],
      hostUnitId: unitIds.get(p.unit.code)!,
      leaderName: p.leader,
      chainId: p.chain ? chains.get(p.chain)! : null,
      chainRole: p.chain ? p.role : null,
      nature: p.nature,
      category: p.category,
      totalInvestmentWan: p.wan,
      foreignInvestmentUsdWan: p.foreignUsdWan,
      ...ledgerFigures(p),
      tags: p.tags,
      stage: p.stage,
      stageDates,
    });
    ids.set(p.code, id);
    if (p.status !== 'normal') {
      const at = chinaMorningBefore(addDays(p.timeline[p.stage], 30), now);
      await changeStatus({ ...deps, clock: { now: () => at } }, ctx, id, { status: p.status, reason: p.statusReason!, version: 1 });
    }
  }
  return ids;
}
