import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/**
 * Monthly dispatch attacked as an attacker would: the district next door, the administrators, a
 * street and its parent, the enterprise contact, hostile input, races and the locked months. The
 * demo is seeded on 20 November 2026: November is open (deadline 5 December), October and the
 * months before are locked, 健康路街道 missed October and asked to file it late.
 */
let t: TestApp;
const agents: Record<string, Agent> = {};
const ids: Record<string, number> = {};
const units: Record<string, number> = {};
const OPEN = '2026-11';
const LOCKED = '2026-10';

const as = (name: string) => agents[name]!;
const upload = (agent: Agent, url: string, file: Buffer) =>
  t.app.inject({ method: 'POST', url, payload: file, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream' } });
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

async function sheet(rows: (string | number | { formula: string } | null)[][], month = 11, planHeader?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('调度');
  ws.addRow(['镇江新区重点项目进度调度表']);
  ws.addRow(['序号', '项目编号', '项目名称', '建设单位', ...(planHeader ? [planHeader] : []), `${month}月完成投资`, `1-${month}月累计完成`, '形象进度']);
  rows.forEach((r, i) => ws.addRow([i + 1, ...r]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function login(...names: string[]) {
  for (const n of names) agents[n] = await t.login(n);
}

async function xlsxText(payload: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.value)))));
  return out.join('\n');
}

const warning = async (period: string, projectId: number) => ((await as('fagai').get(`/api/warnings?period=${period}&kind=progress&pageSize=200`)).json().items as { projectId: number; level: string; deviationPoints: number }[]).find((w) => w.projectId === projectId);

