import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/**
 * 一门帮办 on both databases: the serving unit registers an enterprise and opens its contact's
 * account; the contact uploads a milestone's evidence from the portal; the project's unit confirms
 * it and the stage moves — and nobody outside sees any of it.
 */
let t: TestApp;
let qiye: Agent;
let xinqu: Agent;
let gaoxin: Agent;
let jkjd: Agent;
let fagai: Agent;
let projectId: number;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const upload = (agent: Agent, url: string, body: Buffer) => t.app.inject({ method: 'POST', url, payload: body, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream' } });
const today = () => new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  [qiye, xinqu, gaoxin, jkjd, fagai] = await Promise.all([t.login('qiye'), t.login('xinqu'), t.login('gaoxin'), t.login('jkjd'), t.login('fagai')]);
  projectId = (await t.app.gj.db.selectFrom('projects').select('id').where('code', '=', 'XM2023XQ003').executeTakeFirstOrThrow()).id;
});
afterAll(async () => t.close());

describe('enterprise contacts, opened by the serving unit', () => {
  let enterpriseId: number;

  it('lets a district register an enterprise it serves, once per credit code', async () => {
    const res = await xinqu.post('/api/enterprises', { uscc: '91321191ma1teq001l', name: '镇江测试精密制造有限公司' });
    expect(res.statusCode).toBe(201);
    enterpriseId = res.json().id;
    const again = await gaoxin.post('/api/enterprises', { uscc: '91321191MA1TEQ001L', name: '同一家企业' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('镇江新区');
    expect((await xinqu.post('/api/enterprises', { uscc: '91321191MA1TEQ002P', name: '越权登记企业', servingUnitId: await t.unitId('ZJGXQ') })).statusCode).toBe(400);
    expect((await fagai.post('/api/enterprises', { uscc: '91321191MA1TEQ003T', name: '无权登记企业' })).statusCode).toBe(403);
    const mine = (await xinqu.get('/api/enterprises?q=精密')).json();
    expect(mine.items).toEqual([expect.objectContaining({ id: enterpriseId, uscc: '91321191MA1TEQ001L', servingUnitName: '镇江新区', contacts: 0 })]);
    expect((await gaoxin.get('/api/enterprises?q=精密')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('opens the contact’s account with a one-time password, for the serving unit only; the contact sees its own enterprise', async () => {
    for (const who of [gaoxin, jkjd]) expect((await who.post(`/api/enterprises/${enterpriseId}/contacts`, { username: 'jingmi_li', displayName: '李经理', phone: '13912340000' })).statusCode, who.username).toBe(404);
    expect((await (await t.login('admin')).post(`/api/enterprises/${enterpriseId}/contacts`, { username: 'jingmi_li', displayName: '李经理', phone: '13912340000' })).statusCode).toBe(403);
    const res = await xinqu.post(`/api/enterprises/${enterpriseId}/contacts`, { username: 'jingmi_li', displayName: '李经理', phone: '13912340000' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { initialPassword } = res.json();
    expect((await xinqu.post(`/api/enterprises/${enterpriseId}/contacts`, { username: 'jingmi_li', displayName: '重复', phone: '13912340001' })).statusCode).toBe(409);
    expect((await xinqu.get(`/api/enterprises/${enterpriseId}/contacts`)).json().items).toEqual([expect.objectContaining({ username: 'jingmi_li', displayName: '李经理', disabled: false })]);
    // First login: the password must be replaced; then the portal is the enterprise's own.
    const contact = await t.login('jingmi_li', initialPassword);
    expect((await contact.get('/api/me')).json()).toMatchObject({ mustChangePassword: true });
    expect((await contact.post('/api/account/password', { currentPassword: initialPassword, newPassword: 'Jingmi#Portal2026' })).statusCode).toBe(204);
    const portal = (await (await t.login('jingmi_li', 'Jingmi#Portal2026')).get('/api/portal')).json();
    expect(portal.enterprise).toMatchObject({ uscc: '91321191MA1TEQ001L', name: '镇江测试精密制造有限公司', servingUnitName: '镇江新区' });
    expect(portal.projects).toEqual([]);
    const audit = await t.app.gj.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'user.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail!)).toMatchObject({ username: 'jingmi_li', uscc: '91321191MA1TEQ001L', role: 'enterprise' });
  });
});

describe('milestone evidence from the portal', () => {
  let evidenceId: number;

  it('takes the enterprise’s evidence of a stage ahead of its project, and refuses what does not fit', async () => {
    const url = (q: string) => `/api/portal/projects/${projectId}/evidence?${q}`;
    const res = await upload(qiye, url(`stage=registered&reachedOn=${today()}&kind=license&name=${encodeURIComponent('营业执照.png')}`), PNG);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ stage: 'registered', status: 'pending', fileName: '营业执照.png', submittedBy: '冯丽' });
    evidenceId = res.json().id;
    expect((await upload(qiye, url(`stage=signed&reachedOn=${today()}&kind=photo&name=a.png`), PNG)).json().error.code).toBe('EVIDENCE_STAGE_REACHED');
    expect((await upload(qiye, url(`stage=started&reachedOn=2999-01-01&kind=photo&name=a.png`), PNG)).json().error.code).toBe('EVIDENCE_DATE_FUTURE');
    expect((await upload(qiye, url(`stage=started&reachedOn=${today()}&kind=photo&name=a.png`), Buffer.from('MZ not a picture'))).statusCode).toBe(400);
    const other = (await t.app.gj.db.selectFrom('projects').select('id').where('code', '=', 'XM2023XQ001').executeTakeFirstOrThrow()).id;
    expect((await upload(qiye, `/api/portal/projects/${other}/evidence?stage=completed&reachedOn=${today()}&kind=photo&name=a.png`, PNG)).statusCode).toBe(404);
    expect((await upload(xinqu, url(`stage=started&reachedOn=${today()}&kind=photo&name=a.png`), PNG)).statusCode).toBe(403);
    expect((await qiye.get('/api/portal')).json().projects[0].evidence).toEqual([expect.objectContaining({ id: evidenceId, status: 'pending' })]);
  });

  it('shows it to the project’s unit and not to the next district; the unit confirms it and the stage moves on its date', async () => {
    expect((await xinqu.get(`/api/projects/${projectId}/evidence`)).json().items.map((e: { id: number }) => e.id)).toEqual([evidenceId]);
    expect((await gaoxin.get(`/api/projects/${projectId}/evidence`)).statusCode).toBe(404);
    expect((await gaoxin.get(`/api/projects/${projectId}/evidence/${evidenceId}/file`)).statusCode).toBe(404);
    expect((await gaoxin.post(`/api/projects/${projectId}/evidence/${evidenceId}/decide`, { approve: true })).statusCode).toBe(404);
    expect((await qiye.get(`/api/projects/${projectId}/evidence/${evidenceId}/file`)).rawPayload.equals(PNG)).toBe(true);
    expect((await xinqu.post(`/api/projects/${projectId}/evidence/${evidenceId}/decide`, { approve: false })).json().error.code).toBe('EVIDENCE_REASON_REQUIRED');

    // Two reviewers at once: one decides, the other is told it is done.
    const xinqu2 = await t.login('xinqu2');
    const both = await Promise.all([xinqu.post(`/api/projects/${projectId}/evidence/${evidenceId}/decide`, { approve: true }), xinqu2.post(`/api/projects/${projectId}/evidence/${evidenceId}/decide`, { approve: true })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const project = (await xinqu.get(`/api/projects/${projectId}`)).json();
    expect(project.stage).toBe('registered');
    expect(project.stages.find((s: { stage: string }) => s.stage === 'registered').actualDate).toBe(today());
    expect((await qiye.get('/api/portal')).json().projects[0]).toMatchObject({ stage: 'registered', evidence: [expect.objectContaining({ status: 'confirmed', decidedBy: expect.stringMatching(/^(赵磊|钱晓东)$/) })] });
    const notices = await t.app.gj.db.selectFrom('notifications').select('kind').where('user_id', '=', await t.userId('qiye')).where('kind', '=', 'evidence-decided').execute();
    expect(notices).toHaveLength(1);
    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('object_type', '=', 'project').where('object_id', '=', String(projectId)).orderBy('id').execute();
    expect(audit.map((a) => a.action).slice(-3)).toEqual(['evidence.download', 'project.stage', 'evidence.confirm']);
  });
});
