import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The taxonomy (not business data: every reader of projects or leads sees it) with project counts. */
export async function chainsWithCounts(db: Kysely<DB>) {
  const rows = await db
    .selectFrom('chains')
    .leftJoin('projects', 'projects.chain_id', 'chains.id')
    .select(['chains.id', 'chains.code', 'chains.name', 'chains.cluster', 'chains.valid_from', 'chains.valid_to', 'chains.sort_order', (eb) => eb.fn.count('projects.id').as('projects')])
    .groupBy(['chains.id', 'chains.code', 'chains.name', 'chains.cluster', 'chains.valid_from', 'chains.valid_to', 'chains.sort_order'])
    .orderBy('chains.sort_order')
    .orderBy('chains.id')
    .execute();
  return rows.map((c) => ({ id: c.id, code: c.code, name: c.name, cluster: c.cluster, validFrom: c.valid_from, validTo: c.valid_to, sortOrder: c.sort_order, projects: Number(c.projects) }));
}
