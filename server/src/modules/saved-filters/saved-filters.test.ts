import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('saved filters', () => {
  it('keeps a user\u2019s named filters, replaces one saved again under its name, and shows them to nobody else', async () => {
    const xinqu = await t.login('xinqu');
    await xinqu.post('/api/saved-filters', { page: 'projects', name: '开工项目', query: 'stage=started' });
    await xinqu.post('/api/saved-filters', { page: 'projects', name: '开工项目', query: 'stage=started&above100m=true' });
    await xinqu.post('/api/saved-filters', { page: 'projects', name: '链上项目', query: 'chainId=1' });
    const mine = (await xinqu.get('/api/saved-filters?page=projects')).json().items;
    expect(mine.map((f: { name: string; query: string }) => `${f.name}:${f.query}`)).toEqual(['开工项目:stage=started&above100m=true', '链上项目:chainId=1']);
    const gaoxin = await t.login('gaoxin');
    expect((await gaoxin.get('/api/saved-filters?page=projects')).json().items).toEqual([]);
    expect((await gaoxin.delete(`/api/saved-filters/${mine[0].id}`)).statusCode).toBe(404);
    expect((await xinqu.post('/api/saved-filters', { page: 'nowhere', name: 'x', query: '' })).statusCode).toBe(400);
  });
});
