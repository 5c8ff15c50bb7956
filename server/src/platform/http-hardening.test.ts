import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

/** Issue 8, finding 7 (platform part): refused reads audited, unsafe characters stripped, the body limit named, the API description closed outside the demo. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function projectIdOf(code: string): Promise<number> {
  return (await t.app.gj.db.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

describe('refused reads are in the audit trail', () => {
  it("records gaoxin's 404 on a 镇江新区 project, once a minute per route however often it is tried", async () => {
    const gaoxin = await t.login('gaoxin');
    const id = await projectIdOf('XM2023XQ001');
    const denied = () => t.app.gj.db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').where('username', '=', 'gaoxin').orderBy('id').execute();
    expect((await gaoxin.get(`/api/projects/${id}`)).statusCode).toBe(404);
    const [row] = await denied();
    expect(row).toMatchObject({ result: 'failure', object_type: 'request', object_id: String(id), unit_id: await t.unitId('ZJGXQ') });
    expect(JSON.parse(row!.detail!)).toMatchObject({ method: 'GET', route: '/api/projects/:id', url: `/api/projects/${id}`, status: 404, error: 'NOT_FOUND', unrecordedBefore: 0 });
    // A sweep over ids within the minute adds no rows; the next minute's record says how many there were.
    for (let i = 0; i < 5; i++) expect((await gaoxin.get(`/api/projects/${id}`)).statusCode).toBe(404);
    expect(await denied()).toHaveLength(1);
    t.clock.advance(61_000);
    await gaoxin.get(`/api/projects/${id}`);
    const rows = await denied();
    expect(rows).toHaveLength(2);
    expect(JSON.parse(rows[1]!.detail!)).toMatchObject({ unrecordedBefore: 5 });
  });

  it('records a read refused for want of permission (403)', async () => {
    const xinqu = await t.login('xinqu');
    expect((await xinqu.get('/api/audit')).statusCode).toBe(403);
    const row = await t.app.gj.db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').where('username', '=', 'xinqu').executeTakeFirstOrThrow();
    expect(JSON.parse(row.detail!)).toMatchObject({ route: '/api/audit', status: 403, error: 'FORBIDDEN' });
  });
});

describe('input sanitising', () => {
  it('strips control and bidirectional characters from names before validation and storage', async () => {
    const admin = await t.login('admin');
    const res = await admin.post('/api/units', { code: 'ZJXQ-\u0000BIDI', name: '\uFEFF新区\u202E园区\u0000一\u200B号\u2066', kind: 'park', parentId: await t.unitId('ZJXQ') });
    expect(res.statusCode).toBe(201);
    const stored = await t.app.gj.db.selectFrom('units').select(['code', 'name']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ code: 'ZJXQ-BIDI', name: '新区园区一号' });
    // Tabs and line breaks are text, not controls: kept.
    const xinqu = await t.login('xinqu');
    const saved = await xinqu.post('/api/saved-filters', { page: 'projects', name: '甲\t乙\u202D', query: 'q=\u0007a\nb' });
    expect(saved.json()).toMatchObject({ name: '甲\t乙', query: 'q=a\nb' });
  });

  it('strips them from query strings too', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get(`/api/audit?username=${encodeURIComponent('\u202Eauditor\u0000')}&pageSize=1`);
    expect(res.statusCode, res.body).toBe(200);
    // The auditor's own login is in the trail: found only if the name arrived stripped.
    expect(res.json().items[0]?.username).toBe('auditor');
  });
});

describe('request body limit', () => {
  it('names the request body and the real limit in the user’s language, not a file of 20 MB', async () => {
    const admin = await t.login('admin');
    const body = { code: 'BIG', name: 'x'.repeat(3 * 1024 * 1024), kind: 'park', parentId: 1 };
    const zh = await admin.post('/api/units', body);
    expect(zh.statusCode).toBe(413);
    expect(zh.json().error).toMatchObject({ code: 'REQUEST_BODY_TOO_LARGE', message: '请求内容超过 2 MB 上限。' });
    const en = await admin.post('/api/units', body, { 'accept-language': 'en-US' });
    expect(en.json().error.message).toBe('The request body is larger than the 2 MB limit.');
  });
});

describe('API description', () => {
  it('is public in the demo', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
  });

  it('needs a session outside the demo', async () => {
    const prod = await createTestApp({ demo: false });
    try {
      for (const url of ['/api/openapi.json', '/api/docs', '/api/docs/json']) {
        const res = await prod.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(401);
        expect(res.body).not.toContain('/api/projects');
      }
      const xinqu = await prod.login('xinqu');
      expect((await xinqu.get('/api/openapi.json')).json().paths).toHaveProperty('/api/projects');
      expect((await xinqu.get('/api/docs/json')).statusCode).toBe(200);
    } finally {
      await prod.close();
    }
  });
});
