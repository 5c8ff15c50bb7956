import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { hashPassword } from '../../platform/password.js';
import { insertUnit } from '../units/index.js';
import { insertUser } from '../users/index.js';
import { DEMO_PASSWORD } from '../../seed/demo-data.js';
import { remindAndEscalate } from './index.js';

/**
 * Problems from 反映 to 销号 on both databases: the round trip, who sees what (another enterprise,
 * another district, an unrelated department), deadlines and escalation on a controlled clock, the
 * agenda, races, and the department scorecard against figures counted by hand.
 */
let t: TestApp;
let qiye: Agent;
let fagai: Agent;
let ziguiju: Agent;
let xinqu: Agent;
let gaoxin: Agent;
let otherEnterprise: Agent;
let rsj: Agent;
const ids: Record<string, number> = {};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]);

async function relogin() {
  [qiye, fagai, ziguiju, xinqu, gaoxin, otherEnterprise, rsj] = await Promise.all([t.login('qiye'), t.login('fagai'), t.login('ziguiju'), t.login('xinqu'), t.login('gaoxin'), t.login('qiye2'), t.login('renshe')]);
}

/** A user of a new unit (or an existing one) with a built-in role, written as the seed writes users. */
async function addUser(username: string, unitId: number, role: string) {
  const db = t.app.gj.db;
  const roleId = (await db.selectFrom('roles').select('id').where('code', '=', role).executeTakeFirstOrThrow()).id;
  await db.transaction().execute(async (trx) => insertUser(trx, { username, displayName: username, unitId, passwordHash: await hashPassword(DEMO_PASSWORD), mustChangePassword: false, phoneEnc: null, roleIds: [roleId] }, t.clock.now()));
}

