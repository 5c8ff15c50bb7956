import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUsccCheck } from '../../../../common/uscc.js';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { currentWatermark, indicatorValues, loadIndicators } from '../targets/index.js';

/**
 * 投产达效与亩均效益 on both databases: commitments by version, quarterly figures filed by the host
 * unit only once producing, 达产 and 达效 proposed from the figures and confirmed into the
 * project's stage (dated the quarter's end) or dismissed, 亩均 graded, parks ranked, the gap list,
 * and the bureau's sheet matched by credit code, code, then name — all rows or none.
 */
let t: TestApp;
let xinqu: Agent;
let gaoxin: Agent;
let leader: Agent;
let park: number;
const USCC = withUsccCheck('91321100MA1RT0001');

async function producingProject(name: string, options: { uscc?: string; landMu?: number } = {}): Promise<number> {
  const created = await xinqu.post('/api/projects', { name, hostUnitId: park, totalInvestmentWan: 50_000, investorName: `${name}有限公司`, investorUscc: options.uscc ?? null, landMu: options.landMu === undefined ? null : String(options.landMu) });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  const moved = await xinqu.post(`/api/projects/${id}/stage`, { stage: 'producing', actualDate: '2025-12-31', version: 1 });
  expect(moved.statusCode, moved.body).toBe(200);
  return id;
}

const file = (id: number, period: string, body: object) => xinqu.put(`/api/returns/projects/${id}/quarters/${period}`, body);

beforeAll(async () => {
  t = await createTestApp();
  [xinqu, gaoxin, leader] = await Promise.all([t.login('xinqu'), t.login('gaoxin'), t.login('leader')]);
  park = await t.unitId('ZJXQ-XCL');
});
afterAll(async () => t.close());

describe('commitments and quarterly figures', () => {
  it('keeps commitments by version — ten saves at once, one wins — for whoever edits the project', async () => {
    const id = await producingProject('达效测试承诺项目');
    const body = { designOutputWan: 40_000, capacityYear: 2026, returnsYear: 2026, returnsOutputWan: 165_000, returnsTaxWan: 8000, jobs: 300, landMu: 100, version: 0 };
    expect((await gaoxin.put(`/api/returns/projects/${id}/commitments`, body)).statusCode).toBe(404);
    expect((await leader.put(`/api/returns/projects/${id}/commitments`, body)).statusCode).toBe(403);
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, body)).json()).toEqual({ version: 1 });
    const tries = await Promise.all(Array.from({ length: 10 }, (_, i) => xinqu.put(`/api/returns/projects/${id}/commitments`, { ...body, jobs: 300 + i, version: 1 })));
    expect(tries.map((r) => r.statusCode).sort()).toEqual([200, ...Array(9).fill(409)]);
    const read = (await leader.get(`/api/returns/projects/${id}`)).json();
    expect(read.commitments).toMatchObject({ designOutputWan: 40_000, returnsTaxWan: 8000, landMu: 100, version: 2 });
    expect(read.project).toMatchObject({ canCommit: false, canFile: false });
  });

  it('takes figures only for a producing project, a quarter begun, from its host unit', async () => {
    const created = await xinqu.post('/api/projects', { name: '未投产测试项目', hostUnitId: park, totalInvestmentWan: 20_000 });
    const early = await file(created.json().id, '2026-Q1', { outputWan: 1, taxWan: 1 });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('RETURNS_NOT_PRODUCING');
    const id = await producingProject('季度填报测试项目');
    expect((await file(id, '2099-Q1', { outputWan: 1, taxWan: 1 })).json().error.code).toBe('RETURNS_PERIOD_FUTURE');
    expect((await gaoxin.put(`/api/returns/projects/${id}/quarters/2026-Q1`, { outputWan: 1, taxWan: 1 })).statusCode).toBe(404);
    expect((await leader.put(`/api/returns/projects/${id}/quarters/2026-Q1`, { outputWan: 1, taxWan: 1 })).statusCode).toBe(403);
    expect((await file(id, '2026-Q1', { outputWan: 1000, taxWan: 50, jobs: 80 })).json()).toEqual({ outcome: 'created', version: 1 });
    expect((await file(id, '2026-Q1', { outputWan: 1000, taxWan: 50, jobs: 80 })).json()).toEqual({ outcome: 'unchanged', version: 1 });
    // A correction names the version it corrects.
    expect((await file(id, '2026-Q1', { outputWan: 1100, taxWan: 50, jobs: 80 })).statusCode).toBe(409);
    expect((await file(id, '2026-Q1', { outputWan: 1100, taxWan: 50, jobs: 80, version: 1 })).json()).toEqual({ outcome: 'updated', version: 2 });
    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('object_type', '=', 'project').where('object_id', '=', String(id)).where('action', 'like', 'returns.%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['returns.correct', 'returns.file']);
  });
});

