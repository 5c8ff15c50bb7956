import { Alert, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { uploadWithProgress } from '../../api/client';
import { useAuth } from '../../app/auth';
import { DryRunButton, ImportActions, ImportDone, ImportErrors, ImportFilePicker, ImportFlow, ImportSummary } from '../../components/ImportFlow';
import { formatWan } from '../../components/money';
import { UnitTreeSelect } from '../../components/units';
import { useImportRun } from '../../components/useImportRun';
import { usePeriodParam, type DispatchImportReport } from './api';
import { PeriodSelect } from './parts';

const OUTCOME_COLORS: Record<string, string> = { created: 'green', updated: 'blue', corrected: 'purple', unchanged: 'default' };

/** 导入调度表: the same flow as the ledger import — pick unit and period, a dry run shows row errors, then commit. */
export function DispatchImportPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const { period, periods, setPeriod } = usePeriodParam();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  // A locked month's filed figures change only with a reason (the server refuses those rows without one).
  const [reason, setReason] = useState('');
  const locked = !!periods.data?.find((p) => p.period === period)?.locked;
  const flow = useImportRun(
    (file, commit, onProgress) => {
      const params = new URLSearchParams({ unitId: String(unitId), period: period!, commit: String(commit) });
      if (locked && reason.trim()) params.set('reason', reason.trim());
      return uploadWithProgress(`/api/dispatch/import?${params}`, file, onProgress) as Promise<DispatchImportReport>;
    },
    { ready: !!unitId && !!period, invalidates: ['dispatch'] },
  );

  return (
    <Card variant="borderless" title={t('dispatch.importTitle')}>
      <ImportFlow
        flow={flow}
        pick={
          <>
            <Space wrap>
              <Typography.Text>{t('dispatch.importUnit')}</Typography.Text>
              <UnitTreeSelect value={unitId} onChange={setUnitId} data-testid="import-unit" />
              <Typography.Text>{t('dispatch.period')}</Typography.Text>
              <PeriodSelect value={period} periods={periods.data} onChange={setPeriod} loading={periods.isLoading} />
            </Space>
            {locked && (
              <Space wrap>
                <Typography.Text>{t('dispatch.importReason')}</Typography.Text>
                <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} style={{ width: 360 }} placeholder={t('dispatch.importReasonHint')} data-testid="import-reason" />
              </Space>
            )}
            <ImportFilePicker flow={flow} drop={t('dispatch.importDrop')} hint={t('dispatch.importHint')} />
            <DryRunButton flow={flow} />
          </>
        }
        result={(report) => {
          const writes = report.created + report.updated;
          return (
            <>
              {report.committed && <ImportDone title={t('import.committed')} action={t('menu.dispatchReports')} onAction={() => navigate(`/dispatch/reports?period=${report.period}&unitId=${unitId}`)} />}
              <ImportSummary
                col={{ xs: 8, md: 3 }}
                stats={[
                  { title: t('import.rows'), value: report.rows },
                  { title: t('dispatch.matched'), value: report.matched },
                  { title: t('import.created'), value: report.created, tone: 'green' },
                  { title: t('import.updated'), value: report.updated, tone: 'blue' },
                  { title: t('import.unchanged'), value: report.unchanged },
                  { title: t('import.rejected'), value: report.errors.length, tone: 'rejected' },
                  { title: `${t('dispatch.monthShort')}（${t('money.wan')}）`, value: formatWan(report.monthWan), col: { xs: 12, md: 3 } },
                  { title: `${t('dispatch.cumulativeShort')}（${t('money.wan')}）`, value: formatWan(report.cumulativeWan), col: { xs: 12, md: 3 } },
                ]}
              />
              {(report.plansRecorded > 0 || report.listed > 0) && <Alert type="info" showIcon title={t('dispatch.plansRecorded', { plans: report.plansRecorded, listed: report.listed })} />}
              {report.errors.length > 0 && <ImportErrors errors={report.errors} csvName={`dispatch-errors-${report.fileSha256.slice(0, 8)}.csv`} scrollX={560} />}
              {!report.committed && (
                <Card size="small" title={t('dispatch.mapping', { sheet: report.sheet })}>
                  <Table size="small" rowKey="column" pagination={false} dataSource={report.mapping} scroll={{ y: 220 }}
                    columns={[
                      { title: t('import.column'), dataIndex: 'column', width: 70 },
                      { title: t('import.header'), dataIndex: 'header' },
                      { title: t('import.field'), dataIndex: 'field', width: 200, render: (f: string | null) => (f ? t(`dispatch.importField.${f}`) : <Typography.Text type="secondary">{t('import.ignored')}</Typography.Text>) },
                    ]} />
                </Card>
              )}
              {!report.committed && (
                <Card size="small" title={t('import.outcomes')}>
                  <Table size="small" rowKey="row" dataSource={report.outcomes} pagination={{ pageSize: 10 }} scroll={{ x: 560 }}
                    columns={[
                      { title: t('import.row'), dataIndex: 'row', width: 70 },
                      { title: t('dispatch.project'), dataIndex: 'name' },
                      { title: t('import.outcome'), dataIndex: 'outcome', width: 100, render: (o: string) => <Tag color={OUTCOME_COLORS[o] ?? 'default'}>{t(`dispatch.outcomeTag.${o}`)}</Tag> },
                      { title: t('import.note'), dataIndex: 'notice', render: (n?: string) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : '') },
                    ]} />
                </Card>
              )}
              {!report.committed && <ImportActions flow={flow} label={t('dispatch.importCommit', { count: writes })} disabled={writes === 0} />}
            </>
          );
        }}
      />
    </Card>
  );
}
