import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withUsccCheck } from '../../../../common/uscc.js';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { systemContext } from '../../platform/context.js';
import { filePeriod } from './service.js';

/**
 * 投产达效 filed by month, attacked: hostile periods in the path and the query, the district next
 * door and the roles without the duty, hostile sheets, twenty writes at once (PostgreSQL's locks),
 * and a stage the figures of a period not yet over would date in the future. The clock stands on
 * 20 November 2026 (China time), so November and 2026-Q4 are in progress.
 */
let t: TestApp;
let xinqu: Agent;
let gaoxin: Agent;
let leader: Agent;
let fagai: Agent;
let park: number;
const TODAY = '2026-11-20';

async function producingProject(name: string, options: { uscc?: string } = {}): Promise<{ id: number; code: string }> {
  const created = await xinqu.post('/api/projects', { name, hostUnitId: park, totalInvestmentWan: 50_000, investorName: `${name}有限公司`, investorUscc: options.uscc ?? null });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  const moved = await xinqu.post(`/api/projects/${id}/stage`, { stage: 'producing', actualDate: '2025-12-31', version: 1 });
  expect(moved.statusCode, moved.body).toBe(200);
  return { id, code: (await xinqu.get(`/api/projects/${id}`)).json().code as string };
}

const file = (id: number, period: string, body: object, agent: Agent = xinqu) => agent.put(`/api/returns/projects/${id}/quarters/${period}`, body);
const periodsOf = async (id: number) => (await t.app.gj.db.selectFrom('project_returns').select('period').where('project_id', '=', id).execute()).map((r) => r.period).sort();

