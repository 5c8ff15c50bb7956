import { sql, type Kysely } from 'kysely';
import { projectGrams0009 as projectGrams } from './frozen/project-grams-0009.js';
import type { Portable } from '../portable.js';

/**
 * The search index of projects (see modules/projects/grams.ts: bigrams of name and investor),
 * filled for existing projects; and a covering index so that a
 * district's count and total come from the index without reading every project row.
 */
export async function up(db: Kysely<any>, p: Portable): Promise<void> {
  await db.schema
    .createTable('project_grams')
    .addColumn('gram', 'varchar(8)', (c) => c.notNull())
    .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('project_grams_pk', ['gram', 'project_id'])
    .execute();
  await db.schema.createIndex('project_grams_project_idx').on('project_grams').column('project_id').execute();
  for (let after = 0; ; ) {
    const rows: { id: number; name: string; investor_name: string | null }[] = await db.selectFrom('projects').select(['id', 'name', 'investor_name']).where('id', '>', after).orderBy('id').limit(1000).execute();
    if (!rows.length) break;
    const grams = rows.flatMap((r) => projectGrams(r.name, r.investor_name).map((gram) => ({ gram, project_id: r.id })));
    for (let i = 0; i < grams.length; i += 2000) await db.insertInto('project_grams').values(grams.slice(i, i + 2000)).execute();
    after = rows[rows.length - 1]!.id;
  }
  if (p.dialect === 'postgres') await sql`create index projects_unit_id_total_idx on projects (host_unit_id, id) include (total_investment_yuan)`.execute(db);
  else await db.schema.createIndex('projects_unit_id_total_idx').on('projects').columns(['host_unit_id', 'id', 'total_investment_yuan']).execute();
}
