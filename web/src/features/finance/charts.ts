import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import { formatWan } from '../../components/money';
import type { MonthSeries } from './months';

const COLORS = { granted: '#c0392b', drawn: '#1677ff', repaid: '#52c41a', outstanding: '#faad14' };

/** One line of legend on top; on a phone it scrolls rather than wrapping onto the chart. */
function legend(narrow: boolean) {
  return narrow ? { top: 0, type: 'scroll' } : { top: 0 };
}

function tooltip(t: TFunction) {
  return { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${formatWan(v)} ${t('money.wan')}` : '—') };
}

/** Granted, drawn and outstanding bars per bank or per chain; on a phone the bars lie down. */
export function figuresOption(rows: { name: string; grantedWan: number; drawnWan: number; outstandingWan: number }[], narrow: boolean, t: TFunction): EChartsCoreOption {
  const order = <T>(xs: T[]) => (narrow ? [...xs].reverse() : xs);
  const names = order(rows.map((r) => r.name));
  const category = { type: 'category', data: names, axisLabel: narrow ? { width: 84, overflow: 'truncate' } : { interval: 0, width: Math.max(72, Math.min(180, Math.floor(440 / Math.max(1, names.length)))), overflow: 'truncate', rotate: names.length > 5 ? 25 : 0 } };
  // A phone has room for three value labels at most; the tooltip tells the exact figure.
  const value = { type: 'value', name: narrow ? undefined : t('money.wan'), splitNumber: narrow ? 2 : 5, axisLabel: { formatter: (v: number) => formatWan(v), hideOverlap: true } };
  const bar = (key: 'grantedWan' | 'drawnWan' | 'outstandingWan', name: string, color: string) => ({ name, type: 'bar', barMaxWidth: 18, itemStyle: { color }, data: order(rows.map((r) => r[key])) });
  return {
    tooltip: tooltip(t),
    legend: legend(narrow),
    grid: { left: 8, right: narrow ? 24 : 16, top: 40, bottom: 4, containLabel: true },
    ...(narrow ? { yAxis: category, xAxis: value } : { xAxis: category, yAxis: value }),
    series: [bar('grantedWan', t('finance.amount'), COLORS.granted), bar('drawnWan', t('finance.drawn'), COLORS.drawn), bar('outstandingWan', t('finance.outstanding'), COLORS.outstanding)],
  };
}

/** The year month by month: granted, drawn and repaid; months to come are left out (null). */
export function monthOption(s: MonthSeries, narrow: boolean, t: TFunction): EChartsCoreOption {
  const line = (data: (number | null)[], name: string, color: string) => ({ name, type: 'line', data, symbolSize: 6, itemStyle: { color }, lineStyle: { color } });
  return {
    tooltip: { ...tooltip(t), axisPointer: { type: 'line' } },
    legend: legend(narrow),
    grid: { left: 8, right: 16, top: 40, bottom: 4, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: s.months.map((m) => t('finance.monthLabel', { month: m })) },
    yAxis: { type: 'value', name: narrow ? undefined : t('money.wan'), axisLabel: { formatter: (v: number) => formatWan(v) } },
    series: [line(s.granted, t('finance.amount'), COLORS.granted), line(s.drawn, t('finance.drawn'), COLORS.drawn), line(s.repaid, t('finance.repaid'), COLORS.repaid)],
  };
}
