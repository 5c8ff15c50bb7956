import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/** The briefings' SQL: the archive table, the city's root unit and which published months still owe an archived briefing. */
type Db = Kysely<DB> | Transaction<DB>;

const iso = (v: unknown) => (typeof v === 'string' ? new Date(v).toISOString() : (v as Date).toISOString());

/** The city at the root of the unit tree (its name titles the briefing, its subtree is counted). */
export async function cityUnit(db: Db) {
  return db.selectFrom('units').select(['id', 'name', 'path']).where('parent_id', 'is', null).orderBy('id').limit(1).executeTakeFirstOrThrow();
}

export async function archivedList(db: Db, year: number) {
  const rows = await db.selectFrom('briefings').select(['id', 'period', 'version', 'file_name', 'size', 'created_at']).where('period', 'like', `${year}-%`).orderBy('period', 'desc').orderBy('version', 'desc').execute();
  return rows.map((r) => ({ ...r, created_at: iso(r.created_at) }));
}

export async function archivedById(db: Db, id: number) {
  return db.selectFrom('briefings').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function nextVersion(trx: Db, period: string): Promise<number> {
  const last = await trx.selectFrom('briefings').select((eb) => eb.fn.max<number>('version').as('v')).where('period', '=', period).executeTakeFirst();
  return Number(last?.v ?? 0) + 1;
}

export async function insertArchived(trx: Db, row: { period: string; version: number; fileName: string; size: number; sha256: string; storageKey: string; createdBy: number | null; createdAt: string }) {
  const { id } = await trx
    .insertInto('briefings')
    .values({ period: row.period, version: row.version, file_name: row.fileName, size: row.size, sha256: row.sha256, storage_key: row.storageKey, created_by: row.createdBy, created_at: row.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Months published between `from` and `to` (ISO times) whose newest publish is newer than their
 * newest archived briefing: what the schedule still has to archive, oldest first.
 */
export async function monthsOwingBriefing(db: Db, from: string, to: string): Promise<string[]> {
  const published = await db.selectFrom('published_rankings').select(['period', 'published_at']).where('published_at', '>=', from).where('published_at', '<=', to).execute();
  const newest = new Map<string, string>();
  for (const p of published) {
    const at = iso(p.published_at);
    if ((newest.get(p.period) ?? '') < at) newest.set(p.period, at);
  }
  if (!newest.size) return [];
  const archived = await db.selectFrom('briefings').select(['period', 'created_at']).where('period', 'in', [...newest.keys()]).execute();
  const last = new Map<string, string>();
  for (const b of archived) {
    const at = iso(b.created_at);
    if ((last.get(b.period) ?? '') < at) last.set(b.period, at);
  }
  return [...newest.entries()].filter(([period, at]) => (last.get(period) ?? '') < at).map(([period]) => period).sort();
}