const upload = (agent: Agent, url: string, body: Buffer) => t.app.inject({ method: 'POST', url, payload: body, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream' } });

beforeAll(async () => {
  // Early March 2023: nothing of the demo's problems falls in the year the scorecard test counts.
  t = await createTestApp({ start: new Date('2023-03-01T02:00:00Z') });
  const db = t.app.gj.db;
  const now = t.clock.now();
  // A second enterprise, served by 高新区, with its own contact; and a user of 市人社局, a department not handling the problem.
  const unit = await insertUnit(db, { code: 'ZJGXQ-QY-T', name: '测试另一企业有限公司', kind: 'enterprise', parentId: await t.unitId('ZJGXQ'), sortOrder: 9 }, now);
  await db.insertInto('enterprises').values({ uscc: '91321100MA1TEST00X', name: '测试另一企业有限公司', unit_id: unit.id, serving_unit_id: await t.unitId('ZJGXQ'), created_at: now.toISOString(), updated_at: now.toISOString() }).execute();
  await addUser('qiye2', unit.id, 'enterprise');
  await addUser('renshe', await t.unitId('ZJ-RSJ'), 'department');
  await relogin();
  ids.zgj = await t.unitId('ZJ-ZGJ');
  ids.rsj = await t.unitId('ZJ-RSJ');
  ids.spj = await t.unitId('ZJ-SPJ');
  ids.ownProject = (await db.selectFrom('projects').select('id').where('code', '=', 'XM2023XQ003').executeTakeFirstOrThrow()).id;
  ids.gaoxinProject = (await db.selectFrom('projects').select('id').where('code', '=', 'XM2023GX001').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t.close());

describe('problems: raise → assign → answer → return → answer → confirm', () => {
  it('runs the whole round trip, each step on the timeline and in the audit trail', async () => {
    const raised = await qiye.post('/api/problems', { title: '厂房消防验收', category: 'permit', description: '二期厂房消防验收排期过长，影响投产。', projectId: ids.ownProject });
    expect(raised.statusCode).toBe(201);
    const id = (ids.trip = raised.json().id);
    expect(raised.json().code).toMatch(/^WT2023\d{5}$/);
    expect((await qiye.get(`/api/problems/${id}`)).json()).toMatchObject({ status: 'raised', enterpriseName: '江苏某新能源科技有限公司', unitName: '新区新材料产业园', can: { assign: false, confirm: false } });

    // 手续审批 defaults to 15 days from 交办.
    const assigned = await fagai.post(`/api/problems/${id}/assign`, { unitId: ids.zgj, coUnitIds: [ids.spj] });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json()).toMatchObject({ status: 'assigned', leadUnitName: '市自然资源和规划局', dueDate: '2023-03-16', coUnits: [{ name: '市行政审批局' }] });

    expect((await qiye.post(`/api/problems/${id}/answer`, { text: '自己答复' })).statusCode).toBe(403);
    expect((await ziguiju.get(`/api/problems/${id}`)).json().can).toMatchObject({ answer: true, confirm: false });
    expect((await ziguiju.post(`/api/problems/${id}/answer`, { text: '已协调消防部门提前验收。' })).json()).toMatchObject({ status: 'answered' });
    expect((await ziguiju.post(`/api/problems/${id}/answer`, { text: '再答一次' })).statusCode).toBe(409);

    const noReason = await qiye.post(`/api/problems/${id}/confirm`, { satisfied: false });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.code).toBe('PROBLEM_REASON_REQUIRED');
    expect((await qiye.post(`/api/problems/${id}/confirm`, { satisfied: false, reason: '未给出验收日期' })).json()).toMatchObject({ status: 'returned', returnedCount: 1 });
    expect((await ziguiju.post(`/api/problems/${id}/answer`, { text: '验收定于 3 月 10 日。' })).json()).toMatchObject({ status: 'answered' });
    expect((await qiye.post(`/api/problems/${id}/confirm`, { satisfied: true })).json().error.code).toBe('PROBLEM_RATING_REQUIRED');
    const closed = (await qiye.post(`/api/problems/${id}/confirm`, { satisfied: true, rating: 4 })).json();
    expect(closed).toMatchObject({ status: 'closed', rating: 4 });
    expect(closed.events.map((e: { kind: string }) => e.kind)).toEqual(['raised', 'assigned', 'answered', 'returned', 'answered', 'closed']);
    // 超时倒查: the office held it until 交办, then the department, the enterprise, the department, the enterprise.
    expect(closed.holdings.map((h: { unitName: string }) => h.unitName)).toEqual(['市发改委', '市自然资源和规划局', '江苏某新能源科技有限公司', '市自然资源和规划局', '江苏某新能源科技有限公司']);
    expect(closed.holdings.every((h: { to: string | null }) => h.to !== null)).toBe(true);

    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('object_type', '=', 'problem').where('object_id', '=', String(id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['problem.raise', 'problem.assign', 'problem.answer', 'problem.return', 'problem.answer', 'problem.close']);
    expect((await qiye.post(`/api/problems/${id}/confirm`, { satisfied: true, rating: 5 })).json().error.code).toBe('PROBLEM_STATE');
  });

  it('refuses what the rules refuse: a handler that is not a department, another enterprise’s project, a project outside the scope, an assigner without the right', async () => {
    const id = (await xinqu.post('/api/problems', { title: '规则测试', category: 'other', description: '规则测试描述' })).json().id;
    const notDept = await fagai.post(`/api/problems/${id}/assign`, { unitId: await t.unitId('ZJXQ') });
    expect(notDept.statusCode).toBe(400);
    expect(notDept.json().error.code).toBe('PROBLEM_HANDLER_BAD');
    expect((await fagai.post(`/api/problems/${id}/assign`, { unitId: ids.zgj, dueDate: '2023-03-01' })).json().error.code).toBe('PROBLEM_DUE_BAD');
    expect((await xinqu.post(`/api/problems/${id}/assign`, { unitId: ids.zgj })).statusCode).toBe(403);
    expect((await qiye.post('/api/problems', { title: '别人的项目', category: 'land', description: '不是我的项目', projectId: ids.gaoxinProject })).json().error.code).toBe('PROBLEM_PROJECT_BAD');
    expect((await xinqu.post('/api/problems', { title: '别区的项目', category: 'land', description: '不在本区范围', projectId: ids.gaoxinProject })).json().error.code).toBe('PROBLEM_PROJECT_BAD');
    // Raised about a project, the problem belongs to the project's host (here a park under 新区).
    expect((await xinqu.post('/api/problems', { title: '园区项目', category: 'land', description: '园区项目的问题', projectId: ids.ownProject })).statusCode).toBe(201);
  });
});

describe('problems: who sees what', () => {
  it('shows the problem to the enterprise, its district, the handling departments and the city; 404 to another enterprise, another district and an unrelated department, and nothing in their lists', async () => {
    const id = (ids.scoped = (await qiye.post('/api/problems', { title: '范围测试问题', category: 'finance', description: '流动资金贷款需求 5000 万元。' })).json().id);
    await fagai.post(`/api/problems/${id}/assign`, { unitId: ids.zgj, coUnitIds: [ids.spj] });
    for (const who of [qiye, xinqu, ziguiju, fagai, await t.login('leader')]) expect((await who.get(`/api/problems/${id}`)).statusCode, who.username).toBe(200);
    for (const who of [otherEnterprise, gaoxin, rsj, await t.login('jingkou'), await t.login('jkjd')]) {
      expect((await who.get(`/api/problems/${id}`)).statusCode, who.username).toBe(404);
      const list = (await who.get('/api/problems?pageSize=200')).json();
      expect(list.items.map((p: { id: number }) => p.id), who.username).not.toContain(id);
      // Writing to it is as unknown as reading it (a department has no 确认 right at all: 403 before anything).
      expect((await who.post(`/api/problems/${id}/confirm`, { satisfied: true, rating: 5 })).statusCode, who.username).toBe(who === rsj ? 403 : 404);
      expect((await upload(who, `/api/problems/${id}/attachments?name=x.png`, PNG)).statusCode, who.username).toBe(404);
      if (who === rsj) expect((await rsj.post(`/api/problems/${id}/answer`, { text: '越权答复' })).statusCode).toBe(404);
    }
    // An enterprise sees only its own problems, by any list.
    const mine = (await qiye.get('/api/problems?pageSize=200')).json();
    expect(mine.items.every((p: { enterpriseName: string | null }) => p.enterpriseName === '江苏某新能源科技有限公司')).toBe(true);
    expect(mine.total).toBe(mine.items.length);
    expect((await otherEnterprise.get('/api/problems')).json()).toMatchObject({ items: [], total: 0 });
    // The department's inbox holds what it handles.
    const inbox = (await ziguiju.get('/api/problems?handling=mine&pageSize=200')).json();
    expect(inbox.items.map((p: { id: number }) => p.id)).toContain(id);
  });

  it('keeps the city’s papers from enterprises: the agenda for city-wide readers, the scorecard for officers', async () => {
    expect((await qiye.get('/api/problems/agenda')).statusCode).toBe(403);
    expect((await xinqu.get('/api/problems/agenda')).statusCode).toBe(403);
    expect((await qiye.get('/api/problems/scorecard?year=2023')).statusCode).toBe(403);
    expect((await ziguiju.get('/api/problems/scorecard?year=2023')).statusCode).toBe(200);
  });

  it('opens the portal to enterprise contacts only, with their own projects', async () => {
    const portal = (await qiye.get('/api/portal')).json();
    expect(portal.enterprise).toMatchObject({ name: '江苏某新能源科技有限公司', uscc: '91321191MA1W8XQ03X', servingUnitName: '镇江新区' });
    expect(portal.projects.map((p: { code: string }) => p.code)).toEqual(['XM2023XQ003']);
    expect(portal.projects[0].milestones.length).toBeGreaterThan(3);
    expect((await otherEnterprise.get('/api/portal')).json().projects).toEqual([]);
    expect((await xinqu.get('/api/portal')).statusCode).toBe(403);
  });

  it('takes photos from the raising side and the handlers, checks them by content, and audits downloads', async () => {
    const id = ids.scoped;
    const added = await upload(qiye, `/api/problems/${id}/attachments?name=${encodeURIComponent('现场照片.png')}`, PNG);
    expect(added.statusCode).toBe(201);
    expect((await upload(ziguiju, `/api/problems/${id}/attachments?name=reply.png`, PNG)).statusCode).toBe(201);
    const fake = await upload(qiye, `/api/problems/${id}/attachments?name=photo.png`, Buffer.from('MZ\x90\x00 not an image at all'));
    expect(fake.statusCode).toBe(400);
    const download = await fagai.get(`/api/problems/${id}/attachments/${added.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PNG)).toBe(true);
    expect((await gaoxin.get(`/api/problems/${id}/attachments/${added.json().id}`)).statusCode).toBe(404);
    const detail = (await qiye.get(`/api/problems/${id}`)).json();
    expect(detail.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(['现场照片.png', 'reply.png']);
  });
});

describe('problems: races', () => {
  it('lets exactly one of ten confirmations sent at once win (the rest 409), with one closing event', async () => {
    const id = (await qiye.post('/api/problems', { title: '并发确认', category: 'other', description: '并发确认测试' })).json().id;
    await fagai.post(`/api/problems/${id}/assign`, { unitId: ids.zgj });
    await ziguiju.post(`/api/problems/${id}/answer`, { text: '已办理' });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => qiye.post(`/api/problems/${id}/confirm`, i % 2 ? { satisfied: true, rating: 5 } : { satisfied: false, reason: '并发退回' })));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(9);
    const events = await t.app.gj.db.selectFrom('problem_events').select('kind').where('problem_id', '=', id).where('kind', 'in', ['closed', 'returned']).execute();
    expect(events).toHaveLength(1);
  });

  it('lets exactly one of ten assignments sent with the same version win', async () => {
    const id = (await xinqu.post('/api/problems', { title: '并发交办', category: 'other', description: '并发交办测试' })).json().id;
    const answers = await Promise.all(Array.from({ length: 10 }, () => fagai.post(`/api/problems/${id}/assign`, { unitId: ids.zgj, version: 1 })));
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.statusCode === 409)).toHaveLength(9);
    expect(await t.app.gj.db.selectFrom('problem_events').select('id').where('problem_id', '=', id).where('kind', '=', 'assigned').execute()).toHaveLength(1);
  });
});

describe('problems: deadlines, escalation and the agenda', () => {
  it('reminds before the deadline once, escalates after it once, and lists it on the agenda with who held it', async () => {
    const id = (ids.late = (await xinqu.post('/api/problems', { title: '超期测试问题', category: 'labour', description: '招工难，需人社部门支持。' })).json().id);
    await fagai.post(`/api/problems/${id}/assign`, { unitId: ids.zgj, dueDate: '2023-03-06' });
    const gj = t.app.gj;
    expect(await remindAndEscalate(gj)).toEqual({ reminded: 0, escalated: 0 });
    t.clock.advanceDays(3); // 03-04: within the 3-day reminder window
    expect(await remindAndEscalate(gj)).toEqual({ reminded: 1, escalated: 0 });
    expect(await remindAndEscalate(gj)).toEqual({ reminded: 0, escalated: 0 });
    const zgjUser = await t.userId('ziguiju');
    const reminders = await gj.db.selectFrom('notifications').select('kind').where('user_id', '=', zgjUser).where('kind', '=', 'problem-reminder').where('link', '=', `/problems/${id}`).execute();
    expect(reminders).toHaveLength(1);
    t.clock.advanceDays(3); // 03-07: past the deadline
    await relogin();
    expect(await remindAndEscalate(gj)).toEqual({ reminded: 0, escalated: 1 });
    expect(await remindAndEscalate(gj)).toEqual({ reminded: 0, escalated: 0 });
    const agenda = (await fagai.get('/api/problems/agenda')).json().items;
    const item = agenda.find((a: { id: number }) => a.id === id);
    expect(item).toMatchObject({ escalated: true, overdue: true, daysOverdue: 1, leadUnitName: '市自然资源和规划局' });
    expect(item.holdings.at(-1)).toMatchObject({ unitName: '市自然资源和规划局', to: null, days: 6 });

    const decided = await fagai.post(`/api/problems/${id}/decisions`, { text: '由市人社局牵头办理，一周内办结。', meetingDate: '2023-03-07' });
    expect(decided.statusCode).toBe(200);
    const doc = await fagai.get('/api/problems/agenda.docx');
    expect(doc.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(doc.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('超期测试问题');
    expect(xml).toContain('由市人社局牵头办理');
    expect(xml).toContain('调度会议题清单');

    // Reassigned by the meeting's decision: a new clock for the new department, off the agenda.
    await fagai.post(`/api/problems/${id}/assign`, { unitId: ids.rsj });
    expect((await fagai.get('/api/problems/agenda')).json().items.map((a: { id: number }) => a.id)).not.toContain(id);
    expect((await rsj.get(`/api/problems/${id}`)).json()).toMatchObject({ status: 'assigned', leadUnitName: '市人社局', escalated: false, dueDate: '2023-03-17' });
  });
});

describe('problems: the department scorecard', () => {
  it('counts received, closed, median days, overdue rate, satisfaction and send-backs as counted by hand', async () => {
    // A fresh instance on 2023-03-01 (China 10:00), so the year holds only these four problems.
    const s = await createTestApp({ start: new Date('2023-03-01T02:00:00Z') });
    try {
      let [xq, fg, zg] = await Promise.all([s.login('xinqu'), s.login('fagai'), s.login('ziguiju')]);
      const zgj = await s.unitId('ZJ-ZGJ');
      const rsj = await s.unitId('ZJ-RSJ');
      const raise = async (title: string, category: string) => (await xq.post('/api/problems', { title, category, description: `${title}描述` })).json().id as number;
      const p1 = await raise('评分一', 'land');
      const p2 = await raise('评分二', 'permit');
      const p3 = await raise('评分三', 'labour');
      const p4 = await raise('评分四', 'other');
      await fg.post(`/api/problems/${p1}/assign`, { unitId: zgj }); // due 03-31
      await fg.post(`/api/problems/${p2}/assign`, { unitId: zgj, dueDate: '2023-03-10' });
      await fg.post(`/api/problems/${p3}/assign`, { unitId: rsj, dueDate: '2023-03-08' });
      await fg.post(`/api/problems/${p4}/assign`, { unitId: zgj, dueDate: '2023-04-20' });
      const day = async (n: number) => {
        s.clock.advanceDays(n);
        [xq, fg, zg] = await Promise.all([s.login('xinqu'), s.login('fagai'), s.login('ziguiju')]);
      };
      await day(4); // 03-05
      await zg.post(`/api/problems/${p1}/answer`, { text: '已办' });
      await day(1); // 03-06: closed after 5 days
      await xq.post(`/api/problems/${p1}/confirm`, { satisfied: true, rating: 5 });
      await day(6); // 03-12: answered late, sent back
      await zg.post(`/api/problems/${p2}/answer`, { text: '已办' });
      await xq.post(`/api/problems/${p2}/confirm`, { satisfied: false, reason: '未办完' });
      await day(1); // 03-13
      await zg.post(`/api/problems/${p2}/answer`, { text: '已办完' });
      await day(2); // 03-15: closed after 14 days
      await xq.post(`/api/problems/${p2}/confirm`, { satisfied: true, rating: 3 });
      await day(18); // 04-02
      await zg.post(`/api/problems/${p4}/answer`, { text: '已办' });
      await day(1); // 04-03: closed after 33 days
      await xq.post(`/api/problems/${p4}/confirm`, { satisfied: true, rating: 4 });
      await day(7); // 04-10
      const card = (await fg.get('/api/problems/scorecard?year=2023')).json();
      const rows = card.items as { unitName: string; month: string }[];
      const row = (unit: string, month: string) => rows.find((r) => r.unitName === unit && r.month === month);
      expect(row('市自然资源和规划局', '2023-03')).toEqual({ unitId: zgj, unitName: '市自然资源和规划局', month: '2023-03', received: 3, closed: 2, medianDaysToClose: 9.5, due: 2, late: 1, overdueRate: 50, satisfaction: 4, returned: 1 });
      expect(row('市自然资源和规划局', '2023-04')).toEqual({ unitId: zgj, unitName: '市自然资源和规划局', month: '2023-04', received: 0, closed: 1, medianDaysToClose: 33, due: 0, late: 0, overdueRate: null, satisfaction: 4, returned: 0 });
      expect(row('市人社局', '2023-03')).toMatchObject({ received: 1, closed: 0, medianDaysToClose: null, overdueRate: 100, satisfaction: null, returned: 0 });
      // Every department, every month to date, zeros included.
      expect(row('市科技局', '2023-01')).toMatchObject({ received: 0, closed: 0 });
      expect(rows.filter((r) => r.month === '2023-05')).toEqual([]);
      const departments = new Set(rows.map((r) => r.unitName));
      expect(rows).toHaveLength(departments.size * 4);
      // The year's figures from the problems themselves: the median of 5, 14 and 33 days, not of the months' medians.
      expect(card.totals.find((r: { unitName: string }) => r.unitName === '市自然资源和规划局')).toEqual({ unitId: zgj, unitName: '市自然资源和规划局', month: '2023', received: 3, closed: 3, medianDaysToClose: 14, due: 2, late: 1, overdueRate: 50, satisfaction: 4, returned: 1 });
      expect(card.totals).toHaveLength(departments.size);

      // The same figures as indicators a scheme can rank departments on: closed 3; first answered by
      // the deadline 1 of 2 due (P2 answered late) = 50 %; 5, 3 and 4 stars = 80 %. 人社局: 0, 0 of 1, none rated.
      const sw = await s.login('shangwu');
      const targets = [zgj, rsj].flatMap((unitId) => [
        { unitId, indicatorCode: 'problem_closed', value: 4 },
        { unitId, indicatorCode: 'problem_on_time', value: 80 },
        { unitId, indicatorCode: 'problem_satisfaction', value: 90 },
      ]);
      expect((await sw.put('/api/targets', { year: 2023, items: targets })).statusCode).toBe(200);
      const scheme = await sw.post('/api/rankings/schemes', { validFrom: '2023-01-01', definition: { method: 'efficacy', weights: { problem_closed: 40, problem_on_time: 30, problem_satisfaction: 30 }, bonuses: [], deductions: [] } });
      expect(scheme.statusCode, scheme.body).toBe(200);
      const board = (await sw.get('/api/rankings?year=2023&asOf=2023-04-10')).json();
      const figures = (unit: string) => Object.fromEntries(board.items.find((i: { unitName: string }) => i.unitName === unit).indicators.map((i: { code: string; value: number | null }) => [i.code, i.value]));
      expect(figures('市自然资源和规划局')).toEqual({ problem_closed: 3, problem_on_time: 50, problem_satisfaction: 80 });
      expect(figures('市人社局')).toEqual({ problem_closed: 0, problem_on_time: 0, problem_satisfaction: null });
      expect(board.items.map((i: { unitName: string; rank: number; score: number }) => [i.unitName, i.rank, i.score])).toEqual([
        ['市自然资源和规划局', 1, 100],
        ['市人社局', 2, 60],
      ]);
    } finally {
      await s.close();
    }
  });
});