describe('达产 and 达效 from the figures', () => {
  it('proposes 达产 after two quarters at 80%, the unit confirms it (dated the quarter’s end), then 达效 when the year’s tax reaches the commitment', async () => {
    const id = await producingProject('达产认定测试项目', { landMu: 100 });
    // Design 4 亿元 a year: 8000 万元 a quarter is 80% of a quarter.
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { designOutputWan: 40_000, returnsYear: 2026, returnsTaxWan: 3000, landMu: 100, version: 0 })).statusCode).toBe(200);
    await file(id, '2026-Q1', { outputWan: 8000, taxWan: 900 });
    await file(id, '2026-Q2', { outputWan: 7999.9999, taxWan: 900 });
    expect((await leader.get(`/api/returns/projects/${id}`)).json().proposals).toEqual([]);
    await file(id, '2026-Q2', { outputWan: 8000, taxWan: 900, version: 1 });
    const read = (await xinqu.get(`/api/returns/projects/${id}`)).json();
    expect(read.proposals).toEqual([expect.objectContaining({ stage: 'capacity', period: '2026-Q2', state: 'proposed', ruleVersion: 1 })]);
    const proposal = read.proposals[0].id;

    // Not the next district's to decide; two confirmations at once: one wins.
    expect((await gaoxin.post(`/api/returns/proposals/${proposal}/decide`, { decision: 'confirm' })).statusCode).toBe(404);
    const both = await Promise.all([xinqu.post(`/api/returns/proposals/${proposal}/decide`, { decision: 'confirm' }), xinqu.post(`/api/returns/proposals/${proposal}/decide`, { decision: 'confirm' })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    const project = (await leader.get(`/api/projects/${id}`)).json();
    expect(project.stage).toBe('capacity');
    expect(project.stages.find((s: { stage: string }) => s.stage === 'capacity').actualDate).toBe('2026-06-30');

    // 达效: 3000 万元 of tax in 2026 — 1800 by Q2, 3000 with Q3.
    await file(id, '2026-Q3', { outputWan: 9000, taxWan: 1200 });
    const after = (await xinqu.get(`/api/returns/projects/${id}`)).json();
    const returns = after.proposals.find((p: { state: string }) => p.state === 'proposed');
    expect(returns).toMatchObject({ stage: 'returns', period: '2026-Q3', evidence: { taxYuan: 30_000_000, committedTaxYuan: 30_000_000, reached: true } });
    // Dismissed with a reason, it is not proposed again on the same quarter's figures.
    expect((await xinqu.post(`/api/returns/proposals/${returns.id}/decide`, { decision: 'dismiss' })).statusCode).toBe(400);
    expect((await xinqu.post(`/api/returns/proposals/${returns.id}/decide`, { decision: 'dismiss', reason: '三季度税收含一次性补缴' })).statusCode).toBe(204);
    await file(id, '2026-Q3', { outputWan: 9000, taxWan: 1201, version: 1 });
    expect((await xinqu.get(`/api/returns/projects/${id}`)).json().proposals.filter((p: { state: string }) => p.state === 'proposed')).toEqual([]);
  });
});

