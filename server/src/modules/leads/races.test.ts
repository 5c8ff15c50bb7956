import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/**
 * Simultaneous writes (on PostgreSQL truly concurrent, on SQLite serialised by its one writer):
 * first registration is decided once per enterprise, and codes are handed out once.
 */
let t: TestApp;
let xinqu: Agent;
let gaoxin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  xinqu = await t.login('xinqu');
  gaoxin = await t.login('gaoxin');
});
afterAll(async () => t.close());

const lead = (name: string) => ({ title: '竞速项目', enterpriseName: name, source: 'expo', firstContactDate: '2026-06-01' });

describe('races', () => {
  it('gives each of 20 companies registered by two districts at once exactly one owner', async () => {
    const pairs = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const name = `竞速示例${i}号新材料有限公司`;
        const [a, b] = await Promise.all([xinqu.post('/api/leads', lead(name)), gaoxin.post('/api/leads', lead(name))]);
        return { name, a, b };
      }),
    );
    const codes = new Set<string>();
    for (const { name, a, b } of pairs) {
      expect([a.statusCode, b.statusCode], name).toEqual([201, 201]);
      const answers = [a.json(), b.json()];
      codes.add(answers[0].code).add(answers[1].code);
      // One owner, one conflict, whichever came first.
      expect(answers.filter((x) => x.conflict === null), name).toHaveLength(1);
      const credits = await t.app.gj.db.selectFrom('credits').select(['object_id', 'share']).where('object_type', '=', 'lead').where('object_id', 'in', [answers[0].id, answers[1].id]).execute();
      expect(credits, name).toHaveLength(1);
      expect(credits[0]!.share).toBe(100);
    }
    expect(codes.size).toBe(40);
  });

  it('lets exactly one of 50 status changes sent with the same version win (the rest 409, one timeline event)', async () => {
    const created = await xinqu.post('/api/leads', lead('并发状态示例新材料有限公司'));
    expect(created.statusCode).toBe(201);
    const id = created.json().id as number;
    const version = (await xinqu.get(`/api/leads/${id}`)).json().version;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => xinqu.post(`/api/leads/${id}/status`, i % 2 ? { status: 'negotiating', version } : { status: 'abandoned', reason: `第${i}次`, version })));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200 || c === 204)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const events = await t.app.gj.db.selectFrom('lead_events').select('kind').where('lead_id', '=', id).where('kind', '=', 'status').execute();
    expect(events).toHaveLength(1);
  });

  it('creates projects from eight clients at once, each with its own code', async () => {
    const unit = await t.unitId('ZJXQ');
    const gxUnit = await t.unitId('ZJGXQ');
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? gaoxin : xinqu).post('/api/projects', { name: `并发项目${i}`, hostUnitId: i % 2 ? gxUnit : unit, totalInvestmentWan: 100 + i })));
    expect(created.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(created.map((r) => r.json().code)).size).toBe(8);
  });
});
