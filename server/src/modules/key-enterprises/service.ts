import type { Transaction } from 'kysely';
import type { ChainRole, ChainSegment, EnterpriseTag } from '../../../../common/key-enterprises.js';
import { inTransaction, isUniqueViolation, LOCK_ENTERPRISE, LOCK_VERSIONS, lockKeys } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { companyKey } from '../../platform/company-names.js';
import { searchInitials } from '../../platform/search.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { canWriteLists } from './policy.js';
import { chainById, currentList, listItems, rootUnitId } from './repo.js';

export type KeyListDeps = Pick<Services, 'db' | 'clock' | 'audit' | 'dialect'>;

export interface KeyListEntry {
  uscc: string;
  name: string;
  segment?: ChainSegment | null;
  role?: ChainRole | null;
  financingNeed?: string | null;
  tags?: EnterpriseTag[];
  /** The company's industry (行业) as the list gives it; left as the registry has it when absent. */
  industry?: string | null;
}

const CHUNK = 500;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The registry's one way in for listed enterprises: each found by its credit code — a new name is
 * a rename, the old one kept in its name history — or registered (served by the city until a unit
 * takes it on); an industry the list gives becomes the company's. A few queries for the whole
 * list (found in chunks, the new ones inserted together); renames and industry changes, which are
 * few, one by one. Answers, per credit code, the id and whether it was new or renamed.
 */
export async function registerListed(trx: Transaction<DB>, entries: { uscc: string; name: string; industry?: string | null }[], source: string, at: string): Promise<Map<string, { id: number; created: boolean; renamed: boolean }>> {
  const out = new Map<string, { id: number; created: boolean; renamed: boolean }>();
  const existing = new Map<string, { id: number; name: string; industry: string | null }>();
  for (const part of chunks(entries.map((e) => e.uscc))) for (const e of await trx.selectFrom('enterprises').select(['id', 'uscc', 'name', 'industry']).where('uscc', 'in', part).execute()) existing.set(e.uscc, e);
  const fresh: typeof entries = [];
  for (const entry of entries) {
    const found = existing.get(entry.uscc);
    if (!found) {
      fresh.push(entry);
      continue;
    }
    const industry = entry.industry?.trim() || null;
    if (industry && found.industry !== industry) await trx.updateTable('enterprises').set({ industry, updated_at: at }).where('id', '=', found.id).execute();
    if (found.name === entry.name) {
      out.set(entry.uscc, { id: found.id, created: false, renamed: false });
      continue;
    }
    // The history holds every name once: the old one (if it was registered before names were kept) and the new.
    const known = await trx.selectFrom('enterprise_names').select('id').where('enterprise_id', '=', found.id).where('name', '=', found.name).executeTakeFirst();
    if (!known) await trx.insertInto('enterprise_names').values({ enterprise_id: found.id, name: found.name, source: 'registry', recorded_at: at }).execute();
    await trx.insertInto('enterprise_names').values({ enterprise_id: found.id, name: entry.name, source, recorded_at: at }).execute();
    await trx.updateTable('enterprises').set({ name: entry.name, name_key: companyKey(entry.name).key, search_initials: searchInitials(entry.name), updated_at: at }).where('id', '=', found.id).execute();
    out.set(entry.uscc, { id: found.id, created: false, renamed: true });
  }
  if (fresh.length) {
    const root = await rootUnitId(trx);
    for (const part of chunks(fresh)) {
      const rows = await trx
        .insertInto('enterprises')
        .values(part.map((e) => ({ uscc: e.uscc, name: e.name, name_key: companyKey(e.name).key, search_initials: searchInitials(e.name), industry: e.industry?.trim() || null, unit_id: null, serving_unit_id: root, created_at: at, updated_at: at })))
        .returning(['id', 'uscc'])
        .execute();
      const ids = new Map(rows.map((r) => [r.uscc, r.id]));
      await trx.insertInto('enterprise_names').values(part.map((e) => ({ enterprise_id: ids.get(e.uscc)!, name: e.name, source, recorded_at: at }))).execute();
      for (const e of part) out.set(e.uscc, { id: ids.get(e.uscc)!, created: true, renamed: false });
    }
  }
  return out;
}

/**
 * A new version of a chain's key-enterprise list for a year (edited or imported): the enterprises
 * registered or renamed by credit code, their tags recorded with the list as their source and the
 * year as their validity, the list's entries in order. Two versions written at once: one wins,
 * the other is told to reload (409). Audited with what was added and removed.
 */