describe('monthly filing, where a unit files monthly', () => {
  it('files months, a quarter one way or the other; 达产 on whole quarters, 达效 in the month it is reached, 亩均 by months', async () => {
    const id = await producingProject('按月填报测试项目', { landMu: 100 });
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { designOutputWan: 40_000, returnsYear: 2026, returnsTaxWan: 1000, landMu: 100, version: 0 })).statusCode).toBe(200);
    expect((await file(id, '2026-Q1', { outputWan: 8000, taxWan: 300 })).json()).toEqual({ outcome: 'created', version: 1 });
    // January of a quarter filed whole, or the quarter after its months: refused, in the user's language.
    const january = await file(id, '2026-01', { outputWan: 1, taxWan: 1 });
    expect(january.statusCode).toBe(400);
    expect(january.json().error).toMatchObject({ code: 'RETURNS_PERIOD_MIXED', message: expect.stringContaining('2026年一季度') });
    for (const month of ['2026-04', '2026-05']) expect((await file(id, month, { outputWan: 2700, taxWan: 100, jobs: 200 })).json()).toMatchObject({ outcome: 'created' });
    expect((await file(id, '2026-Q2', { outputWan: 8100, taxWan: 300 })).json().error.code).toBe('RETURNS_PERIOD_MIXED');
    expect((await file(id, '2026-13', { outputWan: 1, taxWan: 1 })).statusCode).toBe(400);
    expect((await file(id, '2099-01', { outputWan: 1, taxWan: 1 })).json().error.code).toBe('RETURNS_PERIOD_FUTURE');
    expect((await gaoxin.put(`/api/returns/projects/${id}/quarters/2026-06`, { outputWan: 1, taxWan: 1 })).statusCode).toBe(404);

    // Two months of Q2 (5400 万元) already pass 2/3 of 8000, but 达产 waits for the whole quarter.
    expect((await xinqu.get(`/api/returns/projects/${id}`)).json().proposals).toEqual([]);
    const listed = async (period: string) => (await leader.get(`/api/returns?period=${period}&pageSize=100`)).json().items.find((i: { projectId: number }) => i.projectId === id);
    // 亩均 by months: (300 + 200) 万元 in 5 months → 1200 a year over 100 亩 = 12 万元/亩 → C.
    expect(await listed('2026-Q2')).toMatchObject({ outputWan: 5400, taxWan: 200, months: 2, jobs: 200, taxPerMuWan: 12, grade: 'C' });
    expect(await listed('2026-Q1')).toMatchObject({ outputWan: 8000, months: 3 });

    await file(id, '2026-06', { outputWan: 2600, taxWan: 100, jobs: 210 });
    const capacity = (await xinqu.get(`/api/returns/projects/${id}`)).json().proposals[0];
    expect(capacity).toMatchObject({ stage: 'capacity', period: '2026-Q2', state: 'proposed', evidence: { reached: true, quarters: [{ period: '2026-Q1', months: 3 }, { period: '2026-Q2', months: 3, outputYuan: 80_000_000 }] } });
    expect((await xinqu.post(`/api/returns/proposals/${capacity.id}/decide`, { decision: 'confirm' })).statusCode).toBe(204);
    expect((await leader.get(`/api/projects/${id}`)).json().stages.find((s: { stage: string }) => s.stage === 'capacity').actualDate).toBe('2026-06-30');

    // 达效: 1000 万元 of tax in 2026 — 600 by June, 900 with July, 1000 with August: proposed at August, dated its last day.
    await file(id, '2026-07', { outputWan: 2800, taxWan: 300 });
    expect((await xinqu.get(`/api/returns/projects/${id}`)).json().proposals.filter((p: { state: string }) => p.state === 'proposed')).toEqual([]);
    await file(id, '2026-08', { outputWan: 2800, taxWan: 100 });
    const view = (await xinqu.get(`/api/returns/projects/${id}`)).json();
    const returns = view.proposals.find((p: { state: string }) => p.state === 'proposed');
    expect(returns).toMatchObject({ stage: 'returns', period: '2026-08', evidence: { reached: true, taxYuan: 10_000_000, periods: ['2026-Q1', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'] } });
    expect(view.quarters.map((q: { period: string }) => q.period)).toEqual(['2026-Q1', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08']);
    expect((await xinqu.post(`/api/returns/proposals/${returns.id}/decide`, { decision: 'confirm', projectVersion: (await xinqu.get(`/api/projects/${id}`)).json().version })).statusCode).toBe(204);
    expect((await leader.get(`/api/projects/${id}`)).json()).toMatchObject({ stage: 'returns' });
    expect((await leader.get(`/api/projects/${id}`)).json().stages.find((s: { stage: string }) => s.stage === 'returns').actualDate).toBe('2026-08-31');
  });

  it('does not date 达效 before 达产: a month’s tax before the day 达产 was reached proposes nothing', async () => {
    const id = await producingProject('达效不早于达产测试项目');
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { returnsYear: 2026, returnsTaxWan: 300, version: 0 })).statusCode).toBe(200);
    const moved = await xinqu.post(`/api/projects/${id}/stage`, { stage: 'capacity', actualDate: '2026-06-30', version: (await xinqu.get(`/api/projects/${id}`)).json().version });
    expect(moved.statusCode, moved.body).toBe(200);
    await file(id, '2026-04', { outputWan: 2000, taxWan: 350 });
    expect((await xinqu.get(`/api/returns/projects/${id}`)).json().proposals).toEqual([]);
    await file(id, '2026-06', { outputWan: 2000, taxWan: 10 });
    expect((await xinqu.get(`/api/returns/projects/${id}`)).json().proposals).toEqual([expect.objectContaining({ stage: 'returns', period: '2026-06', state: 'proposed' })]);
  });

  it('keeps a quarter one way when its months and the quarter are filed at once', async () => {
    const id = await producingProject('按月并发测试项目');
    const quarters = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4'];
    const months = ['2025-02', '2025-05', '2025-08', '2025-11'];
    const tries = await Promise.all(quarters.flatMap((q, i) => [file(id, q, { outputWan: 300, taxWan: 30 }), file(id, months[i]!, { outputWan: 100, taxWan: 10 })]));
    for (let i = 0; i < 4; i++) expect([tries[2 * i]!.statusCode, tries[2 * i + 1]!.statusCode].sort()).toEqual([200, 400]);
    const rows = await t.app.gj.db.selectFrom('project_returns').select('period').where('project_id', '=', id).execute();
    expect(rows).toHaveLength(4);
  });
});

