import type { Kysely } from 'kysely';

/**
 * The list footer sums the investment of everything a district may see: with the amount in the
 * index beside the unit, that is an index-only scan instead of a visit to every row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('projects_unit_amount_idx').on('projects').columns(['host_unit_id', 'total_investment_yuan']).execute();
}
