import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { DispatchPeriod } from '../../../../common/dispatch-api';
import type { LightLevel } from '../../../../common/dispatch';

// The API's own response schemas decide these types: the pages cannot drift from the server.
export type { DispatchImportReport, DispatchPeriod, FilingBoard, Forecast, KeyProject, ProjectLights, ReportDetail, ReportPage, ReportRow, WarningItem, WarningPage } from '../../../../common/dispatch-api';

/** One palette for lights wherever they appear: tags, charts, month strips. */
export const LIGHT_COLORS: Record<LightLevel, string> = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' };
export const LIGHT_TAG_COLORS: Record<LightLevel, string> = { green: 'success', yellow: 'warning', red: 'error' };

export function usePeriods(enabled = true) {
  return useQuery({ queryKey: ['dispatch', 'periods'], queryFn: () => api<{ items: DispatchPeriod[] }>('GET', '/api/dispatch/periods').then((r) => r.items), enabled });
}

/**
 * The period a page shows lives in the address (?period=2026-10), so a link from the workbench or
 * a notification opens the same view; without one, the newest period.
 */
export function usePeriodParam() {
  const [params, setParams] = useSearchParams();
  const periods = usePeriods();
  const asked = params.get('period');
  const period = asked ?? periods.data?.[0]?.period;
  const current = periods.data?.find((p) => p.period === period);
  const setPeriod = (next: string) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        copy.set('period', next);
        return copy;
      },
      { replace: true },
    );
  return { period, current, periods, setPeriod, params, setParams };
}

/** A number from the address, or undefined. */
export function numberParam(params: URLSearchParams, key: string): number | undefined {
  const v = params.get(key);
  return v && /^\d+$/.test(v) ? Number(v) : undefined;
}