async function sheet(rows: unknown[][], header = ['序号', '项目名称', '统一社会信用代码', '项目编号', '产值（万元）', '入库税收（万元）', '从业人员']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('产值税收');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (agent: Agent, body: Buffer, query: string) =>
  t.app.inject({ method: 'POST', url: `/api/returns/import?${query}`, payload: body, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' } });
const template = (agent: Agent, query: string) => t.app.inject({ method: 'GET', url: `/api/returns/template?${query}`, headers: { cookie: agent.cookie } });

beforeAll(async () => {
  t = await createTestApp({ start: new Date(`${TODAY}T04:00:00Z`) });
  [xinqu, gaoxin, leader, fagai] = await Promise.all([t.login('xinqu'), t.login('gaoxin'), t.login('leader'), t.login('fagai')]);
  park = await t.unitId('ZJXQ-XCL');
});
afterAll(async () => t.close());

describe('hostile periods', () => {
  // Out of the kept years, not a month or a quarter, padded, full-width, lower-case, a line break, overlong.
  const HOSTILE = ['2026-00', '2026-13', '0000-01', '1999-12', '2101-01', '2101-Q1', '2026-Q0', '2026-Q5', '2026-q1', '2026-1', '26-01', '２０２６-08', '2026-Q1 ', ' 2026-Q1', '2026-Q1\n', '2026-08-01', '2026/08', `2026-${'0'.repeat(5000)}1`, '-001-01', '+2026-01'];

  it('are refused by the form, the import and the template, and nothing is filed', async () => {
    const { id } = await producingProject('敌意期次测试项目');
    const body = await sheet([[1, '敌意期次测试项目', '', '', 100, 5, 1]]);
    for (const period of HOSTILE) {
      const put = await file(id, encodeURIComponent(period), { outputWan: 1, taxWan: 1 });
      expect([400, 404, 414], `${JSON.stringify(period).slice(0, 40)}: ${put.body.slice(0, 300)}`).toContain(put.statusCode);
      const q = `period=${encodeURIComponent(period)}`;
      expect((await upload(xinqu, body, `${q}&commit=true`)).statusCode, JSON.stringify(period).slice(0, 40)).toBe(400);
      expect((await template(xinqu, q)).statusCode, JSON.stringify(period).slice(0, 40)).toBe(400);
      expect((await leader.get(`/api/returns?${q}`)).statusCode, JSON.stringify(period).slice(0, 40)).toBe(400);
    }
    expect(await periodsOf(id)).toEqual([]);
  });

  it('are refused by the service itself, whatever way in (the console acts for the operator, with no route schema before it)', async () => {
    const { id } = await producingProject('敌意期次服务测试项目');
    const system = systemContext('hostile-test');
    for (const period of ['0000-01', '1999-12', '1999-Q4', '0099-Q1']) {
      await expect(filePeriod(t.app.gj, system, id, period, { outputWan: 1, taxWan: 1 }), period).rejects.toMatchObject({ code: 'RETURNS_PERIOD_BAD' });
    }
    expect(await periodsOf(id)).toEqual([]);
  });
});

describe('the district next door and the roles without the duty', () => {
  it('cannot file, import, download or read a month of the new area’s projects', async () => {
    const uscc = withUsccCheck('91321100MA1RTH001');
    const { id, code } = await producingProject('越界按月测试项目', { uscc });
    expect((await file(id, '2026-10', { outputWan: 100, taxWan: 5 })).statusCode).toBe(200);
    // By the path: not theirs to see.
    expect((await file(id, '2026-09', { outputWan: 1, taxWan: 1 }, gaoxin)).statusCode).toBe(404);
    expect((await file(id, '2026-10', { outputWan: 1, taxWan: 1, version: 1 }, gaoxin)).statusCode).toBe(404);
    expect((await gaoxin.get(`/api/returns/projects/${id}`)).statusCode).toBe(404);
    // By a sheet naming it every way the import matches: credit code, project code, name.
    for (const row of [[1, '随便', uscc, '', 999, 99, 1], [1, '随便', '', code, 999, 99, 1], [1, '越界按月测试项目', '', '', 999, 99, 1]]) {
      const report = (await upload(gaoxin, await sheet([row]), 'period=2026-10&commit=true')).json();
      expect(report, JSON.stringify(row)).toMatchObject({ committed: false, matched: 0, errors: [expect.objectContaining({ row: 2 })] });
    }
    expect((await upload(gaoxin, await sheet([[1, '越界按月测试项目', uscc, code, 999, 99, 1]]), `period=2026-10&unitId=${park}&commit=true`)).json().error.code).toBe('UNIT_NOT_FOUND');
    expect((await leader.get(`/api/returns/projects/${id}`)).json().quarters).toEqual([expect.objectContaining({ period: '2026-10', outputWan: 100, version: 1 })]);
    // The form: not for a unit outside their duty, nor for one that does not exist (even for a reader of the whole city).
    expect((await template(gaoxin, `period=2026-10&unitId=${park}`)).statusCode).toBe(400);
    expect((await template(fagai, 'period=2026-10&unitId=2147483647')).json().error.code).toBe('UNIT_NOT_FOUND');
    // The leader reads but files nothing; the three administrators reach no business data.
    expect((await file(id, '2026-09', { outputWan: 1, taxWan: 1 }, leader)).statusCode).toBe(403);
    expect((await upload(leader, await sheet([[1, '越界按月测试项目', '', '', 1, 1, 1]]), 'period=2026-09')).statusCode).toBe(403);
    expect((await template(leader, 'period=2026-09')).statusCode).toBe(403);
    for (const name of ['admin', 'secadmin', 'auditor']) {
      const admin = await t.login(name);
      expect((await file(id, '2026-09', { outputWan: 1, taxWan: 1 }, admin)).statusCode, name).toBe(403);
      expect((await admin.get(`/api/returns/projects/${id}`)).statusCode, name).toBe(403);
      expect((await admin.get('/api/returns?period=2026-Q4')).statusCode, name).toBe(403);
      expect((await template(admin, 'period=2026-10')).statusCode, name).toBe(403);
      expect((await upload(admin, await sheet([[1, '越界按月测试项目', '', '', 1, 1, 1]]), 'period=2026-09')).statusCode, name).toBe(403);
    }
    expect(await periodsOf(id)).toEqual(['2026-10']);
  });
});

describe('hostile sheets', () => {
  it('refuses formula-like text and amounts out of range, row by row, and writes nothing', async () => {
    const { id } = await producingProject('敌意表格测试项目');
    const report = (
      await upload(
        xinqu,
        await sheet([
          [1, '=HYPERLINK("http://evil.example","敌意表格测试项目")', '', '', 100, 5, 1],
          [2, '敌意表格测试项目', '', '', '=1+1', 5, 1],
          [3, '敌意表格测试项目', '', '', 1e9 + 1, 5, 1],
          [4, '敌意表格测试项目', '', '', 1e300, 5, 1],
          [5, '敌意表格测试项目', '', '', -1, 5, 1],
          [6, '敌意表格测试项目', '', '', '1e5', 5, 1],
          [7, '敌意表格测试项目', '', '', 100, 5, 1e12],
          [8, '敌意表格测试项目', '', '', 100, 0.00001, 1],
        ]),
        'period=2026-10&commit=true',
      )
    ).json();
    expect(report.committed).toBe(false);
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(await periodsOf(id)).toEqual([]);
    // The largest amount the form takes (10 亿万元) is taken.
    expect((await upload(xinqu, await sheet([[1, '敌意表格测试项目', '', '', 1e9, 1e9, 1]]), 'period=2026-10&commit=true')).json()).toMatchObject({ committed: true, created: 1 });
    expect((await leader.get(`/api/returns?period=2026-Q4&pageSize=100`)).json().items.find((i: { projectId: number }) => i.projectId === id)).toMatchObject({ outputWan: 1e9, taxWan: 1e9, months: 1 });
  });

  it('reports a formula saved without its result (as scripts write them) instead of taking its row for blank', async () => {
    const { id } = await producingProject('公式无结果测试项目');
    const report = (
      await upload(
        xinqu,
        await sheet([[1, '公式无结果测试项目', '', '', { formula: 'SUM(H2:H9)' }, { formula: 'SUM(I2:I9)' }, { formula: 'J2' }]]),
        'period=2026-10&commit=true',
      )
    ).json();
    expect(report).toMatchObject({ committed: false, skipped: 0 });
    expect(report.errors).toEqual([expect.objectContaining({ row: 2, value: '=SUM(H2:H9)' }), expect.objectContaining({ row: 2, value: '=SUM(I2:I9)' }), expect.objectContaining({ row: 2 })]);
    expect(await periodsOf(id)).toEqual([]);
  });

  it('reads a formula by the value it shows, and does not take the template’s 合计 row for a project however it was changed', async () => {
    const { id } = await producingProject('合计行测试项目');
    const download = await template(xinqu, `period=2026-10&unitId=${park}`);
    expect(download.statusCode).toBe(200);
    const load = async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
      return wb.worksheets[0]!;
    };
    const fill = (ws: ExcelJS.Worksheet) => {
      ws.eachRow((row, n) => {
        if (n > 3 && row.getCell(4).value === '合计行测试项目') {
          row.getCell(6).value = { formula: '300+400', result: 700 } as ExcelJS.CellFormulaValue;
          row.getCell(7).value = 35;
        }
      });
    };
    const totalRow = (ws: ExcelJS.Worksheet) => ws.getRow(ws.rowCount);
    const send = async (ws: ExcelJS.Worksheet, commit: boolean) => (await upload(xinqu, Buffer.from(await ws.workbook.xlsx.writeBuffer()), `period=2026-10&unitId=${park}&commit=${commit}`)).json();

    // The 合计 row's figures overwritten: still the total row, skipped.
    let ws = await load();
    fill(ws);
    expect(String(totalRow(ws).getCell(1).value)).toMatch(/^合计/);
    totalRow(ws).getCell(6).value = 123_456;
    totalRow(ws).getCell(7).value = 654;
    let report = await send(ws, false);
    expect(report.errors).toEqual([]);
    expect(report.outcomes.find((o: { projectId: number }) => o.projectId === id)).toMatchObject({ outputWan: 700, taxWan: 35 });
    expect(report.matched).toBe(report.outcomes.length);

    // Its label rubbed out or renamed: a row naming no project refuses the sheet rather than file a sum.
    for (const label of [null, '总数', '３']) {
      ws = await load();
      fill(ws);
      totalRow(ws).getCell(1).value = label;
      report = await send(ws, true);
      expect(report.committed, String(label)).toBe(false);
      expect([...new Set(report.errors.map((e: { row: number }) => e.row))], String(label)).toEqual([ws.rowCount]);
    }
    // The label moved into the name column, the seq kept: still a total (its first cell says so) — or a name that is no project.
    ws = await load();
    fill(ws);
    totalRow(ws).getCell(1).value = ws.rowCount - 4;
    totalRow(ws).getCell(4).value = '合计';
    report = await send(ws, true);
    expect(report.committed).toBe(false);
    expect([...new Set(report.errors.map((e: { row: number }) => e.row))]).toEqual([ws.rowCount]);
    expect(await periodsOf(id)).toEqual([]);
  });
});

describe('twenty writes at once', () => {
  const ok = (statuses: number[]) => expect(statuses.filter((s) => s >= 500), JSON.stringify(statuses)).toEqual([]);

  it('a month and its quarter: one way wins, none answers 5xx', async () => {
    const { id } = await producingProject('并发月季测试项目');
    const tries = await Promise.all(Array.from({ length: 20 }, (_, i) => file(id, i % 2 ? '2026-Q3' : `2026-0${7 + (i % 3)}`, { outputWan: 100 + i, taxWan: 5 })));
    ok(tries.map((r) => r.statusCode));
    for (const r of tries) if (r.statusCode === 400) expect(r.json().error.code).toBe('RETURNS_PERIOD_MIXED');
    const periods = await periodsOf(id);
    if (periods.includes('2026-Q3')) expect(periods).toEqual(['2026-Q3']);
    else expect(periods.length && periods.every((p) => ['2026-07', '2026-08', '2026-09'].includes(p)), JSON.stringify(periods)).toBe(true);
  });

  it('twenty corrections of one month from the same version: one wins, the rest are told to reload', async () => {
    const { id } = await producingProject('并发更正测试项目');
    expect((await file(id, '2026-10', { outputWan: 100, taxWan: 5 })).json()).toEqual({ outcome: 'created', version: 1 });
    const tries = await Promise.all(Array.from({ length: 20 }, (_, i) => file(id, '2026-10', { outputWan: 200 + i, taxWan: 5, version: 1 })));
    expect(tries.map((r) => r.statusCode).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect((await leader.get(`/api/returns/projects/${id}`)).json().quarters).toEqual([expect.objectContaining({ period: '2026-10', version: 2 })]);
  });

  it('imports of a month (rows in either order) and the form filing its quarter: no deadlock, each quarter one way', async () => {
    const a = await producingProject('并发导入甲项目');
    const b = await producingProject('并发导入乙项目');
    const c = await producingProject('并发导入丙项目');
    const forwards = await sheet([[1, '并发导入甲项目', '', '', 100, 5, 1], [2, '并发导入乙项目', '', '', 100, 5, 1], [3, '并发导入丙项目', '', '', 100, 5, 1]]);
    const backwards = await sheet([[1, '并发导入丙项目', '', '', 110, 5, 1], [2, '并发导入乙项目', '', '', 110, 5, 1], [3, '并发导入甲项目', '', '', 110, 5, 1]]);
    const tries = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        if (i % 4 === 0) return upload(xinqu, forwards, 'period=2026-08&commit=true');
        if (i % 4 === 1) return upload(xinqu, backwards, 'period=2026-08&commit=true');
        return file([a, b, c][i % 3]!.id, '2026-Q3', { outputWan: 300, taxWan: 15 });
      }),
    );
    ok(tries.map((r) => r.statusCode));
    for (const p of [a, b, c]) {
      const periods = await periodsOf(p.id);
      expect(periods, JSON.stringify(periods)).toSatisfy((x: string[]) => JSON.stringify(x) === '["2026-08"]' || JSON.stringify(x) === '["2026-Q3"]');
    }
  });

  it('twenty periods filed at once, each proving 达效: one open proposal, not one per filing', async () => {
    const { id } = await producingProject('并发提议测试项目');
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { returnsYear: 2026, returnsTaxWan: 100, version: 0 })).statusCode).toBe(200);
    const periods = [...Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`), ...['2024', '2025'].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}-Q${q}`)), '2023-Q3', '2023-Q4'];
    const tries = await Promise.all(periods.map((period) => file(id, period, { outputWan: 100, taxWan: 100 })));
    ok(tries.map((r) => r.statusCode));
    expect(tries.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
    const open = await t.app.gj.db.selectFrom('returns_proposals').select(['stage', 'period']).where('project_id', '=', id).where('state', '=', 'proposed').execute();
    // The earliest period that proves it.
    expect(open).toEqual([{ stage: 'returns', period: '2023-Q3' }]);
  });

  it('a month filed while the unit confirms the stage its figures propose: no deadlock', async () => {
    for (let round = 0; round < 3; round++) {
      const { id } = await producingProject(`并发认定测试项目${round}`);
      expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { returnsYear: 2026, returnsTaxWan: 100, version: 0 })).statusCode).toBe(200);
      expect((await file(id, '2026-07', { outputWan: 100, taxWan: 100 })).statusCode).toBe(200);
      const proposal = (await xinqu.get(`/api/returns/projects/${id}`)).json().proposals[0];
      expect(proposal).toMatchObject({ stage: 'returns', state: 'proposed' });
      const version = (await xinqu.get(`/api/projects/${id}`)).json().version;
      const tries = await Promise.all([
        xinqu.post(`/api/returns/proposals/${proposal.id}/decide`, { decision: 'confirm', projectVersion: version }),
        ...['2026-08', '2026-09', '2026-10'].map((m) => file(id, m, { outputWan: 100, taxWan: 10 })),
        file(id, '2026-07', { outputWan: 100, taxWan: 90, version: 1 }),
      ]);
      ok(tries.map((r) => r.statusCode));
    }
  });
});

