import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * A tag can be withdrawn by hand (a company loses its 专精特新 status, a listing was a mistake):
 * the row stays — who said it and when is history — and carries who withdrew it, when and why;
 * its validity ends on the day given.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await db.schema.alterTable('enterprise_tags').addColumn('retired_at', p.timestamp).execute();
  await db.schema.alterTable('enterprise_tags').addColumn('retired_by', 'integer', (c) => c.references('users.id')).execute();
  await db.schema.alterTable('enterprise_tags').addColumn('retire_reason', 'varchar(200)').execute();
}
