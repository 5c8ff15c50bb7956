import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { purgeAudit } from './audit.js';
import { DAY } from './clock.js';
import type { Services } from './http.js';
import { loadSettings } from './settings.js';
import { escalateOverdueHandoffs } from '../modules/leads/service.js';

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

/**
 * Nightly housekeeping: the audit retention purge, and rows that only mattered for a while
 * (ended sessions, spent second-factor tickets, old login failures).
 */
export async function nightlyMaintenance(gj: Pick<Services, 'db' | 'audit' | 'dialect' | 'clock'>) {
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
  return { auditDeleted, sessions: Number(sessions.numDeletedRows), tickets: Number(tickets.numDeletedRows), loginFailures: Number(failures.numDeletedRows) };
}

/** Starts the schedules of this instance; the answer stops them. */
export function startSchedules(gj: Services, log: (msg: string, err?: unknown) => void): () => void {
  const nightly = new Cron('17 3 * * *', { timezone: 'Asia/Shanghai', protect: true }, async () => {
    try {
      const outcome = await runExclusive(gj.db, 'nightly-maintenance', gj.clock.now(), 60 * 60_000, () => nightlyMaintenance(gj));
      if (outcome.ran) log(`nightly maintenance: ${JSON.stringify(outcome.result)}`);
    } catch (err) {
      log('nightly maintenance failed', err);
    }
  });
  // Lead hand-offs past their answer deadline go up to the city commerce bureau within minutes.
  const handoffs = new Cron('*/10 * * * *', { timezone: 'Asia/Shanghai', protect: true }, async () => {
    try {
      const outcome = await runExclusive(gj.db, 'lead-handoff-escalation', gj.clock.now(), 5 * 60_000, () => escalateOverdueHandoffs(gj));
      if (outcome.ran && outcome.result?.escalated) log(`lead hand-offs escalated: ${outcome.result.escalated}`);
    } catch (err) {
      log('lead hand-off escalation failed', err);
    }
  });
  return () => {
    nightly.stop();
    handoffs.stop();
  };
}
