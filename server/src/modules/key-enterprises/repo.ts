import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The chains a bank's units took in a year (金链行动). */
export async function bankChainIds(db: Db, scope: DataScope, year: number): Promise<number[]> {
  if (!scope.unitIds.length) return [];
  const rows = await db.selectFrom('bank_chains').select('chain_id').where('year', '=', year).where('bank_unit_id', 'in', scope.unitIds).execute();
  return [...new Set(rows.map((r) => r.chain_id))];
}

export async function chainById(db: Db, id: number) {
  return db.selectFrom('chains').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirst();
}

/** The version of a chain's list in force for the year (the newest), with who made it. */
export async function currentList(db: Db, chainId: number, year: number) {
  return db
    .selectFrom('key_lists as l')
    .innerJoin('chains as c', 'c.id', 'l.chain_id')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.id', 'l.chain_id', 'c.name as chain_name', 'l.year', 'l.version', 'l.source', 'l.created_at', 'u.display_name as created_by_name'])
    .where('l.chain_id', '=', chainId)
    .where('l.year', '=', year)
    .orderBy('l.version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function listVersions(db: Db, chainId: number, year: number) {
  return db
    .selectFrom('key_lists as l')
    .leftJoin('users as u', 'u.id', 'l.created_by')
    .select((eb) => ['l.id', 'l.version', 'l.source', 'l.note', 'l.created_at', 'u.display_name as created_by_name', eb.selectFrom('key_list_items as i').select((x) => x.fn.countAll().as('n')).whereRef('i.list_id', '=', 'l.id').as('items')])
    .where('l.chain_id', '=', chainId)
    .where('l.year', '=', year)
    .orderBy('l.version', 'desc')
    .execute();
}

/** A list's enterprises with their tags valid in the year and their former names: three queries for the whole list. */
export async function listItems(db: Db, listId: number, year: number) {
  const items = await db
    .selectFrom('key_list_items as i')
    .innerJoin('enterprises as e', 'e.id', 'i.enterprise_id')
    .select(['e.id', 'e.name', 'e.uscc', 'e.industry', 'i.segment', 'i.role', 'i.financing_need', 'i.sort_order'])
    .where('i.list_id', '=', listId)
    .orderBy('i.sort_order')
    .execute();
  const ids = items.length ? items.map((i) => i.id) : [-1];
  const [tags, names] = await Promise.all([
    db
      .selectFrom('enterprise_tags')
      .select(['enterprise_id', 'tag', 'source', 'valid_from', 'valid_to'])
      .where('enterprise_id', 'in', ids)
      // A tag withdrawn by hand is history for the registry record, not a fact a list shows.
      .where('retired_at', 'is', null)
      .where('valid_from', '<=', `${year}-12-31`)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', `${year}-01-01`)]))
      .orderBy('id')
      .execute(),
    db.selectFrom('enterprise_names').select(['enterprise_id', 'name']).where('enterprise_id', 'in', ids).orderBy('id').execute(),
  ]);
  return { items, tags, names };
}

export async function enterprisesByKey(db: Db, keys: string[]) {
  if (!keys.length) return [];
  return db.selectFrom('enterprises').select(['id', 'name', 'uscc', 'name_key']).where('name_key', 'in', keys).execute();
}

export async function rootUnitId(db: Db): Promise<number> {
  return (await db.selectFrom('units').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow()).id;
}

export async function chains(db: Db) {
  return db.selectFrom('chains').select(['id', 'code', 'name']).orderBy('sort_order').execute();
}

export async function gapsOf(db: Db, chainId: number) {
  const gaps = await db.selectFrom('chain_gaps').select(['id', 'segment', 'name', 'note', 'sort_order']).where('chain_id', '=', chainId).orderBy('sort_order').orderBy('id').execute();
  const targets = gaps.length ? await db.selectFrom('chain_gap_targets').select(['id', 'gap_id', 'enterprise_name', 'name_key']).where('gap_id', 'in', gaps.map((g) => g.id)).orderBy('id').execute() : [];
  return { gaps, targets };
}

/** The leads chasing these companies (by the lead matcher's name key): each key's statuses, one query, nothing of whose they are. */
export async function leadStatusesByKey(db: Db, keys: string[]) {
  if (!keys.length) return [];
  return db.selectFrom('leads').select(['enterprise_key', 'status']).where('enterprise_key', 'in', [...new Set(keys)]).execute();
}
