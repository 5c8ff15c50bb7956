import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';
import { presentWarning } from './presenter.js';
import { warningsList } from './repo.js';

/**
 * A month's red list within a scope, reddest first (the briefing's 红灯 section): the first
 * `limit` lights and how many there are. Null when the month was never opened for dispatch.
 */
export async function monthRedList(db: Kysely<DB>, scope: DataScope, period: string, limit: number) {
  const row = await db.selectFrom('dispatch_periods').select('id').where('period', '=', period).executeTakeFirst();
  if (!row) return null;
  const { rows, total } = await warningsList(db, scope, row.id, { level: 'red' }, 1, limit);
  return { total, items: rows.map(presentWarning) };
}
