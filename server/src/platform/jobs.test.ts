import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { nightlyMaintenance, runExclusive } from './jobs.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('scheduled work', () => {
  it('runs a job on one instance only while its lease holds, and again once it is free', async () => {
    const db = t.app.gj.db;
    let release!: () => void;
    const blocker = new Promise<void>((r) => (release = r));
    const first = runExclusive(db, 'demo-job', t.clock.now(), 60_000, async () => {
      await blocker;
      return 'first';
    }, 'instance-a');
    await new Promise((r) => setTimeout(r, 50));
    const second = await runExclusive(db, 'demo-job', t.clock.now(), 60_000, async () => 'second', 'instance-b');
    expect(second.ran).toBe(false);
    release();
    expect(await first).toEqual({ ran: true, result: 'first' });
    expect((await runExclusive(db, 'demo-job', t.clock.now(), 60_000, async () => 'third', 'instance-b')).ran).toBe(true);
  });

  it('cleans ended sessions and spent tickets at night, and audits the purge', async () => {
    const agent = await t.login('leader');
    await agent.post('/api/auth/logout');
    t.clock.advanceDays(8);
    const outcome = await nightlyMaintenance(t.app.gj);
    expect(outcome.sessions).toBeGreaterThanOrEqual(1);
    const purge = await t.app.gj.db.selectFrom('audit_log').select('username').where('action', '=', 'audit.purge').execute();
    expect(purge.map((p) => p.username)).toEqual(['system:nightly']);
  });
});
