import { Alert, Drawer, Grid, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { formatValue, useRankingRows, type IndicatorMeta, type RankingRowsResponse } from './api';

export interface DrillTarget {
  year: number;
  asOf: string;
  unitId: number;
  unitName: string;
  indicator: string;
  indicatorName: string;
}

type Row = RankingRowsResponse['items'][number];

/** The projects behind one unit's figure: named when the reader may open them, counted otherwise. */
export function RowsDrawer({ target, unit, onClose }: { target: DrillTarget | null; unit: IndicatorMeta['unit']; onClose: () => void }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  useEffect(() => setPaging((p) => ({ ...p, page: 1 })), [target]);
  const rows = useRankingRows(target ? { year: target.year, asOf: target.asOf, unitId: target.unitId, indicator: target.indicator, ...paging } : null);
  const forbidden = rows.error instanceof ApiError && rows.error.status === 403;
  const data = rows.data;
  const columns: ColumnsType<Row> = [
    { title: t('rankings.project'), dataIndex: 'name', render: (name: string, r) => <Link to={`/projects/${r.projectId}`} data-testid="drill-project">{name}</Link> },
    { title: t('rankings.hostUnit'), dataIndex: 'hostUnitName', width: 110, responsive: ['md'] },
    { title: t('rankings.share'), dataIndex: 'share', width: 84, align: 'right', render: (s: number) => (s / 100).toLocaleString('zh-CN', { maximumFractionDigits: 4 }) },
    { title: t('rankings.investmentWan'), dataIndex: 'totalInvestmentWan', width: 110, align: 'right', responsive: ['sm'], render: (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) },
    ...(unit === 'wan' ? [{ title: t('rankings.reportedWan'), dataIndex: 'reportedWan', width: 110, align: 'right' as const, render: (v: number | null) => formatValue(v, 'wan') }] : []),
    ...(unit === 'wanPerMu'
      ? [
          { title: t('rankings.annualTaxWan'), dataIndex: 'reportedWan', width: 120, align: 'right' as const, render: (v: number | null) => formatValue(v, 'wan') },
          { title: t('rankings.landMu'), dataIndex: 'landMu', width: 90, align: 'right' as const, render: (v: number | null) => formatValue(v, 'count') },
        ]
      : []),
    ...(unit === 'percent' ? [{ title: t('rankings.inNumerator'), dataIndex: 'inNumerator', width: 90, render: (v: boolean | null) => (v ? t('rankings.inChain') : t('rankings.notInChain')) }] : []),
    { title: t('rankings.date'), dataIndex: 'date', width: 104, render: (d: string | null) => d ?? '—' },
  ];
  return (
    <Drawer open={!!target} onClose={onClose} size={screens.md ? 880 : '100%'} title={target ? t('rankings.drillTitle', { unit: target.unitName, indicator: target.indicatorName }) : ''} destroyOnHidden data-testid="drill-drawer">
      {forbidden ? (
        <Alert type="info" showIcon title={t('rankings.drillForbidden')} />
      ) : (
        <>
          {target && <Typography.Paragraph type="secondary">{t('rankings.drillAsOf', { asOf: target.asOf })}</Typography.Paragraph>}
          {!!data?.hidden && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rankings.hidden', { count: data.hidden })} data-testid="drill-hidden" />}
          <Table
            size="small"
            rowKey="projectId"
            loading={rows.isFetching}
            dataSource={data?.items ?? []}
            columns={columns}
            data-testid="drill-table"
            pagination={{ current: paging.page, pageSize: paging.pageSize, total: data?.total ?? 0, showSizeChanger: false, showTotal: (n) => t('rankings.drillTotal', { count: n }), onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
          />
        </>
      )}
    </Drawer>
  );
}
