import { useQuery } from '@tanstack/react-query';
import { Card, Select, Space, Table } from 'antd';
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

const YEARS = [2026, 2025, 2024, 2023];

/** 招引统计: per unit (resident offices too) and per staff member per month, as a chart and a table. */
export function LeadStatsPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const stats = useQuery({ queryKey: ['lead-stats', year], queryFn: () => api<Stats>('GET', `/api/leads/stats?year=${year}`) });
  const units = stats.data?.units ?? [];
  const unitChart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('stats.leads'), t('stats.visits'), t('stats.activities'), t('stats.conversions')] },
      grid: { left: 40, right: 16, bottom: 60, top: 40 },
      xAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { interval: 0, rotate: units.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('stats.leads'), type: 'bar', data: units.map((u) => u.leads), itemStyle: { color: '#c0392b' } },
        { name: t('stats.visits'), type: 'bar', data: units.map((u) => u.visits), itemStyle: { color: '#2f54eb' } },
        { name: t('stats.activities'), type: 'bar', data: units.map((u) => u.activities), itemStyle: { color: '#69b1ff' } },
        { name: t('stats.conversions'), type: 'bar', data: units.map((u) => u.conversions), itemStyle: { color: '#52c41a' } },
      ],
    }),
    [units, t],
  );
  const monthChart = useMemo(() => {
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const staff = stats.data?.staff ?? [];
    const sum = (field: 'leads' | 'activities' | 'conversions') => months.map((m) => staff.filter((s) => s.month === m).reduce((n, s) => n + s[field], 0));
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [t('stats.leads'), t('stats.activities'), t('stats.conversions')] },
      grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: 'category', data: months.map((m) => m.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('stats.leads'), type: 'line', smooth: true, data: sum('leads'), itemStyle: { color: '#c0392b' } },
        { name: t('stats.activities'), type: 'line', smooth: true, data: sum('activities'), itemStyle: { color: '#2f54eb' } },
        { name: t('stats.conversions'), type: 'line', smooth: true, data: sum('conversions'), itemStyle: { color: '#52c41a' } },
      ],
    };
  }, [stats.data, t, year]);

  return (
    <PageCard title={t('menu.leadStats')} extra={<Select value={year} onChange={setYear} options={YEARS.map((y) => ({ value: y, label: t('stats.year', { year: y }) }))} style={{ width: 120 }} />}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('stats.byUnit')}>
          <Chart option={unitChart} testId="lead-stats-chart" />
          <Table
            rowKey="unitId"
            size="small"
            pagination={false}
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
        </Card>
        <Card size="small" title={t('stats.byMonth')}>
          <Chart option={monthChart} height={260} />
          <Table
            rowKey={(s) => `${s.userId}-${s.month}`}
            size="small"
            loading={stats.isLoading}
            dataSource={stats.data?.staff}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('stats.month'), dataIndex: 'month', width: 100 },
              { title: t('stats.staff'), dataIndex: 'userName' },
              { title: t('stats.unit'), dataIndex: 'unitName' },
              { title: t('stats.leads'), dataIndex: 'leads', align: 'right' },
              { title: t('stats.activities'), dataIndex: 'activities', align: 'right' },
              { title: t('stats.conversions'), dataIndex: 'conversions', align: 'right' },
            ]}
          />
        </Card>
      </Space>
    </PageCard>
  );
}
