import type { Insertable, Transaction } from 'kysely';
import { periodOf, type ListLevel } from '../../../common/dispatch.js';
import { STAGES } from '../../../common/projects.js';
import type { DB } from '../db/schema.js';
import { openPeriod, recomputePeriodLights, refreshLatest } from '../modules/dispatch/index.js';
import { wanToUnits } from '../platform/money.js';
import { addDays, CAMPAIGN_SEED, type CampaignPlan, type PlannedProject } from './campaign-plan.js';
import { chinaMorningBefore } from './campaign-projects.js';
import { NEXT_STEPS, PROGRESS, REPORTED_PROBLEMS } from './campaign-words.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';
import { draw, type Draw } from './prng.js';

/**
 * The campaign's monthly dispatch: last year's and this year's key-project lists with their
 * annual plans, last year's twelve periods opened (through the dispatch service, as the
 * commission did each month) and every listed project's report of every month up to today —
 * most on time, a few late, a few missing, this month's only partly filed, paces from ahead of
 * 序时进度 to far behind. Thousands of rows, so lists, plans and reports are inserted in bulk;
 * then each project's newest report is rebuilt and every period's lights are computed by the
 * dispatch module's own functions, oldest first (two yellows in a row make a red across months).
 */
export interface CampaignDispatch {
  listed: number;
  reports: number;
  lights: number;
  periods: number;
  /** Each year's plans (万元) by project code: the investment targets' basis. */
  plans: Map<number, Map<string, number>>;
}

interface Listing {
  project: PlannedProject;
  id: number;
  level: ListLevel;
  addedAt: Date;
  planWan: number;
  /** Points behind 序时进度 in month m. */
  behind: (m: number) => number;
}

/** On a year's lists: signed by then, building that year (started by its end, not completed before it), not terminated. */
function listingOf(d: Draw, p: PlannedProject, id: number, year: number, now: Date): Listing | null {
  const reached = STAGES.indexOf(p.stage);
  const base = d.weighted([[[-6, 5], 52], [[5, 14], 28], [[12, 26], 13], [[30, 55], 7]] as const);
  const offset = d.between(base[0], base[1]);
  const drift = d.between(-0.8, 1.2);
  const noise = Array.from({ length: 12 }, () => d.between(-5, 5));
  const share = d.between(0.22, 0.45);
  if (reached < STAGES.indexOf('signed') || p.status === 'terminated') return null;
  if (!(p.above100m || p.unit.kind === 'street')) return null;
  const completedBefore = reached >= STAGES.indexOf('completed') && p.timeline.completed < `${year}-01-01`;
  // One that never started after its plan ran out last year is off this year's lists.
  const givenUp = reached < STAGES.indexOf('started') && p.timeline.started < `${year - 1}-07-01`;
  if (p.timeline.signed > `${year}-12-31` || p.timeline.started > `${year}-12-31` || completedBefore || givenUp) return null;
  const addedAt = chinaMorningBefore(`${year}-01-06` > addDays(p.timeline.signed, 20) ? `${year}-01-06` : addDays(p.timeline.signed, 20), now);
  if (addedAt.getTime() >= now.getTime() || addedAt.toISOString() > `${year + 1}-01-05`) return null;
  const level: ListLevel = p.tags.includes('省重大') ? 'province' : p.tags.includes('市重大') ? 'city' : 'district';
  const planWan = Math.max(300, Math.round((p.wan * share) / 100) * 100);
  return { project: p, id, level, addedAt, planWan, behind: (m) => offset + drift * (m - 6) + noise[m - 1]! };
}

function progressText(d: Draw, p: PlannedProject, monthEnd: string): string {
  const t = p.timeline;
  const phase = monthEnd < t.started ? 'preparing' : monthEnd < addDays(t.started, 90) ? 'early' : monthEnd < addDays(t.completed, -60) ? 'middle' : monthEnd < t.completed ? 'late' : 'done';
  return d.pick(PROGRESS[phase]);
}