beforeAll(async () => {
  t = await createTestApp({ seedAt: new Date('2026-11-20T02:00:00Z') });
  await login('admin', 'secadmin', 'auditor', 'qiye', 'leader', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd');
  for (const p of await t.app.gj.db.selectFrom('projects').select(['id', 'code']).where('code', 'like', 'XM2023%').execute()) ids[p.code] = p.id;
  for (const code of ['ZJXQ', 'ZJXQ-XCL', 'ZJGXQ', '321102', '321102-JKL']) units[code] = await t.unitId(code);
});
afterAll(async () => t.close());

describe('dispatch under attack: who reaches what', () => {
  it('gives the administrators and the enterprise contact no dispatch data at all', async () => {
    for (const name of ['admin', 'secadmin', 'auditor', 'qiye']) {
      const a = as(name);
      for (const url of ['/api/dispatch/periods', `/api/warnings?period=${LOCKED}`, `/api/dispatch/forecast?period=${LOCKED}`, '/api/dispatch/key-projects?year=2026', `/api/projects/${ids.XM2023XQ003}/lights`, `/api/dispatch/periods/${LOCKED}/export`, `/api/dispatch/periods/${LOCKED}/board`, `/api/dispatch/periods/${LOCKED}/projects/${ids.XM2023XQ003}`]) {
        expect((await a.get(url)).statusCode, `${name} ${url}`).toBe(403);
      }
      expect((await a.put(`/api/dispatch/periods/${OPEN}/projects/${ids.XM2023XQ003}`, { monthWan: 1, cumulativeWan: 1 })).statusCode).toBe(403);
      expect((await a.put(`/api/dispatch/key-projects/${ids.XM2023XQ003}/2026`, { levels: [], planWan: null })).statusCode).toBe(403);
      const bench = (await a.get('/api/workbench')).json();
      expect(bench.figures.lights, name).toBeNull();
      expect(bench.todos.filter((x: { kind: string }) => /dispatch|lights|late/.test(x.kind)), name).toEqual([]);
    }
  });

  it('shows the district next door nothing of 镇江新区, not even through a unitId', async () => {
    const g = as('gaoxin');
    const xq = ids.XM2023XQ003!;
    expect((await g.get(`/api/dispatch/periods/${OPEN}/projects/${xq}`)).statusCode).toBe(404);
    expect((await g.put(`/api/dispatch/periods/${OPEN}/projects/${xq}`, { monthWan: 1, cumulativeWan: 1 })).statusCode).toBe(404);
    expect((await upload(g, `/api/dispatch/periods/${OPEN}/projects/${xq}/photos?name=a.png`, PNG)).statusCode).toBe(404);
    expect((await g.get(`/api/projects/${xq}/lights`)).statusCode).toBe(404);
    expect((await g.put(`/api/dispatch/key-projects/${xq}/2026`, { levels: ['district'], planWan: 1 })).statusCode).toBe(404);
    expect((await g.post(`/api/dispatch/periods/${LOCKED}/late-requests`, { unitId: units.ZJXQ, reason: 'x' })).statusCode).toBe(404);
    expect((await upload(g, `/api/dispatch/import?unitId=${units.ZJXQ}&period=${OPEN}`, await sheet([['XM2023XQ003', '新能源汽车电池结构件项目', null, 1, 1, null]]))).statusCode).toBe(400);
    // Another unit's id in the export: not its name in a title, not a record of an export of it.
    const other = await g.get(`/api/dispatch/periods/${OPEN}/export?unitId=${units.ZJXQ}`);
    expect(other.statusCode).toBe(404);
    // A sheet of its own unit naming 镇江新区's project by code: a row error, nothing filed.
    const named = (await upload(g, `/api/dispatch/import?unitId=${units.ZJGXQ}&period=${OPEN}`, await sheet([['XM2023XQ003', '新能源汽车电池结构件项目', null, 1, 1, null]]))).json();
    expect(named).toMatchObject({ matched: 0 });
    expect(named.errors).toHaveLength(1);
    const secrets = ['镇江新区', '新能源汽车电池结构件项目', '船用低速机关键零部件项目', '智能物流装备产业园', '高性能碳纤维复合材料项目'];
    for (const url of ['/api/dispatch/periods', `/api/dispatch/periods/${LOCKED}/board`, `/api/dispatch/periods/${LOCKED}/reports?pageSize=100`, `/api/dispatch/periods/${LOCKED}/reports?unitId=${units.ZJXQ}`, `/api/warnings?period=${LOCKED}&pageSize=100`, `/api/warnings?period=${LOCKED}&unitId=${units.ZJXQ}`, `/api/dispatch/forecast?period=${LOCKED}`, '/api/dispatch/key-projects?year=2026&pageSize=100', `/api/dispatch/key-projects?year=2026&unitId=${units.ZJXQ}`, '/api/workbench', '/api/notifications']) {
      const body = (await g.get(url)).body;
      for (const s of secrets) expect(body, `${url} names ${s}`).not.toContain(s);
    }
    expect((await g.get(`/api/dispatch/periods/${LOCKED}/reports?unitId=${units.ZJXQ}`)).json().total).toBe(0);
    // The whole-scope export holds only 镇江高新区's rows.
    const mine = await g.get(`/api/dispatch/periods/${LOCKED}/export`);
    const text = await xlsxText(mine.rawPayload);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).toContain('航空复材构件生产基地');
  });

  it('keeps a street within its own unit: its parent district\'s project is out of reach', async () => {
    const s = as('jkjd');
    const parent = ids.XM2023JK001!;
    expect((await s.get(`/api/dispatch/periods/${LOCKED}/projects/${parent}`)).statusCode).toBe(404);
    expect((await s.put(`/api/dispatch/periods/${OPEN}/projects/${parent}`, { monthWan: 1, cumulativeWan: 1 })).statusCode).toBe(404);
    expect((await s.get(`/api/projects/${parent}/lights`)).statusCode).toBe(404);
    expect((await s.put(`/api/dispatch/key-projects/${parent}/2026`, { levels: ['district'], planWan: 1 })).statusCode).toBe(404);
    expect((await s.post(`/api/dispatch/periods/${LOCKED}/late-requests`, { unitId: units['321102'], reason: 'x' })).statusCode).toBe(404);
    expect((await s.get(`/api/dispatch/periods/${LOCKED}/export?unitId=${units['321102']}`)).statusCode).toBe(404);
    for (const url of [`/api/dispatch/periods/${LOCKED}/reports?unitId=${units['321102']}`, `/api/warnings?period=${LOCKED}`, `/api/dispatch/forecast?period=${LOCKED}`, '/api/workbench']) {
      expect((await s.get(url)).body, url).not.toContain('智能电网成套装备扩建项目');
    }
  });
});

