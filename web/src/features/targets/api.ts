import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { IndicatorInfo, TargetsOfYear } from '../../../../common/targets-api';

// The API's own response schemas decide these types: the pages cannot drift from the server.
export type { IndicatorInfo, TargetImportReport, TargetsOfYear, TargetUnit } from '../../../../common/targets-api';

const THIS_YEAR = new Date().getFullYear();
export const TARGET_YEARS = [THIS_YEAR + 1, THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2, THIS_YEAR - 3];

/** The year a page shows lives in the address (?year=2026), so the import returns to the same table. */
export function useYearParam(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('year'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : THIS_YEAR;
  const setYear = (next: number) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        copy.set('year', String(next));
        return copy;
      },
      { replace: true },
    );
  return [year, setYear];
}

export function useTargets(year: number) {
  return useQuery({ queryKey: ['targets', year], queryFn: () => api<TargetsOfYear>('GET', `/api/targets?year=${year}`), placeholderData: (prev) => prev });
}

/** An indicator's name in the page's language. */
export function indicatorName(i: IndicatorInfo, language: string): string {
  return language.startsWith('zh') ? i.name : i.nameEn;
}

/** The greatest value a target may have in each unit (the server's limits). */
export const TARGET_MAX = { count: 100_000, wan: 100_000_000, percent: 100, wanPerMu: 10_000 } as const;
/** Decimals a target keeps in each unit. */
export const TARGET_DECIMALS = { count: 2, wan: 4, percent: 2, wanPerMu: 2 } as const;

export function formatTarget(value: number | undefined, unit: IndicatorInfo['unit']): string {
  if (value === undefined) return '—';
  return value.toLocaleString('zh-CN', { maximumFractionDigits: TARGET_DECIMALS[unit] });
}
