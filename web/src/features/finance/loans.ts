import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import type { LoanPeriod } from './api';

export interface LoanSeries {
  /** 1 … 12 */
  months: number[];
  balance: (number | null)[];
  ytdChange: (number | null)[];
  mfgShare: (number | null)[];
}

/**
 * The city's loans month by month for a year. A month without a sheet — one to come, or one not
 * imported — is null, not 0: the line breaks there rather than falling to nothing.
 */
export function loanSeries(periods: LoanPeriod[], year: number): LoanSeries {
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const at = (m: number) => periods.find((p) => p.period === `${year}-${String(m).padStart(2, '0')}`);
  return {
    months,
    balance: months.map((m) => at(m)?.balanceYi ?? null),
    ytdChange: months.map((m) => at(m)?.ytdChangeYi ?? null),
    mfgShare: months.map((m) => at(m)?.mfgSharePercent ?? null),
  };
}

/** The newest month that has a sheet, or null. */
export function latestPeriod(periods: LoanPeriod[]): LoanPeriod | null {
  return periods.reduce<LoanPeriod | null>((best, p) => (!best || p.period > best.period ? p : best), null);
}

/** 7,938.34: 亿元 with separators and two decimals. */
export function formatYiValue(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** +950.55 / −12.40: a change that says its direction. */
export function formatChange(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  return `${v > 0 ? '+' : ''}${formatYiValue(v)}`;
}

const COLORS = { balance: '#c0392b', change: '#1677ff', share: '#faad14', ytd: '#52c41a' };

/** Balance as a line, 比年初增加 as bars (亿元, left axis), the manufacturing share (%) on the right. */
export function loanMonthOption(s: LoanSeries, narrow: boolean, t: TFunction): EChartsCoreOption {
  const yi = t('money.yi');
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatYiValue(v) : '—') },
    legend: narrow ? { top: 0, type: 'scroll' } : { top: 0 },
    grid: { left: 8, right: 8, top: narrow ? 56 : 48, bottom: 4, containLabel: true },
    xAxis: { type: 'category', data: s.months.map((m) => t('finance.monthLabel', { month: m })), axisLabel: { hideOverlap: true } },
    yAxis: [
      { type: 'value', name: yi, splitNumber: narrow ? 3 : 5, axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN'), hideOverlap: true } },
      { type: 'value', name: '%', splitNumber: narrow ? 3 : 5, splitLine: { show: false }, axisLabel: { formatter: (v: number) => `${v}` } },
    ],
    series: [
      { name: t('loans.balance'), type: 'line', data: s.balance, symbolSize: 6, itemStyle: { color: COLORS.balance }, lineStyle: { color: COLORS.balance } },
      { name: t('loans.ytdChange'), type: 'bar', data: s.ytdChange, barMaxWidth: 18, itemStyle: { color: COLORS.change } },
      { name: t('loans.mfgShare'), type: 'line', yAxisIndex: 1, data: s.mfgShare, symbolSize: 5, itemStyle: { color: COLORS.share }, lineStyle: { color: COLORS.share, type: 'dashed' }, tooltip: { valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(2)}%` : '—') } },
    ],
  };
}

/** The month's institutions lying down, the biggest on top: balance and 比年初增减 (亿元). */
export function institutionsOption(rows: LoanPeriod['institutions'], narrow: boolean, t: TFunction): EChartsCoreOption {
  const sorted = [...rows].sort((a, b) => a.balanceYi - b.balanceYi);
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? `${formatYiValue(v)} ${t('money.yi')}` : '—') },
    legend: narrow ? { top: 0, type: 'scroll' } : { top: 0 },
    grid: { left: 8, right: narrow ? 24 : 40, top: 32, bottom: 4, containLabel: true },
    yAxis: { type: 'category', data: sorted.map((r) => r.name), axisLabel: { width: narrow ? 96 : 160, overflow: 'truncate' } },
    xAxis: { type: 'value', splitNumber: narrow ? 2 : 5, axisLabel: { formatter: (v: number) => v.toLocaleString('zh-CN'), hideOverlap: true } },
    series: [
      { name: t('loans.balance'), type: 'bar', data: sorted.map((r) => r.balanceYi), barMaxWidth: 14, itemStyle: { color: COLORS.balance }, label: narrow ? undefined : { show: true, position: 'right', fontSize: 11, formatter: (p: { value: number }) => formatYiValue(p.value) } },
      { name: t('loans.ytdChange'), type: 'bar', data: sorted.map((r) => r.ytdChangeYi), barMaxWidth: 14, itemStyle: { color: COLORS.ytd } },
    ],
  };
}