describe('dispatch under attack: the city\'s figures and the locked months', () => {
  it('leaves the plan of a project on the city\'s lists to the city: a district cannot lower it to turn its light green', async () => {
    const id = ids.XM2023XQ002!;
    const plan = async () => (await as('fagai').get(`/api/projects/${id}/lights`)).json().lists.find((l: { year: number }) => l.year === 2026).planWan as number;
    const before = await plan();
    const res = await as('xinqu').put(`/api/dispatch/key-projects/${id}/2026`, { levels: ['city'], planWan: 1 });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('DISPATCH_PLAN_FORBIDDEN');
    expect(await plan()).toBe(before);
    // Nor through a sheet with a plan column: the row files, the plan stays the city's.
    const current = (await as('xinqu').get(`/api/dispatch/periods/${OPEN}/projects/${id}`)).json().versions[0];
    const imported = (await upload(as('xinqu'), `/api/dispatch/import?unitId=${units.ZJXQ}&period=${OPEN}&commit=true`, await sheet([['XM2023XQ002', '船用低速机关键零部件项目', null, 1, current.monthWan, current.cumulativeWan, current.progressText]], 11, '2026年计划投资'))).json();
    expect(imported.plansRecorded).toBe(0);
    expect(imported.errors.map((e: { message: string }) => e.message).join()).toContain('市发改委');
    expect(await plan()).toBe(before);
    // The owner still sets it.
    expect((await as('fagai').put(`/api/dispatch/key-projects/${id}/2026`, { levels: ['city'], planWan: before + 1 })).statusCode).toBe(204);
    expect(await plan()).toBe(before + 1);
  });

  it('never takes a listed project off a unit\'s list once a locked month counted it, and a plan change leaves the locked months\' lights alone', async () => {
    const red = ids.XM2023XQ003!;
    const octBefore = await warning(LOCKED, red);
    expect(octBefore).toMatchObject({ level: 'red' });
    const off = await as('xinqu').put(`/api/dispatch/key-projects/${red}/2026`, { levels: [], planWan: null });
    expect(off.statusCode).toBe(409);
    expect(off.json().error.code).toBe('DISPATCH_LIST_LOCKED');
    expect(await warning(LOCKED, red)).toEqual(octBefore);
    // 健康路街道 missed October: unlisting its project would wipe the missing report off the board.
    const jk = await as('jkjd').put(`/api/dispatch/key-projects/${ids.XM2023JK003}/2026`, { levels: [], planWan: null });
    expect(jk.statusCode).toBe(409);
    const board = (await as('fagai').get(`/api/dispatch/periods/${LOCKED}/board`)).json();
    expect(board.units.find((u: { unitId: number }) => u.unitId === units['321102-JKL'])).toMatchObject({ missing: 1 });
    // A plan of zero is no plan: the progress light would vanish.
    const zero = await as('xinqu').put(`/api/dispatch/key-projects/${red}/2026`, { levels: ['district'], planWan: 0 });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.code).toBe('DISPATCH_PLAN_REQUIRED');
    // A tiny plan (its own list: allowed) turns the open month green, never the locked one.
    expect((await as('xinqu').put(`/api/dispatch/key-projects/${red}/2026`, { levels: ['district'], planWan: 1 })).statusCode).toBe(204);
    expect(await warning(LOCKED, red)).toEqual(octBefore);
    expect(await warning(OPEN, red)).toBeUndefined();
  });

  it('refuses hostile amounts, periods, deadlines and texts', async () => {
    const x = as('xinqu');
    const url = `/api/dispatch/periods/${OPEN}/projects/${ids.XM2023XQ004}`;
    for (const body of [{ monthWan: -1, cumulativeWan: 1 }, { monthWan: 1.00001, cumulativeWan: 2 }, { monthWan: '1', cumulativeWan: 2 }, { monthWan: 'NaN', cumulativeWan: 2 }, { monthWan: 1, cumulativeWan: 100_000_001 }, { monthWan: 1, cumulativeWan: 1e308 }, { monthWan: null, cumulativeWan: 1 }, { monthWan: 1, cumulativeWan: 2, progressText: 'x'.repeat(2001) }, { monthWan: 1, cumulativeWan: 2, reason: 'x'.repeat(501) }]) {
      expect((await x.put(url, body)).statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    const less = await x.put(url, { monthWan: 100, cumulativeWan: 50 });
    expect(less.json().error.code).toBe('DISPATCH_CUMULATIVE_LESS');
    for (const p of ['2026-13', '2026-00', '2026-1', '0000-01', '9999-12', '2026-11;1']) {
      const res = await as('fagai').post('/api/dispatch/periods', { period: p });
      expect(res.statusCode, p).toBe(400);
      expect([400, 404]).toContain((await x.get(`/api/dispatch/periods/${encodeURIComponent(p)}/board`)).statusCode);
    }
    // A period for a month that has not begun takes no figures.
    expect((await as('fagai').post('/api/dispatch/periods', { period: '2027-03' })).statusCode).toBe(400);
    // A deadline that is no date (it would never lock), already past, or before the month.
    for (const deadline of ['2025-13-45', '2025-02-30', '2026-11-19', '2025-11-30']) {
      const res = await as('fagai').post('/api/dispatch/periods', { period: '2025-12', deadline });
      expect(res.statusCode, deadline).toBe(400);
      expect(res.json().error.code).toBe('DISPATCH_DEADLINE_BAD');
    }
    expect((await t.app.gj.db.selectFrom('dispatch_periods').select('id').where('period', '=', '2025-12').execute()).length).toBe(0);
  });

  it('reads a hostile sheet row by row: a project twice, texts beyond the form\'s limits, a formula, another year\'s plan, a cumulative below the month', async () => {
    const x = as('xinqu');
    const rows = [
      ['XM2023XQ004', '智能物流装备产业园', null, 10, 500, '正常'],
      [null, '智能物流装备产业园', null, 99_999, 99_999, '同一项目再报一次'],
      ['XM2023XQ001', '高性能碳纤维复合材料项目', null, 10, 500, 'x'.repeat(2001)],
      ['XM2023XQ003', '新能源汽车电池结构件项目', null, { formula: 'SUM(1,2)' }, 500, null],
      ['XM2023XQ002', '船用低速机关键零部件项目', null, 100, 50, null],
    ];
    const report = (await upload(x, `/api/dispatch/import?unitId=${units.ZJXQ}&period=${OPEN}`, await sheet(rows))).json();
    const errorRows = report.errors.map((e: { row: number }) => e.row);
    // Sheet rows 3..7: the repeat (4), the long text (5) and the cumulative below the month (7) are row errors.
    expect(errorRows).toEqual(expect.arrayContaining([4, 5, 7]));
    expect(report.outcomes.map((o: { row: number }) => o.row)).not.toContain(4);
    expect(report.outcomes.filter((o: { projectId: number }) => o.projectId === ids.XM2023XQ004)).toHaveLength(1);
    expect(report.monthWan).toBeLessThan(99_999);
    const otherYear = (await upload(x, `/api/dispatch/import?unitId=${units.ZJXQ}&period=${OPEN}`, await sheet([['XM2023XQ004', '智能物流装备产业园', null, 1, 10, 500, null]], 11, '2025年计划投资'))).json();
    expect(otherYear.plansRecorded).toBe(0);
    expect(otherYear.errors.some((e: { message: string }) => e.message.includes('2025'))).toBe(true);
  });

  it('corrects a locked month from a sheet only with the reason the person gives', async () => {
    const x = as('xinqu');
    const id = ids.XM2023XQ004!;
    const oct = (await x.get(`/api/dispatch/periods/${LOCKED}/projects/${id}`)).json().versions[0];
    const file = await sheet([['XM2023XQ004', '智能物流装备产业园', null, oct.monthWan, oct.cumulativeWan + 1000, null]], 10);
    const silent = (await upload(x, `/api/dispatch/import?unitId=${units.ZJXQ}&period=${LOCKED}&commit=true`, file)).json();
    expect(silent.updated).toBe(0);
    expect(silent.errors[0].message).toContain('更正原因');
    expect((await x.get(`/api/dispatch/periods/${LOCKED}/projects/${id}`)).json().versions[0].version).toBe(oct.version);
    const given = (await upload(x, `/api/dispatch/import?unitId=${units.ZJXQ}&period=${LOCKED}&commit=true&reason=${encodeURIComponent('统计局核定数')}`, file)).json();
    expect(given.updated).toBe(1);
    const after = (await x.get(`/api/dispatch/periods/${LOCKED}/projects/${id}`)).json().versions[0];
    expect(after).toMatchObject({ version: oct.version + 1, correctionReason: '统计局核定数', cumulativeWan: oct.cumulativeWan + 1000 });
  });

  it('takes photos only for a listed project of a month still open (or opened again by a 补报)', async () => {
    const x = as('xinqu');
    const id = ids.XM2023XQ004!;
    expect((await upload(x, `/api/dispatch/periods/${OPEN}/projects/${id}/photos?name=site.png`, PNG)).statusCode).toBe(201);
    const locked = await upload(x, `/api/dispatch/periods/${LOCKED}/projects/${id}/photos?name=site.png`, PNG);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('DISPATCH_LOCKED');
    const svg = await upload(x, `/api/dispatch/periods/${OPEN}/projects/${id}/photos?name=x.svg`, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
    expect(svg.statusCode).toBe(400);
    const unlisted = (await x.post('/api/projects', { name: '未列入清单项目', hostUnitId: units.ZJXQ, totalInvestmentWan: 1000, stage: 'signed' })).json().id as number;
    expect((await upload(x, `/api/dispatch/periods/${OPEN}/projects/${unlisted}/photos?name=site.png`, PNG)).statusCode).toBe(409);
  });
});

describe('dispatch under attack: 补报 and races', () => {
  it('opens nothing with a refused grant, keeps a grant to its period and unit, and takes one pending request per unit and period', async () => {
    const s = as('jkjd');
    const f = as('fagai');
    const project = ids.XM2023JK003!;
    const pending = (await f.get(`/api/dispatch/periods/${LOCKED}/board`)).json().grants.find((g: { unitId: number; state: string }) => g.unitId === units['321102-JKL'] && g.state === 'pending');
    expect((await f.post(`/api/dispatch/late-requests/${pending.id}/decision`, { approve: false, reason: '理由不充分' })).statusCode).toBe(204);
    expect((await s.put(`/api/dispatch/periods/${LOCKED}/projects/${project}`, { monthWan: 1, cumulativeWan: 100 })).json().error.code).toBe('DISPATCH_LOCKED');
    // Twenty requests at once: one goes to the owner, the others are told one is waiting.
    const asks = await Promise.all(Array.from({ length: 20 }, () => s.post(`/api/dispatch/periods/${LOCKED}/late-requests`, { unitId: units['321102-JKL'], reason: '再次申请' })));
    expect(asks.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(asks.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(Array(19).fill('DISPATCH_LATE_PENDING'));
    const id = asks.find((r) => r.statusCode === 201)!.json().id as number;
    // Twenty approvals at once: one decision, the others told it is decided.
    const decisions = await Promise.all(Array.from({ length: 20 }, () => f.post(`/api/dispatch/late-requests/${id}/decision`, { approve: true })));
    expect(decisions.filter((r) => r.statusCode === 204)).toHaveLength(1);
    expect(decisions.filter((r) => r.statusCode === 409)).toHaveLength(19);
    expect((await t.app.gj.db.selectFrom('audit_log').select('id').where('action', '=', 'dispatch.late-approve').where('object_id', '=', String(id)).execute()).length).toBe(1);
    // The grant opens October for 健康路街道 only: not September, not 镇江新区.
    const fresh = (await s.post('/api/projects', { name: '补报范围测试项目', hostUnitId: units['321102-JKL'], totalInvestmentWan: 1000, stage: 'started' })).json().id as number;
    expect((await s.put(`/api/dispatch/key-projects/${fresh}/2026`, { levels: ['district'], planWan: 100 })).statusCode).toBe(204);
    expect((await s.put(`/api/dispatch/periods/2026-09/projects/${fresh}`, { monthWan: 1, cumulativeWan: 1 })).json().error.code).toBe('DISPATCH_LOCKED');
    const neighbour = (await as('xinqu').post('/api/projects', { name: '补报邻居测试项目', hostUnitId: units.ZJXQ, totalInvestmentWan: 1000, stage: 'started' })).json().id as number;
    expect((await as('xinqu').put(`/api/dispatch/key-projects/${neighbour}/2026`, { levels: ['district'], planWan: 100 })).statusCode).toBe(204);
    expect((await as('xinqu').put(`/api/dispatch/periods/${LOCKED}/projects/${neighbour}`, { monthWan: 1, cumulativeWan: 1 })).json().error.code).toBe('DISPATCH_LOCKED');
    expect((await s.put(`/api/dispatch/periods/${LOCKED}/projects/${project}`, { monthWan: 1, cumulativeWan: 100 })).json()).toMatchObject({ outcome: 'created' });
  });

  it('gives twenty openings of one period one winner, twenty list changes no failure, twenty corrections of a locked version one winner', async () => {
    const f = as('fagai');
    const opens = await Promise.all(Array.from({ length: 20 }, () => f.post('/api/dispatch/periods', { period: '2025-12' })));
    expect(opens.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(opens.filter((r) => r.statusCode === 409).map((r) => r.json().error.code)).toEqual(Array(19).fill('DISPATCH_PERIOD_EXISTS'));
    const x = as('xinqu');
    const fresh = (await x.post('/api/projects', { name: '并发清单项目', hostUnitId: units.ZJXQ, totalInvestmentWan: 1000, stage: 'started' })).json().id as number;
    const lists = await Promise.all(Array.from({ length: 20 }, (_, i) => x.put(`/api/dispatch/key-projects/${fresh}/2026`, i % 2 ? { levels: [], planWan: null } : { levels: ['district'], planWan: 100 + i })));
    expect(lists.filter((r) => r.statusCode >= 500)).toEqual([]);
    expect(lists.every((r) => r.statusCode === 204 || r.statusCode === 409)).toBe(true);
    const id = ids.XM2023XQ001!;
    const oct = (await x.get(`/api/dispatch/periods/${LOCKED}/projects/${id}`)).json().versions[0];
    const fixes = await Promise.all(Array.from({ length: 20 }, (_, i) => x.put(`/api/dispatch/periods/${LOCKED}/projects/${id}`, { monthWan: oct.monthWan, cumulativeWan: oct.cumulativeWan + 1 + i, version: oct.version, reason: '并发更正' })));
    expect(fixes.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(fixes.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const versions = (await x.get(`/api/dispatch/periods/${LOCKED}/projects/${id}`)).json().versions;
    expect(versions.filter((v: { current: boolean }) => v.current)).toHaveLength(1);
    expect(versions[1]).toMatchObject({ version: oct.version, cumulativeWan: oct.cumulativeWan });
  });

  it('records marking a notification read in the transaction that marks it', async () => {
    const f = as('fagai');
    const unread = (await f.get('/api/notifications?unread=true')).json().items[0];
    expect(unread).toBeDefined();
    const audit = t.app.gj.audit;
    const { append, appendAlone } = audit;
    audit.append = async () => {
      throw new Error('audit down');
    };
    audit.appendAlone = async () => {
      throw new Error('audit down');
    };
    try {
      expect((await f.post(`/api/notifications/${unread.id}/read`)).statusCode).toBe(500);
      expect((await f.post('/api/notifications/read-all')).statusCode).toBe(500);
    } finally {
      audit.append = append;
      audit.appendAlone = appendAlone;
    }
    const row = await t.app.gj.db.selectFrom('notifications').select('read_at').where('id', '=', unread.id).executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    expect((await f.post(`/api/notifications/${unread.id}/read`)).statusCode).toBe(204);
    expect((await t.app.gj.db.selectFrom('audit_log').select('id').where('action', '=', 'notification.read').where('object_id', '=', String(unread.id)).execute()).length).toBe(1);
  });
});
