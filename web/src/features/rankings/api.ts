import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RankingResponse, RankingRowsResponse } from '../../../../common/rankings-api';

// The API's own response schemas decide these types: the page cannot drift from the server.
export type { RankingResponse, RankingRowsResponse } from '../../../../common/rankings-api';
export type RankingItem = RankingResponse['items'][number];
export type RankedIndicator = RankingItem['indicators'][number];
export type IndicatorMeta = RankingResponse['indicators'][number];

export interface PublishedEntry {
  period: string;
  version: number;
  asOf: string;
  publishedAt: string;
  leader: string | null;
}

export interface VerifyResult {
  period: string;
  version: number;
  equal: boolean;
}

/** The board computed now from the data, as of a date (today when none is asked for). */
export function useLiveRanking(year: number, asOf: string | undefined, enabled: boolean) {
  const query = new URLSearchParams({ year: String(year) });
  if (asOf) query.set('asOf', asOf);
  return useQuery({ queryKey: ['rankings', 'live', query.toString()], queryFn: () => api<RankingResponse>('GET', `/api/rankings?${query}`), enabled, placeholderData: (prev) => prev });
}

export function usePublishedList(year: number) {
  return useQuery({ queryKey: ['rankings', 'published', year], queryFn: () => api<{ items: PublishedEntry[] }>('GET', `/api/rankings/published?year=${year}`) });
}

/** One published month, frozen (its newest version unless one is asked for). */
export function usePublished(period: string | undefined, version?: number) {
  const suffix = version ? `?version=${version}` : '';
  return useQuery({ queryKey: ['rankings', 'published', period, version ?? 'latest'], queryFn: () => api<RankingResponse>('GET', `/api/rankings/published/${period}${suffix}`), enabled: !!period });
}

/** The projects behind one unit's figure, paged by the server. */
export function useRankingRows(input: { year: number; asOf: string; unitId: number; indicator: string; page: number; pageSize: number } | null) {
  const query = input ? new URLSearchParams(Object.fromEntries(Object.entries(input).map(([k, v]) => [k, String(v)]))) : null;
  return useQuery({ queryKey: ['rankings', 'rows', query?.toString()], queryFn: () => api<RankingRowsResponse>('GET', `/api/rankings/rows?${query}`), enabled: !!query, placeholderData: (prev) => prev });
}

/** Movement against the previous published month: positive is up. Null when the unit was not ranked then. */
export function movementOf(item: Pick<RankingItem, 'rank' | 'previousRank'>): number | null {
  return item.previousRank === null ? null : item.previousRank - item.rank;
}

/** A count with shares shows its fraction (0.7 of a project), a whole count without decimals. */
export function formatValue(value: number | null, unit: IndicatorMeta['unit']): string {
  if (value === null) return '—';
  if (unit === 'wan') return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  if (unit === 'percent') return `${value.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** The months of a year that have ended by today (a month is published once it has ended). */
export function endedMonths(year: number, today: string): string[] {
  const months: string[] = [];
  for (let m = 1; m <= 12; m++) {
    const period = `${year}-${String(m).padStart(2, '0')}`;
    if (period < today.slice(0, 7)) months.push(period);
  }
  return months.reverse();
}