describe('亩均 and the park ranking', () => {
  it('grades a project on a year at the pace of its quarters per 亩, within the reader’s scope, and ranks parks', async () => {
    const id = await producingProject('亩均测试项目', { landMu: 50 });
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { landMu: 50, version: 0 })).statusCode).toBe(200);
    // Two quarters of 400 万元: a year of 1600 万元 over 50 亩 = 32 万元/亩 → A.
    await file(id, '2026-Q2', { outputWan: 5000, taxWan: 400 });
    await file(id, '2026-Q3', { outputWan: 5000, taxWan: 400 });
    const list = (await leader.get('/api/returns?period=2026-Q3&pageSize=100')).json();
    expect(list.items.find((i: { projectId: number }) => i.projectId === id)).toMatchObject({ taxWan: 400, landMu: 50, taxPerMuWan: 32, outputPerMuWan: 400, grade: 'A' });
    expect(list.total).toBeGreaterThanOrEqual(1);
    // The rule in force comes with its figures: what each grade and 达产 take.
    expect(list).toMatchObject({ ruleVersion: 1, rule: { gradeTaxPerMuWan: { A: 30, B: 15, C: 5 }, capacityShare: 0.8, capacityQuarters: 2 } });
    // The next district does not see the new area's projects.
    expect((await gaoxin.get('/api/returns?period=2026-Q3&pageSize=100')).json().items.map((i: { projectId: number }) => i.projectId)).not.toContain(id);

    const parks = (await leader.get('/api/returns/parks?period=2026-Q3')).json();
    const mine = parks.items.find((p: { unitName: string }) => p.unitName === '新区新材料产业园');
    expect(mine).toMatchObject({ rank: expect.any(Number), grade: expect.any(String) });
    expect(mine.trend.map((x: { period: string }) => x.period)).toEqual(['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    // The zone above the park counts the same projects.
    expect(parks.items.find((p: { unitName: string }) => p.unitName === '镇江新区')?.projects).toBeGreaterThanOrEqual(mine.projects);
  });

  it('lists producing projects behind their contract: yellow past the planned 达产 date, red six months on', async () => {
    const id = await producingProject('达产滞后测试项目');
    await t.app.gj.db.updateTable('project_stages').set({ planned_date: '2020-01-31' }).where('project_id', '=', id).where('stage', '=', 'capacity').execute();
    const gaps = (await leader.get('/api/returns/gaps?pageSize=200')).json().items;
    expect(gaps.find((g: { projectId: number }) => g.projectId === id)).toMatchObject({ kind: 'capacity', level: 'red', due: '2020-01-31' });
    expect((await gaoxin.get('/api/returns/gaps?pageSize=200')).json().items.map((g: { projectId: number }) => g.projectId)).not.toContain(id);
  });

  it('pages the gap list in the database, the longest late first, with how many in all and how many red', async () => {
    const dues = ['2019-03-31', '2020-06-30', '2021-09-30', '2022-12-31', '2023-03-31'];
    for (const [i, due] of dues.entries()) {
      const id = await producingProject(`滞后分页测试项目${i}`);
      await t.app.gj.db.updateTable('project_stages').set({ planned_date: due }).where('project_id', '=', id).where('stage', '=', 'capacity').execute();
    }
    // Yellow: past its planned date by less than six months (the grace and red months of the rule in force).
    const soon = await producingProject('滞后分页黄灯项目');
    const lastMonth = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
    await t.app.gj.db.updateTable('project_stages').set({ planned_date: lastMonth }).where('project_id', '=', soon).where('stage', '=', 'capacity').execute();
    const all = (await leader.get('/api/returns/gaps?pageSize=200')).json();
    expect(all.total).toBe(all.items.length);
    expect(all.red).toBe(all.items.filter((g: { level: string }) => g.level === 'red').length);
    // Red before yellow, the longest late first.
    const late = all.items.map((g: { monthsLate: number }) => g.monthsLate);
    expect(late).toEqual([...late].sort((a: number, b: number) => b - a));
    expect(all.items.findIndex((g: { level: string }) => g.level === 'yellow')).toBeGreaterThan(all.items.findLastIndex((g: { level: string }) => g.level === 'red'));
    expect(all.items.find((g: { projectId: number }) => g.projectId === soon)).toMatchObject({ level: 'yellow' });
    // Pages of two cover the same list in the same order, and say the same totals.
    const pages = [];
    for (let page = 1; page <= Math.ceil(all.total / 2); page++) {
      const one = (await leader.get(`/api/returns/gaps?page=${page}&pageSize=2`)).json();
      expect(one).toMatchObject({ total: all.total, red: all.red });
      pages.push(...one.items);
    }
    expect(pages.map((g: { projectId: number }) => g.projectId)).toEqual(all.items.map((g: { projectId: number }) => g.projectId));
  });
});

