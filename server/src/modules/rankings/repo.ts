import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ScoredUnit } from './scoring.js';

/** The published rankings of a year, newest first, each with its first place. */
export async function publishedList(db: Kysely<DB>, year: number) {
  const rows = await db.selectFrom('published_rankings').select(['period', 'version', 'as_of', 'published_at', 'items']).where('year', '=', year).orderBy('period', 'desc').orderBy('version', 'desc').execute();
  return rows.map((r) => {
    const items = JSON.parse(r.items) as ScoredUnit[];
    return { period: r.period, version: r.version, asOf: r.as_of, publishedAt: new Date(r.published_at as unknown as string).toISOString(), leader: items.filter((i) => i.rank === 1).map((i) => i.unitName).join('、') || null };
  });
}

/** Each unit's rank in the newest published ranking of the month before the as-of date's month. */
export async function previousRanks(db: Kysely<DB>, asOf: string): Promise<Map<number, number>> {
  const [y, m] = asOf.split('-').map(Number);
  const prev = m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
  const row = await db.selectFrom('published_rankings').select('items').where('period', '=', prev).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return new Map();
  return new Map((JSON.parse(row.items) as ScoredUnit[]).map((i) => [i.unitId, i.rank]));
}

/** A unit's id and path (the subtree a figure's rows are read from). */
export function unitWithPath(db: Kysely<DB>, unitId: number) {
  return db.selectFrom('units').select(['id', 'path']).where('id', '=', unitId).executeTakeFirst();
}
