import { ExclamationCircleOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LIGHT_LEVELS } from '../../../../common/dispatch';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../components/ExportButton';
import { formatWan, MoneyCell } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { UnitTreeSelect } from '../../components/units';
import { numberParam, usePeriodParam, type ReportPage, type ReportRow } from './api';
import { LightTag, PeriodSelect, PeriodState } from './parts';
import { ReportDrawer } from './ReportDrawer';

/** 月度填报: the period's key projects with their figures, light and consistency notice; a row opens its report. */
export function ReportsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { period, periods, setPeriod, params, setParams } = usePeriodParam();
  const unitId = numberParam(params, 'unitId');
  const state = params.get('state') ?? undefined;
  const level = params.get('level') ?? undefined;
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [open, setOpen] = useState<ReportRow | null>(null);
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

  const query = new URLSearchParams({ page: String(paging.page), pageSize: String(paging.pageSize) });
  if (unitId) query.set('unitId', String(unitId));
  if (state) query.set('state', state);
  if (level) query.set('level', level);
  const list = useQuery({
    queryKey: ['dispatch', 'reports', period, query.toString()],
    queryFn: () => api<ReportPage>('GET', `/api/dispatch/periods/${period}/reports?${query}`),
    enabled: !!period,
    placeholderData: (prev) => prev,
  });
  const data = list.data;
  const writable = can('dispatch:write');

  const columns: ColumnsType<ReportRow> = useMemo(
    () => [
      {
        title: t('dispatch.project'),
        dataIndex: 'projectName',
        fixed: 'left',
        width: 220,
        render: (name: string, r) => (
          <div>
            <a onClick={() => setOpen(r)} data-testid={`report-open-${r.projectId}`}>{name}</a>
            <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.projectCode}</Typography.Text></div>
          </div>
        ),
      },
      { title: t('dispatch.unit'), dataIndex: 'unitName', width: 110 },
      { title: `${t('dispatch.plan')}（${t('money.wan')}）`, dataIndex: 'planWan', width: 120, align: 'right', render: (v: number | null) => <MoneyCell wan={v} /> },
      { title: `${t('dispatch.monthShort')}（${t('money.wan')}）`, dataIndex: 'monthWan', width: 120, align: 'right', render: (v: number | null) => <MoneyCell wan={v} /> },
      {
        title: `${t('dispatch.cumulativeShort')}（${t('money.wan')}）`,
        dataIndex: 'cumulativeWan',
        width: 140,
        align: 'right',
        render: (v: number | null, r) => (
          <Space size={4}>
            {r.consistency && (
              <Tooltip title={t('dispatch.consistency', { expected: formatWan(r.consistency.expectedCumulativeWan), reported: formatWan(v) })}>
                <ExclamationCircleOutlined style={{ color: '#faad14' }} data-testid={`consistency-${r.projectId}`} />
              </Tooltip>
            )}
            <MoneyCell wan={v} />
          </Space>
        ),
      },
      { title: t('dispatch.planShare'), dataIndex: 'planSharePct', width: 100, align: 'right', render: (v: number | null) => (v === null ? '—' : `${v}%`) },
      { title: t('dispatch.progressLight'), dataIndex: 'progressLevel', width: 110, render: (v: ReportRow['progressLevel'], r) => <LightTag level={v} deviation={r.deviationPoints} /> },
      {
        title: t('dispatch.state'),
        dataIndex: 'filed',
        width: 110,
        render: (filed: boolean, r) =>
          filed ? (
            <Space size={4}>
              <Tag color="success">{t('dispatch.filed')}</Tag>
              {r.late && <Tag color="orange">{t('dispatch.lateTag')}</Tag>}
              {r.correctionReason && <Tooltip title={r.correctionReason}><Tag color="purple">{t('dispatch.corrected')}</Tag></Tooltip>}
            </Space>
          ) : (
            <Tag color="error">{t('dispatch.missing')}</Tag>
          ),
      },
      { title: t('dispatch.progressText'), dataIndex: 'progressText', width: 220, ellipsis: true, render: (v: string | null) => v ?? '—' },
      {
        title: t('common.actions'),
        width: 90,
        render: (_, r) => (
          <Button size="small" type={!r.filed && writable ? 'primary' : 'default'} onClick={() => setOpen(r)} data-testid={`report-action-${r.projectId}`}>
            {!r.filed && writable ? t('dispatch.file') : t('dispatch.view')}
          </Button>
        ),
      },
    ],
    [t, writable],
  );

  return (
    <PageCard title={t('menu.dispatchReports')}>
      <Space wrap style={{ marginBottom: 12 }}>
        <PeriodSelect value={period} periods={periods.data} onChange={(p) => { setPeriod(p); setPaging((x) => ({ ...x, page: 1 })); }} loading={periods.isLoading} />
        <PeriodState period={data?.period} />
        <UnitTreeSelect allowClear value={unitId} onChange={(v) => setFilter('unitId', v)} />
        <Select allowClear placeholder={t('dispatch.state')} style={{ width: 120 }} value={state} onChange={(v) => setFilter('state', v)} options={[{ value: 'filed', label: t('dispatch.filed') }, { value: 'missing', label: t('dispatch.missing') }]} data-testid="reports-state" />
        <Select allowClear placeholder={t('dispatch.progressLight')} style={{ width: 140 }} value={level} onChange={(v) => setFilter('level', v)} options={LIGHT_LEVELS.map((l) => ({ value: l, label: t(`dispatch.light.${l}`) }))} />
        {writable && (
          <Button icon={<UploadOutlined />} onClick={() => navigate(`/dispatch/import${period ? `?period=${period}` : ''}`)} data-testid="dispatch-import">
            {t('dispatch.import')}
          </Button>
        )}
        {period && <ExportButton url={() => `/api/dispatch/periods/${period}/export${unitId ? `?unitId=${unitId}` : ''}`} fallbackName={`dispatch-${period}.xlsx`} label={t('dispatch.export')} testId="dispatch-export" />}
      </Space>
      {!periods.isLoading && !periods.data?.length ? (
        <Empty description={t('dispatch.noPeriods')} />
      ) : (
        <Table<ReportRow>
          rowKey="projectId"
          size="middle"
          loading={list.isFetching}
          dataSource={data?.items}
          columns={columns}
          scroll={{ x: 1400 }}
          data-testid="reports-table"
          pagination={{ current: paging.page, pageSize: paging.pageSize, total: data?.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
          footer={() =>
            data && (
              <Typography.Text strong data-testid="reports-totals">
                {t('dispatch.totals', { count: data.total, plan: formatWan(data.totals.planWan), month: formatWan(data.totals.monthWan), cumulative: formatWan(data.totals.cumulativeWan) })}
              </Typography.Text>
            )
          }
        />
      )}
      {period && <ReportDrawer period={period} row={open ? (data?.items.find((r) => r.projectId === open.projectId) ?? open) : null} onClose={() => setOpen(null)} />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('dispatch.lightRule')} <Link to={`/dispatch/warnings${period ? `?period=${period}` : ''}`}>{t('menu.dispatchWarnings')}</Link>
      </Typography.Paragraph>
    </PageCard>
  );
}
