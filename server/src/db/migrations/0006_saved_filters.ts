import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/** A user's named list filters, per page (the project ledger first). */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await p
    .id(db.schema.createTable('saved_filters'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('page', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(50)', (c) => c.notNull())
    .addColumn('query', 'varchar(2000)', (c) => c.notNull())
    .addColumn('created_at', p.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_filters_user_idx').on('saved_filters').columns(['user_id', 'page']).execute();
}