export async function seedCampaignDispatch(trx: Transaction<DB>, deps: SeedWriteDeps, plan: CampaignPlan, ids: Map<string, number>, now: Date): Promise<CampaignDispatch> {
  const { year, today } = plan;
  const current = Number(today.slice(5, 7));
  const fagai = await demoContext(trx, 'fagai');
  const users = new Map((await trx.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const commission = fagai.actor!.unitId;
  const hostUnits = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const unitOf = (l: Listing) => hostUnits.get(l.project.unit.code)!;

  // Last year's months, opened by the commission at the start of each next month.
  for (let m = 1; m <= 12; m++) {
    const next = m === 12 ? `${year}-01` : periodOf(year - 1, m + 1);
    await openPeriod({ ...deps, clock: { now: () => chinaMorningBefore(`${next}-01`, now) } }, fagai, periodOf(year - 1, m));
  }
  const periods = await trx.selectFrom('dispatch_periods').select(['id', 'year', 'month', 'deadline', 'opened_at']).where('year', 'in', [year - 1, year]).orderBy('year').orderBy('month').execute();

  const result: CampaignDispatch = { listed: 0, reports: 0, lights: 0, periods: periods.length, plans: new Map() };
  const reports: Insertable<DB['dispatch_reports']>[] = [];
  const latest: [number, number][] = [];
  for (const y of [year - 1, year]) {
    const d = draw(CAMPAIGN_SEED + y);
    const listings = plan.projects.map((p) => listingOf(d, p, ids.get(p.code)!, y, now)).filter((l): l is Listing => l !== null);
    const plans = new Map(listings.map((l) => [l.project.code, l.planWan]));
    result.plans.set(y, plans);
    result.listed += listings.length;
    const addedBy = (l: Listing) => (l.level === 'district' ? users.get(l.project.unit.user)! : fagai.actor!.userId);
    for (let i = 0; i < listings.length; i += 500) {
      const chunk = listings.slice(i, i + 500);
      await trx.insertInto('key_projects').values(chunk.map((l) => ({ project_id: l.id, year: y, level: l.level, owner_unit_id: l.level === 'district' ? unitOf(l) : commission, added_by: addedBy(l), added_at: l.addedAt.toISOString() }))).execute();
      await trx.insertInto('project_year_plans').values(chunk.map((l) => ({ project_id: l.id, year: y, plan_yuan: wanToUnits(l.planWan), updated_by: addedBy(l), updated_at: l.addedAt.toISOString() }))).execute();
    }
    const lastMonth = y === year ? current : 12;
    for (const l of listings) {
      let cumulative = 0;
      let filed = false;
      for (let m = 1; m <= lastMonth; m++) {
        const period = periods.find((p) => p.year === y && p.month === m)!;
        const deadlineEnd = new Date(`${period.deadline}T16:00:00Z`);
        // Draws first, whatever happens with them: the next month's stay the same.
        const missing = d.chance(0.03);
        const late = d.chance(0.04);
        const filedDay = d.int(0, 4);
        const filedHour = d.int(1, 9);
        const partial = d.chance(0.45);
        const text = progressText(d, l.project, new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10));
        const next = d.pick(NEXT_STEPS);
        const trouble = d.pick(REPORTED_PROBLEMS);
        const byCommission = d.chance(0.5);
        if (l.addedAt.getTime() > deadlineEnd.getTime()) continue;
        const behind = l.behind(m);
        const cum = Math.max(cumulative, Math.min(Math.round(l.planWan * 1.1), Math.round(l.planWan * (m / 12 - behind / 100))), 0);
        const isCurrent = y === year && m === current;
        if (isCurrent ? partial : missing) continue;
        const onTime = new Date(deadlineEnd.getTime() - (filedDay + 1) * 86_400_000 + filedHour * 3_600_000);
        const isLate = !isCurrent && late && deadlineEnd.getTime() + 6 * 86_400_000 < now.getTime();
        const at = isCurrent ? new Date(now.getTime() - filedHour * 3 * 3_600_000) : isLate ? new Date(deadlineEnd.getTime() + (filedDay + 1) * 86_400_000) : onTime;
        const filedAt = at.getTime() < now.getTime() ? at : new Date(now.getTime() - 3_600_000);
        reports.push({
          project_id: l.id,
          period_id: period.id,
          unit_id: unitOf(l),
          version: 1,
          is_current: 1,
          month_yuan: wanToUnits(cum - cumulative),
          cumulative_yuan: wanToUnits(cum),
          progress_text: text,
          next_steps: next,
          problems: behind > 12 ? trouble : null,
          late: isLate ? 1 : 0,
          correction_reason: null,
          source: 'seed',
          filed_by: l.level === 'district' || !byCommission ? users.get(l.project.unit.user)! : fagai.actor!.userId,
          filed_at: filedAt.toISOString(),
        });
        cumulative = cum;
        filed = true;
      }
      if (filed) latest.push([l.id, y]);
    }
  }
  for (let i = 0; i < reports.length; i += 500) await trx.insertInto('dispatch_reports').values(reports.slice(i, i + 500)).execute();
  result.reports = reports.length;
  for (const [id, y] of latest) await refreshLatest(trx, id, y);
  // Every period's lights, oldest first: each month's two-yellows rule reads the month before.
  for (const p of periods) result.lights += (await recomputePeriodLights(trx, p.id, now.toISOString())).lights;
  return result;
}