export async function setKeyList(gj: KeyListDeps, ctx: RequestContext, input: { year: number; chainId: number; items: KeyListEntry[]; source: 'edit' | 'import'; note?: string | null; baseVersion?: number }) {
  if (!ctx.system && !canWriteLists(ctx.actor!)) throw new AppError(403, 'FORBIDDEN');
  const seen = new Set<string>();
  for (const item of input.items) {
    if (seen.has(item.uscc)) throw new AppError(400, 'KEYLIST_DUPLICATE', { uscc: item.uscc });
    seen.add(item.uscc);
  }
  try {
    return await inTransaction(gj.db, async (trx) => {
      const chain = await chainById(trx, input.chainId);
      if (!chain) throw new AppError(400, 'CHAIN_NOT_FOUND');
      // One writer of a chain's list at a time (the next version is read, then written), and one
      // registration per credit code across lists written at once.
      await lockKeys(trx, gj.dialect, LOCK_VERSIONS, [`keylist:${input.chainId}:${input.year}`]);
      await lockKeys(trx, gj.dialect, LOCK_ENTERPRISE, input.items.map((i) => i.uscc));
      const before = await currentList(trx, input.chainId, input.year);
      if (input.baseVersion !== undefined && input.baseVersion !== (before?.version ?? 0)) throw new AppError(409, 'KEYLIST_CONCURRENT');
      const previous = before ? (await listItems(trx, before.id, input.year)).items.map((i) => i.uscc) : [];
      const version = (before?.version ?? 0) + 1;
      const at = gj.clock.now().toISOString();
      const listName = `${input.year}年${chain.name}产业链重点企业清单`;
      const list = await trx
        .insertInto('key_lists')
        .values({ chain_id: input.chainId, year: input.year, version, source: input.source, note: input.note ?? null, created_by: ctx.actor?.userId ?? null, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const registered = await registerListed(trx, input.items, listName, at);
      const created = [...registered.values()].filter((e) => e.created).length;
      const renamed = [...registered.values()].filter((e) => e.renamed).length;
      const items = input.items.map((item, i) => ({ list_id: list.id, enterprise_id: registered.get(item.uscc)!.id, segment: item.segment ?? null, role: item.role ?? null, financing_need: item.financingNeed ?? null, sort_order: i + 1 }));
      for (const part of chunks(items)) await trx.insertInto('key_list_items').values(part).execute();
      // Tags with the list as their source and the year as their validity, each once.
      const wanted = input.items.flatMap((item) => [...new Set(item.tags ?? [])].map((tag) => ({ enterprise_id: registered.get(item.uscc)!.id, tag })));
      const had = new Set<string>();
      for (const part of chunks([...new Set(wanted.map((w) => w.enterprise_id))]))
        for (const t of await trx.selectFrom('enterprise_tags').select(['enterprise_id', 'tag']).where('enterprise_id', 'in', part).where('source', '=', listName).execute()) had.add(`${t.enterprise_id}:${t.tag}`);
      const tags = wanted.filter((w) => !had.has(`${w.enterprise_id}:${w.tag}`)).map((w) => ({ ...w, source: listName, valid_from: `${input.year}-01-01`, valid_to: `${input.year}-12-31`, recorded_by: ctx.actor?.userId ?? null, recorded_at: at, retired_at: null, retired_by: null, retire_reason: null }));
      for (const part of chunks(tags)) await trx.insertInto('enterprise_tags').values(part).execute();
      const now = input.items.map((i) => i.uscc);
      await gj.audit.append(trx, ctx, {
        action: 'keylist.set',
        objectType: 'key_list',
        objectId: list.id,
        detail: { chain: chain.name, year: input.year, version, source: input.source, added: now.filter((u) => !previous.includes(u)), removed: previous.filter((u) => !now.includes(u)), created, renamed },
      });
      return { id: list.id, version, created, renamed };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, 'KEYLIST_CONCURRENT');
    throw err;
  }
}

export interface GapInput {
  segment: ChainSegment;
  name: string;
  note?: string | null;
  targets: string[];
}

/** The chain's gaps (补链 targets) and the firms courted for each, replaced as a whole by the chain bureau; audited. */
export async function setChainGaps(gj: KeyListDeps, ctx: RequestContext, chainId: number, gaps: GapInput[]): Promise<void> {
  if (!ctx.system && !canWriteLists(ctx.actor!)) throw new AppError(403, 'FORBIDDEN');
  await inTransaction(gj.db, async (trx) => {
    const chain = await chainById(trx, chainId);
    if (!chain) throw new AppError(400, 'CHAIN_NOT_FOUND');
    await lockKeys(trx, gj.dialect, LOCK_VERSIONS, [`gaps:${chainId}`]);
    const before = await trx.selectFrom('chain_gaps').select(['segment', 'name']).where('chain_id', '=', chainId).execute();
    await trx.deleteFrom('chain_gaps').where('chain_id', '=', chainId).execute();
    const at = gj.clock.now().toISOString();
    for (const [i, g] of gaps.entries()) {
      const row = await trx.insertInto('chain_gaps').values({ chain_id: chainId, segment: g.segment, name: g.name, note: g.note ?? null, sort_order: i + 1, created_by: ctx.actor?.userId ?? null, created_at: at }).returning('id').executeTakeFirstOrThrow();
      const names = [...new Set(g.targets.map((t) => t.trim()).filter(Boolean))];
      if (names.length) await trx.insertInto('chain_gap_targets').values(names.map((enterprise_name) => ({ gap_id: row.id, enterprise_name, name_key: companyKey(enterprise_name).key ?? enterprise_name }))).execute();
    }
    await gj.audit.append(trx, ctx, { action: 'chain-map.gaps', objectType: 'chain_map', objectId: chainId, detail: { chain: chain.name, from: before.map((b) => `${b.segment}:${b.name}`), to: gaps.map((g) => `${g.segment}:${g.name}(${g.targets.length})`) } });
  });
}
