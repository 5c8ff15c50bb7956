import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, uploadFile } from '../../api/client';
import type { Me } from '../../api/types';
import type { BankAssignment, ChainMap, CreditLine, CreditTotals, KeyList, KeyListImportReport, LoanImportReport, LoanStats } from '../../../../common/key-enterprises-api';
import type { ChainRole, ChainSegment, CreditMove, EnterpriseTag } from '../../../../common/key-enterprises';

// The API's own response schemas decide these types: the pages cannot drift from the server.
export type { BankAssignment, ChainMap, CreditLine, CreditTotals, KeyList, KeyListImportReport, LoanImportReport, LoanStats } from '../../../../common/key-enterprises-api';
export type KeyEnterprise = KeyList['items'][number];
export type LoanPeriod = LoanStats['periods'][number];
export type ChainGap = ChainMap['segments'][number]['gaps'][number];

/** An enterprise's 融资 problem as the banks of its chains see it, with their replies. */
export interface FinancingNeed {
  problemId: number;
  code: string;
  title: string;
  description: string;
  status: string;
  enterpriseName: string;
  chains: string[];
  createdAt: string;
  replies: { bankName: string; by: string; text: string; at: string }[];
}
export interface GapInput {
  segment: ChainSegment;
  name: string;
  note?: string | null;
  targets: string[];
}

export interface ChainChoice {
  id: number;
  name: string;
}
export interface KeyListVersion {
  id: number;
  version: number;
  source: string;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  items: number;
}
export interface BankPlan {
  id: number;
  bankUnitId: number;
  bankName: string;
  chainId: number;
  chainName: string;
  enterpriseId: number | null;
  enterpriseName: string | null;
  text: string;
  updatedAt: string;
}

export const TAG_COLORS: Record<EnterpriseTag, string> = {
  fortune500: 'gold',
  central_soe: 'red',
  listed: 'blue',
  specialised: 'cyan',
  little_giant: 'geekblue',
  gazelle: 'lime',
  unicorn: 'purple',
  high_tech: 'green',
  chain_leader: 'volcano',
};
export const SEGMENT_COLORS: Record<ChainSegment, string> = { upstream: 'blue', midstream: 'purple', downstream: 'cyan' };
export const ROLE_COLORS: Record<ChainRole, string> = { strengthen: 'red', extend: 'orange', fill: 'green' };

/** The server's credit-code rule (18 characters; no I, O, S, V or Z), checked before a save. */

export const THIS_YEAR = new Date().getFullYear();
/** The years the pages offer: the lists began in 2023. */
export const FINANCE_YEARS = Array.from({ length: Math.max(1, THIS_YEAR - 2023 + 1) }, (_, i) => THIS_YEAR - i);

/** A bank's desk (its own chains and credit) rather than the regulator's city-wide view. */
export function isBank(me: Pick<Me, 'unitKind' | 'permissions'> | null): boolean {
  if (!me) return false;
  if (me.unitKind !== undefined) return me.unitKind === 'bank';
  return me.permissions.includes('finance:write');
}

/** Year and chain live in the address, so the finance desk links straight to a chain's list. */
export function useYearChainParams(): { year: number; chainId: number | undefined; set: (next: { year?: number; chainId?: number }) => void } {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : THIS_YEAR;
  const chain = Number(params.get('chainId'));
  const set = (next: { year?: number; chainId?: number }) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        if (next.year !== undefined) copy.set('year', String(next.year));
        if (next.chainId !== undefined) copy.set('chainId', String(next.chainId));
        return copy;
      },
      { replace: true },
    );
  return { year, chainId: Number.isInteger(chain) && chain > 0 ? chain : undefined, set };
}

