import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * Reserves `count` consecutive numbers under a code prefix and answers the first. One UPDATE
 * moves the counter, so two transactions never get the same number (on PostgreSQL the row stays
 * locked until the first commits). A prefix seen for the first time starts after `highestInUse`,
 * the highest number existing rows already carry.
 */
export async function reserveNumbers(db: Db, prefix: string, count: number, highestInUse: () => Promise<number>): Promise<number> {
  let moved = await db.updateTable('code_counters').set((eb) => ({ value: eb('value', '+', count) })).where('prefix', '=', prefix).returning('value').executeTakeFirst();
  if (!moved) {
    const start = await highestInUse();
    // Two first uses at once: one insert wins, the other does nothing and both move the counter.
    await db.insertInto('code_counters').values({ prefix, value: start }).onConflict((oc) => oc.column('prefix').doNothing()).execute();
    moved = await db.updateTable('code_counters').set((eb) => ({ value: eb('value', '+', count) })).where('prefix', '=', prefix).returning('value').executeTakeFirstOrThrow();
  }
  return Number(moved.value) - count + 1;
}

/** The number after a prefix in the highest code of a list of codes (XM202600012 → 12). */
export function numberAfter(prefix: string, code: string | null | undefined): number {
  const n = Number(String(code ?? '').slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}
