import { ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Grid, Row, Select, Spin, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Chart } from '../../components/Chart';
import { PageCard } from '../../components/PageCard';
import { FINANCE_YEARS, isBank, useLoanStats, useYearChainParams, type LoanPeriod } from './api';
import { Section } from './BankDesk';
import { formatChange, formatYiValue, institutionsOption, latestPeriod, loanMonthOption, loanSeries } from './loans';

type Institution = LoanPeriod['institutions'][number];

const num = (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{v}</span>;
const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}%`);
const pair = (label: string, value: string) => (
  <>
    <Typography.Text type="secondary">{label}</Typography.Text> {num(value)}
  </>
);

/** One institution as a card: the phone's table. */
function InstitutionCard({ r }: { r: Institution }) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`loan-card-${r.institutionId}`}>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {r.name}
      </Typography.Text>
      <Row gutter={[8, 4]} style={{ marginTop: 6, fontSize: 13 }}>
        <Col span={12}>{pair(t('loans.balance'), formatYiValue(r.balanceYi))}</Col>
        <Col span={12}>{pair(t('loans.ytdChangeShort'), formatChange(r.ytdChangeYi))}</Col>
        <Col span={12}>{pair(t('loans.yoy'), percent(r.yoyPercent))}</Col>
        <Col span={12}>{pair(t('loans.mfgBalanceShort'), formatYiValue(r.mfgBalanceYi))}</Col>
      </Row>
    </Card>
  );
}

/**
 * 金融统计: the city's loans month by month and each institution's in a month, from the regulator's
 * monthly sheet (亿元). City-wide readers only; the regulator imports the sheets.
 */
export function LoansPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const narrow = Grid.useBreakpoint().md === false;
  const { year, set } = useYearChainParams();
  const bank = isBank(me);
  const stats = useLoanStats(year, !bank);
  const periods = useMemo(() => stats.data ?? [], [stats.data]);
  const [picked, setPicked] = useState<string | null>(null);
  const latest = latestPeriod(periods);
  const shown = periods.find((p) => p.period === picked) ?? latest;
  const series = useMemo(() => loanMonthOption(loanSeries(periods, year), narrow, t), [periods, year, narrow, t]);
  const instOption = useMemo(() => institutionsOption(shown?.institutions ?? [], narrow, t), [shown, narrow, t]);
  const monthLabel = (period: string) => t('loans.periodLabel', { year: period.slice(0, 4), month: Number(period.slice(5, 7)) });

  const columns: ColumnsType<Institution> = [
    { key: 'name', title: t('loans.institution'), dataIndex: 'name', width: 200 },
    { key: 'balance', title: t('loans.balanceYi'), dataIndex: 'balanceYi', align: 'right', width: 130, render: (v: number) => num(formatYiValue(v)), sorter: (a, b) => a.balanceYi - b.balanceYi, defaultSortOrder: 'descend' },
    { key: 'ytd', title: t('loans.ytdChangeYi'), dataIndex: 'ytdChangeYi', align: 'right', width: 140, render: (v: number) => num(formatChange(v)), sorter: (a, b) => a.ytdChangeYi - b.ytdChangeYi },
    { key: 'yoy', title: t('loans.yoy'), dataIndex: 'yoyPercent', align: 'right', width: 110, render: (v: number | null) => num(percent(v)) },
    { key: 'mfg', title: t('loans.mfgBalanceYi'), dataIndex: 'mfgBalanceYi', align: 'right', width: 150, render: (v: number | null) => num(formatYiValue(v)) },
  ];

  const extra = (
    <Flex gap={8} wrap justify="flex-end">
      <Select value={year} onChange={(y) => { setPicked(null); set({ year: y }); }} style={{ width: narrow ? 92 : 110 }} options={FINANCE_YEARS.map((y) => ({ value: y, label: t('finance.yearLabel', { year: y }) }))} data-testid="loans-year" />
      {can('finance:manage') && (
        <Button icon={<ImportOutlined />} onClick={() => navigate('/finance/loans/import')} aria-label={t('loans.import')} data-testid="loans-import">
          {narrow ? null : t('loans.import')}
        </Button>
      )}
    </Flex>
  );

  if (bank) return <PageCard title={t('loans.title')}><Alert type="info" showIcon title={t('loans.notForBanks')} /></PageCard>;
  return (
    <PageCard title={narrow ? t('menu.loanStats') : t('loans.title')} extra={extra}>
      {stats.error && <Alert type="warning" showIcon title={(stats.error as ApiError).message} style={{ marginBottom: 12 }} />}
      <Spin spinning={stats.isFetching}>
        {!stats.isLoading && !periods.length ? (
          <Empty description={t('loans.empty', { year })} data-testid="loans-empty" />
        ) : (
          <>
            {latest && (
              <>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('loans.asOf', { month: monthLabel(latest.period), version: latest.version })}
                </Typography.Text>
                <Row gutter={[12, 12]} style={{ marginTop: 8 }} data-testid="loans-figures">
                  <Col xs={12} md={5}><Statistic title={t('loans.balanceYi')} value={formatYiValue(latest.balanceYi)} /></Col>
                  <Col xs={12} md={5}><Statistic title={t('loans.ytdChangeYi')} value={formatChange(latest.ytdChangeYi)} /></Col>
                  <Col xs={12} md={4}><Statistic title={t('loans.yoy')} value={percent(latest.yoyPercent)} /></Col>
                  <Col xs={12} md={5}><Statistic title={t('loans.mfgBalanceYi')} value={formatYiValue(latest.mfgBalanceYi)} /></Col>
                  <Col xs={12} md={5}><Statistic title={t('loans.mfgShare')} value={percent(latest.mfgSharePercent)} /></Col>
                </Row>
              </>
            )}
            <Section title={t('loans.byMonth', { year })}>
              <Chart option={series} height={narrow ? 280 : 320} testId="chart-loans-months" />
            </Section>
            {shown && (
              <Section
                title={t('loans.byInstitution', { month: monthLabel(shown.period) })}
                extra={
                  periods.length > 1 && (
                    <Select value={shown.period} onChange={setPicked} style={{ width: narrow ? 140 : 160 }} options={[...periods].sort((a, b) => b.period.localeCompare(a.period)).map((p) => ({ value: p.period, label: monthLabel(p.period) }))} data-testid="loans-month" />
                  )
                }
              >
                <Chart option={instOption} height={Math.max(220, 60 + shown.institutions.length * (narrow ? 40 : 34))} testId="chart-loans-institutions" />
                <div style={{ marginTop: 16 }}>
                  {narrow ? (
                    <Flex vertical gap={8} data-testid="loans-cards">
                      {[...shown.institutions].sort((a, b) => b.balanceYi - a.balanceYi).map((r) => (
                        <InstitutionCard key={r.institutionId} r={r} />
                      ))}
                    </Flex>
                  ) : (
                    <Table<Institution>
                      rowKey="institutionId"
                      size="small"
                      dataSource={shown.institutions}
                      columns={columns}
                      pagination={false}
                      scroll={{ x: 730 }}
                      data-testid="loans-table"
                      summary={() => (
                        <Table.Summary.Row style={{ fontWeight: 600 }}>
                          <Table.Summary.Cell index={0}>{t('loans.cityTotal')}</Table.Summary.Cell>
                          <Table.Summary.Cell index={1} align="right">{num(formatYiValue(shown.balanceYi))}</Table.Summary.Cell>
                          <Table.Summary.Cell index={2} align="right">{num(formatChange(shown.ytdChangeYi))}</Table.Summary.Cell>
                          <Table.Summary.Cell index={3} align="right">{num(percent(shown.yoyPercent))}</Table.Summary.Cell>
                          <Table.Summary.Cell index={4} align="right">{num(formatYiValue(shown.mfgBalanceYi))}</Table.Summary.Cell>
                        </Table.Summary.Row>
                      )}
                    />
                  )}
                </div>
              </Section>
            )}
          </>
        )}
      </Spin>
    </PageCard>
  );
}
