import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { DashboardPanel, DashboardResponse, DashboardRowsResponse } from '../../../../common/dashboard-api';

// The API's own response schemas decide these types: the page cannot drift from the server.
export type { DashboardPanel, DashboardResponse, DashboardRowsResponse } from '../../../../common/dashboard-api';
export type Kpi = NonNullable<DashboardResponse['targets']>[number];

export interface DashboardParams {
  year: number;
  asOf?: string;
  unitId?: number;
}

const query = (p: DashboardParams, extra: Record<string, string | number> = {}) => {
  const q = new URLSearchParams({ year: String(p.year) });
  if (p.asOf) q.set('asOf', p.asOf);
  if (p.unitId) q.set('unitId', String(p.unitId));
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
};

/** Every panel in one request. */
export function useDashboard(p: DashboardParams) {
  const q = query(p);
  return useQuery({ queryKey: ['dashboard', q], queryFn: () => api<DashboardResponse>('GET', `/api/dashboard?${q}`), placeholderData: (prev) => prev });
}

/** What a click opens: the panel, the bar's key, and a title to show. */
export interface Drill {
  panel: DashboardPanel;
  key: string;
  title: string;
}

/** The projects behind one figure, paged by the server. */
export function useDashboardRows(p: DashboardParams, drill: Drill | null, page: number, pageSize: number) {
  const q = drill ? query(p, { panel: drill.panel, key: drill.key, page, pageSize }) : null;
  return useQuery({ queryKey: ['dashboard', 'rows', q], queryFn: () => api<DashboardRowsResponse>('GET', `/api/dashboard/rows?${q}`), enabled: !!q, placeholderData: (prev) => prev });
}

/** A figure in its indicator's unit: counts with their fraction (shares), 万元 with separators, a percent. */
export function formatKpi(value: number | null, unit: Kpi['unit']): string {
  if (value === null) return '—';
  if (unit === 'percent') return `${value.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** 万元 → 亿元 with two decimals, for axes. */
export const yi = (wan: number) => Math.round(wan / 100) / 100;
