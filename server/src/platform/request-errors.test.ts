import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../test/harness.js';

/** What a client is told about a body the server cannot take: the real reason, never "check the marked fields" with none marked. */
let t: TestApp;
let xinqu: Agent;
beforeAll(async () => {
  t = await createTestApp();
  xinqu = await t.login('xinqu');
});
afterAll(async () => t.close());

const send = (url: string, contentType: string, payload: string) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: xinqu.cookie, 'x-csrf-token': xinqu.csrfToken, 'content-type': contentType }, payload });

describe('bodies the server cannot take', () => {
  it('calls a 50 MB body sent to a form a request body over the 2 MB limit, whatever its type, and not a file', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(50 * 1024 * 1024) });
    for (const type of ['application/json', 'text/plain']) {
      const res = await send('/api/projects', type, big);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code, type).toBe('REQUEST_BODY_TOO_LARGE');
      expect(res.json().error.message).toBe('请求内容超过 2 MB 上限。');
    }
  });

  it('still calls an oversized upload a file over the import limit', async () => {
    const res = await send(`/api/projects/import?unitId=${await t.unitId('ZJXQ')}`, 'application/octet-stream', 'x'.repeat(21 * 1024 * 1024));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(res.json().error.message).toBe('文件超过 20 MB 上限。');
  });

  it('says malformed JSON is not valid JSON, with no field to mark', async () => {
    const res = await send('/api/projects', 'application/json', '{"name": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('REQUEST_BODY_MALFORMED');
    expect(res.json().error.message).toBe('请求内容不是有效的 JSON，无法读取。');
    expect(res.json().error.details).toBeUndefined();
  });

  it('answers a date typed another way (2026/11/20) or no real day with a date message in the user\'s language', async () => {
    for (const [lang, expected] of [['zh-CN', '请填写实际存在的日期，如 2026-11-20。'], ['en-US', 'Enter a real date, such as 2026-11-20.']] as const) {
      for (const date of ['2026/11/20', '2026年11月20日', '2026-02-30']) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/leads',
          headers: { cookie: `${xinqu.cookie}; gj_lang=${lang}`, 'x-csrf-token': xinqu.csrfToken },
          payload: { title: '日期测试', enterpriseName: '日期测试有限公司', source: 'expo', firstContactDate: date },
        });
        expect(res.statusCode, date).toBe(400);
        expect(res.json().error.details, `${lang} ${date}`).toContainEqual(expect.objectContaining({ field: 'firstContactDate', message: expected }));
      }
    }
  });
});
