import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { toNumber } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { scopedLeads } from '../leads/index.js';
import { owesReport } from '../dispatch/index.js';
import { scopeCondition, type DataScope } from '../../platform/scope.js';

/**
 * The workbench's counts, each within the caller's data scope and each one aggregated query:
 * what a person has to do today, and where their units stand.
 */
export async function dispatchDue(db: Kysely<DB>, scope: DataScope, today: string) {
  const periods = await db.selectFrom('dispatch_periods').selectAll().orderBy('period', 'desc').limit(3).execute();
  const out: { period: string; deadline: string; locked_at: string | null; missing: number; grantedUntil: string | null }[] = [];
  for (const p of periods) {
    const row = await db
      .selectFrom('projects as p')
      .where((eb) => scopeCondition(eb, scope, eb.ref('p.host_unit_id')))
      .where('p.status', '!=', 'terminated')
      .where(owesReport(p))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('dispatch_reports as r').select('r.id').whereRef('r.project_id', '=', 'p.id').where('r.period_id', '=', p.id).where('r.is_current', '=', 1))))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    // An approved late filing (补报) still open: the to-do says until when, not "request one".
    const grant = await db
      .selectFrom('dispatch_late_grants as g')
      .where('g.period_id', '=', p.id)
      .where('g.state', '=', 'approved')
      .where('g.until', '>=', today)
      .where((eb) => scopeCondition(eb, scope, eb.ref('g.unit_id')))
      .select((eb) => eb.fn.max('g.until').as('until'))
      .executeTakeFirst();
    out.push({ period: p.period, deadline: p.deadline, locked_at: p.locked_at, missing: toNumber(row?.n), grantedUntil: (grant?.until as string | null) ?? null });
  }
  return out;
}

export async function latestLights(db: Kysely<DB>, scope: DataScope) {
  const latest = await db.selectFrom('dispatch_periods').select(['id', 'period']).where((eb) => eb.exists(eb.selectFrom('project_lights').select('project_id').whereRef('project_lights.period_id', '=', 'dispatch_periods.id'))).orderBy('period', 'desc').limit(1).executeTakeFirst();
  if (!latest) return null;
  // A project counts once, at its worst light.
  const base = () => db.selectFrom('project_lights as l').where('l.period_id', '=', latest.id).where((eb) => scopeCondition(eb, scope, eb.ref('l.unit_id')));
  const distinct = async (q: ReturnType<typeof base>) => toNumber((await q.select((eb) => eb.fn.count<number>('l.project_id').distinct().as('n')).executeTakeFirst())?.n);
  const all = await distinct(base());
  const red = await distinct(base().where('l.level', '=', 'red'));
  const redOrYellow = await distinct(base().where('l.level', 'in', ['red', 'yellow']));
  const counts = { green: all - redOrYellow, yellow: redOrYellow - red, red };
  return { period: latest.period, ...counts };
}

export async function pendingLateRequests(db: Kysely<DB>) {
  const row = await db.selectFrom('dispatch_late_grants').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'pending').executeTakeFirst();
  return toNumber(row?.n);
}

export async function leadCounts(db: Kysely<DB>, dialect: Dialect, scope: DataScope, now: string) {
  const overdue = await scopedLeads(db, dialect, scope, { overdue: true, now })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  let handoffs = db.selectFrom('lead_handoffs').select((eb) => eb.fn.countAll<number>().as('n')).where('state', '=', 'pending');
  if (!scope.all) handoffs = scope.unitIds.length ? handoffs.where('to_unit_id', 'in', scope.unitIds) : handoffs.where('id', '<', 0);
  const conflicts = await db.selectFrom('leads').select((eb) => eb.fn.countAll<number>().as('n')).where('conflict_state', '=', 'open').executeTakeFirst();
  return { overdue: toNumber(overdue?.n), handoffs: toNumber((await handoffs.executeTakeFirst())?.n), conflicts: toNumber(conflicts?.n) };
}
