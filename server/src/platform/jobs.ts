import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { purgeAudit } from './audit.js';
import { publishAuditCheckpoint } from './audit-checkpoint.js';
import { DAY } from './clock.js';
import type { Services } from './http.js';
import { loadSettings } from './settings.js';

/** This process's name on a lease: several instances may run the same schedule. */
const HOLDER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Runs `work` only if this instance wins the job's lease (an atomic conditional UPDATE on both
 * databases), so a schedule shared by many instances runs once. The lease outlives a crash by
 * `leaseMs` at most.
 */
export async function runExclusive<T>(db: Kysely<DB>, name: string, now: Date, leaseMs: number, work: () => Promise<T>, holder = HOLDER): Promise<{ ran: boolean; result?: T }> {
  await db.insertInto('job_leases').values({ name }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const claimed = await db
    .updateTable('job_leases')
    .set({ holder, lease_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return { ran: false };
  try {
    const result = await work();
    await db.updateTable('job_leases').set({ last_run_at: now.toISOString(), last_result: JSON.stringify(result ?? null), lease_until: null, holder: null }).where('name', '=', name).execute();
    return { ran: true, result };
  } catch (err) {
    await db.updateTable('job_leases').set({ last_result: JSON.stringify({ error: (err as Error).message }), lease_until: null, holder: null }).where('name', '=', name).execute();
    throw err;
  }
}

/** The slot a tick belongs to: its minute (patterns are per minute; instances' clocks agree to that). */
export function slotOf(at: Date): string {
  const minute = new Date(at);
  minute.setUTCSeconds(0, 0);
  return minute.toISOString();
}

/**
 * Runs a schedule's tick once across instances. The lease alone is not enough: it is freed when a
 * run ends, and another instance whose timer fired a moment later claimed the same tick again.
 * So the tick's slot is taken first, by one insert that only one instance can make; the lease
 * then keeps a run from overlapping one of an earlier slot still going.
 */
export async function runScheduledJob<T>(db: Kysely<DB>, job: { name: string; leaseMs: number }, now: Date, work: () => Promise<T>, holder = HOLDER): Promise<{ ran: boolean; result?: T }> {
  const slot = slotOf(now);
  const taken = await db
    .insertInto('job_runs')
    .values({ name: job.name, slot, holder, started_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['name', 'slot']).doNothing())
    .returning('slot')
    .executeTakeFirst();
  if (!taken) return { ran: false };
  const finish = (result: unknown) => db.updateTable('job_runs').set({ finished_at: new Date().toISOString(), result: JSON.stringify(result ?? null) }).where('name', '=', job.name).where('slot', '=', slot).execute();
  try {
    const outcome = await runExclusive(db, job.name, now, job.leaseMs, work, holder);
    await finish(outcome.ran ? outcome.result : { skipped: 'an earlier run still holds the lease' });
    return outcome;
  } catch (err) {
    await finish({ error: (err as Error).message });
    throw err;
  }
}

/**
 * Nightly housekeeping: the audit retention purge, rows that only mattered for a while (ended
 * sessions, spent second-factor tickets, old login failures), and last a checkpoint of the audit
 * trail published outside the database.
 */
export async function nightlyMaintenance(gj: Pick<Services, 'db' | 'audit' | 'dialect' | 'clock' | 'config'>) {
  const now = gj.clock.now();
  const settings = await loadSettings(gj.db);
  const { deleted: auditDeleted } = await purgeAudit(gj.db, gj.audit, gj.dialect, settings.auditRetentionDays, now, null, 'system:nightly');
  const weekAgo = new Date(now.getTime() - 7 * DAY).toISOString();
  const sessions = await gj.db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('revoked_at', '<', weekAgo), eb('last_seen_at', '<', weekAgo)]))
    .executeTakeFirst();
  const tickets = await gj.db.deleteFrom('mfa_tickets').where('expires_at', '<', now.toISOString()).executeTakeFirst();
  const failures = await gj.db.deleteFrom('login_failures').where('at', '<', new Date(now.getTime() - DAY).toISOString()).executeTakeFirst();
  // A month of taken slots is plenty to see what ran where; older rows only grow the table.
  await gj.db.deleteFrom('job_runs').where('slot', '<', new Date(now.getTime() - 30 * DAY).toISOString()).execute();
  const checkpoint = await publishAuditCheckpoint(gj);
  return {
    auditDeleted,
    sessions: Number(sessions.numDeletedRows),
    tickets: Number(tickets.numDeletedRows),
    loginFailures: Number(failures.numDeletedRows),
    auditCheckpoint: { lastId: checkpoint.lastId, count: checkpoint.count },
  };
}

/**
 * A schedule that modules contribute (registered by the entry point that starts the schedules),
 * so the platform runs jobs without knowing any module.
 */
export interface ScheduledJob {
  /** The lease name: one run per schedule tick across all instances. */
  name: string;
  /** Croner pattern, Asia/Shanghai time. */
  pattern: string;
  leaseMs: number;
  /** Does the work; answers what the lease row keeps and the line to log (null: nothing worth a line). */
  run(gj: Services): Promise<{ result: unknown; logLine: string | null }>;
}

/** A job from its work and what to say about a run; the result type stays checked inside. */
export function defineJob<T>(job: { name: string; pattern: string; leaseMs: number; work(gj: Services): Promise<T>; describe(result: T): string | null }): ScheduledJob {
  return {
    name: job.name,
    pattern: job.pattern,
    leaseMs: job.leaseMs,
    async run(gj) {
      const result = await job.work(gj);
      return { result, logLine: job.describe(result) };
    },
  };
}

export const nightlyMaintenanceJob = defineJob({
  name: 'nightly-maintenance',
  pattern: '17 3 * * *',
  leaseMs: 60 * 60_000,
  work: (gj) => nightlyMaintenance(gj),
  describe: (result) => `nightly maintenance: ${JSON.stringify(result)}`,
});

/** Starts the given schedules on this instance; the answer stops them. */
export function startSchedules(gj: Services, jobs: readonly ScheduledJob[], log: (msg: string, err?: unknown) => void): () => void {
  const crons = jobs.map(
    (job) =>
      new Cron(job.pattern, { timezone: 'Asia/Shanghai', protect: true }, async () => {
        try {
          let logLine: string | null = null;
          const outcome = await runScheduledJob(gj.db, job, gj.clock.now(), async () => {
            const done = await job.run(gj);
            logLine = done.logLine;
            return done.result;
          });
          if (outcome.ran && logLine) log(logLine);
        } catch (err) {
          log(`${job.name} failed`, err);
        }
      }),
  );
  return () => crons.forEach((cron) => cron.stop());
}
