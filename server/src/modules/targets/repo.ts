import { sql, type Kysely } from 'kysely';
import { TARGET_UNIT_KINDS } from '../../../../common/targets.js';
import type { DB } from '../../db/schema.js';

export interface TargetRow {
  unitId: number;
  unitName: string;
  unitPath: string;
  indicatorCode: string;
  /** Decimal text in the indicator's unit. */
  value: string;
}

/**
 * The targets in force for a year: the newest version per unit and indicator (withdrawn ones
 * left out), as of a watermark when a published ranking is recomputed.
 */
export async function targetsOfYear(db: Kysely<DB>, year: number, maxId: number | null = null): Promise<TargetRow[]> {
  const seen = maxId === null ? sql`` : sql`and id <= ${maxId}`;
  const rows = await sql<{ unit_id: number; indicator_code: string; value: string | null; name: string; path: string }>`
    select t.unit_id, t.indicator_code, t.value, u.name, u.path from target_versions t join units u on u.id = t.unit_id
    where t.id in (select max(id) from target_versions where year = ${year} ${seen} group by unit_id, indicator_code)
    order by u.path, t.indicator_code`.execute(db);
  return rows.rows.filter((r) => r.value !== null).map((r) => ({ unitId: Number(r.unit_id), unitName: r.name, unitPath: r.path, indicatorCode: r.indicator_code, value: r.value! }));
}

/** Units a target may be set for (by name, for the import), with their kind. */
export async function targetableUnits(db: Kysely<DB>): Promise<{ id: number; name: string; path: string; kind: string }[]> {
  return db.selectFrom('units').select(['id', 'name', 'path', 'kind']).where('kind', 'in', [...TARGET_UNIT_KINDS]).where('disabled', '=', 0).orderBy('path').execute();
}
