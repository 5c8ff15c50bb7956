import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { nightlyMaintenance, runExclusive, runScheduledJob } from './jobs.js';

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
    // Wait until the first instance holds the lease and runs, not a fixed time: on a loaded
    // machine taking the lease can take longer than any sleep (a CI run once lost this race).
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const first = runExclusive(db, 'demo-job', t.clock.now(), 60_000, async () => {
      started();
      await blocker;
      return 'first';
    }, 'instance-a');
    await running;
    const second = await runExclusive(db, 'demo-job', t.clock.now(), 60_000, async () => 'second', 'instance-b');
    expect(second.ran).toBe(false);
    release();
    expect(await first).toEqual({ ran: true, result: 'first' });
    expect((await runExclusive(db, 'demo-job', t.clock.now(), 60_000, async () => 'third', 'instance-b')).ran).toBe(true);
  });

  it('runs a slot once across two instances, even when the first run has ended before the second instance fires', async () => {
    const db = t.app.gj.db;
    const job = { name: 'slot-job', leaseMs: 60_000 };
    const runs: string[] = [];
    const tick = new Date('2026-07-01T03:17:00.004Z');
    const first = await runScheduledJob(db, job, tick, async () => runs.push('a'), 'instance-a');
    // The other instance's timer fired 6 ms later, after the first run freed the lease.
    const second = await runScheduledJob(db, job, new Date(tick.getTime() + 6), async () => runs.push('b'), 'instance-b');
    expect([first.ran, second.ran]).toEqual([true, false]);
    // Both instances at once on the next slot: still one run.
    const next = new Date('2026-07-01T03:27:00.001Z');
    const both = await Promise.all(['c', 'd'].map((h) => runScheduledJob(db, job, next, async () => runs.push(h), `instance-${h}`)));
    expect(both.filter((o) => o.ran)).toHaveLength(1);
    expect(runs).toHaveLength(2);
    const slots = await db.selectFrom('job_runs').select(['slot', 'holder', 'finished_at']).where('name', '=', 'slot-job').orderBy('slot').execute();
    expect(slots.map((s) => s.slot)).toEqual(['2026-07-01T03:17:00.000Z', '2026-07-01T03:27:00.000Z']);
    expect(slots.every((s) => s.finished_at)).toBe(true);
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
