import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Saved filters are a user's own: every read and write is keyed by the owner (self scope). */
export function listSavedFilters(db: Kysely<DB>, userId: number, page: string) {
  return db.selectFrom('saved_filters').selectAll().where('user_id', '=', userId).where('page', '=', page).orderBy('name').execute();
}

export async function deleteSavedFilterByName(trx: Transaction<DB>, userId: number, page: string, name: string): Promise<void> {
  await trx.deleteFrom('saved_filters').where('user_id', '=', userId).where('page', '=', page).where('name', '=', name).execute();
}

export async function countSavedFilters(trx: Transaction<DB>, userId: number, page: string): Promise<number> {
  return Number((await trx.selectFrom('saved_filters').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).where('page', '=', page).executeTakeFirstOrThrow()).n);
}

export async function insertSavedFilter(trx: Transaction<DB>, row: { user_id: number; page: string; name: string; query: string; created_at: string }): Promise<number> {
  return (await trx.insertInto('saved_filters').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Deletes the filter only if it is this user's; answers whether it was. */
export async function deleteOwnSavedFilter(trx: Transaction<DB>, userId: number, id: number): Promise<boolean> {
  const result = await trx.deleteFrom('saved_filters').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
