import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let fagai: Agent;
let xinqu: Agent;
beforeAll(async () => {
  t = await createTestApp();
  fagai = await t.login('fagai');
  xinqu = await t.login('xinqu');
});
afterAll(async () => t.close());

describe('the industry-chain taxonomy', () => {
  it('adds a chain valid from a date, retires an old one, and projects keep theirs', async () => {
    const created = await fagai.post('/api/chains', { code: 'hydrogen-energy', name: '氢能源', cluster: '未来产业', validFrom: '2026-01-01' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: 'hydrogen-energy', name: '氢能源', validTo: null, projects: 0 });
    expect((await fagai.post('/api/chains', { code: 'hydrogen-energy', name: '氢能2', cluster: '未来产业', validFrom: '2026-01-01' })).json().error.code).toBe('CHAIN_CODE_TAKEN');
    expect((await fagai.post('/api/chains', { code: 'h2', name: '氢能源', cluster: '未来产业', validFrom: '2026-01-01', validTo: '2025-01-01' })).json().error.code).toBe('CHAIN_VALIDITY');

    const chains = (await fagai.get('/api/chains')).json().items;
    const materials = chains.find((c: { code: string }) => c.code === 'advanced-materials');
    expect(materials.projects).toBeGreaterThan(0);
    const retired = await fagai.patch(`/api/chains/${materials.id}`, { validTo: '2026-12-31' });
    expect(retired.json()).toMatchObject({ validTo: '2026-12-31', projects: materials.projects });
    const project = (await fagai.get(`/api/projects?chainId=${materials.id}&pageSize=1`)).json().items[0];
    expect(project.chainName).toBe('高性能材料');
    const audit = await t.app.gj.db.selectFrom('audit_log').select('action').where('object_type', '=', 'chain').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['chain.create', 'chain.update']);
  });

  it('is edited only with chain:write', async () => {
    expect((await xinqu.post('/api/chains', { code: 'x-chain', name: '某链', cluster: '某群', validFrom: '2026-01-01' })).statusCode).toBe(403);
    expect((await xinqu.get('/api/chains')).statusCode).toBe(200);
  });
});
