import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError } from './errors.js';

/**
 * Counts one use of `key` in the current fixed window and refuses (429) past `limit`. The count
 * lives in the database — one upsert — so two app instances share it. Older windows of the key
 * are dropped as it goes.
 */
export async function countAgainstLimit(db: Kysely<DB>, key: string, limit: number, windowSeconds: number, now: Date): Promise<void> {
  const window = Math.floor(now.getTime() / 1000 / windowSeconds) * windowSeconds;
  const row = await db
    .insertInto('rate_counters')
    .values({ key, window_start: window, count: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_counters.count', '+', 1) })))
    .returning('count')
    .executeTakeFirstOrThrow();
  if (Number(row.count) === 1) await db.deleteFrom('rate_counters').where('key', '=', key).where('window_start', '<', window).execute();
  if (Number(row.count) > limit) throw new AppError(429, 'RATE_LIMITED', { seconds: windowSeconds - (Math.floor(now.getTime() / 1000) - window) });
}
