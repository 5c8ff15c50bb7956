import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES, stageIndex, type Stage } from '../../../../common/projects.js';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/**
 * Optimistic writes fired together with the same version: exactly one wins, the rest answer 409
 * and change nothing (on PostgreSQL the writers truly overlap; on SQLite the writer is alone).
 */
let t: TestApp;
let xinqu: Agent;
beforeAll(async () => {
  t = await createTestApp();
  xinqu = await t.login('xinqu');
});
afterAll(async () => t.close());

async function createProjects(n: number, prefix: string) {
  const unit = await t.unitId('ZJXQ');
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await xinqu.post('/api/projects', { name: `${prefix}${i}`, hostUnitId: unit, totalInvestmentWan: 1000 + i });
    expect(res.statusCode, res.body).toBe(201);
    ids.push(res.json().id);
  }
  return ids;
}

const events = (id: number) => t.app.gj.db.selectFrom('project_events').select('kind').where('project_id', '=', id).where('kind', 'in', ['stage', 'status']).execute();

describe('lost updates', () => {
  it('lets one of a stage change and a termination sent with the same version win, in each of 20 pairs', async () => {
    const ids = await createProjects(20, '并发阶段状态项目');
    const pairs = await Promise.all(
      ids.map(async (id) => {
        const project = (await xinqu.get(`/api/projects/${id}`)).json();
        const next = STAGES[stageIndex(project.stage as Stage) + 1]!;
        const [stage, status] = await Promise.all([
          xinqu.post(`/api/projects/${id}/stage`, { stage: next, actualDate: '2026-06-01', version: project.version }),
          xinqu.post(`/api/projects/${id}/status`, { status: 'terminated', reason: '并发演练', version: project.version }),
        ]);
        return { id, version: project.version, codes: [stage.statusCode, status.statusCode].sort() };
      }),
    );
    for (const { id, version, codes } of pairs) {
      expect(codes, `project ${id}`).toEqual([200, 409]);
      const row = await t.app.gj.db.selectFrom('projects').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.version).toBe(version + 1);
      expect(await events(id)).toHaveLength(1);
    }
  });

  it('lets exactly one of 100 status changes with the same version win', async () => {
    const [id] = await createProjects(1, '百次并发状态项目');
    const version = (await xinqu.get(`/api/projects/${id}`)).json().version;
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => xinqu.post(`/api/projects/${id}/status`, { status: i % 2 ? 'suspended' : 'terminated', reason: `第${i}次`, version })));
    const codes = answers.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
    expect(await events(id!)).toHaveLength(1);
    const audited = await t.app.gj.db.selectFrom('audit_log').select('id').where('action', '=', 'project.status').where('object_id', '=', String(id)).execute();
    expect(audited).toHaveLength(1);
  });

  it('lets one of two edits with the same version win', async () => {
    const [id] = await createProjects(1, '并发编辑项目');
    const version = (await xinqu.get(`/api/projects/${id}`)).json().version;
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => xinqu.patch(`/api/projects/${id}`, { remarks: `编辑${i}`, version })));
    expect(answers.map((r) => r.statusCode).filter((c) => c === 200)).toHaveLength(1);
  });
});
