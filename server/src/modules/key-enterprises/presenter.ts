import type { ChainRole, ChainSegment, EnterpriseTag } from '../../../../common/key-enterprises.js';
import type { KeyList } from '../../../../common/key-enterprises-api.js';
import type { currentList, listItems } from './repo.js';

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
      tags: rows.tags.filter((t) => t.enterprise_id === i.id).map((t) => ({ tag: t.tag as EnterpriseTag, source: t.source, validFrom: t.valid_from, validTo: t.valid_to })),
      segment: i.segment as ChainSegment | null,
      role: i.role as ChainRole | null,
      financingNeed: i.financing_need,
      formerNames: [...new Set(rows.names.filter((n) => n.enterprise_id === i.id && n.name !== i.name).map((n) => n.name))],
    })),
  };
}
