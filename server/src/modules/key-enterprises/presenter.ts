import type { ChainRole, ChainSegment, EnterpriseTag } from '../../../../common/key-enterprises.js';
import { CHAIN_SEGMENTS } from '../../../../common/key-enterprises.js';
import type { ChainMap, KeyList } from '../../../../common/key-enterprises-api.js';
import type { currentList, gapsOf, leadStatusesByKey, listItems } from './repo.js';

const iso = (v: string | Date) => new Date(v).toISOString();

/** The one place a list version and its entries become what the API answers. */
export function presentKeyList(list: Awaited<ReturnType<typeof currentList>>, rows: Awaited<ReturnType<typeof listItems>> | null): KeyList {
  if (!list || !rows) return { list: null, items: [] };
  return {
    list: { id: list.id, chainId: list.chain_id, chainName: list.chain_name, year: list.year, version: list.version, source: list.source, createdAt: iso(list.created_at), createdBy: list.created_by_name },
    items: rows.items.map((i) => ({
      enterpriseId: i.id,
      enterpriseName: i.name,
      uscc: i.uscc,
      industry: i.industry,
      tags: rows.tags.filter((t) => t.enterprise_id === i.id).map((t) => ({ tag: t.tag as EnterpriseTag, source: t.source, validFrom: t.valid_from, validTo: t.valid_to })),
      segment: i.segment as ChainSegment | null,
      role: i.role as ChainRole | null,
      financingNeed: i.financing_need,
      formerNames: [...new Set(rows.names.filter((n) => n.enterprise_id === i.id && n.name !== i.name).map((n) => n.name))],
    })),
  };
}

/** How far the furthest lead on a company got: signed beats negotiating beats following beats new. */
const LEAD_ORDER = ['abandoned', 'merged', 'new', 'following', 'negotiating', 'transferred', 'signed'];

export function presentChainMap(
  chain: { id: number; name: string },
  year: number,
  list: KeyList,
  g: Awaited<ReturnType<typeof gapsOf>>,
  leads: Awaited<ReturnType<typeof leadStatusesByKey>>,
): ChainMap {
  const furthest = new Map<string, string>();
  for (const l of leads) {
    const seen = furthest.get(l.enterprise_key);
    if (!seen || LEAD_ORDER.indexOf(l.status) > LEAD_ORDER.indexOf(seen)) furthest.set(l.enterprise_key, l.status);
  }
  return {
    chain,
    year,
    listVersion: list.list?.version ?? null,
    segments: CHAIN_SEGMENTS.map((segment) => ({
      segment,
      enterprises: list.items.filter((i) => i.segment === segment).map((i) => ({ enterpriseId: i.enterpriseId, name: i.enterpriseName, role: i.role, tags: [...new Set(i.tags.map((t) => t.tag))] })),
      gaps: g.gaps
        .filter((gap) => gap.segment === segment)
        .map((gap) => ({
          id: gap.id,
          name: gap.name,
          note: gap.note,
          targets: g.targets.filter((t) => t.gap_id === gap.id).map((t) => ({ name: t.enterprise_name, chased: furthest.has(t.name_key), leadStatus: furthest.get(t.name_key) ?? null })),
        })),
    })),
    unplaced: list.items.filter((i) => !i.segment).map((i) => ({ enterpriseId: i.enterpriseId, name: i.enterpriseName })),
  };
}
