import { DownloadOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, download, uploadFile } from '../../api/client';
import { useAuth } from '../../app/auth';
import { AllOrNothing, DryRunButton, ImportActions, ImportDone, ImportErrors, ImportFilePicker, ImportFlow, ImportSummary } from '../../components/ImportFlow';
import { useImportRun } from '../../components/useImportRun';
import { UnitTreeSelect } from '../../components/units';
import type { ReturnsImportReport } from './api';
import { PeriodPicker, usePeriodLabel } from './parts';

/**
 * 导入产值税收表: pick the quarter, or the month where units file monthly (and the unit whose projects the rows name), a dry run shows
 * every refused row; the sheet is written all or nothing.
 */
export function ImportDrawer({ period: initial, onClose }: { period: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const quarterLabel = usePeriodLabel();
  const narrow = Grid.useBreakpoint().md === false;
  const [period, setPeriod] = useState(initial);
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [fetching, setFetching] = useState(false);
  const flow = useImportRun(
    (file, commit) => {
      const params = new URLSearchParams({ period, commit: String(commit) });
      if (unitId) params.set('unitId', String(unitId));
      return uploadFile(`/api/returns/import?${params}`, file) as Promise<ReturnsImportReport>;
    },
    { invalidates: ['returns'] },
  );

  // The form for the period: the unit's producing projects with the keys the import matches by, and what is filed already.
  async function downloadForm() {
    flow.setError(null);
    setFetching(true);
    try {
      const params = new URLSearchParams({ period });
      if (unitId) params.set('unitId', String(unitId));
      await download(`/api/returns/template?${params}`, `returns-${period}.xlsx`);
    } catch (e) {
      flow.setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setFetching(false);
    }
  }

  return (
    <Drawer open width={narrow ? '100%' : 720} title={t('returns.import.title')} onClose={onClose} destroyOnHidden data-testid="returns-import-drawer">
      <ImportFlow
        flow={flow}
        testIds="returns-import"
        stepsGap={20}
        pick={
          <>
            <Space wrap>
              <Typography.Text>{t('returns.period')}</Typography.Text>
              <PeriodPicker value={period} onChange={setPeriod} testId="returns-import-quarter" />
              <Typography.Text>{t('returns.import.unit')}</Typography.Text>
              <UnitTreeSelect value={unitId} onChange={setUnitId} allowClear style={{ width: 220 }} data-testid="returns-import-unit" />
            </Space>
            <Space wrap>
              <Button icon={<DownloadOutlined />} loading={fetching} onClick={() => void downloadForm()} data-testid="returns-import-template">
                {t('returns.import.template')}
              </Button>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('returns.import.templateHint')}
              </Typography.Text>
            </Space>
            <ImportFilePicker flow={flow} drop={t('returns.import.drop')} hint={t('returns.import.hint')} />
            <DryRunButton flow={flow} />
          </>
        }
        result={(report) => {
          const writes = report.created + report.updated;
          return (
            <>
              {report.committed && <ImportDone title={t('returns.import.done', { quarter: quarterLabel(period) })} action={t('common.ok')} onAction={onClose} />}
              <ImportSummary
                stats={[
                  { title: t('import.rows'), value: report.rows },
                  { title: t('returns.import.matched'), value: report.matched },
                  { title: t('import.created'), value: report.created, tone: 'green' },
                  { title: t('import.updated'), value: report.updated, tone: 'blue' },
                  { title: report.skipped ? t('returns.import.unchangedOrSkipped') : t('import.unchanged'), value: report.unchanged + report.skipped },
                  { title: t('import.rejected'), value: report.errors.length, tone: 'rejected' },
                ]}
              />
              {report.errors.length > 0 && <AllOrNothing title={t('returns.import.allOrNothing', { count: report.errors.length })} />}
              {report.errors.length > 0 && <ImportErrors errors={report.errors} card={false} columnWidth={140} scrollX={560} />}
              {report.outcomes.length > 0 && (
                <Table
                  size="small"
                  rowKey="row"
                  pagination={report.outcomes.length > 20 ? { pageSize: 20 } : false}
                  dataSource={report.outcomes}
                  scroll={{ x: 720 }}
                  data-testid="returns-import-outcomes"
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 60 },
                    { title: t('returns.import.project'), render: (_, o) => `${o.projectName}（${o.projectCode}）` },
                    { title: t('returns.import.matchedBy'), dataIndex: 'matchedBy', width: 110, render: (by: string) => t(`returns.import.by.${by}`) },
                    { title: t('returns.outputWan'), dataIndex: 'outputWan', width: 120, align: 'right', render: (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 4 }) },
                    { title: t('returns.taxWan'), dataIndex: 'taxWan', width: 120, align: 'right', render: (v: number) => v.toLocaleString('zh-CN', { maximumFractionDigits: 4 }) },
                    { title: t('returns.jobs'), dataIndex: 'jobs', width: 90, align: 'right', render: (v: number | null) => v ?? '—' },
                    { title: t('returns.import.outcome'), dataIndex: 'outcome', width: 90, render: (o: string | null) => (o ? t(`import.${o}`) : '—') },
                  ]}
                />
              )}
              {!report.committed && (
                <ImportActions
                  flow={flow}
                  label={t('returns.import.commit', { count: writes })}
                  disabled={writes === 0 || report.errors.length > 0}
                />
              )}
            </>
          );
        }}
      />
    </Drawer>
  );
}
