import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { escalateOverdueHandoffs } from './service.js';

let t: TestApp;
const agents: Record<string, Agent> = {};
const login = async (...names: string[]) => {
  for (const n of names) agents[n] = await t.login(n);
};
// Friday 2026-06-12 10:00 in China.
beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-06-12T02:00:00Z') });
  await login('xinqu', 'gaoxin', 'shangwu', 'jingkou', 'leader', 'jkjd');
});
afterAll(async () => t.close());

const lead = (over: Record<string, unknown> = {}) => ({
  title: '高端装备制造基地项目',
  enterpriseName: '江苏恒顺醋业股份有限公司',
  source: 'office_shanghai',
  firstContactDate: '2026-06-01',
  estimatedInvestmentWan: 80000,
  contactName: '李经理',
  contactPhone: '13912345678',
  ...over,
});

async function relogin() {
  // Days pass on the test clock: sessions end (idle timeout) as they would in life.
  await login(...Object.keys(agents));
}

describe('leads: ownership and conflicts (首报, 防撞车)', () => {
  it('gives the first unit the lead, marks a later unit’s registration a conflict, and leaks nothing but the owner’s name and date', async () => {
    const first = await agents.xinqu!.post('/api/leads', lead());
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ conflict: null });
    expect(first.json().code).toMatch(/^XS2026\d{5}$/);

    // Before saving, 高新区 is shown who registered it — and nothing else.
    const check = (await agents.gaoxin!.post('/api/leads/check', { enterpriseName: '恒顺醋业（江苏）有限公司' })).json();
    expect(check.conflict).toEqual({ ownerUnitName: '镇江新区', registeredAt: '2026-06-12' });
    expect(JSON.stringify(check)).not.toMatch(/李经理|1391|80000|高端装备/);

    const later = await agents.gaoxin!.post('/api/leads', lead({ enterpriseName: '恒顺醋业（江苏）有限公司', title: '恒顺新厂', contactName: '王总', contactPhone: '13800001111' }));
    expect(later.statusCode).toBe(201);
    expect(later.json().conflict).toEqual({ ownerUnitName: '镇江新区', registeredAt: '2026-06-12' });
    const mine = (await agents.gaoxin!.get(`/api/leads/${later.json().id}`)).json();
    expect(mine).toMatchObject({ inConflict: true, conflict: { ownerUnitName: '镇江新区', registeredAt: '2026-06-12' }, conflictWith: null, access: 'holder' });
    expect(JSON.stringify(mine)).not.toMatch(/李经理|1391|高端装备/);
    // The owner's lead itself is not there for 高新区.
    expect((await agents.gaoxin!.get(`/api/leads/${first.json().id}`)).statusCode).toBe(404);
    expect((await agents.gaoxin!.patch(`/api/leads/${first.json().id}`, { remarks: 'x', version: 1 })).statusCode).toBe(404);
    // The phone is masked in the detail; the holder may unmask it (audited), nobody else.
    const own = (await agents.xinqu!.get(`/api/leads/${first.json().id}`)).json();
    expect(own.contactPhoneMasked).toBe('139****5678');
    expect((await agents.xinqu!.get(`/api/leads/${first.json().id}/contact`)).json().contactPhone).toBe('13912345678');
    expect((await agents.gaoxin!.get(`/api/leads/${first.json().id}/contact`)).statusCode).toBe(404);
    const stored = await t.app.gj.db.selectFrom('leads').select('contact_phone_enc').where('id', '=', first.json().id).executeTakeFirstOrThrow();
    expect(stored.contact_phone_enc).not.toContain('13912345678');
    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('object_type', '=', 'lead').where('object_id', '=', String(first.json().id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['lead.create', 'lead.contact-unmask']));
  });

  it('matches by credit code even when the names differ, and a project counts as a registration', async () => {
    const uscc = '91321100MA1XYW1239';
    const a = await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '甲方新材料有限公司', uscc }));
    expect(a.json().conflict).toBeNull();
    const b = await agents.jingkou!.post('/api/leads', lead({ enterpriseName: '完全不同的名字有限公司', uscc }));
    expect(b.json().conflict).toMatchObject({ ownerUnitName: '镇江新区' });
    // Different credit codes decide "different", whatever the names say.
    const c = await agents.jingkou!.post('/api/leads', lead({ enterpriseName: '甲方新材料有限公司', uscc: '91320500MA1ABC5671' }));
    expect(c.json().conflict).toBeNull();
    // The demo's project of 中复神鹰 in 镇江新区: a later lead for the company elsewhere conflicts with it.
    const d = await agents.gaoxin!.post('/api/leads', lead({ enterpriseName: '中复神鹰碳纤维(江苏)有限责任公司' }));
    expect(d.json().conflict).toMatchObject({ ownerUnitName: '镇江新区' });
  });

  it('does not call a unit’s own subtree a conflict, and shows near names as candidates', async () => {
    await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '镇江大全电气有限公司' }));
    const check = (await agents.xinqu!.post('/api/leads/check', { enterpriseName: '大全电气（镇江）有限公司' })).json();
    expect(check.conflict).toBeNull();
    expect(check.same).toEqual([expect.objectContaining({ unitName: '镇江新区', visible: true })]);
    const near = (await agents.gaoxin!.post('/api/leads/check', { enterpriseName: '大全电器有限公司' })).json();
    expect(near.conflict).toBeNull();
    // Another unit's near name shows only what it shares with what was typed, plus unit and date.
    expect(near.near[0]).toMatchObject({ enterpriseName: '＊＊大全电＊有限公司', unitName: '镇江新区', visible: false });
    expect(near.near[0].similarity).toBeGreaterThanOrEqual(0.6);
    // The holder's own unit sees its own record in full.
    const own = (await agents.xinqu!.post('/api/leads/check', { enterpriseName: '大全电器有限公司' })).json();
    expect(own.near[0]).toMatchObject({ enterpriseName: '镇江大全电气有限公司', visible: true });
  });

  it('offers near names only for a full company name, masks them, limits and audits the look-ups', async () => {
    await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '博世汽车部件（苏州）有限公司' }));
    // A fragment cannot fish for other districts' companies.
    const fragment = (await agents.gaoxin!.post('/api/leads/check', { enterpriseName: '汽车部件' })).json();
    expect(fragment).toMatchObject({ conflict: null, same: [], near: [] });
    const full = (await agents.gaoxin!.post('/api/leads/check', { enterpriseName: '博世汽车零部件有限公司' })).json();
    expect(full.near).toEqual([expect.objectContaining({ enterpriseName: '博世汽车部件＊＊＊＊有限公司', unitName: '镇江新区', visible: false })]);
    expect(JSON.stringify(full)).not.toContain('苏州');
    const audited = await t.app.gj.db.selectFrom('audit_log').select(['detail', 'user_id']).where('action', '=', 'lead.check').where('user_id', '=', await t.userId('gaoxin')).execute();
    expect(audited.map((a) => JSON.parse(a.detail!).enterpriseName)).toEqual(expect.arrayContaining(['汽车部件', '博世汽车零部件有限公司']));
    // Past the per-minute limit: 429 in the user's language, and the count is per user.
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) last = (await agents.gaoxin!.post('/api/leads/check', { enterpriseName: `示例${i}有限公司` })).statusCode;
    expect(last).toBe(429);
    const refused = await agents.gaoxin!.post('/api/leads/check', { enterpriseName: '示例有限公司' });
    expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('查询过于频繁') });
    expect((await agents.xinqu!.post('/api/leads/check', { enterpriseName: '示例有限公司' })).statusCode).toBe(200);
    t.clock.advanceMinutes(1);
    expect((await agents.gaoxin!.post('/api/leads/check', { enterpriseName: '示例有限公司' })).statusCode).toBe(200);
  });

  it('does not let a rename dodge the first registration', async () => {
    await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '改名示例精工有限公司' }));
    t.clock.advanceMinutes(1);
    const mine = (await agents.gaoxin!.post('/api/leads', lead({ enterpriseName: '另一家示例有限公司' }))).json();
    expect(mine.conflict).toBeNull();
    const renamed = (await agents.gaoxin!.patch(`/api/leads/${mine.id}`, { enterpriseName: '改名示例精工（江苏）有限公司', version: 1 })).json();
    expect(renamed).toMatchObject({ inConflict: true, conflict: { ownerUnitName: '镇江新区' }, credits: [] });
    expect((await agents.shangwu!.get('/api/lead-conflicts')).json().items.map((c: { leadId: number }) => c.leadId)).toContain(mine.id);
  });

  it('lets the commerce bureau arbitrate: split the credit, with a reason on both timelines and in the audit trail', async () => {
    const owner = (await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '南京电气集团有限公司' }))).json();
    const later = (await agents.gaoxin!.post('/api/leads', lead({ enterpriseName: '南京电气有限公司' }))).json();
    expect(later.conflict).not.toBeNull();
    const queue = (await agents.shangwu!.get('/api/lead-conflicts')).json().items;
    expect(queue.find((q: { leadId: number }) => q.leadId === later.id)).toMatchObject({ ownerKind: 'lead', ownerId: owner.id, ownerUnitName: '镇江新区', unitName: '镇江高新区' });
    expect((await agents.xinqu!.get('/api/lead-conflicts')).statusCode).toBe(403);
    expect((await agents.shangwu!.post(`/api/lead-conflicts/${later.id}/decide`, { decision: 'split', reason: '两区共同对接' })).json().error.code).toBe('LEAD_SHARE_REQUIRED');
    expect((await agents.shangwu!.post(`/api/lead-conflicts/${later.id}/decide`, { decision: 'split', ownerShare: 60, reason: '两区共同对接，新区首报' })).statusCode).toBe(204);
    const survivor = (await agents.shangwu!.get(`/api/leads/${owner.id}`)).json();
    expect(survivor.credits.map((c: { unitName: string; share: number }) => [c.unitName, c.share])).toEqual([
      ['镇江新区', 60],
      ['镇江高新区', 40],
    ]);
    expect(survivor.timeline[0]).toMatchObject({ kind: 'arbitration', to: 'split', reason: '两区共同对接，新区首报' });
    // 高新区's own lead closes as merged; it now follows the surviving lead, read only.
    const closed = (await agents.gaoxin!.get(`/api/leads/${later.id}`)).json();
    expect(closed).toMatchObject({ status: 'merged', inConflict: false });
    expect(closed.timeline[0]).toMatchObject({ kind: 'arbitration', to: 'split' });
    const followed = await agents.gaoxin!.get(`/api/leads/${owner.id}`);
    expect(followed.json().access).toBe('watcher');
    expect((await agents.gaoxin!.post(`/api/leads/${owner.id}/followups`, { kind: 'progress', note: 'x' })).json().error.code).toBe('LEAD_READ_ONLY');
    const audit = await t.app.gj.db.selectFrom('audit_log').select('detail').where('action', '=', 'lead.arbitrate').where('object_id', '=', String(later.id)).executeTakeFirstOrThrow();
    expect(audit.detail).toContain('两区共同对接');
    // Decided once: a second decision is refused.
    expect((await agents.shangwu!.post(`/api/lead-conflicts/${later.id}/decide`, { decision: 'confirm', reason: '再次' })).statusCode).toBe(409);
  });

  it('transfers ownership to the later unit when the bureau decides so', async () => {
    const owner = (await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '上海电气集团股份有限公司' }))).json();
    const later = (await agents.jingkou!.post('/api/leads', lead({ enterpriseName: '上海电气' }))).json();
    expect((await agents.shangwu!.post(`/api/lead-conflicts/${later.id}/decide`, { decision: 'transfer', reason: '京口区已实质洽谈' })).statusCode).toBe(204);
    expect((await agents.xinqu!.get(`/api/leads/${owner.id}`)).json().status).toBe('transferred');
    const now = (await agents.jingkou!.get(`/api/leads/${later.id}`)).json();
    expect(now).toMatchObject({ inConflict: false, status: 'new' });
    expect(now.credits).toEqual([expect.objectContaining({ unitName: '京口区', share: 100 })]);
    // 镇江新区 follows the lead it lost, read only.
    expect((await agents.xinqu!.get(`/api/leads/${later.id}`)).json().access).toBe('watcher');
  });
});