describe('a stage proven by a period not over yet', () => {
  it('is dated no later than today (the figures filed by today prove it by today), on the page and in the project', async () => {
    const { id } = await producingProject('当月达效测试项目');
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { returnsYear: 2026, returnsTaxWan: 100, version: 0 })).statusCode).toBe(200);
    // November is in progress: filed on the 20th, it already reaches the year's committed tax.
    expect((await file(id, '2026-11', { outputWan: 500, taxWan: 100 })).statusCode).toBe(200);
    const proposal = (await xinqu.get(`/api/returns/projects/${id}`)).json().proposals[0];
    expect(proposal).toMatchObject({ stage: 'returns', period: '2026-11', state: 'proposed' });
    expect((await xinqu.post(`/api/returns/proposals/${proposal.id}/decide`, { decision: 'confirm' })).statusCode).toBe(204);
    expect((await leader.get(`/api/projects/${id}`)).json().stages.find((s: { stage: string }) => s.stage === 'returns').actualDate).toBe(TODAY);

    // A quarter in progress filed whole, likewise (not 2026-12-31).
    const q = await producingProject('当季达效测试项目');
    expect((await xinqu.put(`/api/returns/projects/${q.id}/commitments`, { returnsYear: 2026, returnsTaxWan: 100, version: 0 })).statusCode).toBe(200);
    expect((await file(q.id, '2026-Q4', { outputWan: 500, taxWan: 100 })).statusCode).toBe(200);
    const p2 = (await xinqu.get(`/api/returns/projects/${q.id}`)).json().proposals[0];
    expect((await xinqu.post(`/api/returns/proposals/${p2.id}/decide`, { decision: 'confirm' })).statusCode).toBe(204);
    expect((await leader.get(`/api/projects/${q.id}`)).json().stages.find((s: { stage: string }) => s.stage === 'returns').actualDate).toBe(TODAY);

    // A month that is over keeps its last day.
    const past = await producingProject('上月达效测试项目');
    expect((await xinqu.put(`/api/returns/projects/${past.id}/commitments`, { returnsYear: 2026, returnsTaxWan: 100, version: 0 })).statusCode).toBe(200);
    expect((await file(past.id, '2026-10', { outputWan: 500, taxWan: 100 })).statusCode).toBe(200);
    const p3 = (await xinqu.get(`/api/returns/projects/${past.id}`)).json().proposals[0];
    expect((await xinqu.post(`/api/returns/proposals/${p3.id}/decide`, { decision: 'confirm' })).statusCode).toBe(204);
    expect((await leader.get(`/api/projects/${past.id}`)).json().stages.find((s: { stage: string }) => s.stage === 'returns').actualDate).toBe('2026-10-31');
  });
});

