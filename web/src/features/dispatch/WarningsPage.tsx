import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WARNING_KINDS } from '../../../../common/dispatch';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { PageCard } from '../../components/PageCard';
import { UnitTreeSelect } from '../../components/units';
import { LIGHT_COLORS, numberParam, usePeriodParam, type WarningItem, type WarningPage } from './api';
import { LightTag, PeriodSelect } from './parts';

/** What a light's number means: points behind 序时进度, or months late. */
export function useWarningDetail() {
  const { t } = useTranslation();
  return (w: { kind: string; deviationPoints: number | null; monthsLate: number | null }) =>
    w.kind === 'progress' && w.deviationPoints !== null ? t('dispatch.behindPoints', { points: w.deviationPoints }) : w.monthsLate !== null ? t('dispatch.monthsLate', { count: w.monthsLate }) : '—';
}

/** 红黄灯: the period's red and yellow lights in my scope, counted per unit, each row leading to the project's history. */
export function WarningsPage() {
  const { t } = useTranslation();
  const { period, periods, setPeriod, params, setParams } = usePeriodParam();
  const kind = params.get('kind') ?? undefined;
  const level = params.get('level') ?? undefined;
  const unitId = numberParam(params, 'unitId');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const detail = useWarningDetail();
  const setFilter = (key: string, value: string | number | undefined) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
        return next;
      },
      { replace: true },
    );
    setPaging((p) => ({ ...p, page: 1 }));
  };
  const query = new URLSearchParams({ period: period ?? '', page: String(paging.page), pageSize: String(paging.pageSize) });
  if (kind) query.set('kind', kind);
  if (level) query.set('level', level);
  if (unitId) query.set('unitId', String(unitId));
  const list = useQuery({ queryKey: ['dispatch', 'warnings', query.toString()], queryFn: () => api<WarningPage>('GET', `/api/warnings?${query}`), enabled: !!period, placeholderData: (prev) => prev });
  const data = list.data;

  const chart = useMemo(() => {
    const units = [...(data?.byUnit ?? [])].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: [t('dispatch.light.red'), t('dispatch.light.yellow')], top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        { name: t('dispatch.light.red'), type: 'bar', stack: 'n', data: units.map((u) => u.red), itemStyle: { color: LIGHT_COLORS.red }, barMaxWidth: 22 },
        { name: t('dispatch.light.yellow'), type: 'bar', stack: 'n', data: units.map((u) => u.yellow), itemStyle: { color: LIGHT_COLORS.yellow }, barMaxWidth: 22 },
      ],
    };
  }, [data, t]);

  const columns: ColumnsType<WarningItem> = [
    {
      title: t('dispatch.project'),
      dataIndex: 'projectName',
      fixed: 'left',
      width: 220,
      render: (name: string, w) => (
        <div>
          <Link to={`/projects/${w.projectId}#lights`}>{name}</Link>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{w.projectCode}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('dispatch.unit'), dataIndex: 'unitName', width: 120 },
    { title: t('dispatch.kindLabel'), dataIndex: 'kind', width: 100, render: (k: string) => <Tag>{t(`dispatch.kind.${k}`)}</Tag> },
    { title: t('dispatch.lightLabel'), dataIndex: 'level', width: 120, render: (l: WarningItem['level'], w) => <LightTag level={l} escalated={w.escalated} /> },
    { title: t('dispatch.warningDetail'), width: 180, render: (_, w) => detail(w) },
    { title: t('dispatch.ruleVersion'), dataIndex: 'ruleVersion', width: 90, render: (v: number) => `v${v}` },
    { title: t('dispatch.history'), width: 100, render: (_, w) => <Link to={`/projects/${w.projectId}#lights`} data-testid={`warning-history-${w.projectId}`}>{t('dispatch.viewHistory')}</Link> },
  ];

  return (
    <PageCard title={t('menu.dispatchWarnings')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <PeriodSelect value={period} periods={periods.data} onChange={(p) => { setPeriod(p); setPaging((x) => ({ ...x, page: 1 })); }} loading={periods.isLoading} />
        {/* Five kinds do not fit a phone's width: they scroll sideways in their own strip. */}
        <div style={{ maxWidth: 'calc(100vw - 64px)', overflowX: 'auto' }}>
          <Segmented
            value={kind ?? 'all'}
            onChange={(v) => setFilter('kind', v === 'all' ? undefined : String(v))}
            options={[{ value: 'all', label: t('dispatch.allKinds') }, ...WARNING_KINDS.map((k) => ({ value: k, label: t(`dispatch.kind.${k}`) }))]}
            data-testid="warnings-kind"
          />
        </div>
        <Select allowClear placeholder={t('dispatch.lightLabel')} style={{ width: 110 }} value={level} onChange={(v) => setFilter('level', v)} options={(['red', 'yellow'] as const).map((l) => ({ value: l, label: t(`dispatch.light.${l}`) }))} data-testid="warnings-level" />
        <UnitTreeSelect allowClear value={unitId} onChange={(v) => setFilter('unitId', v)} />
      </Space>
      {!periods.isLoading && !periods.data?.length ? (
        <Empty description={t('dispatch.noPeriods')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={8}>
            <Card size="small" title={t('dispatch.warningsByUnit')}>
              {data?.byUnit.length ? <Chart option={chart} height={Math.max(180, data.byUnit.length * 30 + 50)} testId="warnings-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.noWarnings')} />}
            </Card>
          </Col>
          <Col xs={24} xl={16}>
            <Table<WarningItem>
              rowKey={(w) => `${w.projectId}-${w.kind}`}
              size="middle"
              loading={list.isFetching}
              dataSource={data?.items}
              columns={columns}
              scroll={{ x: 930 }}
              locale={{ emptyText: t('dispatch.noWarnings') }}
              data-testid="warnings-table"
              pagination={{ current: paging.page, pageSize: paging.pageSize, total: data?.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
            />
          </Col>
        </Row>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('dispatch.lightRule')}</Typography.Paragraph>
    </PageCard>
  );
}