describe('leads: service deadlines', () => {
  it('shows what is due, lists overdue leads for the unit and the city, and meets deadlines with follow-ups', async () => {
    const created = (await agents.jkjd!.post('/api/leads', lead({ enterpriseName: '健康路示例科技有限公司' }))).json();
    let d = (await agents.jkjd!.get(`/api/leads/${created.id}`)).json();
    expect(d.deadlines.map((x: { kind: string; state: string }) => `${x.kind}:${x.state}`)).toEqual(['respond:due', 'assess:due', 'feedback:due', 'progress:due']);
    expect(d.nextDueKind).toBe('respond');
    t.clock.advanceDays(2);
    await relogin();
    d = (await agents.jkjd!.get(`/api/leads/${created.id}`)).json();
    expect(d.deadlines[0]).toMatchObject({ kind: 'respond', state: 'overdue' });
    expect(d.overdue).toBe(true);
    const unitOverdue = (await agents.jkjd!.get('/api/leads?overdue=true&pageSize=200')).json();
    expect(unitOverdue.items.map((i: { id: number }) => i.id)).toContain(created.id);
    const cityOverdue = (await agents.leader!.get('/api/leads?overdue=true&pageSize=200')).json();
    expect(cityOverdue.items.map((i: { id: number }) => i.id)).toContain(created.id);
    // A feedback means it was answered and assessed too; then progress is due two weeks later.
    d = (await agents.jkjd!.post(`/api/leads/${created.id}/followups`, { kind: 'feedback', note: '企业有意向，已反馈' })).json();
    expect(d.deadlines.slice(0, 3).map((x: { state: string }) => x.state)).toEqual(['done', 'done', 'done']);
    expect(d).toMatchObject({ status: 'following', nextDueKind: 'progress', overdue: false });
    expect(new Date(d.nextDueAt).getTime() - t.clock.now().getTime()).toBe(14 * 86_400_000);
    expect((await agents.jkjd!.get('/api/leads?overdue=true&pageSize=200')).json().items.map((i: { id: number }) => i.id)).not.toContain(created.id);
  });
});

