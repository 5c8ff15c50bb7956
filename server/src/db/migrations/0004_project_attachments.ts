import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/** Files attached to a project: the bytes live in file storage, the database keeps who, what and a hash. */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await p
    .id(db.schema.createTable('project_attachments'))
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('file_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('mime', 'varchar(100)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('uploaded_at', p.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_attachments_project_idx').on('project_attachments').column('project_id').execute();
}
