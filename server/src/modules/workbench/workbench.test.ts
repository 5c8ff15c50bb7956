import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { remindMissingReports } from '../dispatch/index.js';

let t: TestApp;
let xinqu: Agent;
let gaoxin: Agent;
let fagai: Agent;
let projectId: number;
/** The demo's open period (this month's, seeded relative to today) and its deadline. */
let period: string;
let deadline: string;

beforeAll(async () => {
  t = await createTestApp();
  const open = await t.app.gj.db.selectFrom('dispatch_periods').select(['period', 'deadline']).orderBy('period', 'desc').executeTakeFirstOrThrow();
  ({ period, deadline } = open);
  // Two days before the deadline (China time): inside the reminder window.
  const target = new Date(`${deadline}T02:00:00Z`).getTime() - 2 * 86_400_000;
  t.clock.advance(Math.max(0, target - t.clock.now().getTime()));
  [xinqu, gaoxin, fagai] = await Promise.all([t.login('xinqu'), t.login('gaoxin'), t.login('fagai')]);
  const created = await xinqu.post('/api/projects', { name: '工作台测试项目', hostUnitId: await t.unitId('ZJXQ'), totalInvestmentWan: 20_000, stage: 'signed' });
  expect(created.statusCode, created.body).toBe(201);
  projectId = created.json().id;
});
afterAll(async () => t.close());

describe('reminders, the inbox and the workbench', () => {
  it('reminds the unit that has not filed, once per period however often the job runs', async () => {
    expect((await fagai.post('/api/dispatch/periods', { period })).statusCode).toBe(409);
    expect((await xinqu.put(`/api/dispatch/key-projects/${projectId}/${period.slice(0, 4)}`, { levels: ['district'], planWan: 12_000 })).statusCode).toBe(204);
    const [first, second] = await Promise.all([remindMissingReports(t.app.gj), remindMissingReports(t.app.gj)]);
    expect(first.periods + second.periods).toBe(1);
    expect((await remindMissingReports(t.app.gj)).periods).toBe(0);
    const inbox = (await xinqu.get('/api/notifications')).json();
    const reminder = inbox.items.find((n: { kind: string }) => n.kind === 'dispatch-reminder');
    expect(reminder.title).toMatch(new RegExp(`${period} 月度调度将于 ${deadline} 截止，镇江新区尚有 \\d+ 个重点项目未填报。`));
    expect(reminder.link).toBe(`/dispatch/reports?period=${period}&state=missing`);
    expect(inbox.unread).toBeGreaterThan(0);
    // Nobody of the next district is told about 镇江新区.
    const theirs = (await gaoxin.get('/api/notifications')).json().items.filter((n: { kind: string }) => n.kind === 'dispatch-reminder');
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.every((n: { title: string }) => n.title.includes('镇江高新区') && !n.title.includes('镇江新区'))).toBe(true);
    // Marking another user's notification changes nothing; one's own, it is read.
    await gaoxin.post(`/api/notifications/${reminder.id}/read`);
    expect((await xinqu.get('/api/notifications?unread=true')).json().items.some((n: { id: number }) => n.id === reminder.id)).toBe(true);
    await xinqu.post(`/api/notifications/${reminder.id}/read`);
    expect((await xinqu.get('/api/notifications?unread=true')).json().items.some((n: { id: number }) => n.id === reminder.id)).toBe(false);
  });

  it('lists what each person has to do, as links to the rows', async () => {
    const mine = (await xinqu.get('/api/workbench')).json();
    const due = mine.todos.find((x: { kind: string }) => x.kind === 'dispatch-due');
    expect(due).toMatchObject({ link: `/dispatch/reports?period=${period}&state=missing`, title: `${period} 月度调度待填报`, urgent: true });
    expect(due.count).toBeGreaterThanOrEqual(1);
    const english = (await xinqu.get('/api/workbench', { 'accept-language': 'en-US' })).json();
    expect(english.todos.find((x: { kind: string }) => x.kind === 'dispatch-due').title).toBe(`${period} monthly reports to file`);
    // Filing clears it; the light appears in the figures.
    expect((await xinqu.put(`/api/dispatch/periods/${period}/projects/${projectId}`, { monthWan: 100, cumulativeWan: 200 })).statusCode).toBe(200);
    const after = (await xinqu.get('/api/workbench')).json();
    expect(after.todos.find((x: { kind: string; count: number }) => x.kind === 'dispatch-due')?.count ?? 0).toBe(due.count - 1);
    expect(after.figures.lights).toMatchObject({ period });
    expect(after.figures.lights.red).toBeGreaterThanOrEqual(1);
    // Problems, by who acts next in the demo: the office has one to assign and two on the agenda;
    // the land bureau holds what was assigned to it; the enterprise has an answer to confirm.
    const todo = async (who: string, kind: string) => (await (await t.login(who)).get('/api/workbench')).json().todos.find((x: { kind: string }) => x.kind === kind);
    expect(await todo('fagai', 'problems-to-assign')).toMatchObject({ count: 1, link: '/problems?status=raised', title: '待交办的问题', urgent: true });
    expect(await todo('fagai', 'problems-escalated')).toMatchObject({ count: 2, link: '/problems/agenda' });
    expect((await todo('ziguiju', 'problems-held'))?.count ?? 0).toBe(0);
    expect(await todo('qiye', 'problems-to-confirm')).toMatchObject({ count: 1, link: '/portal' });
    expect(await todo('gaoxin', 'problems-to-confirm')).toBeUndefined();
    // The administrators have nothing of the business to do.
    const admin = (await (await t.login('admin')).get('/api/workbench')).json();
    expect(admin).toEqual({ todos: [], figures: { lights: null } });
  });
});