describe('亩均税收 of a monthly filer where the rankings and the dashboard read it', () => {
  it('counts its months in time with its quarters, as the returns list grades it, in the ranking’s drill-down', async () => {
    const admin = await t.login('admin');
    const made = await admin.post('/api/units', { code: 'ZJXQ-HMU', name: '新区按月排名测试园', kind: 'park', parentId: await t.unitId('ZJXQ') });
    expect(made.statusCode, made.body).toBe(201);
    const unitId = made.json().id as number;
    const created = await xinqu.post('/api/projects', { name: '按月排名测试项目', hostUnitId: unitId, totalInvestmentWan: 30_000 });
    const id = created.json().id as number;
    expect((await xinqu.post(`/api/projects/${id}/stage`, { stage: 'producing', actualDate: '2025-12-31', version: 1 })).statusCode).toBe(200);
    expect((await xinqu.put(`/api/returns/projects/${id}/commitments`, { landMu: 50, version: 0 })).statusCode).toBe(200);
    // 2025-Q4 is outside the last four quarters of 20 November 2026; 2025-12 cannot be, it is filed whole.
    // Q1 whole (300), then April to November monthly (100 each): 1100 万元 in 11 months → 1200 a year over 50 亩 = 24.
    await file(id, '2025-Q4', { outputWan: 9000, taxWan: 900 });
    await file(id, '2026-Q1', { outputWan: 3000, taxWan: 300 });
    for (let m = 4; m <= 11; m++) expect((await file(id, `2026-${String(m).padStart(2, '0')}`, { outputWan: 1000, taxWan: 100 })).statusCode).toBe(200);
    const listed = (await leader.get('/api/returns?period=2026-Q4&pageSize=200')).json().items.find((i: { projectId: number }) => i.projectId === id);
    expect(listed).toMatchObject({ taxWan: 200, months: 2, taxPerMuWan: 24 });
    const rows = await leader.get(`/api/rankings/rows?year=2026&unitId=${unitId}&indicator=tax_per_mu`);
    expect(rows.statusCode, rows.body).toBe(200);
    expect(rows.json().items).toEqual([expect.objectContaining({ projectId: id, reportedWan: 1200, landMu: 50 })]);
    // As of the end of June: Q3 2025 to Q2 2026 — 2025-Q4, Q1 and April to June: 1500 in 9 months → 2000 a year.
    const june = await leader.get(`/api/rankings/rows?year=2026&asOf=2026-06-30&unitId=${unitId}&indicator=tax_per_mu`);
    expect(june.json().items).toEqual([expect.objectContaining({ projectId: id, reportedWan: 2000 })]);
  });
});

describe('the form for a period', () => {
  it('leaves out the projects whose quarter is filed the other way, which could not be filed from it', async () => {
    const quarterly = await producingProject('按季填报表单项目');
    const monthly = await producingProject('按月填报表单项目');
    expect((await file(quarterly.id, '2026-Q3', { outputWan: 300, taxWan: 30 })).statusCode).toBe(200);
    expect((await file(monthly.id, '2026-08', { outputWan: 100, taxWan: 10 })).statusCode).toBe(200);
    const names = async (period: string) => {
      const res = await template(xinqu, `period=${period}&unitId=${park}`);
      expect(res.statusCode, res.body).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const out: unknown[] = [];
      wb.worksheets[0]!.eachRow((row, n) => n > 3 && out.push(row.getCell(4).value));
      return out;
    };
    const august = await names('2026-08');
    expect(august).toContain('按月填报表单项目');
    expect(august).not.toContain('按季填报表单项目');
    const q3 = await names('2026-Q3');
    expect(q3).toContain('按季填报表单项目');
    expect(q3).not.toContain('按月填报表单项目');
    // A quarter neither filed: both.
    expect(await names('2026-Q2')).toEqual(expect.arrayContaining(['按季填报表单项目', '按月填报表单项目']));
  });
});