describe('leads: hand-offs (信息流转)', () => {
  it('hands a lead over; the receiver accepts; credit follows the agreed rule and the sender keeps read access only', async () => {
    const created = (await agents.jingkou!.post('/api/leads', lead({ enterpriseName: '航空发动机叶片示例有限公司' }))).json();
    const gaoxinUnit = await t.unitId('ZJGXQ');
    const h = await agents.jingkou!.post(`/api/leads/${created.id}/handoffs`, { toUnitId: gaoxinUnit, reason: '高新区航空产业园更匹配', senderShare: 30, version: 1 });
    expect(h.statusCode).toBe(201);
    // The receiver can read it while deciding; a second hand-off waits for the first.
    expect((await agents.gaoxin!.get(`/api/leads/${created.id}`)).json().access).toBe('receiver');
    expect((await agents.jingkou!.post(`/api/leads/${created.id}/handoffs`, { toUnitId: gaoxinUnit, reason: '重复', version: 2 })).json().error.code).toBe('LEAD_HANDOFF_PENDING');
    const inbox = (await agents.gaoxin!.get('/api/lead-handoffs?box=in')).json().items;
    expect(inbox[0]).toMatchObject({ id: h.json().id, state: 'pending', fromUnitName: '京口区', senderShare: 30 });
    // Five working days from Friday: the next Friday.
    expect(inbox[0].dueAt.slice(0, 10)).toBe('2026-06-19');
    expect((await agents.jingkou!.post(`/api/lead-handoffs/${h.json().id}/accept`, {})).statusCode).toBe(403);
    expect((await agents.gaoxin!.post(`/api/lead-handoffs/${h.json().id}/accept`, { reason: '接收' })).statusCode).toBe(204);
    const now = (await agents.gaoxin!.get(`/api/leads/${created.id}`)).json();
    expect(now).toMatchObject({ unitName: '镇江高新区', access: 'holder' });
    expect(now.credits.map((c: { unitName: string; share: number }) => [c.unitName, c.share])).toEqual([
      ['镇江高新区', 70],
      ['京口区', 30],
    ]);
    expect(now.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['handoff', 'handoff-accept']));
    const sender = (await agents.jingkou!.get(`/api/leads/${created.id}`)).json();
    expect(sender.access).toBe('watcher');
    expect((await agents.jingkou!.patch(`/api/leads/${created.id}`, { remarks: '还想改', version: now.version })).json().error.code).toBe('LEAD_READ_ONLY');
    expect((await agents.xinqu!.get(`/api/leads/${created.id}`)).statusCode).toBe(404);
  });

  it('declines with a reason (the lead stays), and escalates an unanswered hand-off to the commerce bureau after five working days', async () => {
    const gaoxinUnit = await t.unitId('ZJGXQ');
    const a = (await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '流转婉拒示例有限公司' }))).json();
    const ha = (await agents.xinqu!.post(`/api/leads/${a.id}/handoffs`, { toUnitId: gaoxinUnit, reason: '试试', version: 1 })).json();
    expect((await agents.gaoxin!.post(`/api/lead-handoffs/${ha.id}/decline`, {})).statusCode).toBe(400);
    expect((await agents.gaoxin!.post(`/api/lead-handoffs/${ha.id}/decline`, { reason: '产业不匹配' })).statusCode).toBe(204);
    expect((await agents.xinqu!.get(`/api/leads/${a.id}`)).json()).toMatchObject({ unitName: '镇江新区', access: 'holder' });
    expect((await agents.gaoxin!.get(`/api/leads/${a.id}`)).statusCode).toBe(404);

    const b = (await agents.xinqu!.post('/api/leads', lead({ enterpriseName: '流转超时示例有限公司' }))).json();
    const hb = (await agents.xinqu!.post(`/api/leads/${b.id}/handoffs`, { toUnitId: gaoxinUnit, reason: '请接收', version: 1 })).json();
    t.clock.advanceDays(4);
    expect((await escalateOverdueHandoffs(t.app.gj)).escalated).toBe(0);
    t.clock.advanceDays(4); // past the fifth working day (a weekend in between)
    expect((await escalateOverdueHandoffs(t.app.gj)).escalated).toBe(1);
    await relogin();
    const escalated = (await agents.shangwu!.get('/api/lead-handoffs?box=escalated')).json().items;
    expect(escalated.map((e: { id: number }) => e.id)).toContain(hb.id);
    expect((await agents.xinqu!.get('/api/lead-handoffs?box=escalated')).json().items).toEqual([]);
    // The bureau decides for the silent receiver.
    expect((await agents.shangwu!.post(`/api/lead-handoffs/${hb.id}/accept`, { reason: '逾期未答复，由市商务局指定接收' })).statusCode).toBe(204);
    const d = (await agents.gaoxin!.get(`/api/leads/${b.id}`)).json();
    expect(d).toMatchObject({ unitName: '镇江高新区', access: 'holder' });
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['handoff-escalate', 'handoff-accept']));
  });
});

