import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, UnitsTable } from '../../db/schema.js';
import type { DataScope } from '../../platform/scope.js';

export type UnitRow = Selectable<UnitsTable>;

/** Ids on a materialised path, root first: `/1/4/9/` → [1, 4, 9]. */
export function idsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

export async function insertUnit(
  trx: Kysely<DB> | Transaction<DB>,
  unit: { code: string; name: string; kind: string; parentId: number | null; sortOrder?: number },
  now: Date,
): Promise<UnitRow> {
  const parent = unit.parentId === null ? null : await trx.selectFrom('units').select('path').where('id', '=', unit.parentId).executeTakeFirstOrThrow();
  const inserted = await trx
    .insertInto('units')
    .values({
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      parent_id: unit.parentId,
      path: '',
      sort_order: unit.sortOrder ?? 0,
      disabled: 0,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${inserted.id}/`;
  await trx.updateTable('units').set({ path }).where('id', '=', inserted.id).execute();
  return trx.selectFrom('units').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
}

/**
 * The units a user may see: those in the data scope and their own, plus the ancestors of each
 * (names only matter there: a street user sees the chain up to the city, not its siblings).
 */
export async function visibleUnitIds(db: Kysely<DB>, scope: DataScope, ownUnitId: number): Promise<Set<number> | 'all'> {
  if (scope.all) return 'all';
  const base = [...new Set([...scope.unitIds, ownUnitId])];
  const rows = await db.selectFrom('units').select('path').where('id', 'in', base).execute();
  const ids = new Set<number>(base);
  for (const row of rows) for (const id of idsOnPath(row.path)) ids.add(id);
  return ids;
}

export async function listVisibleUnits(db: Kysely<DB>, scope: DataScope, ownUnitId: number): Promise<UnitRow[]> {
  const visible = await visibleUnitIds(db, scope, ownUnitId);
  let q = db.selectFrom('units').selectAll().orderBy('path').orderBy('sort_order').orderBy('id');
  if (visible !== 'all') q = q.where('id', 'in', [...visible]);
  return q.execute();
}

export async function findUnit(db: Kysely<DB>, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}
