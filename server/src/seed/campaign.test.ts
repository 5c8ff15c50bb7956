import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_STATUSES } from '../../../common/problems.js';
import { STAGES } from '../../../common/projects.js';
import { verifyAuditChain } from '../platform/audit.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { CAMPAIGN_UNITS } from './campaign-words.js';

/**
 * The demo's campaign in motion (what `npm start` and the screenshots seed; the other tests'
 * template leaves it out): its shape on 20 November 2026 — every unit, every stage, a month of
 * reports for each month so far and lights to match, hand-offs, a conflict, problems in every
 * state, targets and rankings — and that it is a function of the date: seeded twice at the same
 * moment it is the same, row for row. A January seed still has last year's twelve months.
 */
const NOW = new Date('2026-11-20T03:00:00Z');
/** The campaign's codes: XM<year><unit letters><201…> (the hand-written ones run 001… and ZJ101…). */
const isCampaign = (code: string) => /^XM\d{4}[A-Z]{2}\d{3}$/.test(code) && !code.includes('ZJ') && Number(code.slice(-3)) >= 201;
const JANUARY = new Date('2027-01-08T02:00:00Z');
let t: TestApp;
let again: TestApp;
let january: TestApp;

beforeAll(async () => {
  t = await createTestApp({ seedAt: NOW, campaign: true });
  again = await createTestApp({ seedAt: NOW, campaign: true });
  january = await createTestApp({ seedAt: JANUARY, campaign: true });
}, 180_000);
afterAll(async () => {
  await Promise.all([t?.close(), again?.close(), january?.close()]);
});

/** The campaign's records as a reader sees them: by codes and dates, never by ids. */
async function digest(app: TestApp) {
  const db = app.app.gj.db;
  const json = (rows: unknown[]) => JSON.stringify(rows);
  return {
    projects: json(await db.selectFrom('projects as p').innerJoin('units as u', 'u.id', 'p.host_unit_id').select(['p.code', 'p.name', 'p.investor_name', 'u.code as unit', 'p.stage', 'p.status', 'p.total_investment_yuan', 'p.foreign_investment_usd', 'p.signed_date', 'p.started_date', 'p.tags']).orderBy('p.code').execute()),
    stages: json(await db.selectFrom('project_stages as s').innerJoin('projects as p', 'p.id', 's.project_id').select(['p.code', 's.stage', 's.planned_date', 's.actual_date']).orderBy('p.code').orderBy('s.stage').execute()),
    leads: json(await db.selectFrom('leads as l').innerJoin('units as u', 'u.id', 'l.unit_id').select(['l.code', 'l.title', 'l.enterprise_name', 'u.code as unit', 'l.status', 'l.conflict_state']).orderBy('l.code').execute()),
    handoffs: json(await db.selectFrom('lead_handoffs as h').innerJoin('leads as l', 'l.id', 'h.lead_id').select(['l.code', 'h.state', 'h.sender_share']).orderBy('l.code').orderBy('h.state').execute()),
    reports: json(await db.selectFrom('dispatch_reports as r').innerJoin('projects as p', 'p.id', 'r.project_id').innerJoin('dispatch_periods as d', 'd.id', 'r.period_id').select(['p.code', 'd.period', 'r.cumulative_yuan', 'r.late', 'r.filed_at']).orderBy('p.code').orderBy('d.period').execute()),
    lights: json(await db.selectFrom('project_lights as l').innerJoin('projects as p', 'p.id', 'l.project_id').innerJoin('dispatch_periods as d', 'd.id', 'l.period_id').select(['p.code', 'd.period', 'l.kind', 'l.level']).orderBy('p.code').orderBy('d.period').orderBy('l.kind').execute()),
    problems: json(await db.selectFrom('problems').select(['code', 'title', 'status', 'due_date', 'rating']).orderBy('code').execute()),
    targets: json(await db.selectFrom('target_versions as v').innerJoin('units as u', 'u.id', 'v.unit_id').select(['u.code', 'v.year', 'v.indicator_code', 'v.value']).orderBy('u.code').orderBy('v.year').orderBy('v.indicator_code').execute()),
    rankings: json(await db.selectFrom('published_rankings').select(['period', 'items']).orderBy('period').execute()),
    returns: json(await db.selectFrom('project_returns as r').innerJoin('projects as p', 'p.id', 'r.project_id').select(['p.code', 'r.period', 'r.output_yuan', 'r.tax_yuan', 'r.jobs']).orderBy('p.code').orderBy('r.period').execute()),
  };
}

