import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { systemContext } from '../../platform/context.js';
import { fileReport, openPeriod, setKeyProject } from '../dispatch/index.js';
import { currentWatermark } from '../targets/index.js';
import { targetsOfYear } from '../targets/index.js';
import { setTargets } from '../targets/index.js';
import { rebuild as rebuildLatest } from '../../db/migrations/0017_dispatch_latest.js';
import { computeRanking } from './service.js';

/**
 * A hand-counted fixture: three new districts (甲, 乙, 丙) with projects whose every figure is
 * counted below by hand, ranked for 2025 as of its last day.
 */
let t: TestApp;
let fagai: Agent;
let shangwu: Agent;
let xinqu: Agent;
const unit: Record<'A' | 'A1' | 'B' | 'C', number> = { A: 0, A1: 0, B: 0, C: 0 };
const project: Record<string, number> = {};
let chainId: number;
const sys = systemContext('test');

async function relogin() {
  [fagai, shangwu, xinqu] = await Promise.all([t.login('fagai'), t.login('shangwu'), t.login('xinqu')]);
}

async function addProject(key: string, body: Record<string, unknown>) {
  const res = await fagai.post('/api/projects', { name: `排名测试项目${key}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  project[key] = res.json().id;
}

const signed = (date: string) => ({ stage: 'signed', stageDates: { signed: { actual: date } } });

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2025-10-20T02:00:00Z') });
  await relogin();
  const admin = await t.login('admin');
  const city = await t.unitId('321100');
  for (const [key, name] of [['A', '甲区'], ['B', '乙区'], ['C', '丙区']] as const) {
    const res = await admin.post('/api/units', { code: `RANK-${key}`, name, kind: 'district', parentId: city });
    expect(res.statusCode, res.body).toBe(201);
    unit[key] = res.json().id;
  }
  unit.A1 = (await admin.post('/api/units', { code: 'RANK-A1', name: '甲区产业园', kind: 'park', parentId: unit.A })).json().id;
  chainId = (await t.app.gj.db.selectFrom('chains').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
  // The demo's own 2025 targets (if any) are withdrawn: only the fixture is ranked.
  const demo = await targetsOfYear(t.app.gj.db, 2025);
  await setTargets(t.app.gj, sys, 2025, demo.map((d) => ({ unitId: d.unitId, indicatorCode: d.indicatorCode, value: null })), { source: 'console' });

  await addProject('p1', { hostUnitId: unit.A1, totalInvestmentWan: 20_000, chainId, ...signed('2025-03-01') });
  await addProject('p2', { hostUnitId: unit.A, totalInvestmentWan: 150_000, chainId, stage: 'started', stageDates: { signed: { actual: '2025-05-01' }, registered: { actual: '2025-06-01' }, land: { actual: '2025-07-01' }, started: { actual: '2025-08-01' } } });
  // 5,000万元 but 1,500万美元: 亿元以上 by the foreign-currency rule.
  await addProject('p3', { hostUnitId: unit.A, totalInvestmentWan: 5_000, foreignInvestmentUsdWan: 1_500, ...signed('2025-07-01') });
  await addProject('p4', { hostUnitId: unit.A, totalInvestmentWan: 30_000, chainId, ...signed('2025-02-01') });
  const p4 = (await fagai.get(`/api/projects/${project.p4}`)).json();
  expect((await fagai.post(`/api/projects/${project.p4}/status`, { status: 'terminated', reason: '企业撤资', version: p4.version })).statusCode).toBe(200);
  await addProject('p6', { hostUnitId: unit.A, totalInvestmentWan: 8_000, chainId, ...signed('2025-04-01') });
  await addProject('q1', { hostUnitId: unit.B, totalInvestmentWan: 12_000, chainId, ...signed('2025-06-01') });
  await addProject('q2', { hostUnitId: unit.B, totalInvestmentWan: 50_000, stage: 'started', stageDates: { signed: { actual: '2025-09-09' }, registered: { actual: '2025-09-20' }, land: { actual: '2025-10-01' }, started: { actual: '2025-10-10' } } });
  await addProject('r1', { hostUnitId: unit.C, totalInvestmentWan: 100_000, chainId, ...signed('2025-01-10') });
  // q1's credit split by lead arbitration: 甲区 30 %, 乙区 70 % (the rows arbitration leaves, see leads.test.ts).
  const at = t.clock.now().toISOString();
  await t.app.gj.db.insertInto('credits').values([
    { object_type: 'project', object_id: project.q1!, unit_id: unit.A, share: 30, basis: 'split', decided_at: at },
    { object_type: 'project', object_id: project.q1!, unit_id: unit.B, share: 70, basis: 'split', decided_at: at },
  ]).execute();

  // Investment reported in dispatch: p1 3,000 then 5,000万元; q1 1,000万元 in October only.
  for (const key of ['p1', 'q1']) await setKeyProject(t.app.gj, sys, project[key]!, 2025, { levels: ['city'], planWan: 10_000 });
  await openPeriod(t.app.gj, sys, '2025-10');
  await fileReport(t.app.gj, sys, '2025-10', project.p1!, { monthWan: 3_000, cumulativeWan: 3_000 });
  await fileReport(t.app.gj, sys, '2025-10', project.q1!, { monthWan: 1_000, cumulativeWan: 1_000 });
  t.clock.advanceDays(31);
  await openPeriod(t.app.gj, sys, '2025-11');
  await fileReport(t.app.gj, sys, '2025-11', project.p1!, { monthWan: 2_000, cumulativeWan: 5_000 });
  t.clock.advanceDays(56); // 2026-01-15
  await relogin();
  // Signed after the as-of date: not counted for 2025.
  await addProject('p5', { hostUnitId: unit.A, totalInvestmentWan: 30_000, chainId, ...signed('2026-01-05') });

  const targets = (u: number, v: [number, number, number, number, number | null]) =>
    (['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan'] as const).flatMap((code, i) => (v[i] === null ? [] : [{ unitId: u, indicatorCode: code, value: v[i] as number }]));
  await setTargets(t.app.gj, sys, 2025, [...targets(unit.A, [4, 1, 2, 70, 10_000]), ...targets(unit.B, [2, 1, 1, 70, 1_000]), ...targets(unit.C, [2, 1, 1, 70, null])], { source: 'console' });
});
afterAll(async () => t.close());

type Item = { unitId: number; rank: number; score: number; indicators: { code: string; value: number | null; completion: number; score: number }[] };
const valuesOf = (item: Item) => Object.fromEntries(item.indicators.map((i) => [i.code, i.value]));

describe('indicators and the 赛马榜', () => {
  it('counts each indicator from the data: credit shares, terminated projects, dates after the as-of date, the foreign-currency rule, subtree roll-up', async () => {
    const res = await xinqu.get('/api/rankings?year=2025&asOf=2025-12-31');
    expect(res.statusCode, res.body).toBe(200);
    const items: Item[] = res.json().items;
    const by = (u: number) => items.find((i) => i.unitId === u)!;
    expect(items.map((i) => i.unitId).sort()).toEqual([unit.A, unit.B, unit.C].sort());
    // 甲区: p1 (in its park) + p2 + p3 (USD rule) + 0.3 of q1; p4 terminated, p5 after the date, p6 below 1亿.
    expect(valuesOf(by(unit.A))).toEqual({ signed_100m: 3.3, signed_1b: 1, started_100m: 1, chain_share: 69.7, investment_wan: 5_300 });
    expect(valuesOf(by(unit.B))).toEqual({ signed_100m: 1.7, signed_1b: 0, started_100m: 1, chain_share: 41.2, investment_wan: 700 });
    // 丙区: exactly 10亿 is 10亿元以上; it has no investment target, so the indicator is not scored.
    expect(valuesOf(by(unit.C))).toEqual({ signed_100m: 1, signed_1b: 1, started_100m: 0, chain_share: 100 });
    expect(res.json().timeProgress).toBe(100);
  });

  it('scores by the efficacy-coefficient method with the default weights (hand-computed)', async () => {
    const items: Item[] = (await shangwu.get('/api/rankings?year=2025&asOf=2025-12-31')).json().items;
    // 乙区 (40×100 + 10×60 + 20×100 + 10×60 + 20×100)/100 = 92; 甲区 84.7959…; 丙区 5,600/80 = 70.
    expect(items.map((i) => [i.unitId, i.rank, i.score])).toEqual([[unit.B, 1, 92], [unit.A, 2, 84.8], [unit.C, 3, 70]]);
    const a = items.find((i) => i.unitId === unit.A)!;
    expect(a.indicators.find((i) => i.code === 'signed_100m')).toMatchObject({ completion: 0.825, score: 97.14 });
  });

  it('as of an earlier date counts only what had happened by then', async () => {
    const items: Item[] = (await shangwu.get('/api/rankings?year=2025&asOf=2025-06-30')).json().items;
    // By 30 June: p1, p2 and 0.3 of q1 (signed 1 June); p3 (1 July) not yet; no report yet.
    expect(valuesOf(items.find((i) => i.unitId === unit.A)!)).toMatchObject({ signed_100m: 2.3, started_100m: 0, investment_wan: 0 });
  });

  it('takes each project’s newest report up to the as-of month, after corrections too, and keeps the newest-report table equal to the reports', async () => {
    const investmentOf = async (asOf: string, u: number) => valuesOf((await shangwu.get(`/api/rankings?year=2025&asOf=${asOf}`)).json().items.find((i: Item) => i.unitId === u)).investment_wan;
    // As of October p1's October figure counts (3,000), not November's 5,000: + 0.3 of q1's 1,000.
    expect(await investmentOf('2025-10-31', unit.A)).toBe(3_300);
    expect(await investmentOf('2025-10-31', unit.B)).toBe(700);
    // October corrected after its lock: the October figure changes, the year's stays November's.
    await fileReport(t.app.gj, sys, '2025-10', project.p1!, { monthWan: 3_500, cumulativeWan: 3_500, reason: '统计口径调整' });
    expect(await investmentOf('2025-10-31', unit.A)).toBe(3_800);
    expect(await investmentOf('2025-12-31', unit.A)).toBe(5_300);
    await fileReport(t.app.gj, sys, '2025-10', project.p1!, { monthWan: 3_000, cumulativeWan: 3_000, reason: '恢复原数' });
    expect(await investmentOf('2025-10-31', unit.A)).toBe(3_300);
    // The table the filing service keeps equals one rebuilt from the reports.
    const kept = await t.app.gj.db.selectFrom('dispatch_latest').selectAll().orderBy('project_id').orderBy('year').execute();
    await rebuildLatest(t.app.gj.db);
    expect(await t.app.gj.db.selectFrom('dispatch_latest').selectAll().orderBy('project_id').orderBy('year').execute()).toEqual(kept);
    expect(kept.find((r) => r.project_id === project.p1)).toMatchObject({ year: 2025, period: '2025-11' });
  });

  it('reads the same from the ledger as from its history', async () => {
    const live = await computeRanking(t.app.gj.db, { year: 2025, asOf: '2025-12-31', watermark: null });
    const history = await computeRanking(t.app.gj.db, { year: 2025, asOf: '2025-12-31', watermark: await currentWatermark(t.app.gj.db) });
    expect(history.items).toEqual(live.items);
  });

  it('lets the whole board be read by each unit, but the rows behind a figure only by who may read that unit', async () => {
    expect((await (await t.login('jkjd')).get('/api/rankings?year=2025')).statusCode).toBe(200);
    expect((await (await t.login('icbc')).get('/api/rankings?year=2025')).statusCode).toBe(403);
    expect((await xinqu.get(`/api/rankings/rows?year=2025&asOf=2025-12-31&unitId=${unit.A}&indicator=signed_100m`)).statusCode).toBe(403);
    const rows = (await fagai.get(`/api/rankings/rows?year=2025&asOf=2025-12-31&unitId=${unit.A}&indicator=signed_100m`)).json();
    expect(rows.total).toBe(4);
    expect(rows.items.map((r: { projectId: number; share: number }) => [r.projectId, r.share]).sort()).toEqual([[project.p1, 100], [project.p2, 100], [project.p3, 100], [project.q1, 30]].sort());
    const chain = (await fagai.get(`/api/rankings/rows?year=2025&asOf=2025-12-31&unitId=${unit.A}&indicator=chain_share`)).json();
    expect(chain.items.filter((r: { inNumerator: boolean }) => r.inNumerator).length).toBe(3);
    expect((await fagai.get(`/api/rankings/rows?year=2025&unitId=${unit.A}&indicator=nope`)).statusCode).toBe(400);
  });

  it('publishes a month frozen, and recomputes it exactly after the ledger, the credits, the targets, the counting rules and the scheme changed', async () => {
    const publishRecords = async () => (await t.app.gj.db.selectFrom('audit_log').select('action').where('action', '=', 'ranking.publish').execute()).length;
    const recordsBefore = await publishRecords(); // the demo seed published this year's ended months
    expect((await fagai.post('/api/rankings/publish', { period: '2025-12' })).statusCode).toBe(403);
    expect((await shangwu.post('/api/rankings/publish', { period: '2026-01' })).json().error.code).toBe('RANKING_PERIOD_BAD');
    const done = await shangwu.post('/api/rankings/publish', { period: '2025-12' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toEqual({ period: '2025-12', version: 1 });
    const before = (await xinqu.get('/api/rankings/published/2025-12')).json();
    expect(before.items.map((i: Item) => [i.unitId, i.rank, i.score])).toEqual([[unit.B, 1, 92], [unit.A, 2, 84.8], [unit.C, 3, 70]]);
    expect(await publishRecords()).toBe(recordsBefore + 1);

    // Later edits: p1 signed later than thought, p2 terminated, q1's split changed, a target raised,
    // 亿元以上 raised to 2亿 (q1 falls out), the weights changed.
    const p1 = (await fagai.get(`/api/projects/${project.p1}`)).json();
    expect((await fagai.patch(`/api/projects/${project.p1}`, { version: p1.version, totalInvestmentWan: 9_000 })).statusCode).toBe(200);
    const p2 = (await fagai.get(`/api/projects/${project.p2}`)).json();
    expect((await fagai.post(`/api/projects/${project.p2}/status`, { status: 'terminated', reason: '项目取消', version: p2.version })).statusCode).toBe(200);
    await t.app.gj.db.updateTable('credits').set({ share: 50 }).where('object_id', '=', project.q1!).execute();
    await setTargets(t.app.gj, sys, 2025, [{ unitId: unit.B, indicatorCode: 'signed_100m', value: 5 }], { source: 'console' });
    expect((await shangwu.post('/api/rankings/counting-rules', { validFrom: '2025-01-01', definition: { above100mYuan: 200_000_000, above10mUsd: 20_000_000, above1bYuan: 1_000_000_000, above100mUsd: 100_000_000 } })).statusCode).toBe(200);
    expect((await shangwu.post('/api/rankings/schemes', { validFrom: '2025-01-01', definition: { method: 'efficacy', weights: { signed_100m: 50, signed_1b: 50 }, bonuses: [], deductions: [] } })).statusCode).toBe(200);

    const live = (await shangwu.get('/api/rankings?year=2025&asOf=2025-12-31')).json();
    expect(live.items.map((i: Item) => [i.unitId, i.score])).not.toEqual(before.items.map((i: Item) => [i.unitId, i.score]));
    // Under 2亿 and 2,000万美元: p1 (now 9,000万), p3 (1,500万美元) and q1 fall out; p2 is terminated.
    expect(valuesOf(live.items.find((i: Item) => i.unitId === unit.A))).toEqual({ signed_100m: 0, signed_1b: 0 });

    const after = (await xinqu.get('/api/rankings/published/2025-12')).json();
    expect(after.items).toEqual(before.items);
    const verify = (await xinqu.get('/api/rankings/published/2025-12/verify')).json();
    expect(verify.equal).toBe(true);
    expect(verify.recomputed.map((i: Item) => [i.unitId, i.rank, i.score])).toEqual([[unit.B, 1, 92], [unit.A, 2, 84.8], [unit.C, 3, 70]]);
    // Published again: a new version counts by today's data and rules; the first stays as it was.
    expect((await shangwu.post('/api/rankings/publish', { period: '2025-12' })).json().version).toBe(2);
    expect((await xinqu.get('/api/rankings/published/2025-12?version=1')).json().items).toEqual(before.items);
    expect((await xinqu.get('/api/rankings/published/2025-12')).json().published.version).toBe(2);
    const list = (await xinqu.get('/api/rankings/published?year=2025')).json().items;
    expect(list.map((p: { version: number }) => p.version)).toEqual([2, 1]);
  });
});
