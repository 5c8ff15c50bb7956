import { Alert, Card, DatePicker, Flex, Grid, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { AllOrNothing, DryRunButton, ImportActions, ImportDone, ImportErrors, ImportFilePicker, ImportFlow, ImportSummary } from '../../components/ImportFlow';
import { useImportRun } from '../../components/useImportRun';
import { financeApi, type LoanImportReport } from './api';
import { formatChange, formatYiValue } from './loans';

type Matched = LoanImportReport['institutions'][number];

/**
 * 导入贷款情况表: the regulator picks the month and the sheet; a dry run shows the city total, each
 * institution with the one it was matched to (or 新机构) and every rejected row; 确认导入 keeps the
 * sheet as the month's new version. A sheet with a rejected row cannot be committed.
 */
export function LoanImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const narrow = Grid.useBreakpoint().md === false;
  const [params] = useSearchParams();
  // The month asked in the address (?period=YYYY-MM), else last month: a month's sheet comes out after it ends.
  const [month, setMonth] = useState<Dayjs>(() => {
    const asked = params.get('period') ?? '';
    const d = dayjs(`${asked}-01`);
    return /^\d{4}-\d{2}$/.test(asked) && d.isValid() && !d.isAfter(dayjs(), 'month') ? d : dayjs().subtract(1, 'month').startOf('month');
  });
  const period = month.format('YYYY-MM');
  const monthLabel = (p: string) => t('loans.periodLabel', { year: p.slice(0, 4), month: Number(p.slice(5, 7)) });
  const flow = useImportRun((file, commit) => financeApi.importLoans(period, file, commit), { invalidates: ['finance', 'loan-stats'] });

  const matchedTag = (m: Matched) =>
    m.matched ? (
      <Tag color={m.matched === m.name ? 'default' : 'blue'} style={{ whiteSpace: 'normal' }}>
        {m.matched}
      </Tag>
    ) : (
      <Tag color="gold">{t('loans.newInstitution')}</Tag>
    );

  return (
    <Card variant="borderless" title={t('loans.importTitle')}>
      <ImportFlow
        flow={flow}
        pick={
          <>
            <Flex gap={8} align="center" wrap>
              <Typography.Text>{t('loans.importMonth')}</Typography.Text>
              <DatePicker
                picker="month"
                value={month}
                allowClear={false}
                onChange={(d) => d && setMonth(d.startOf('month'))}
                disabledDate={(d) => d.isAfter(dayjs(), 'month')}
                format={(d) => monthLabel(d.format('YYYY-MM'))}
                style={{ width: 160 }}
                data-testid="loans-import-month"
              />
            </Flex>
            <ImportFilePicker flow={flow} drop={t('loans.importDrop')} hint={t('loans.importHint')} />
            <DryRunButton flow={flow} />
          </>
        }
        result={(report) => {
          const rejected = new Set(report.errors.map((e) => e.row)).size;
          const total = report.total;
          return (
            <>
              {report.committed && (
                <ImportDone
                  title={t('loans.importDone', { month: monthLabel(report.period), version: report.version ?? '' })}
                  action={t('loans.backToStats')}
                  onAction={() => navigate(`/finance/loans?year=${report.period.slice(0, 4)}`)}
                  actionTestId="import-to-loans"
                />
              )}
              {!report.committed && <Typography.Text data-testid="import-target">{t('loans.importInto', { month: monthLabel(report.period) })}</Typography.Text>}
              <ImportSummary
                col={{ xs: 12, md: 5 }}
                stats={[
                  { title: t('loans.balanceYi'), value: formatYiValue(total?.balanceYi) },
                  { title: t('loans.ytdChangeYi'), value: formatChange(total?.ytdChangeYi) },
                  { title: t('loans.yoy'), value: total?.yoyPercent == null ? '—' : `${total.yoyPercent.toFixed(2)}%`, col: { xs: 12, md: 4 } },
                  { title: t('loans.mfgBalanceYi'), value: formatYiValue(total?.mfgBalanceYi) },
                  { title: t('import.rejected'), value: rejected, tone: 'rejected' },
                ]}
              />
              {!total && <Alert type="warning" showIcon title={t('loans.noTotal')} />}
              {report.newInstitutions.length > 0 && <Alert type="info" showIcon title={t('loans.newInstitutions', { names: report.newInstitutions.join('、') })} data-testid="import-new" />}
              {rejected > 0 && <AllOrNothing title={t('keyLists.allOrNothing')} />}
              {!report.committed && !rejected && <Alert type="success" showIcon title={t('loans.dryRunOk', { n: report.institutions.length })} data-testid="import-ok" />}
              {rejected > 0 && <ImportErrors errors={report.errors} valueWidth={180} scrollX={720} narrow={narrow} />}
              <Card size="small" title={t('loans.matchedTitle', { n: report.institutions.length })}>
                {narrow ? (
                  <Flex vertical gap={8} data-testid="import-institutions">
                    {report.institutions.map((m) => (
                      <Flex key={m.row} justify="space-between" gap={8} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
                        <div style={{ minWidth: 0 }}>
                          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>{m.name}</Typography.Text>
                          <div>{matchedTag(m)}</div>
                        </div>
                        <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatYiValue(m.balanceYi)}</span>
                      </Flex>
                    ))}
                  </Flex>
                ) : (
                  <Table<Matched>
                    size="small"
                    rowKey="row"
                    pagination={false}
                    dataSource={report.institutions}
                    data-testid="import-institutions"
                    columns={[
                      { title: t('import.row'), dataIndex: 'row', width: 70 },
                      { title: t('loans.sheetName'), dataIndex: 'name', width: 240 },
                      { title: t('loans.matchedTo'), key: 'matched', render: (_, m) => matchedTag(m) },
                      { title: t('loans.balanceYi'), dataIndex: 'balanceYi', align: 'right', width: 140, render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYiValue(v)}</span> },
                    ]}
                  />
                )}
              </Card>
              {!report.committed && <ImportActions flow={flow} label={t('loans.importCommit', { month: monthLabel(report.period) })} disabled={rejected > 0 || report.rows === 0} />}
            </>
          );
        }}
      />
    </Card>
  );
}
