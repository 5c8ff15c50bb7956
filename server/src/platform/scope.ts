import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DataScopeKind } from '../../../common/permissions.js';
import type { DB } from '../db/schema.js';

/**
 * What rows a user may read, folded from all of the user's roles (ruoyi's model):
 * `all`, or the union of a set of units and the user's own rows. Empty means nothing —
 * never everything.
 */
export interface DataScope {
  all: boolean;
  unitIds: number[];
  self: boolean;
  userId: number;
}

export const EMPTY_SCOPE = (userId: number): DataScope => ({ all: false, unitIds: [], self: false, userId });

export async function foldScope(
  db: Kysely<DB>,
  user: { id: number; unitId: number; unitPath: string },
  roles: { id: number; dataScope: DataScopeKind }[],
): Promise<DataScope> {
  const scope = EMPTY_SCOPE(user.id);
  const units = new Set<number>();
  const kinds = new Set(roles.map((r) => r.dataScope));
  if (kinds.has('all')) return { ...scope, all: true };
  if (kinds.has('self')) scope.self = true;
  if (kinds.has('unit')) units.add(user.unitId);
  if (kinds.has('unit_and_below')) {
    const rows = await db.selectFrom('units').select('id').where('path', 'like', `${user.unitPath}%`).execute();
    for (const r of rows) units.add(r.id);
  }
  const customRoleIds = roles.filter((r) => r.dataScope === 'custom').map((r) => r.id);
  if (customRoleIds.length > 0) {
    const rows = await db.selectFrom('role_units').select('unit_id').where('role_id', 'in', customRoleIds).execute();
    for (const r of rows) units.add(r.unit_id);
  }
  scope.unitIds = [...units].sort((a, b) => a - b);
  return scope;
}

/**
 * The WHERE condition for a scoped read: rows whose unit is in scope, or (for `self`) rows the
 * user owns. Repositories call this with their own column names; there is no unscoped variant.
 */
export function scopeCondition<D, T extends keyof D>(
  eb: ExpressionBuilder<D, T>,
  scope: DataScope,
  unitColumn: Expression<number | null>,
  ownerColumn?: Expression<number | null>,
): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  const parts: Expression<SqlBool>[] = [];
  if (scope.unitIds.length > 0) parts.push(eb(unitColumn, 'in', scope.unitIds));
  if (scope.self && ownerColumn) parts.push(eb(ownerColumn, '=', scope.userId));
  if (parts.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(parts);
}

export function scopeAllowsUnit(scope: DataScope, unitId: number): boolean {
  return scope.all || scope.unitIds.includes(unitId);
}

/**
 * The unit a report is titled with: the one the reader filtered on when their scope covers it,
 * else the reader's own — a unit outside the scope is not named in a workbook that holds none of it.
 */
export async function reportUnitName(db: Kysely<DB>, reader: { scope: DataScope; unitName: string }, unitId: number | undefined): Promise<string> {
  if (unitId === undefined || !(reader.scope.all || reader.scope.unitIds.includes(unitId))) return reader.unitName;
  const unit = await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
  return unit?.name ?? reader.unitName;
}
