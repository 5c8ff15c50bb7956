import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { systemContext } from '../../platform/context.js';
import { fileReport } from './index.js';

const LEDGER = readFileSync('../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx');
const SHEET = readFileSync('../shared/samples/镇江新区2023年6月重点项目进度调度表.xlsx');

let t: TestApp;
let xinqu: Agent;
let gaoxin: Agent;
let fagai: Agent;
let unitId: number;

const upload = (agent: Agent, url: string, file: Buffer) =>
  t.app.inject({ method: 'POST', url, payload: file, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream' } });

/** Moves the clock and logs in again (sessions end after 30 idle minutes). */
async function advanceDays(days: number) {
  t.clock.advanceDays(days);
  [xinqu, gaoxin, fagai] = await Promise.all([t.login('xinqu'), t.login('gaoxin'), t.login('fagai')]);
}

beforeAll(async () => {
  // Late June 2023: the June period is open until 5 July.
  t = await createTestApp({ start: new Date('2023-06-28T02:00:00Z') });
  xinqu = await t.login('xinqu');
  gaoxin = await t.login('gaoxin');
  fagai = await t.login('fagai');
  unitId = (await (await t.login('admin')).post('/api/units', { code: 'ZJXQ-DISPATCH', name: '新区调度测试园', kind: 'park', parentId: await t.unitId('ZJXQ') })).json().id;
  const ledger = await upload(xinqu, `/api/projects/import?unitId=${unitId}&commit=true`, LEDGER);
  expect(ledger.json()).toMatchObject({ created: 38 });
});
afterAll(async () => t.close());

describe('monthly dispatch', () => {
  it('needs the period opened by its owner; a district may not open one', async () => {
    expect((await xinqu.post('/api/dispatch/periods', { period: '2023-06' })).statusCode).toBe(403);
    const dry = await upload(xinqu, `/api/dispatch/import?unitId=${unitId}&period=2023-06`, SHEET);
    expect(dry.statusCode).toBe(404);
    expect(dry.json().error.code).toBe('DISPATCH_PERIOD_NOT_OPEN');
    const opened = await fagai.post('/api/dispatch/periods', { period: '2023-06' });
    expect(opened.statusCode).toBe(201);
    expect((await fagai.post('/api/dispatch/periods', { period: '2023-06' })).statusCode).toBe(409);
    const periods = (await xinqu.get('/api/dispatch/periods')).json().items;
    expect(periods.find((p: { period: string }) => p.period === '2023-06')).toMatchObject({ deadline: '2023-07-05', locked: false });
  });

  it('imports the sample sheet: 24 matched, row 29 rejected, 69,419 and 370,418 万元, 8 green 8 yellow 8 red', async () => {
    const dry = (await upload(xinqu, `/api/dispatch/import?unitId=${unitId}&period=2023-06`, SHEET)).json();
    expect(dry).toMatchObject({ rows: 25, matched: 24, created: 24, committed: false, monthWan: 69_419, cumulativeWan: 370_418 });
    expect(dry.errors.map((e: { row: number }) => e.row)).toEqual([29]);
    expect(dry.errors[0].message).toContain('年产5万吨锂电池隔膜项目');
    // The dry run wrote nothing.
    const june = await t.app.gj.db.selectFrom('dispatch_periods').select('id').where('period', '=', '2023-06').executeTakeFirstOrThrow();
    expect((await t.app.gj.db.selectFrom('dispatch_reports').select('id').where('period_id', '=', june.id).execute()).length).toBe(0);
    const committed = (await upload(xinqu, `/api/dispatch/import?unitId=${unitId}&period=2023-06&commit=true`, SHEET)).json();
    expect(committed).toMatchObject({ matched: 24, created: 24, committed: true, plansRecorded: 24, listed: 24 });
    const warnings = (await fagai.get('/api/warnings?period=2023-06&kind=progress&pageSize=100')).json();
    const count = (level: string) => warnings.items.filter((w: { level: string }) => w.level === level).length;
    expect([count('yellow'), count('red')]).toEqual([8, 8]);
    const green = (await fagai.get(`/api/dispatch/periods/2023-06/reports?unitId=${unitId}&level=green`)).json();
    expect(green.total).toBe(8);
    const all = (await fagai.get(`/api/dispatch/periods/2023-06/reports?unitId=${unitId}`)).json();
    expect(all.totals).toMatchObject({ monthWan: 69_419, cumulativeWan: 370_418 });
    // The 合计 follows the filters: the green rows' own sums.
    expect(green.totals.monthWan).toBeLessThan(69_419);
    // The same file again changes nothing.
    const again = (await upload(xinqu, `/api/dispatch/import?unitId=${unitId}&period=2023-06&commit=true`, SHEET)).json();
    expect(again).toMatchObject({ matched: 24, created: 0, updated: 0, unchanged: 24, plansRecorded: 0, listed: 0 });
  });

  it('keeps every light within scope: the district next door sees none of them and cannot file for them', async () => {
    expect((await gaoxin.get('/api/warnings?period=2023-06')).json().total).toBe(0);
    const project = (await xinqu.get(`/api/dispatch/periods/2023-06/reports?unitId=${unitId}&pageSize=1`)).json().items[0];
    expect((await gaoxin.get(`/api/dispatch/periods/2023-06/projects/${project.projectId}`)).statusCode).toBe(404);
    expect((await gaoxin.put(`/api/dispatch/periods/2023-06/projects/${project.projectId}`, { monthWan: 1, cumulativeWan: 2 })).statusCode).toBe(404);
    expect((await gaoxin.get(`/api/projects/${project.projectId}/lights`)).statusCode).toBe(404);
    const sheet = await upload(gaoxin, `/api/dispatch/import?unitId=${unitId}&period=2023-06`, SHEET);
    expect(sheet.statusCode).toBe(400);
  });

  it('edits an open report by version, refuses a stale one, then locks; a correction is a new version with a reason', async () => {
    const row = (await xinqu.get(`/api/dispatch/periods/2023-06/reports?unitId=${unitId}&state=filed&pageSize=1`)).json().items[0];
    const url = `/api/dispatch/periods/2023-06/projects/${row.projectId}`;
    const edit = await xinqu.put(url, { monthWan: row.monthWan, cumulativeWan: row.cumulativeWan + 1, version: row.version });
    expect(edit.json()).toMatchObject({ outcome: 'updated', version: row.version + 1 });
    const stale = await xinqu.put(url, { monthWan: row.monthWan, cumulativeWan: row.cumulativeWan + 2, version: row.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('DISPATCH_VERSION_CONFLICT');
    await advanceDays(10); // 8 July: past the 5 July deadline
    const noReason = await xinqu.put(url, { monthWan: row.monthWan, cumulativeWan: row.cumulativeWan + 3, version: row.version + 1 });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('更正原因');
    const corrected = await xinqu.put(url, { monthWan: row.monthWan, cumulativeWan: row.cumulativeWan + 3, version: row.version + 1, reason: '统计局核定数' });
    expect(corrected.json()).toMatchObject({ outcome: 'corrected', version: row.version + 2 });
    const detail = (await xinqu.get(url)).json();
    expect(detail.versions.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [3, true],
      [2, false],
    ]);
    expect(detail.versions[0].correctionReason).toBe('统计局核定数');
    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('action', 'like', 'dispatch.report-%').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['dispatch.report-file', 'dispatch.report-update', 'dispatch.report-correct']));
  });

  it('files late only with the owner approval (补报)', async () => {
    const missing = (await fagai.get('/api/dispatch/key-projects?year=2023&pageSize=200')).json();
    expect(missing.total).toBeGreaterThanOrEqual(24);
    // A project of the ledger not yet on a list goes on the district list with its plan.
    const all = (await xinqu.get(`/api/projects?unitId=${unitId}&pageSize=100`)).json().items as { id: number }[];
    const listedIds = new Set(missing.items.map((k: { projectId: number }) => k.projectId));
    const extra = all.find((p) => !listedIds.has(p.id))!;
    expect((await xinqu.put(`/api/dispatch/key-projects/${extra.id}/2023`, { levels: ['city'], planWan: 1000 })).statusCode).toBe(403);
    expect((await xinqu.put(`/api/dispatch/key-projects/${extra.id}/2023`, { levels: ['district'], planWan: 1000 })).statusCode).toBe(204);
    const url = `/api/dispatch/periods/2023-06/projects/${extra.id}`;
    // Listed after June's deadline: it owes no June report and gets no June light (no red for a month it was not on the list).
    const before = (await fagai.get('/api/dispatch/periods/2023-06/board')).json().units.find((u: { unitId: number }) => u.unitId === unitId);
    expect(before).toMatchObject({ expected: 24, filed: 24, missing: 0 });
    expect((await xinqu.get(`/api/projects/${extra.id}/lights`)).json().lights).toEqual([]);
    const locked = await xinqu.put(url, { monthWan: 10, cumulativeWan: 400 });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('DISPATCH_LOCKED');
    const request = await xinqu.post('/api/dispatch/periods/2023-06/late-requests', { unitId, reason: '项目负责人出差，未及时报送' });
    expect(request.statusCode).toBe(201);
    expect((await xinqu.post(`/api/dispatch/late-requests/${request.json().id}/decision`, { approve: true })).statusCode).toBe(403);
    expect((await fagai.post(`/api/dispatch/late-requests/${request.json().id}/decision`, { approve: true })).statusCode).toBe(204);
    const filed = await xinqu.put(url, { monthWan: 10, cumulativeWan: 400 });
    expect(filed.json()).toMatchObject({ outcome: 'created' });
    const board = (await fagai.get('/api/dispatch/periods/2023-06/board')).json();
    const unit = board.units.find((u: { unitId: number }) => u.unitId === unitId);
    expect(unit).toMatchObject({ expected: 25, filed: 25, missing: 0, late: 1 });
    // 400 of a 1000 plan at 6/12: 10 points behind is still green (the edge is inclusive).
    const lights = (await xinqu.get(`/api/projects/${extra.id}/lights`)).json();
    expect(lights.lights.find((l: { kind: string }) => l.kind === 'progress')).toMatchObject({ period: '2023-06', level: 'green', deviationPoints: 10 });
  });

  it('turns a second yellow in a row red, and says so', async () => {
    await advanceDays(3); // 11 July: July open
    expect((await fagai.post('/api/dispatch/periods', { period: '2023-07' })).statusCode).toBe(201);
    const yellow = (await fagai.get(`/api/warnings?period=2023-06&kind=progress&level=yellow&pageSize=1`)).json().items[0];
    const june = (await xinqu.get(`/api/dispatch/periods/2023-06/projects/${yellow.projectId}`)).json().versions[0];
    const plan = (await xinqu.get(`/api/projects/${yellow.projectId}/lights`)).json().lists[0].planWan as number;
    // July: 7/12 of the plan less 20 points, still yellow on its own.
    const cumulative = Math.round(plan * (7 / 12 - 0.2));
    const res = await xinqu.put(`/api/dispatch/periods/2023-07/projects/${yellow.projectId}`, { monthWan: cumulative - june.cumulativeWan, cumulativeWan: cumulative });
    expect(res.json().outcome).toBe('created');
    const july = (await fagai.get('/api/warnings?period=2023-07&kind=progress&level=red&pageSize=200')).json().items.find((w: { projectId: number }) => w.projectId === yellow.projectId);
    expect(july).toMatchObject({ level: 'red', escalated: true, ruleVersion: 1 });
  });

  it('exports the period in the layout offices send upward', async () => {
    const res = await fagai.get(`/api/dispatch/periods/2023-06/export?unitId=${unitId}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell('A1').value)).toContain('2023年重点项目建设进度调度表');
    expect(ws.getCell('H3').value).toBe('投资完成情况');
    const last = ws.actualRowCount;
    const totalRow = [...Array(last).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === '合计')!;
    expect(totalRow.getCell(8).value).toBeGreaterThan(69_419);
    // The whole scope of a city-wide reader is titled by the city (the org tree's root), a district's by itself.
    const city = await fagai.get('/api/dispatch/periods/2023-06/export');
    expect(decodeURIComponent(String(city.headers['content-disposition']))).toContain('镇江市2023年6月重点项目调度表.xlsx');
    const own = await xinqu.get('/api/dispatch/periods/2023-06/export');
    expect(decodeURIComponent(String(own.headers['content-disposition']))).toContain('镇江新区2023年6月重点项目调度表.xlsx');
  });

  it('gives twenty filings of one project at once exactly one first version, and twenty edits of one version one winner', async () => {
    const fresh = (await xinqu.post('/api/projects', { name: '并发调度项目', hostUnitId: unitId, totalInvestmentWan: 50_000, stage: 'started' })).json().id as number;
    expect((await xinqu.put(`/api/dispatch/key-projects/${fresh}/2023`, { levels: ['district'], planWan: 12_000 })).statusCode).toBe(204);
    const url = `/api/dispatch/periods/2023-07/projects/${fresh}`;
    const firsts = await Promise.all(Array.from({ length: 20 }, (_, i) => xinqu.put(url, { monthWan: 100 + i, cumulativeWan: 1000 + i })));
    const created = firsts.filter((r) => r.statusCode === 200 && r.json().outcome === 'created');
    expect(created).toHaveLength(1);
    // The others either found the first and edited it in place, or lost the race: never a 500.
    expect(firsts.every((r) => r.statusCode === 200 || r.statusCode === 409)).toBe(true);
    const current = (await xinqu.get(url)).json().versions[0];
    const edits = await Promise.all(Array.from({ length: 20 }, (_, i) => xinqu.put(url, { monthWan: 500 + i, cumulativeWan: 5000 + i, version: current.version })));
    expect(edits.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(edits.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const rows = await t.app.gj.db.selectFrom('dispatch_reports').select(['version', 'is_current']).where('project_id', '=', fresh).execute();
    expect(rows.filter((r) => r.is_current === 1)).toHaveLength(1);

    // June filed ten times at once while July is edited: the project's newest report stays July's
    // (a June filing committing last must not move it back).
    const july = (await xinqu.get(url)).json().versions[0];
    const sys = systemContext('test');
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => fileReport(t.app.gj, sys, '2023-06', fresh, { monthWan: 10 + i, cumulativeWan: 900 + i }).catch((err: unknown) => err)),
      xinqu.put(url, { monthWan: 700, cumulativeWan: 7_000, version: july.version }),
    ]);
    const latest = await t.app.gj.db.selectFrom('dispatch_latest').selectAll().where('project_id', '=', fresh).execute();
    expect(latest.map((r) => [r.year, r.period, Number(r.cumulative_yuan)])).toEqual([[2023, '2023-07', 70_000_000]]);
  });

  it('keeps the per-unit month sums (the dashboard\'s) equal to the current reports after imports, edits, corrections, late filings and races', async () => {
    const db = t.app.gj.db;
    const summed = async () =>
      (await db.selectFrom('dispatch_unit_months').select(['period_id', 'unit_id', 'month_yuan', 'reports']).where('reports', '<>', 0).orderBy('period_id').orderBy('unit_id').execute()).map((r) => [r.period_id, r.unit_id, Number(r.month_yuan), Number(r.reports)]);
    const counted = async () =>
      (await db.selectFrom('dispatch_reports').select((eb) => ['period_id', 'unit_id', eb.fn.sum<number>('month_yuan').as('s'), eb.fn.countAll<number>().as('n')]).where('is_current', '=', 1).groupBy(['period_id', 'unit_id']).orderBy('period_id').orderBy('unit_id').execute()).map((r) => [r.period_id, r.unit_id, Number(r.s), Number(r.n)]);
    // Twenty projects of one unit filing July at once: every filing adds to the same unit-month row.
    const listed = await db.selectFrom('key_projects').select('project_id').where('year', '=', 2023).where('owner_unit_id', '=', unitId).orderBy('project_id').limit(20).execute();
    expect(listed).toHaveLength(20);
    const sys = systemContext('test');
    const filed = await Promise.allSettled(listed.map((k, i) => fileReport(t.app.gj, sys, '2023-07', k.project_id, { monthWan: 11 + i, cumulativeWan: 5_000 + i })));
    expect(filed.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    const expected = await counted();
    expect(expected.length).toBeGreaterThan(0);
    expect(await summed()).toEqual(expected);
    // A project's reports going (the project deleted, its reports with it) take their sums with them.
    const one = await db.selectFrom('dispatch_reports').select('project_id').where('is_current', '=', 1).executeTakeFirstOrThrow();
    await db.deleteFrom('dispatch_reports').where('project_id', '=', one.project_id).execute();
    expect(await summed()).toEqual(await counted());
  });

  it('keeps last year\'s lights when the rules change: a new version applies from its date, recomputing a past period reproduces it', async () => {
    const before = (await fagai.get('/api/warnings?period=2023-06&kind=progress&pageSize=200')).json();
    const bad = await fagai.post('/api/warnings/rules', { effectiveFrom: '2024-01-01', definition: { progress: { yellowAbove: 30, redAbove: 10 }, start: { redMonthsLate: 3 }, registration: { yellowMonths: 1, redMonths: 2 }, consecutiveYellowsToRed: 2, levels: ['district'] } });
    expect(bad.statusCode).toBe(400);
    expect((await xinqu.post('/api/warnings/rules', { effectiveFrom: '2024-01-01', definition: {} })).statusCode).toBe(403);
    const added = await fagai.post('/api/warnings/rules', { effectiveFrom: '2024-01-01', definition: { progress: { yellowAbove: 5, redAbove: 20 }, start: { redMonthsLate: 2 }, registration: { yellowMonths: 1, redMonths: 2 }, consecutiveYellowsToRed: 2, levels: ['province', 'city', 'district'] }, note: '2024年起收紧' });
    expect(added.json()).toEqual({ version: 2 });
    expect((await fagai.post('/api/warnings/recompute', { period: '2023-06' })).statusCode).toBe(200);
    const after = (await fagai.get('/api/warnings?period=2023-06&kind=progress&pageSize=200')).json();
    expect(after.total).toBe(before.total);
    expect(after.items.every((w: { ruleVersion: number }) => w.ruleVersion === 1)).toBe(true);
    expect((await fagai.get('/api/warnings/rules')).json().items.map((r: { version: number }) => r.version)).toEqual([2, 1]);
  });
});
