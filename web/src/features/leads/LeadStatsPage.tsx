import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Grid, Pagination, Select, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { PageCard } from '../../components/PageCard';

interface Stats {
  year: number;
  units: { unitId: number; unitName: string; unitKind: string; leads: number; activities: number; visits: number; conversions: number; overdue: number }[];
  staff: { userId: number; userName: string; unitName: string; month: string; leads: number; activities: number; conversions: number }[];
}

/** A unit with anything to count this year. */
const busy = (u: Stats['units'][number]) => u.leads + u.activities + u.visits + u.conversions + u.overdue > 0;

/** This year and the three before it. */
const YEARS = Array.from({ length: 4 }, (_, i) => new Date().getFullYear() - i);

/** 招引统计: per unit (resident offices too) and per staff member per month, as a chart and a table. */
export function LeadStatsPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [staffPage, setStaffPage] = useState(1);
  const stats = useQuery({ queryKey: ['lead-stats', year], queryFn: () => api<Stats>('GET', `/api/leads/stats?year=${year}`) });
  const narrow = Grid.useBreakpoint().md === false;
  // The server lists every unit of my scope that works leads, at 0 when it did nothing this year.
  const units = useMemo(() => stats.data?.units ?? [], [stats.data]);
  // The legend sits above the plot (ECharts 6 puts it at the bottom, over the unit names); on a
  // phone the units run down the side so their names stay readable.
  const unitChart = useMemo(() => {
    const category = { type: 'category', data: units.map((u) => u.unitName), axisLabel: narrow ? { width: 96, overflow: 'truncate' } : { interval: 0, rotate: units.length > 6 ? 30 : 0 } };
    const value = { type: 'value', minInterval: 1 };
    const order = <T,>(list: T[]) => (narrow ? [...list].reverse() : list);
    if (narrow) category.data = order(category.data);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('stats.leads'), t('stats.visits'), t('stats.activities'), t('stats.conversions')] },
      grid: { left: 8, right: 16, bottom: 8, top: narrow ? 56 : 40, containLabel: true },
      xAxis: narrow ? value : category,
      yAxis: narrow ? category : value,
      series: [
        { name: t('stats.leads'), type: 'bar', data: order(units.map((u) => u.leads)), itemStyle: { color: '#c0392b' } },
        { name: t('stats.visits'), type: 'bar', data: order(units.map((u) => u.visits)), itemStyle: { color: '#2f54eb' } },
        { name: t('stats.activities'), type: 'bar', data: order(units.map((u) => u.activities)), itemStyle: { color: '#69b1ff' } },
        { name: t('stats.conversions'), type: 'bar', data: order(units.map((u) => u.conversions)), itemStyle: { color: '#52c41a' } },
      ],
    };
  }, [units, narrow, t]);
  const monthChart = useMemo(() => {
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const staff = stats.data?.staff ?? [];
    // A month that has not come yet has no figure (no point, no line), not a 0.
    const now = new Date();
    const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const sum = (field: 'leads' | 'activities' | 'conversions') => months.map((m) => (m > thisMonth ? null : staff.filter((s) => s.month === m).reduce((n, s) => n + s[field], 0)));
    // Straight segments: a count between two months is not a curve (smoothing drew dips below 0).
    const line = (name: string, data: (number | null)[], color: string) => ({ name, type: 'line', smooth: false, connectNulls: false, symbolSize: 6, data, itemStyle: { color }, lineStyle: { color } });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('stats.leads'), t('stats.activities'), t('stats.conversions')] },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => t('dashboard.monthShort', { month: Number(m.slice(5)) })) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [line(t('stats.leads'), sum('leads'), '#c0392b'), line(t('stats.activities'), sum('activities'), '#2f54eb'), line(t('stats.conversions'), sum('conversions'), '#52c41a')],
    };
  }, [stats.data, t, year]);

  return (
    <PageCard title={t('menu.leadStats')} extra={<Select value={year} onChange={(y) => { setYear(y); setStaffPage(1); }} options={YEARS.map((y) => ({ value: y, label: t('stats.year', { year: y }) }))} style={{ width: 120 }} />}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('stats.byUnit')}>
          <Chart option={unitChart} height={narrow ? Math.max(320, units.length * 44 + 80) : 320} testId="lead-stats-chart" />
          {narrow ? (
            <Flex vertical gap={8} style={{ marginTop: 12 }} data-testid="lead-stats-unit-cards">
              {units.filter(busy).map((u) => (
                <Figures
                  key={u.unitId}
                  title={u.unitName}
                  figures={[
                    [t('stats.leads'), u.leads],
                    [t('stats.visits'), u.visits],
                    [t('stats.activities'), u.activities],
                    [t('stats.conversions'), u.conversions],
                    [t('stats.conversionRate'), u.leads ? `${Math.round((u.conversions / u.leads) * 100)}%` : '—'],
                    [t('stats.overdue'), u.overdue ? <span style={{ color: '#cf1322' }}>{u.overdue}</span> : 0],
                  ]}
                />
              ))}
              {/* Units with nothing to count take one line, not a card of zeros each. */}
              {units.some((u) => !busy(u)) && (
                <Flex wrap gap={4} align="center">
                  <Typography.Text type="secondary">{t('stats.idle', { year })}</Typography.Text>
                  {units.filter((u) => !busy(u)).map((u) => <Tag key={u.unitId} style={{ marginInlineEnd: 0 }}>{u.unitName}</Tag>)}
                </Flex>
              )}
            </Flex>
          ) : (
            <Table
              rowKey="unitId"
              size="small"
              pagination={false}
              scroll={{ x: 640 }}
              loading={stats.isLoading}
              dataSource={units}
              columns={[
                { title: t('stats.unit'), dataIndex: 'unitName' },
                { title: t('stats.leads'), dataIndex: 'leads', align: 'right' },
                { title: t('stats.visits'), dataIndex: 'visits', align: 'right' },
                { title: t('stats.activities'), dataIndex: 'activities', align: 'right' },
                { title: t('stats.conversions'), dataIndex: 'conversions', align: 'right' },
                { title: t('stats.conversionRate'), align: 'right', render: (_, u) => (u.leads ? `${Math.round((u.conversions / u.leads) * 100)}%` : '—') },
                { title: t('stats.overdue'), dataIndex: 'overdue', align: 'right', render: (v: number) => (v ? <span style={{ color: '#cf1322' }}>{v}</span> : 0) },
              ]}
            />
          )}
        </Card>
        <Card size="small" title={t('stats.byMonth')}>
          <Chart option={monthChart} height={260} testId="lead-stats-months" />
          {narrow ? (
            <Flex vertical gap={8} style={{ marginTop: 12 }} data-testid="lead-stats-staff-cards">
              {!stats.data?.staff.length && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              {stats.data?.staff.slice((staffPage - 1) * 20, staffPage * 20).map((m) => (
                <Figures
                  key={`${m.userId}-${m.month}`}
                  title={`${m.month} · ${m.userName}`}
                  subtitle={m.unitName}
                  figures={[
                    [t('stats.leads'), m.leads],
                    [t('stats.activities'), m.activities],
                    [t('stats.conversions'), m.conversions],
                  ]}
                />
              ))}
              {(stats.data?.staff.length ?? 0) > 20 && <Pagination simple style={{ textAlign: 'center' }} current={staffPage} pageSize={20} total={stats.data?.staff.length} onChange={setStaffPage} />}
            </Flex>
          ) : (
            <Table
              rowKey={(s) => `${s.userId}-${s.month}`}
              size="small"
              loading={stats.isLoading}
              dataSource={stats.data?.staff}
              pagination={{ pageSize: 20 }}
              scroll={{ x: 560 }}
              columns={[
                { title: t('stats.month'), dataIndex: 'month', width: 100 },
                { title: t('stats.staff'), dataIndex: 'userName' },
                { title: t('stats.unit'), dataIndex: 'unitName' },
                { title: t('stats.leads'), dataIndex: 'leads', align: 'right' },
                { title: t('stats.activities'), dataIndex: 'activities', align: 'right' },
                { title: t('stats.conversions'), dataIndex: 'conversions', align: 'right' },
              ]}
            />
          )}
        </Card>
      </Space>
    </PageCard>
  );
}

/** One row of the statistics on a phone: whose figures, then each figure under its name, three abreast. */
function Figures({ title, subtitle, figures }: { title: string; subtitle?: string; figures: [string, ReactNode][] }) {
  return (
    <Card size="small">
      <Typography.Text strong>{title}</Typography.Text>
      {subtitle && <Typography.Text type="secondary"> · {subtitle}</Typography.Text>}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: '8px 12px', marginTop: 8 }}>
        {figures.map(([label, value]) => (
          <div key={label}>
            <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.45)' }}>{label}</div>
            <div style={{ fontSize: 16, fontVariantNumeric: 'tabular-nums' }}>{value}</div>
          </div>
        ))}
      </div>
    </Card>
  );
}