describe('on the dispatch warning list', () => {
  it('lights a listed producing project behind its contract (kind returns), as the period’s last day judges it', async () => {
    const id = await producingProject('达产滞后预警项目');
    await t.app.gj.db.updateTable('project_stages').set({ planned_date: '2020-01-31' }).where('project_id', '=', id).where('stage', '=', 'capacity').execute();
    const period = (await t.app.gj.db.selectFrom('dispatch_periods').select('period').where('locked_at', 'is', null).orderBy('period', 'desc').executeTakeFirstOrThrow()).period;
    expect((await xinqu.put(`/api/dispatch/key-projects/${id}/${period.slice(0, 4)}`, { levels: ['district'], planWan: 1000 })).statusCode).toBe(204);
    const fagai = await t.login('fagai');
    expect((await fagai.post('/api/warnings/recompute', { period })).statusCode).toBe(200);
    const lights = (await leader.get(`/api/warnings?period=${period}&kind=returns&pageSize=100`)).json().items;
    expect(lights.find((l: { projectId: number }) => l.projectId === id)).toMatchObject({ kind: 'returns', level: 'red' });
    expect((await gaoxin.get(`/api/warnings?period=${period}&kind=returns&pageSize=100`)).json().items.map((l: { projectId: number }) => l.projectId)).not.toContain(id);
  });
});

