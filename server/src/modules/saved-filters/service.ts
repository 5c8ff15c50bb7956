import type { RequestContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { countSavedFilters, deleteOwnSavedFilter, deleteSavedFilterByName, insertSavedFilter, listSavedFilters } from './repo.js';
import { assertBelowLimit } from './policy.js';
import type { SavedFilter, SavedFilterPage } from './schema.js';

type Gj = Pick<Services, 'db' | 'audit' | 'clock'>;

export async function mySavedFilters(gj: Gj, userId: number, page: SavedFilterPage): Promise<SavedFilter[]> {
  const rows = await listSavedFilters(gj.db, userId, page);
  return rows.map((r) => ({ id: r.id, page: r.page as SavedFilterPage, name: r.name, query: r.query, createdAt: r.created_at }));
}

/** Saves under a name (a name used again replaces it), at most MAX_PER_PAGE per page; audited in the same transaction. */
export function saveFilter(gj: Gj, ctx: RequestContext, userId: number, input: { page: SavedFilterPage; name: string; query: string }): Promise<SavedFilter> {
  const { page, name, query } = input;
  return gj.db.transaction().execute(async (trx) => {
    await deleteSavedFilterByName(trx, userId, page, name);
    assertBelowLimit(await countSavedFilters(trx, userId, page));
    const createdAt = gj.clock.now().toISOString();
    const id = await insertSavedFilter(trx, { user_id: userId, page, name, query, created_at: createdAt });
    await gj.audit.append(trx, ctx, { action: 'saved-filter.save', objectType: 'saved_filter', objectId: id, detail: { page, name, query } });
    return { id, page, name, query, createdAt };
  });
}

/** Someone else's filter answers 404, as a missing one does. */
export function deleteFilter(gj: Gj, ctx: RequestContext, userId: number, id: number): Promise<void> {
  return gj.db.transaction().execute(async (trx) => {
    if (!(await deleteOwnSavedFilter(trx, userId, id))) throw notFound();
    await gj.audit.append(trx, ctx, { action: 'saved-filter.delete', objectType: 'saved_filter', objectId: id });
  });
}