describe('leads: field work, conversion, statistics', () => {
  it('logs activities, converts a signed lead into a project with lineage both ways, and counts it all per unit and staff', async () => {
    const created = (await agents.gaoxin!.post('/api/leads', lead({ enterpriseName: '转化示例新能源有限公司', chainId: null }))).json();
    const act = await agents.gaoxin!.post(`/api/leads/${created.id}/activities`, { type: 'visit', date: t.clock.now().toISOString().slice(0, 10), place: '上海市浦东新区', ourPeople: '孙悦', theirPeople: '李总', notes: '实地走访' });
    expect(act.statusCode).toBe(201);
    const afterVisit = (await agents.gaoxin!.get(`/api/leads/${created.id}`)).json();
    expect(afterVisit.deadlines.map((x: { kind: string; state: string }) => `${x.kind}:${x.state}`)).toEqual(['respond:done', 'assess:due', 'feedback:due', 'progress:due']);
    const gaoxinUnit = await t.unitId('ZJGXQ');
    const conv = await agents.gaoxin!.post(`/api/leads/${created.id}/convert`, { hostUnitId: gaoxinUnit, signedDate: '2026-06-20', version: afterVisit.version });
    expect(conv.statusCode).toBe(201);
    const project = (await agents.gaoxin!.get(`/api/projects/${conv.json().projectId}`)).json();
    expect(project).toMatchObject({ name: '高端装备制造基地项目', investorName: '转化示例新能源有限公司', stage: 'signed', signedDate: '2026-06-20', totalInvestmentWan: 80000, sourceChannel: 'office_shanghai' });
    const row = await t.app.gj.db.selectFrom('projects').select('lead_id').where('id', '=', conv.json().projectId).executeTakeFirstOrThrow();
    expect(row.lead_id).toBe(created.id);
    expect((await agents.gaoxin!.get(`/api/leads/${created.id}`)).json()).toMatchObject({ status: 'signed', projectId: conv.json().projectId, deadlines: [] });
    expect((await agents.gaoxin!.post(`/api/leads/${created.id}/convert`, { hostUnitId: gaoxinUnit, signedDate: '2026-06-20', version: 99 })).statusCode).toBe(409);
    // The bureau may log field work, but converting needs project rights.
    expect((await agents.shangwu!.post(`/api/leads/${created.id}/convert`, { hostUnitId: gaoxinUnit, signedDate: '2026-06-20', version: 1 })).statusCode).toBe(403);
    const stats = (await agents.gaoxin!.get('/api/leads/stats?year=2026')).json();
    const unit = stats.units.find((u: { unitName: string }) => u.unitName === '镇江高新区');
    expect(unit.leads).toBeGreaterThanOrEqual(1);
    expect(unit).toMatchObject({ activities: 1, visits: 1, conversions: 1 });
    expect(stats.staff.find((s: { userName: string }) => s.userName === '孙悦')).toMatchObject({ conversions: 1, activities: 1 });
    // Nothing outside the scope: 高新区 does not see 新区's figures.
    expect(stats.units.map((u: { unitName: string }) => u.unitName)).not.toContain('镇江新区');
    const city = (await agents.leader!.get('/api/leads/stats?year=2026')).json();
    expect(city.units.map((u: { unitName: string }) => u.unitName)).toEqual(expect.arrayContaining(['镇江新区', '镇江高新区', '京口区']));
    // A unit with no leads this year is listed at 0 (news, not a gap): 润州区 and 蒋乔街道 among them.
    expect(city.units.find((u: { unitName: string }) => u.unitName === '润州区')).toMatchObject({ leads: 0, activities: 0, conversions: 0 });
    expect(stats.units.find((u: { unitName: string }) => u.unitName === '蒋乔街道')).toMatchObject({ unitKind: 'street' });
  });

  it('refuses bad input field by field, in the user’s language', async () => {
    const res = await agents.xinqu!.post('/api/leads', { title: 'x', enterpriseName: '', source: '朋友', firstContactDate: '2026-02-30' }, { 'accept-language': 'en-US' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field).sort()).toEqual(['enterpriseName', 'firstContactDate', 'source', 'title']);
  });

  it('exports the leads in scope, phones never included', async () => {
    const res = await agents.xinqu!.get('/api/leads/export');
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(res.rawPayload.includes(Buffer.from('13912345678'))).toBe(false);
  });
});