describe('the bureau’s sheet', () => {
  async function sheet(rows: (string | number)[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('税收');
    ws.addRow(['2026年三季度重点企业产值税收情况表']);
    ws.addRow(['序号', '纳税人名称', '统一社会信用代码', '产值（万元）', '入库税收（万元）', '从业人员']);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  const upload = (body: Buffer, query: string) => t.app.inject({ method: 'POST', url: `/api/returns/import?${query}`, payload: body, headers: { cookie: xinqu.cookie, 'x-csrf-token': xinqu.csrfToken, 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' } });

  it('matches by credit code, else name, writes all rows or none, and names every bad row', async () => {
    const byCode = await producingProject('税收导入甲项目', { uscc: USCC });
    const byName = await producingProject('税收导入乙项目');
    const bad = await sheet([
      [1, '随便写的名字', USCC, 6000, 300, 120],
      [2, '税收导入乙项目有限公司', '', 2000, 'abc', 40],
      [3, '镇江不存在企业有限公司', '', 100, 10, 1],
    ]);
    const refused = (await upload(bad, 'period=2026-Q3&commit=true')).json();
    expect(refused).toMatchObject({ rows: 3, committed: false });
    expect(refused.errors.map((e: { row: number }) => e.row)).toEqual([4, 5]);
    expect(refused.errors[1].message).toContain('找不到已投产的项目');
    expect(await t.app.gj.db.selectFrom('project_returns').select('id').where('project_id', 'in', [byCode, byName]).execute()).toEqual([]);
    // A period not begun is refused once for the sheet, not once a row.
    const future = await upload(bad, 'period=2099-12&commit=true');
    expect(future.statusCode).toBe(400);
    expect(future.json().error.code).toBe('RETURNS_PERIOD_FUTURE');

    const good = await sheet([
      [1, '随便写的名字', USCC, 6000, 300, 120],
      [2, '税收导入乙项目有限公司', '', '0.2亿', 150, 40],
    ]);
    const dry = (await upload(good, 'period=2026-Q3')).json();
    expect(dry).toMatchObject({ committed: false, matched: 2, errors: [] });
    // Row by row: which project, matched by what, the figures read, what filing them would do.
    expect(dry.outcomes).toEqual([
      expect.objectContaining({ row: 3, projectId: byCode, matchedBy: 'uscc', outputWan: 6000, taxWan: 300, jobs: 120, outcome: 'created' }),
      expect.objectContaining({ row: 4, projectId: byName, matchedBy: 'name', outputWan: 2000, taxWan: 150, jobs: 40, outcome: 'created' }),
    ]);
    expect(await t.app.gj.db.selectFrom('project_returns').select('id').where('project_id', 'in', [byCode, byName]).execute()).toEqual([]);
    expect((await upload(good, 'period=2026-Q3&commit=true')).json()).toMatchObject({ committed: true, matched: 2, created: 2, errors: [] });
    const b = (await leader.get(`/api/returns/projects/${byName}`)).json();
    expect(b.quarters).toEqual([expect.objectContaining({ period: '2026-Q3', outputWan: 2000, taxWan: 150, jobs: 40, source: 'import' })]);
    // The next district's sheet cannot reach them.
    const theirs = await t.app.inject({ method: 'POST', url: '/api/returns/import?period=2026-Q3&commit=true', payload: good, headers: { cookie: gaoxin.cookie, 'x-csrf-token': gaoxin.csrfToken, 'content-type': 'application/octet-stream' } });
    expect(theirs.json()).toMatchObject({ committed: false, matched: 0 });
  });
});

describe('the form to fill in', () => {
  it('lists the unit’s producing projects with the keys the import matches by and the period’s figures; filled in, it imports back', async () => {
    const id = await producingProject('填报表测试项目', { uscc: withUsccCheck('91321100MA1RT0002') });
    await file(id, '2026-08', { outputWan: 700, taxWan: 35, jobs: 90 });
    const blank = await producingProject('填报表未填项目');
    const download = async (agent: Agent, query: string) => {
      const res = await t.app.inject({ method: 'GET', url: `/api/returns/template?${query}`, headers: { cookie: agent.cookie } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const wb = await download(xinqu, 'period=2026-08');
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toBe('镇江新区2026年8月投产项目产值税收情况表');
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual(['序号', '统一社会信用代码', '项目编号', '项目名称', '属地', '产值（万元）', '入库税收（万元）', '从业人员']);
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => n > 3 && rows.push((row.values as unknown[]).slice(1)));
    const mine = rows.find((r) => r[3] === '填报表测试项目')!;
    expect(mine).toEqual([expect.any(Number), withUsccCheck('91321100MA1RT0002'), expect.stringMatching(/^XM/), '填报表测试项目', '新区新材料产业园', 700, 35, 90]);
    expect(String(rows[rows.length - 1]![0])).toMatch(/^合计（\d+个项目）$/);
    // The next district's form holds none of the new area's projects.
    const theirs = await download(gaoxin, 'period=2026-08');
    const names: unknown[] = [];
    theirs.worksheets[0]!.eachRow((row, n) => n > 3 && names.push((row.values as unknown[])[4]));
    expect(names).not.toContain('填报表测试项目');
    expect((await t.app.inject({ method: 'GET', url: `/api/returns/template?period=2026-08&unitId=${await t.unitId('ZJGXQ')}`, headers: { cookie: xinqu.cookie } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/returns/template?period=2026-8', headers: { cookie: xinqu.cookie } })).statusCode).toBe(400);

    // Filled in and sent back as it is: the changed row corrects the month, the rest stay unchanged.
    ws.eachRow((row, n) => {
      if (n > 3 && row.getCell(4).value === '填报表测试项目') row.getCell(6).value = 750;
    });
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const back = await t.app.inject({ method: 'POST', url: '/api/returns/import?period=2026-08&commit=true', payload: buffer, headers: { cookie: xinqu.cookie, 'x-csrf-token': xinqu.csrfToken, 'content-type': 'application/octet-stream' } });
    const report = back.json();
    expect(report.errors).toEqual([]);
    // The projects nobody filled in are left as they are, not refused.
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    expect(report.skipped + report.matched).toBe(report.rows);
    expect((await leader.get(`/api/returns/projects/${blank}`)).json().quarters).toEqual([]);
    expect(report.outcomes.find((o: { projectId: number }) => o.projectId === id)).toMatchObject({ matchedBy: 'uscc', outputWan: 750, outcome: 'updated' });
    expect((await leader.get(`/api/returns/projects/${id}`)).json().quarters).toEqual([expect.objectContaining({ period: '2026-08', outputWan: 750, source: 'import' })]);
    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('action', '=', 'returns.template').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });
});

describe('indicators for the ranking schemes', () => {
  it('counts the projects of a unit that started producing in the year, and those that reached 达效', async () => {
    const zone = await t.app.gj.db.selectFrom('units').select(['id', 'path']).where('code', '=', 'ZJXQ').executeTakeFirstOrThrow();
    const value = async (code: string) => {
      const indicators = (await loadIndicators(t.app.gj.db)).filter((i) => i.code === code);
      expect(indicators).toHaveLength(1);
      return (await indicatorValues(t.app.gj.db, { indicators, year: 2025, asOf: '2025-12-31', units: [zone], watermark: null })).get(zone.id)!.get(code)!.value;
    };
    const producing = await value('producing_count');
    const returns = await value('returns_reached');
    const id = await producingProject('指标测试项目');
    expect(await value('producing_count')).toBe(producing! + 1);
    await xinqu.post(`/api/projects/${id}/stage`, { stage: 'returns', actualDate: '2025-12-31', version: 2 });
    expect(await value('returns_reached')).toBe(returns! + 1);
  });

  it('gives 亩均税收 of a unit from its projects’ figures and land, by credit share, and as of a watermark after corrections', async () => {
    const db = t.app.gj.db;
    const admin = await t.login('admin');
    const made = await admin.post('/api/units', { code: 'ZJXQ-MU', name: '新区亩均测试园', kind: 'park', parentId: await t.unitId('ZJXQ') });
    expect(made.statusCode, made.body).toBe(201);
    const unit = await db.selectFrom('units').select(['id', 'path']).where('id', '=', made.json().id).executeTakeFirstOrThrow();
    const other = await db.selectFrom('units').select(['id', 'path']).where('code', '=', 'ZJGXQ').executeTakeFirstOrThrow();
    const indicators = (await loadIndicators(db)).filter((i) => i.code === 'tax_per_mu');
    expect(indicators).toEqual([expect.objectContaining({ unit: 'wanPerMu', name: '亩均税收' })]);
    const values = async (watermark: Awaited<ReturnType<typeof currentWatermark>> | null) => {
      const v = await indicatorValues(db, { indicators, year: 2026, asOf: '2026-09-30', units: [unit, other], watermark });
      return [v.get(unit.id)!.get('tax_per_mu'), v.get(other.id)!.get('tax_per_mu')];
    };
    const inPark = async (name: string, landMu: number | null) => {
      const created = await xinqu.post('/api/projects', { name, hostUnitId: unit.id, totalInvestmentWan: 30_000 });
      const id = created.json().id as number;
      expect((await xinqu.post(`/api/projects/${id}/stage`, { stage: 'producing', actualDate: '2025-12-31', version: 1 })).statusCode).toBe(200);
      if (landMu !== null) expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { landMu, version: 0 })).statusCode).toBe(200);
      return id;
    };
    expect(await values(null)).toEqual([{ value: null, projects: 0 }, expect.anything()]);
    const otherBefore = (await values(null))[1];
    // A: 50 亩, two quarters of 400 万元 → a year of 1600 万元. B: 30 亩, one quarter of 300 → 1200.
    // C files figures but has no land; D has land but no figures: neither counts. 2025-Q3 is outside the last four quarters.
    const a = await inPark('亩均指标甲', 50);
    const b = await inPark('亩均指标乙', 30);
    const c = await inPark('亩均指标丙', null);
    await inPark('亩均指标丁', 80);
    await file(a, '2026-Q2', { outputWan: 5000, taxWan: 400 });
    await file(a, '2026-Q3', { outputWan: 5000, taxWan: 400 });
    await file(b, '2026-Q3', { outputWan: 3000, taxWan: 300 });
    await file(c, '2026-Q3', { outputWan: 3000, taxWan: 900 });
    // (1600 + 1200) 万元 ÷ (50 + 30) 亩 = 35 万元/亩.
    expect((await values(null))[0]).toEqual({ value: 35, projects: 2 });

    // B's credit split 70 / 30 with 高新区 (lead arbitration): the park counts 0.7 of B's tax and land.
    await db.insertInto('credits').values([
      { object_type: 'project', object_id: b, unit_id: unit.id, share: 70, basis: 'arbitration', decided_at: new Date().toISOString() },
      { object_type: 'project', object_id: b, unit_id: other.id, share: 30, basis: 'arbitration', decided_at: new Date().toISOString() },
    ]).execute();
    // (1600 × 1 + 1200 × 0.7) ÷ (50 × 1 + 30 × 0.7) = 2440 ÷ 71 = 34.366… → 34.37; 高新区 gains 0.3 of B.
    const [mine, theirs] = await values(null);
    expect(mine).toEqual({ value: 34.37, projects: 1.7 });
    expect(theirs!.projects).toBeCloseTo((otherBefore?.projects ?? 0) + 0.3, 6);

    // Frozen at a watermark, later corrections (a quarter's tax, the land) change today's figure, not that one.
    const mark = await currentWatermark(db);
    const frozen = await values(mark);
    expect(frozen[0]).toEqual(mine);
    expect((await file(a, '2026-Q3', { outputWan: 5000, taxWan: 600, version: 1 })).json()).toMatchObject({ outcome: 'updated' });
    const commitments = (await xinqu.get(`/api/returns/projects/${b}`)).json().commitments;
    expect((await xinqu.put(`/api/returns/projects/${b}/commitments`, { landMu: 60, version: commitments.version })).statusCode).toBe(200);
    // Today: A a year of 2000 over 50, B 1200 × 0.7 over 60 × 0.7 → (2000 + 840) ÷ (50 + 42) = 30.869… → 30.87.
    expect((await values(null))[0]).toEqual({ value: 30.87, projects: 1.7 });
    expect(await values(mark)).toEqual(frozen);
  });

  it('gives 亩均税收 of a monthly filer by months, as the list grades it, and as of a watermark', async () => {
    const db = t.app.gj.db;
    const admin = await t.login('admin');
    const made = await admin.post('/api/units', { code: 'ZJXQ-MUM', name: '新区按月亩均测试园', kind: 'park', parentId: await t.unitId('ZJXQ') });
    expect(made.statusCode, made.body).toBe(201);
    const unit = await db.selectFrom('units').select(['id', 'path']).where('id', '=', made.json().id).executeTakeFirstOrThrow();
    const indicators = (await loadIndicators(db)).filter((i) => i.code === 'tax_per_mu');
    const value = async (watermark: Awaited<ReturnType<typeof currentWatermark>> | null) => (await indicatorValues(db, { indicators, year: 2026, asOf: '2026-09-30', units: [unit], watermark })).get(unit.id)!.get('tax_per_mu');
    const created = await xinqu.post('/api/projects', { name: '按月亩均指标项目', hostUnitId: unit.id, totalInvestmentWan: 30_000 });
    const id = created.json().id as number;
    expect((await xinqu.post(`/api/projects/${id}/stage`, { stage: 'producing', actualDate: '2025-12-31', version: 1 })).statusCode).toBe(200);
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { landMu: 50, version: 0 })).statusCode).toBe(200);
    // 2025-Q3 is outside the last four quarters; Q2 filed whole (400), then July–September monthly (100 each): 700 万元 in 6 months → 1400 a year over 50 亩 = 28.
    await file(id, '2025-Q3', { outputWan: 9000, taxWan: 900 });
    await file(id, '2026-Q2', { outputWan: 3000, taxWan: 400 });
    for (const month of ['2026-07', '2026-08', '2026-09']) await file(id, month, { outputWan: 1000, taxWan: 100 });
    expect(await value(null)).toEqual({ value: 28, projects: 1 });
    const listed = (await leader.get('/api/returns?period=2026-Q3&pageSize=100')).json().items.find((i: { projectId: number }) => i.projectId === id);
    expect(listed).toMatchObject({ taxWan: 300, months: 3, taxPerMuWan: 28 });
    const mark = await currentWatermark(db);
    // September corrected to 250: 850 in 6 months → 1700 ÷ 50 = 34 today; 28 at the watermark.
    expect((await file(id, '2026-09', { outputWan: 1000, taxWan: 250, version: 1 })).json()).toMatchObject({ outcome: 'updated' });
    expect(await value(null)).toEqual({ value: 34, projects: 1 });
    expect(await value(mark)).toEqual({ value: 28, projects: 1 });
  });
});
