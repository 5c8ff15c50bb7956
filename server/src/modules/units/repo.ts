import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
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

export async function findUnit(db: Kysely<DB> | Transaction<DB>, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One unit, when the data scope reaches it (or it is an ancestor of a unit that the scope reaches). */
export async function findVisibleUnit(db: Kysely<DB>, scope: DataScope, ownUnitId: number, id: number): Promise<UnitRow | undefined> {
  const visible = await visibleUnitIds(db, scope, ownUnitId);
  if (visible !== 'all' && !visible.has(id)) return undefined;
  return findUnit(db, id);
}

export async function unitCodeTaken(db: Kysely<DB> | Transaction<DB>, code: string): Promise<boolean> {
  return !!(await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst());
}

export async function updateUnitRow(trx: Transaction<DB>, id: number, values: Updateable<UnitsTable>): Promise<void> {
  await trx.updateTable('units').set(values).where('id', '=', id).execute();
}

/** Moves a unit and its subtree: one statement swaps the old path prefix for the new one. */
export async function moveSubtree(trx: Transaction<DB>, unit: UnitRow, parent: UnitRow, now: Date): Promise<void> {
  const newPath = `${parent.path}${unit.id}/`;
  await trx
    .updateTable('units')
    .set({ path: sql<string>`${newPath} || substr(path, ${unit.path.length + 1})` })
    .where('path', 'like', `${unit.path}%`)
    .execute();
  await trx.updateTable('units').set({ parent_id: parent.id, updated_at: now.toISOString() }).where('id', '=', unit.id).execute();
}

/** Whether anything still points at the unit: a child unit, an account, a role's custom scope. */
export async function unitInUse(trx: Transaction<DB>, id: number): Promise<boolean> {
  const [child, user, role] = await Promise.all([
    trx.selectFrom('units').select('id').where('parent_id', '=', id).executeTakeFirst(),
    trx.selectFrom('users').select('id').where('unit_id', '=', id).executeTakeFirst(),
    trx.selectFrom('role_units').select('role_id').where('unit_id', '=', id).executeTakeFirst(),
  ]);
  return !!(child || user || role);
}

export async function deleteUnitRow(trx: Transaction<DB>, id: number): Promise<void> {
  await trx.deleteFrom('units').where('id', '=', id).execute();
}
