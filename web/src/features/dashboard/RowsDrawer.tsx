import { Alert, Drawer, Grid, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatWan } from '../../components/money';
import { useDashboardRows, type DashboardParams, type DashboardRowsResponse, type Drill } from './api';

type Row = DashboardRowsResponse['items'][number];

/** The projects behind a bar, slice or step, each a link to its page; paged by the server. */
export function RowsDrawer({ params, drill, asOf, onClose }: { params: DashboardParams; drill: Drill | null; asOf: string; onClose: () => void }) {
  const { t } = useTranslation();
  const wide = !!Grid.useBreakpoint().md;
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  useEffect(() => setPaging((p) => ({ ...p, page: 1 })), [drill]);
  const rows = useDashboardRows(params, drill, paging.page, paging.pageSize);
  const data = rows.data;
  const hasValue = (data?.items ?? []).some((r) => r.valueWan !== null);
  const hasShare = (data?.items ?? []).some((r) => r.share !== null && r.share !== 100);
  const columns: ColumnsType<Row> = [
    { title: t('dashboard.col.project'), dataIndex: 'name', render: (name: string, r) => <Link to={`/projects/${r.projectId}`} data-testid="dashboard-drill-project">{name}</Link> },
    { title: t('dashboard.col.unit'), dataIndex: 'unitName', width: 120, responsive: ['md'] },
    { title: t('dashboard.col.stage'), dataIndex: 'stage', width: 76, render: (s: string, r) => (r.status === 'terminated' ? <Tag color="default">{t('projects.status.terminated')}</Tag> : s ? t(`stage.${s}`) : '—') },
    { title: t('dashboard.col.investmentWan'), dataIndex: 'investmentWan', width: 116, align: 'right', responsive: ['sm'], render: (v: number) => formatWan(v) },
    ...(hasValue ? [{ title: t('dashboard.col.valueWan'), dataIndex: 'valueWan', width: 116, align: 'right' as const, render: (v: number | null) => formatWan(v) }] : []),
    ...(hasShare ? [{ title: t('dashboard.col.share'), dataIndex: 'share', width: 80, align: 'right' as const, render: (v: number | null) => (v === null ? '—' : `${v}%`) }] : []),
    { title: t('dashboard.col.chain'), dataIndex: 'chainName', width: 130, responsive: ['lg'], render: (v: string | null) => v ?? '—' },
    { title: t('dashboard.col.date'), dataIndex: 'date', width: 104, responsive: ['sm'], render: (d: string | null) => d ?? '—' },
  ];
  return (
    <Drawer open={!!drill} onClose={onClose} size={wide ? 900 : '100%'} title={drill?.title ?? ''} destroyOnHidden data-testid="dashboard-drawer">
      {rows.error ? (
        <Alert type="error" showIcon title={rows.error.message} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('dashboard.drillAsOf', { asOf })}</Typography.Paragraph>
          {!!data?.hidden && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('dashboard.hidden', { count: data.hidden })} />}
          <Table
            size="small"
            rowKey="projectId"
            loading={rows.isFetching}
            dataSource={data?.items ?? []}
            columns={columns}
            data-testid="dashboard-drill-table"
            scroll={{ x: true }}
            pagination={{ current: paging.page, pageSize: paging.pageSize, total: data?.total ?? 0, showSizeChanger: false, showTotal: (n) => <span data-testid="dashboard-drill-total">{t('dashboard.drillTotal', { count: n })}</span>, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
          />
        </>
      )}
    </Drawer>
  );
}
