import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let xinqu: Agent;
let projectId: number;
beforeAll(async () => {
  t = await createTestApp();
  xinqu = await t.login('xinqu');
  projectId = (await xinqu.post('/api/projects', { name: '附件测试项目', hostUnitId: await t.unitId('ZJXQ'), totalInvestmentWan: 100 })).json().id;
});
afterAll(async () => t.close());

const attach = (agent: Agent, name: string, bytes: Buffer) =>
  t.app.inject({ method: 'POST', url: `/api/projects/${projectId}/attachments?name=${encodeURIComponent(name)}`, payload: bytes, headers: { 'content-type': 'application/octet-stream', cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } });

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('签约协议扫描件')]);

describe('project attachments', () => {
  it('keeps a file, lists it, gives the same bytes back, and audits the download', async () => {
    const res = await attach(xinqu, '投资协议.pdf', PDF);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ fileName: '投资协议.pdf', mime: 'application/pdf', size: PDF.length });
    expect((await xinqu.get(`/api/projects/${projectId}/attachments`)).json().items.map((x: { id: number }) => x.id)).toEqual([a.id]);
    const download = await xinqu.get(`/api/projects/${projectId}/attachments/${a.id}`);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers['content-disposition']).toContain(encodeURIComponent('投资协议.pdf'));
    const audited = await t.app.gj.db.selectFrom('audit_log').select('username').where('action', '=', 'project.attachment-download').execute();
    expect(audited.map((r) => r.username)).toEqual(['xinqu']);
    expect((await (await t.login('gaoxin')).get(`/api/projects/${projectId}/attachments/${a.id}`)).statusCode).toBe(404);
    expect((await xinqu.delete(`/api/projects/${projectId}/attachments/${a.id}`)).statusCode).toBe(204);
    expect((await xinqu.get(`/api/projects/${projectId}/attachments/${a.id}`)).statusCode).toBe(404);
  });

  it('refuses a renamed executable and a file over 20 MB', async () => {
    const exe = await attach(xinqu, '协议.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.code).toBe('ATTACHMENT_TYPE');
    const mismatch = await attach(xinqu, '照片.png', PDF);
    expect(mismatch.json().error.code).toBe('ATTACHMENT_TYPE');
    const big = await attach(xinqu, '大文件.pdf', Buffer.concat([Buffer.from('%PDF'), Buffer.alloc(21 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect((await xinqu.get(`/api/projects/${projectId}/attachments`)).json().items).toEqual([]);
  });
});