describe('the demo campaign', () => {
  it('fills every district, zone, park and street with projects at every stage, none with a date after today', async () => {
    const db = t.app.gj.db;
    const rows = (await db.selectFrom('projects as p').innerJoin('units as u', 'u.id', 'p.host_unit_id').select(['p.id', 'p.code', 'p.stage', 'u.code as unit']).execute()).filter((r) => isCampaign(r.code));
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.length).toBeLessThan(450);
    expect(new Set(rows.map((r) => r.unit))).toEqual(new Set(CAMPAIGN_UNITS.map((u) => u.code)));
    expect(new Set(rows.map((r) => r.stage))).toEqual(new Set(STAGES));
    // Actual dates: none in the future (China's today), each stage's on or after the one before.
    const stages = await db.selectFrom('project_stages').select(['project_id', 'stage', 'actual_date']).where('actual_date', 'is not', null).execute();
    expect(stages.filter((s) => s.actual_date! > '2026-11-20')).toEqual([]);
    const byProject = new Map<number, string[]>();
    for (const s of [...stages].sort((a, b) => STAGES.indexOf(a.stage as never) - STAGES.indexOf(b.stage as never))) byProject.set(s.project_id, [...(byProject.get(s.project_id) ?? []), s.actual_date!]);
    for (const [id, dates] of byProject) expect(dates, `project ${id}`).toEqual([...dates].sort());
    // Amounts: mostly 1–5亿, some 10亿 and more, a few foreign ones in dollars.
    const amounts = (await db.selectFrom('projects').select(['code', 'total_investment_yuan', 'foreign_investment_usd']).execute()).filter((r) => isCampaign(r.code));
    const yi = amounts.map((a) => Number(a.total_investment_yuan) / 100_000_000);
    expect(yi.filter((v) => v >= 1 && v <= 5).length).toBeGreaterThan(amounts.length / 3);
    expect(yi.filter((v) => v >= 10).length).toBeGreaterThan(10);
    expect(amounts.filter((a) => a.foreign_investment_usd !== null).length).toBeGreaterThan(3);
  });

  it('has last year and this year on the monthly dispatch up to the current month, with red lights', async () => {
    const db = t.app.gj.db;
    const months = await db
      .selectFrom('dispatch_periods as d')
      .leftJoin('dispatch_reports as r', 'r.period_id', 'd.id')
      .select(['d.period', (eb) => eb.fn.count('r.id').as('n')])
      .groupBy('d.period')
      .orderBy('d.period')
      .execute();
    expect(months.map((m) => m.period)).toEqual([...Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`), ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`)]);
    for (const m of months) expect(Number(m.n), m.period).toBeGreaterThan(10);
    const leader = await t.login('leader');
    for (const period of ['2026-10', '2026-11']) {
      const res = await leader.get(`/api/warnings?period=${period}&pageSize=100`);
      expect(res.statusCode).toBe(200);
      const byUnit = res.json().byUnit as { yellow: number; red: number }[];
      expect(byUnit.reduce((n, u) => n + u.red, 0), period).toBeGreaterThan(20);
      expect(byUnit.reduce((n, u) => n + u.yellow, 0), period).toBeGreaterThan(5);
    }
    // A few filed late, this month's only partly filed.
    const late = await db.selectFrom('dispatch_reports').select((eb) => eb.fn.countAll().as('n')).where('late', '=', 1).executeTakeFirstOrThrow();
    expect(Number(late.n)).toBeGreaterThan(5);
  });

  it('passes leads on, and keeps a conflict waiting for the commerce bureau', async () => {
    const shangwu = await t.login('shangwu');
    const conflicts = await shangwu.get('/api/lead-conflicts');
    expect(conflicts.statusCode).toBe(200);
    expect(conflicts.json().items.length).toBeGreaterThanOrEqual(2);
    const states = await t.app.gj.db.selectFrom('lead_handoffs').select('state').distinct().execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['pending', 'accepted', 'declined', 'escalated']));
    expect(Number((await t.app.gj.db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(30);
  });

  it('has problems in every state, some on the leading group agenda', async () => {
    const rows = await t.app.gj.db.selectFrom('problems').select(['status', 'escalated_at']).execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(PROBLEM_STATUSES));
    expect(rows.filter((r) => r.escalated_at !== null).length).toBeGreaterThan(2);
  });

  it('races the eight districts and zones against their targets, with the past months published', async () => {
    const leader = await t.login('leader');
    const published = await leader.get('/api/rankings/published?year=2026');
    expect(published.statusCode).toBe(200);
    expect(published.json().items).toHaveLength(10);
    const october = await leader.get('/api/rankings/published/2026-10');
    expect(october.statusCode).toBe(200);
    const items = october.json().items as { score: number }[];
    expect(items).toHaveLength(8);
    // A race, not a tie: the scores spread.
    expect(Math.max(...items.map((i) => i.score)) - Math.min(...items.map((i) => i.score))).toBeGreaterThan(5);
    expect((await leader.get('/api/rankings/published/2025-12')).statusCode).toBe(200);
    expect((await leader.get('/api/dashboard?year=2026')).statusCode).toBe(200);
  });

  it('follows producing projects against their contracts: quarters and, for one in three, this year’s months; parks graded; stages proposed; some behind', async () => {
    const db = t.app.gj.db;
    const leader = await t.login('leader');
    const filed = (await db.selectFrom('project_returns as r').innerJoin('projects as p', 'p.id', 'r.project_id').select(['p.code', 'r.period']).execute()).filter((r) => isCampaign(r.code));
    const monthly = new Set(filed.filter((r) => /^\d{4}-\d{2}$/.test(r.period)).map((r) => r.code));
    expect(new Set(filed.map((r) => r.code)).size).toBeGreaterThanOrEqual(15);
    expect(monthly.size).toBeGreaterThanOrEqual(5);
    // Nothing after October (the last month ended on 20 November), and no quarter filed both ways.
    expect(filed.filter((r) => r.period > '2026-10' && !r.period.includes('Q'))).toEqual([]);
    expect(filed.filter((r) => r.period.includes('Q') && r.period >= '2026-Q4')).toEqual([]);
    for (const code of monthly) expect(filed.filter((r) => r.code === code && r.period.startsWith('2026-Q'))).toEqual([]);
    const parks = (await leader.get('/api/returns/parks?period=2026-Q3')).json() as { items: { grade: string | null }[] };
    expect(parks.items.filter((p) => p.grade !== null).length).toBeGreaterThanOrEqual(3);
    const list = (await leader.get('/api/returns?period=2026-Q4&pageSize=100')).json() as { items: { months: number; proposal: string | null }[] };
    const graded = (await leader.get('/api/returns?period=2026-Q3&pageSize=100')).json() as { items: { grade: string | null }[] };
    expect(new Set(graded.items.map((i) => i.grade).filter(Boolean)).size).toBe(4);
    expect(list.items.some((i) => i.months === 1)).toBe(true);
    expect(list.items.some((i) => i.proposal !== null)).toBe(true);
    expect((await leader.get('/api/returns/gaps')).json().items.length).toBeGreaterThan(0);
  });

  it('audits what it wrote in bulk in the seed entry, and keeps the audit chain whole', async () => {
    const seed = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'system.seed-demo').executeTakeFirstOrThrow();
    const detail = JSON.parse(String(seed.detail)) as { campaign: { projects: number; reports: number; lights: number } };
    expect(detail.campaign.projects).toBeGreaterThan(300);
    expect(detail.campaign.reports).toBeGreaterThan(1000);
    expect((await verifyAuditChain(t.app.gj.db, t.config.auditKey)).problems).toEqual([]);
  });

  it('is the same, row for row, when seeded twice at the same moment', async () => {
    const [a, b] = [await digest(t), await digest(again)];
    for (const key of Object.keys(a) as (keyof typeof a)[]) expect(a[key] === b[key], key).toBe(true);
  });

  it('seeded in early January, still shows last year whole and its final ranking', async () => {
    const db = january.app.gj.db;
    const periods = await db.selectFrom('dispatch_periods').select('period').where('year', '=', 2026).execute();
    expect(periods).toHaveLength(12);
    const stages = await db.selectFrom('projects').select('stage').distinct().execute();
    expect(new Set(stages.map((s) => s.stage))).toEqual(new Set(STAGES));
    const ranking = await db.selectFrom('published_rankings').select('period').execute();
    expect(ranking.map((r) => r.period)).toEqual(['2026-12']);
    const future = await db.selectFrom('project_stages').select((eb) => eb.fn.countAll().as('n')).where('actual_date', '>', '2027-01-08').executeTakeFirstOrThrow();
    expect(Number(future.n)).toBe(0);
  });
});
