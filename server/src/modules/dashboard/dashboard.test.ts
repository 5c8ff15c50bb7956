import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { systemContext } from '../../platform/context.js';
import { fileReport, openPeriod, setKeyProject } from '../dispatch/index.js';
import { setTargets, targetsOfYear } from '../targets/index.js';

/**
 * A hand-counted fixture: a park D under 镇江新区 with two units A (and A1 under it) and B, and
 * nine projects whose stages, dates, chains and amounts are counted below by hand, as of
 * 2025-11-20 (the clock's today). Every figure is read for unit D, so the demo's ledger stays out.
 */
let t: TestApp;
let fagai: Agent;
let leader: Agent;
let xinqu: Agent;
const unit: Record<'D' | 'A' | 'A1' | 'B', number> = { D: 0, A: 0, A1: 0, B: 0 };
const project: Record<string, number> = {};
let X: number;
let Y: number;
const sys = systemContext('test');

async function relogin() {
  [fagai, leader, xinqu] = await Promise.all([t.login('fagai'), t.login('leader'), t.login('xinqu')]);
}

async function addProject(key: string, body: Record<string, unknown>) {
  const res = await fagai.post('/api/projects', { name: `驾驶舱测试项目${key}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  project[key] = res.json().id;
}

const dates = (stage: string, d: Record<string, string>) => ({ stage, stageDates: Object.fromEntries(Object.entries(d).map(([s, actual]) => [s, { actual }])) });

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2025-10-20T02:00:00Z') });
  await relogin();
  const admin = await t.login('admin');
  const add = async (code: string, name: string, kind: string, parentId: number) => {
    const res = await admin.post('/api/units', { code, name, kind, parentId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  unit.D = await add('DASH-D', '驾驶舱测试园', 'park', await t.unitId('ZJXQ'));
  unit.A = await add('DASH-A', '甲片区', 'park', unit.D);
  unit.A1 = await add('DASH-A1', '甲片区一号街', 'street', unit.A);
  unit.B = await add('DASH-B', '乙片区', 'park', unit.D);
  [X, Y] = (await t.app.gj.db.selectFrom('chains').select('id').orderBy('id').limit(2).execute()).map((c) => c.id) as [number, number];

  await addProject('a1', { hostUnitId: unit.A, totalInvestmentWan: 20_000, chainId: X, ...dates('signed', { signed: '2025-03-10' }) });
  await addProject('a2', { hostUnitId: unit.A1, totalInvestmentWan: 150_000, chainId: X, ...dates('started', { signed: '2025-01-15', registered: '2025-02-14', land: '2025-04-15', started: '2025-05-25' }) });
  await addProject('a3', { hostUnitId: unit.A, totalInvestmentWan: 50_000, chainId: Y, ...dates('completed', { signed: '2025-02-01', registered: '2025-02-11', land: '2025-03-13', started: '2025-04-12', completed: '2025-09-09' }) });
  // Below 1亿, on no chain, started without registration or land dates recorded.
  await addProject('a4', { hostUnitId: unit.A, totalInvestmentWan: 8_000, ...dates('started', { signed: '2025-06-01', started: '2025-08-01' }) });
  await addProject('a5', { hostUnitId: unit.A, totalInvestmentWan: 30_000, chainId: Y, ...dates('signed', { signed: '2025-04-01' }) });
  const a5 = (await fagai.get(`/api/projects/${project.a5}`)).json();
  expect((await fagai.post(`/api/projects/${project.a5}/status`, { status: 'terminated', reason: '企业撤资', version: a5.version })).statusCode).toBe(200);
  await addProject('b1', { hostUnitId: unit.B, totalInvestmentWan: 12_000, ...dates('land', { signed: '2025-07-10', registered: '2025-07-20', land: '2025-08-19' }) });
  // Signed last year, started this year.
  await addProject('b2', { hostUnitId: unit.B, totalInvestmentWan: 60_000, chainId: X, ...dates('started', { signed: '2024-12-20', started: '2025-03-01' }) });
  await addProject('b3', { hostUnitId: unit.B, totalInvestmentWan: 40_000, chainId: Y, stage: 'negotiating' });
  // D's own project (本级).
  await addProject('d1', { hostUnitId: unit.D, totalInvestmentWan: 25_000, chainId: X, ...dates('signed', { signed: '2025-05-05' }) });

  // Dispatch: a2 plans 10,000万 and reports 3,000 in October, 2,000 more in November; b1 plans
  // 5,000万 and reports 1,000 in October only.
  await setKeyProject(t.app.gj, sys, project.a2!, 2025, { levels: ['city'], planWan: 10_000 });
  await setKeyProject(t.app.gj, sys, project.b1!, 2025, { levels: ['city'], planWan: 5_000 });
  await openPeriod(t.app.gj, sys, '2025-10');
  await fileReport(t.app.gj, sys, '2025-10', project.a2!, { monthWan: 3_000, cumulativeWan: 3_000 });
  await fileReport(t.app.gj, sys, '2025-10', project.b1!, { monthWan: 1_000, cumulativeWan: 1_000 });
  t.clock.advanceDays(31); // 2025-11-20
  await openPeriod(t.app.gj, sys, '2025-11');
  await fileReport(t.app.gj, sys, '2025-11', project.a2!, { monthWan: 2_000, cumulativeWan: 5_000 });
  await relogin();

  // Targets for A and B only (the demo's own 2025 targets, if any, withdrawn).
  const demo = await targetsOfYear(t.app.gj.db, 2025);
  await setTargets(t.app.gj, sys, 2025, demo.map((d) => ({ unitId: d.unitId, indicatorCode: d.indicatorCode, value: null })), { source: 'console' });
  await setTargets(
    t.app.gj,
    sys,
    2025,
    [
      { unitId: unit.A, indicatorCode: 'signed_100m', value: 4 },
      { unitId: unit.B, indicatorCode: 'signed_100m', value: 2 },
      { unitId: unit.A, indicatorCode: 'chain_share', value: 70 },
      { unitId: unit.B, indicatorCode: 'chain_share', value: 60 },
      { unitId: unit.A, indicatorCode: 'investment_wan', value: 10_000 },
    ],
    { source: 'console' },
  );
});
afterAll(async () => t.close());

const url = (extra = '') => `/api/dashboard?year=2025&unitId=${unit.D}${extra}`;
const rows = async (agent: Agent, panel: string, key = '', extra = '') => {
  const res = await agent.get(`/api/dashboard/rows?year=2025&unitId=${unit.D}&panel=${panel}&key=${key}${extra || '&pageSize=50'}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; hidden: number; items: { projectId: number; date: string | null; valueWan: number | null; share: number | null }[] };
};

describe('领导驾驶舱', () => {
  it('counts every panel of a unit by hand', async () => {
    const res = await leader.get(url());
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({ year: 2025, asOf: '2025-11-20', unit: { id: unit.D, name: '驾驶舱测试园' } });
    // November: 11/12 of the year, as the 赛马榜 says for the same date.
    expect(d.timeProgress).toBe(91.7);

    // Targets: D has none of its own; A's and B's add up (a share: the strictest). Values: signed
    // 亿元以上 a1, a2, a3, b1, d1 (a4 below 1亿, a5 terminated, b2 signed last year); 10亿元以上 a2;
    // started 亿元以上 b2, a3, a2; chain share 4 of 5; the latest cumulative of a2 and b1.
    const kpi = Object.fromEntries(d.targets.map((k: { code: string }) => [k.code, k]));
    expect(kpi.signed_100m).toMatchObject({ value: 5, target: 6, completion: 83.3, expected: 91.7, behind: true });
    expect(kpi.signed_1b).toMatchObject({ value: 1, target: null, completion: null, behind: null });
    expect(kpi.started_100m).toMatchObject({ value: 3, target: null });
    expect(kpi.chain_share).toMatchObject({ value: 80, target: 70, completion: 114.3, expected: 100, behind: false });
    expect(kpi.investment_wan).toMatchObject({ value: 6_000, target: 10_000, completion: 60, behind: true });
    expect(d.targets.map((k: { code: string }) => k.code)).toEqual(['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan']);

    // Funnel (not terminated): signed a1 d1, land b1, started a2 a4 b2, completed a3, negotiating b3.
    expect(Object.fromEntries(d.funnel.map((f: { stage: string; count: number }) => [f.stage, f.count]))).toEqual({ lead: 8, negotiating: 8, signed: 7, registered: 5, land: 5, started: 4, statistics: 1, completed: 1, producing: 0, capacity: 0, returns: 0 });

    // Chains: 亿元以上 signed this year (not terminated): X a1 a2 d1, Y a3, none b1.
    expect(d.chains.total).toBe(5);
    expect(d.chains.items.map((c: { chainId: number | null; count: number; investmentWan: number }) => [c.chainId, c.count, c.investmentWan])).toEqual([[X, 3, 195_000], [Y, 1, 50_000], [null, 1, 12_000]]);
    expect(d.chains.share).toEqual({ value: 80, target: 70 });

    // Units: D's own d1; A with A1: a1 a2 a3 a4 (a5 terminated); B: b1. Investment completed this year.
    expect(d.units).toEqual([
      { unitId: unit.D, name: '驾驶舱测试园', own: true, signed: 1, signedInvestmentWan: 25_000, investedWan: 0 },
      { unitId: unit.A, name: '甲片区', own: false, signed: 4, signedInvestmentWan: 228_000, investedWan: 5_000 },
      { unitId: unit.B, name: '乙片区', own: false, signed: 1, signedInvestmentWan: 12_000, investedWan: 1_000 },
    ]);

    // Trend: signed a2 Jan, a3 Feb, a1 Mar, d1 May, a4 Jun, b1 Jul; started b2 Mar, a3 Apr, a2 May, a4 Aug.
    const trend = Object.fromEntries(d.trend.map((m: { month: string; signed: number; started: number; investedWan: number }) => [m.month.slice(5), [m.signed, m.started, m.investedWan]]));
    expect(trend).toEqual({ '01': [1, 0, 0], '02': [1, 0, 0], '03': [1, 1, 0], '04': [0, 1, 0], '05': [1, 1, 0], '06': [1, 0, 0], '07': [1, 0, 0], '08': [0, 1, 0], '09': [0, 0, 0], '10': [0, 0, 4_000], '11': [0, 0, 2_000] });

    // Top by investment (not terminated).
    expect(d.top.map((p: { projectId: number }) => p.projectId)).toEqual(['a2', 'b2', 'a3', 'b3', 'd1', 'a1', 'b1', 'a4'].map((k) => project[k]));

    // Cohort: signed this year a1 a2 a3 a4 a5 b1 d1 (a5 too: it was signed). Furthest by 20 Nov:
    // a2 started, a3 completed, a4 started (its earlier steps count as passed), b1 land.
    // Days from the step before: registered a2 30, a3 10, b1 10; land a2 60, a3 30, b1 30;
    // started a2 40, a3 30 (a4 has no land date); completed a3 150. From signing: registered 30/10/10;
    // land 90/40/40; started a2 130, a3 70, a4 61; completed a3 220.
    expect(d.cohort.steps).toEqual([
      { stage: 'signed', reached: 7, medianDays: null, medianFromSigned: null },
      { stage: 'registered', reached: 4, medianDays: 10, medianFromSigned: 10 },
      { stage: 'land', reached: 4, medianDays: 30, medianFromSigned: 40 },
      { stage: 'started', reached: 3, medianDays: 35, medianFromSigned: 70 },
      { stage: 'completed', reached: 1, medianDays: 150, medianFromSigned: 220 },
      { stage: 'producing', reached: 0, medianDays: null, medianFromSigned: null },
    ]);

    // Red list of November: a2 is 50 % done against 11/12 (41.7 points behind); b1 keeps October's 20 %.
    expect(d.red.period).toBe('2025-11');
    expect(d.red.count).toBe(2);
    expect(d.red.items.map((r: { projectId: number }) => r.projectId).sort()).toEqual([project.a2, project.b1].sort());

    // The 赛马榜's top equals the 赛马榜 itself.
    const board = (await leader.get('/api/rankings?year=2025&asOf=2025-11-20')).json();
    expect(d.ranking.items).toEqual(board.items.map((i: { unitId: number; unitName: string; rank: number; score: number; previousRank: number | null }) => ({ unitId: i.unitId, unitName: i.unitName, rank: i.rank, score: i.score, previousRank: i.previousRank })));
    expect(d.ranking.items.map((i: { unitId: number }) => i.unitId).sort()).toEqual([unit.A, unit.B].sort());
  });

  it('drills every figure to exactly the projects behind it', async () => {
    const ids = (r: { items: { projectId: number }[] }) => r.items.map((i) => i.projectId).sort();
    const of = (...keys: string[]) => keys.map((k) => project[k]!).sort();
    expect(ids(await rows(leader, 'funnel', 'signed'))).toEqual(of('a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'd1'));
    expect((await rows(leader, 'funnel', 'started')).total).toBe(4);
    expect(ids(await rows(leader, 'chain', String(X)))).toEqual(of('a1', 'a2', 'd1'));
    expect(ids(await rows(leader, 'chain', 'none'))).toEqual(of('b1'));
    expect(ids(await rows(leader, 'unitSigned', String(unit.A)))).toEqual(of('a1', 'a2', 'a3', 'a4'));
    expect(ids(await rows(leader, 'unitSigned', 'own'))).toEqual(of('d1'));
    const investedA = await rows(leader, 'unitInvested', String(unit.A));
    expect(investedA.items.map((i) => [i.projectId, i.valueWan])).toEqual([[project.a2, 5_000]]);
    expect(ids(await rows(leader, 'signedMonth', '2025-03'))).toEqual(of('a1'));
    expect((await rows(leader, 'startedMonth', '2025-05')).items.map((i) => [i.projectId, i.date])).toEqual([[project.a2, '2025-05-25']]);
    expect((await rows(leader, 'investedMonth', '2025-10')).items.map((i) => [i.projectId, i.valueWan])).toEqual([[project.a2, 3_000], [project.b1, 1_000]]);
    expect(ids(await rows(leader, 'red'))).toEqual(of('a2', 'b1'));
    const top = await rows(leader, 'top', '', '&pageSize=3&page=2');
    expect(top.total).toBe(8);
    expect(top.items.map((i) => i.projectId)).toEqual(['b3', 'd1', 'a1'].map((k) => project[k]));
    expect((await rows(leader, 'cohort', 'signed')).total).toBe(7);
    expect(ids(await rows(leader, 'cohort', 'registered'))).toEqual(of('a2', 'a3', 'a4', 'b1'));
    expect(ids(await rows(leader, 'cohort', 'started'))).toEqual(of('a2', 'a3', 'a4'));
    const signed = await rows(leader, 'kpi', 'signed_100m');
    expect(signed.total).toBe(5);
    expect(ids(signed)).toEqual(of('a1', 'a2', 'a3', 'b1', 'd1'));
    expect(signed.items.every((i) => i.share === 100)).toBe(true);

    // Every bar of every panel: its rows add up to its figure.
    const d = (await leader.get(url())).json();
    for (const f of d.funnel) expect((await rows(leader, 'funnel', f.stage)).total, f.stage).toBe(f.count);
    for (const c of d.chains.items) expect((await rows(leader, 'chain', c.chainId === null ? 'none' : String(c.chainId))).total).toBe(c.count);
    for (const u of d.units) expect((await rows(leader, 'unitSigned', u.own ? 'own' : String(u.unitId))).total).toBe(u.signed);
    for (const m of d.trend) {
      expect((await rows(leader, 'signedMonth', m.month)).total).toBe(m.signed);
      expect((await rows(leader, 'startedMonth', m.month)).total).toBe(m.started);
      const invested = await rows(leader, 'investedMonth', m.month);
      expect(invested.items.reduce((a, i) => a + i.valueWan!, 0)).toBe(m.investedWan);
    }
    for (const s of d.cohort.steps) expect((await rows(leader, 'cohort', s.stage)).total).toBe(s.reached);
    expect((await rows(leader, 'red')).total).toBe(d.red.count);

    expect((await leader.get(`/api/dashboard/rows?year=2025&unitId=${unit.D}&panel=funnel&key=nope`)).statusCode).toBe(400);
    expect((await leader.get(`/api/dashboard/rows?year=2025&unitId=${unit.D}&panel=signedMonth&key=2024-03`)).statusCode).toBe(400);
    expect((await leader.get(`/api/dashboard/rows?year=2025&unitId=${unit.D}&panel=kpi&key=nope`)).statusCode).toBe(400);
    // A unit outside the shown one is not behind any of its bars.
    expect((await leader.get(`/api/dashboard/rows?year=2025&unitId=${unit.A}&panel=unitSigned&key=${unit.B}`)).statusCode).toBe(404);
  });

  it('counts only what had happened by an earlier as-of date', async () => {
    const d = (await leader.get(url('&asOf=2025-06-30'))).json();
    expect(d.timeProgress).toBe(50); // June: 6/12
    expect(d.targets.find((k: { code: string }) => k.code === 'signed_100m').value).toBe(4); // a2, a3, a1, d1
    expect(d.trend).toHaveLength(6);
    expect(d.cohort.steps.map((s: { reached: number }) => s.reached)).toEqual([6, 2, 2, 2, 0, 0]);
    expect(d.red).toEqual({ period: null, count: 0, items: [] });
    expect((await leader.get(url('&asOf=2026-01-01'))).statusCode).toBe(400);
    expect((await leader.get('/api/dashboard?year=2025&asOf=2025-11-21')).statusCode).toBe(400);
  });

  it('keeps to the reader’s scope: a district its subtree, a neighbour’s unit not found, administrators refused', async () => {
    // The district sees the same figures of a unit inside it as the city does.
    const mine = await xinqu.get(url());
    expect(mine.statusCode, mine.body).toBe(200);
    const city = (await leader.get(url())).json();
    expect(mine.json()).toEqual(city);
    // By default the district sees itself; every project it is shown is one it may read.
    const own = (await xinqu.get('/api/dashboard?year=2025')).json();
    expect(own.unit.id).toBe(await t.unitId('ZJXQ'));
    for (const p of own.top) expect((await xinqu.get(`/api/projects/${p.projectId}`)).statusCode).toBe(200);
    const gaoxin = await t.unitId('ZJGXQ');
    expect((await xinqu.get(`/api/dashboard?year=2025&unitId=${gaoxin}`)).statusCode).toBe(404);
    expect((await xinqu.get(`/api/dashboard/rows?year=2025&unitId=${gaoxin}&panel=top`)).statusCode).toBe(404);
    expect((await xinqu.get('/api/dashboard?year=2025&unitId=2147483647')).statusCode).toBe(404);
    // The city sees the whole ledger; a street only itself.
    expect((await leader.get('/api/dashboard?year=2025')).json().unit.id).toBe(await t.unitId('321100'));
    const street = await t.login('jkjd');
    expect((await street.get('/api/dashboard?year=2025')).json().unit.id).toBe(await t.unitId('321102-JKL'));
    for (const who of ['admin', 'secadmin', 'auditor', 'icbc', 'ziguiju']) {
      const agent = await t.login(who);
      expect((await agent.get('/api/dashboard?year=2025')).statusCode, who).toBe(403);
      expect((await agent.get(`/api/dashboard/rows?year=2025&panel=top`)).statusCode, who).toBe(403);
    }
    // The commerce bureau has no dispatch rights: no red list, no reported investment.
    const shangwu = await t.login('shangwu');
    const board = (await shangwu.get(url())).json();
    expect(board.red).toBeNull();
    expect(board.units.every((u: { investedWan: number | null }) => u.investedWan === null)).toBe(true);
    expect(board.targets).not.toBeNull();
    expect((await shangwu.get(`/api/dashboard/rows?year=2025&unitId=${unit.D}&panel=red`)).statusCode).toBe(403);
  });
});