export function useAssignments(year: number, enabled = true) {
  return useQuery({
    queryKey: ['finance', 'assignments', year],
    queryFn: () => api<{ items: BankAssignment[] }>('GET', `/api/banks/assignments?year=${year}`).then((r) => r.items),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * The chains whose lists the user may open in a year. Officers read the taxonomy; a bank the chains
 * it took that year (its answer holds only its own entry); the finance regulator, who has no access
 * to the taxonomy, every chain some bank took in any of the years offered.
 */
export function useChainChoices(year: number, source: 'taxonomy' | 'bank' | 'assigned') {
  const taxonomy = useQuery({
    queryKey: ['chains'],
    queryFn: () => api<{ items: { id: number; name: string; validFrom: string; validTo: string | null; sortOrder: number }[] }>('GET', '/api/chains').then((r) => r.items),
    enabled: source === 'taxonomy',
    staleTime: 300_000,
  });
  const years = source === 'bank' ? [year] : source === 'assigned' ? [...new Set([year, ...FINANCE_YEARS])] : [];
  const assigned = useQueries({
    queries: years.map((y) => ({ queryKey: ['finance', 'assignments', y], queryFn: () => api<{ items: BankAssignment[] }>('GET', `/api/banks/assignments?year=${y}`).then((r) => r.items) })),
  });
  if (source === 'taxonomy') {
    const y = String(year);
    const chains = (taxonomy.data ?? []).filter((c) => c.validFrom.slice(0, 4) <= y && (!c.validTo || c.validTo.slice(0, 4) >= y));
    return { chains: chains.map((c) => ({ id: c.id, name: c.name })), isLoading: taxonomy.isLoading };
  }
  const seen = new Map<number, ChainChoice>();
  for (const q of assigned) for (const bank of q.data ?? []) for (const c of bank.chains) if (!seen.has(c.id)) seen.set(c.id, c);
  return { chains: [...seen.values()], isLoading: assigned.some((q) => q.isLoading) };
}

/** Where a user's chain choices come from (see useChainChoices). */
export function chainSource(me: Pick<Me, 'unitKind' | 'permissions'> | null): 'taxonomy' | 'bank' | 'assigned' {
  if (me && (me.permissions.includes('project:read') || me.permissions.includes('lead:read'))) return 'taxonomy';
  return isBank(me) ? 'bank' : 'assigned';
}

export function useKeyList(year: number, chainId: number | undefined) {
  return useQuery({
    queryKey: ['key-list', year, chainId],
    queryFn: () => api<KeyList>('GET', `/api/key-enterprises?year=${year}&chainId=${chainId}`),
    enabled: !!chainId,
    placeholderData: keepPreviousData,
  });
}

/** Several chains' lists at once: the enterprises a bank may grant credit to. */
export function useKeyLists(year: number, chainIds: number[]) {
  return useQueries({
    queries: chainIds.map((chainId) => ({ queryKey: ['key-list', year, chainId], queryFn: () => api<KeyList>('GET', `/api/key-enterprises?year=${year}&chainId=${chainId}`) })),
  });
}

export function useKeyListVersions(year: number, chainId: number | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['key-list', year, chainId, 'versions'],
    queryFn: () => api<{ items: KeyListVersion[] }>('GET', `/api/key-enterprises/versions?year=${year}&chainId=${chainId}`).then((r) => r.items),
    enabled: enabled && !!chainId,
  });
}

export function useCreditLines(year: number, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['finance', 'lines', year, page, pageSize],
    queryFn: () => api<{ items: CreditLine[]; total: number }>('GET', `/api/credit-lines?year=${year}&page=${page}&pageSize=${pageSize}`),
    placeholderData: keepPreviousData,
  });
}

export function useCreditTotals(year: number) {
  return useQuery({ queryKey: ['finance', 'totals', year], queryFn: () => api<CreditTotals>('GET', `/api/credit/totals?year=${year}`), placeholderData: keepPreviousData });
}

export function usePlans(year: number) {
  return useQuery({ queryKey: ['finance', 'plans', year], queryFn: () => api<{ items: BankPlan[] }>('GET', `/api/bank-plans?year=${year}`).then((r) => r.items) });
}

/** The city's and each institution's loans month by month (city-wide readers only: a bank gets 403). */
export function useLoanStats(year: number, enabled = true) {
  return useQuery({ queryKey: ['finance', 'loan-stats', year], queryFn: () => api<LoanStats>('GET', `/api/loan-stats?year=${year}`).then((r) => r.periods), enabled, placeholderData: keepPreviousData });
}

export function useChainMap(year: number, chainId: number | undefined) {
  return useQuery({ queryKey: ['chain-map', year, chainId], queryFn: () => api<ChainMap>('GET', `/api/chain-map?year=${year}&chainId=${chainId}`), enabled: !!chainId, placeholderData: keepPreviousData });
}

export function useFinancingNeeds(year: number) {
  return useQuery({ queryKey: ['finance', 'needs', year], queryFn: () => api<{ items: FinancingNeed[] }>('GET', `/api/financing-needs?year=${year}`).then((r) => r.items) });
}

export interface KeyListItemInput {
  uscc: string;
  name: string;
  industry?: string | null;
  segment?: ChainSegment | null;
  role?: ChainRole | null;
  financingNeed?: string | null;
  tags?: EnterpriseTag[];
}
export interface CreditLineInput {
  enterpriseId: number;
  amountWan: number;
  grantedOn: string;
  termMonths?: number;
  chainId?: number;
  note?: string;
}

export const financeApi = {
  saveList: (body: { year: number; chainId: number; note?: string; items: KeyListItemInput[] }) => api<KeyList>('PUT', '/api/key-enterprises', body),
  importList: (year: number, chainId: number, file: File, commit: boolean) => uploadFile(`/api/key-enterprises/import?year=${year}&chainId=${chainId}&commit=${commit}`, file) as Promise<KeyListImportReport>,
  exportUrl: (year: number, chainId: number) => `/api/key-enterprises/export?year=${year}&chainId=${chainId}`,
  grant: (body: CreditLineInput) => api<{ id: number }>('POST', '/api/credit-lines', body),
  move: (id: number, body: { kind: CreditMove; amountWan: number; onDate: string }) => api<{ id: number }>('POST', `/api/credit-lines/${id}/moves`, body),
  assign: (bankUnitId: number, year: number, chainIds: number[]) => api<void>('PUT', `/api/banks/${bankUnitId}/chains/${year}`, { chainIds }),
  importLoans: (period: string, file: File, commit: boolean) => uploadFile(`/api/loan-stats/import?period=${period}&commit=${commit}`, file) as Promise<LoanImportReport>,
  saveGaps: (chainId: number, gaps: GapInput[]) => api<void>('PUT', '/api/chain-map/gaps', { chainId, gaps }),
  replyNeed: (problemId: number, year: number, text: string) => api<void>('POST', `/api/financing-needs/${problemId}/replies?year=${year}`, { text }),
  savePlan: (body: { year: number; chainId: number; enterpriseId?: number; text: string }) => api<{ id: number }>('PUT', '/api/bank-plans', body),
};
