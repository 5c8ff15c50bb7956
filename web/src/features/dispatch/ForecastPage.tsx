import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Progress, Row, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { MoneyCell } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { LIGHT_COLORS, usePeriodParam, type Forecast } from './api';
import { LightTag, PeriodSelect } from './parts';

type UnitForecast = Forecast['units'][number];
type AtRisk = Forecast['atRisk'][number];

function pctColor(pct: number | null) {
  if (pct === null) return undefined;
  return pct >= 100 ? LIGHT_COLORS.green : pct >= 80 ? LIGHT_COLORS.yellow : LIGHT_COLORS.red;
}

/** 预测: where each unit and project will end the year at its monthly pace, and who will miss its plan while still green or yellow. */
export function ForecastPage() {
  const { t } = useTranslation();
  const { period, periods, setPeriod } = usePeriodParam();
  const forecast = useQuery({ queryKey: ['dispatch', 'forecast', period], queryFn: () => api<Forecast>('GET', `/api/dispatch/forecast?period=${period}`), enabled: !!period });
  const f = forecast.data;

  const chart = useMemo(() => {
    const units = f?.units ?? [];
    const yi = (wan: number) => Math.round(wan / 100) / 100;
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', data: [t('dispatch.plan'), t('dispatch.cumulativeShort'), t('dispatch.forecastWan')], top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { interval: 0, rotate: units.length > 6 ? 30 : 0, width: 90, overflow: 'truncate' } },
      // The unit (亿元) is in the card's title.
      yAxis: { type: 'value' },
      series: [
        { name: t('dispatch.plan'), type: 'bar', data: units.map((u) => yi(u.planWan)), itemStyle: { color: '#bfbfbf' }, barMaxWidth: 18 },
        { name: t('dispatch.cumulativeShort'), type: 'bar', data: units.map((u) => yi(u.cumulativeWan)), itemStyle: { color: '#1677ff' }, barMaxWidth: 18 },
        { name: t('dispatch.forecastWan'), type: 'bar', data: units.map((u) => ({ value: yi(u.forecastWan), itemStyle: { color: pctColor(u.forecastPct) } })), itemStyle: { color: LIGHT_COLORS.yellow }, barMaxWidth: 18 },
      ],
    };
  }, [f, t]);

  return (
    <PageCard title={t('menu.dispatchForecast')}>
      <div style={{ marginBottom: 12 }}>
        <PeriodSelect value={period} periods={periods.data} onChange={setPeriod} loading={periods.isLoading} />
      </div>
      {!periods.isLoading && !periods.data?.length ? (
        <Empty description={t('dispatch.noPeriods')} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('dispatch.forecastHow')} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xxl={12}>
              <Card size="small" title={t('dispatch.forecastByUnit')}>
                {f?.units.length ? <Chart option={chart} height={300} testId="forecast-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Card>
            </Col>
            <Col xs={24} xxl={12}>
              <Table<UnitForecast>
                rowKey="unitId"
                size="small"
                loading={forecast.isFetching}
                dataSource={f?.units}
                pagination={false}
                scroll={{ x: 640 }}
                data-testid="forecast-units"
                columns={[
                  { title: t('dispatch.unit'), dataIndex: 'unitName', fixed: 'left', width: 120 },
                  { title: `${t('dispatch.plan')}（${t('money.wan')}）`, dataIndex: 'planWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                  { title: `${t('dispatch.cumulativeShort')}（${t('money.wan')}）`, dataIndex: 'cumulativeWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                  { title: `${t('dispatch.forecastWan')}（${t('money.wan')}）`, dataIndex: 'forecastWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={Math.round(v)} /> },
                  { title: t('dispatch.forecastPct'), dataIndex: 'forecastPct', width: 140, render: (v: number | null) => (v === null ? '—' : <Progress percent={Math.min(100, v)} format={() => `${v}%`} strokeColor={pctColor(v)} size="small" />) },
                ]}
              />
            </Col>
          </Row>
          <Card size="small" title={t('dispatch.atRisk')}>
            <Typography.Paragraph type="secondary">{t('dispatch.atRiskHint')}</Typography.Paragraph>
            <Table<AtRisk>
              rowKey="projectId"
              size="small"
              loading={forecast.isFetching}
              dataSource={f?.atRisk}
              scroll={{ x: 900 }}
              locale={{ emptyText: t('dispatch.noAtRisk') }}
              data-testid="forecast-at-risk"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                {
                  title: t('dispatch.project'),
                  dataIndex: 'projectName',
                  fixed: 'left',
                  width: 220,
                  render: (name: string, p) => (
                    <div>
                      <Link to={`/projects/${p.projectId}#lights`}>{name}</Link>
                      <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.projectCode}</Typography.Text></div>
                    </div>
                  ),
                },
                { title: t('dispatch.unit'), dataIndex: 'unitName', width: 120 },
                { title: `${t('dispatch.plan')}（${t('money.wan')}）`, dataIndex: 'planWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                { title: `${t('dispatch.cumulativeShort')}（${t('money.wan')}）`, dataIndex: 'cumulativeWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                { title: `${t('dispatch.forecastWan')}（${t('money.wan')}）`, dataIndex: 'forecastWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={Math.round(v)} /> },
                { title: t('dispatch.forecastPct'), dataIndex: 'forecastPct', width: 100, align: 'right', render: (v: number) => <span style={{ color: pctColor(v) }}>{v}%</span> },
                { title: t('dispatch.progressLight'), dataIndex: 'progressLevel', width: 100, render: (l: AtRisk['progressLevel']) => <LightTag level={l} /> },
              ]}
            />
          </Card>
        </Space>
      )}
    </PageCard>
  );
}
