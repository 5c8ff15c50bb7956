import { QuestionCircleOutlined } from '@ant-design/icons';
import { Alert, Grid, Select, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ApiError } from '../../api/client';
import { Chart } from '../../components/Chart';
import { PageCard } from '../../components/PageCard';
import { useScorecard, type ScorecardRow } from './api';
import { byDepartment, type DepartmentYear } from './scorecard';

const dash = (v: number | null, suffix = '') => (v === null ? '—' : `${v}${suffix}`);

/** 部门评价: each department's year — received, closed, how fast, how late, how satisfied, how often sent back. */
export function ScorecardPage() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const thisYear = new Date().getFullYear();
  const asked = Number(params.get('year'));
  const year = asked >= 2000 && asked <= thisYear ? asked : thisYear;
  const scorecard = useScorecard(year);
  const departments = useMemo(() => byDepartment(scorecard.data?.items ?? [], scorecard.data?.totals ?? []), [scorecard.data]);

  const option = useMemo(() => {
    const names = departments.map((d) => d.unitName);
    const category = { type: 'category', data: narrow ? [...names].reverse() : names, axisLabel: narrow ? { width: 96, overflow: 'truncate' } : { interval: 0, rotate: names.length > 6 ? 30 : 0, width: 110, overflow: 'truncate' } };
    const counts = { type: 'value', minInterval: 1, name: narrow ? undefined : t('problems.sc.count') };
    const rating = { type: 'value', min: 0, max: 5, interval: 1, splitLine: { show: false }, name: narrow ? undefined : t('problems.sc.satisfaction') };
    const order = <T,>(xs: T[]) => (narrow ? [...xs].reverse() : xs);
    const axisKey = narrow ? 'xAxisIndex' : 'yAxisIndex';
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // On a phone the bars lie down: the legend goes below, the rating axis on top.
      legend: narrow ? { bottom: 0 } : { top: 0 },
      grid: { left: 8, right: 12, top: narrow ? 24 : 48, bottom: narrow ? 48 : 4, containLabel: true },
      ...(narrow ? { yAxis: category, xAxis: [counts, rating] } : { xAxis: category, yAxis: [counts, rating] }),
      series: [
        { name: t('problems.sc.received'), type: 'bar', barMaxWidth: 16, itemStyle: { color: '#1677ff' }, data: order(departments.map((d) => d.received)), [axisKey]: 0 },
        { name: t('problems.sc.closed'), type: 'bar', barMaxWidth: 16, itemStyle: { color: '#52c41a' }, data: order(departments.map((d) => d.closed)), [axisKey]: 0 },
        { name: t('problems.sc.satisfaction'), type: 'line', symbolSize: 7, connectNulls: true, itemStyle: { color: '#c0392b' }, data: order(departments.map((d) => d.satisfaction)), [axisKey]: 1 },
      ],
    };
  }, [departments, narrow, t]);

  const estimated = (label: string, hint: string) => (
    <Tooltip title={hint}>
      <span style={{ whiteSpace: 'nowrap' }}>
        {label} <QuestionCircleOutlined style={{ color: '#8c8c8c' }} />
      </span>
    </Tooltip>
  );

  // On a phone the department stays put and the figures swipe beside it.
  const num = narrow ? 72 : 104;
  const columns: ColumnsType<DepartmentYear> = ([
    { key: 'unit', title: t('problems.sc.department'), dataIndex: 'unitName', width: narrow ? 104 : 190, fixed: 'left' },
    { key: 'received', title: t('problems.sc.received'), dataIndex: 'received', width: num, align: 'right', sorter: (a, b) => a.received - b.received },
    { key: 'closed', title: t('problems.sc.closed'), dataIndex: 'closed', width: num, align: 'right', sorter: (a, b) => a.closed - b.closed, render: (v: number) => <span data-testid="scorecard-closed">{v}</span> },
    { key: 'median', title: estimated(t('problems.sc.median'), t('problems.sc.medianHint')), dataIndex: 'medianDaysToClose', width: narrow ? 96 : 130, align: 'right', render: (v: number | null) => dash(v) },
    { key: 'overdue', title: estimated(t('problems.sc.overdueRate'), t('problems.sc.overdueHint')), dataIndex: 'overdueRate', width: narrow ? 88 : 120, align: 'right', render: (v: number | null) => <Typography.Text type={v !== null && v > 0 ? 'danger' : undefined}>{dash(v, '%')}</Typography.Text> },
    { key: 'satisfaction', title: t('problems.sc.satisfaction'), dataIndex: 'satisfaction', width: narrow ? 88 : 120, align: 'right', sorter: (a, b) => (a.satisfaction ?? 0) - (b.satisfaction ?? 0), render: (v: number | null) => dash(v) },
    { key: 'returned', title: t('problems.sc.returned'), dataIndex: 'returned', width: num, align: 'right', sorter: (a, b) => a.returned - b.returned },
  ] as ColumnsType<DepartmentYear>).map((c) => (narrow ? c : { ...c, onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }) }));
  const monthColumns: ColumnsType<ScorecardRow> = [
    { key: 'month', title: t('problems.sc.month'), dataIndex: 'month', width: 90 },
    { key: 'received', title: t('problems.sc.received'), dataIndex: 'received', align: 'right' },
    { key: 'closed', title: t('problems.sc.closed'), dataIndex: 'closed', align: 'right' },
    { key: 'median', title: t('problems.sc.median'), dataIndex: 'medianDaysToClose', align: 'right', render: (v: number | null) => dash(v) },
    { key: 'overdue', title: t('problems.sc.overdueRate'), dataIndex: 'overdueRate', align: 'right', render: (v: number | null) => dash(v, '%') },
    { key: 'satisfaction', title: t('problems.sc.satisfaction'), dataIndex: 'satisfaction', align: 'right', render: (v: number | null) => dash(v) },
    { key: 'returned', title: t('problems.sc.returned'), dataIndex: 'returned', align: 'right' },
  ];

  return (
    <PageCard
      title={t('menu.problemScorecard')}
      extra={
        <Space>
          {!narrow && <span>{t('problems.sc.year')}</span>}
          <Select
            value={year}
            style={{ width: 100 }}
            onChange={(y) => setParams({ year: String(y) }, { replace: true })}
            options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: String(y) }))}
            data-testid="scorecard-year"
          />
        </Space>
      }
    >
      {scorecard.error ? (
        <Alert type="warning" showIcon title={(scorecard.error as ApiError).message} />
      ) : (
        <>
          <Chart option={option} height={narrow ? Math.max(300, 90 + departments.length * 36) : 340} testId="scorecard-chart" />
          <Table<DepartmentYear>
            rowKey="unitId"
            size="small"
            style={{ marginTop: 16 }}
            loading={scorecard.isFetching}
            dataSource={departments}
            columns={columns}
            pagination={false}
            scroll={{ x: narrow ? 600 : 900 }}
            expandable={{
              fixed: 'left',
              expandedRowRender: (d) => <Table<ScorecardRow> rowKey="month" size="small" pagination={false} dataSource={d.months} columns={monthColumns} scroll={{ x: 600 }} />,
              rowExpandable: (d) => d.months.length > 0,
            }}
            data-testid="scorecard-table"
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('problems.sc.note')}
          </Typography.Paragraph>
        </>
      )}
    </PageCard>
  );
}
