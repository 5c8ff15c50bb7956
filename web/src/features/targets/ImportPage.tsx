import { Alert, Card, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { uploadFile } from '../../api/client';
import { AllOrNothing, DryRunButton, ImportActions, ImportDone, ImportErrors, ImportFilePicker, ImportFlow, ImportSummary } from '../../components/ImportFlow';
import { useImportRun } from '../../components/useImportRun';
import { formatTarget, indicatorName, TARGET_YEARS, useTargets, useYearParam, type TargetImportReport } from './api';

/**
 * 导入目标任务分解表: the flow of the other imports — pick the year and the sheet, a dry run shows
 * every row (and every rejected one), then commit. All rows or none: a sheet with a rejected row
 * cannot be committed until it is corrected.
 */
export function TargetImportPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [year, setYear] = useYearParam();
  const indicators = useTargets(year).data?.indicators ?? [];
  const flow = useImportRun((file, commit) => uploadFile(`/api/targets/import?year=${year}&dryRun=${!commit}`, file) as Promise<TargetImportReport>, { invalidates: ['targets'] });

  return (
    <Card variant="borderless" title={t('targets.importTitle')}>
      <ImportFlow
        flow={flow}
        pick={
          <>
            <Space wrap>
              <Typography.Text>{t('targets.year')}</Typography.Text>
              <Select value={year} onChange={setYear} style={{ width: 110 }} options={TARGET_YEARS.map((y) => ({ value: y, label: t('targets.yearLabel', { year: y }) }))} data-testid="import-year" />
            </Space>
            <ImportFilePicker flow={flow} drop={t('targets.importDrop')} hint={t('targets.importHint')} />
            <DryRunButton flow={flow} />
          </>
        }
        result={(report) => {
          const rejected = report.errors.length;
          return (
            <>
              {report.committed && <ImportDone title={t('targets.importDone', { year: report.year, count: report.changed })} action={t('targets.title')} onAction={() => navigate(`/targets?year=${report.year}`)} actionTestId="import-to-targets" />}
              <ImportSummary
                stats={[
                  { title: t('import.rows'), value: report.rows },
                  { title: t('targets.units'), value: report.units },
                  { title: t('targets.changed'), value: report.changed, tone: 'blue' },
                  { title: t('import.unchanged'), value: report.unchanged },
                  { title: t('import.rejected'), value: rejected, tone: 'rejected' },
                ]}
              />
              {rejected > 0 && <AllOrNothing title={t('targets.allOrNothing')} />}
              {!report.committed && !rejected && report.changed === 0 && <Alert type="info" showIcon title={t('targets.nothingChanges')} />}
              {rejected > 0 && <ImportErrors errors={report.errors} csvName={`target-errors-${report.fileSha256.slice(0, 8)}.csv`} columnWidth={180} valueWidth={100} scrollX={560} />}
              {!report.committed && (
                <Card size="small" title={t('targets.rowsRead', { sheet: report.sheet })}>
                  <Table size="small" rowKey="row" dataSource={report.items} pagination={false} scroll={{ x: 130 + indicators.length * 130 }} data-testid="import-items"
                    columns={[
                      { title: t('import.row'), dataIndex: 'row', width: 60 },
                      { title: t('targets.unit'), dataIndex: 'unitName', width: 110 },
                      ...indicators.map((ind) => ({
                        key: ind.code,
                        title: `${indicatorName(ind, i18n.language)}（${t(`targets.unitOf.${ind.unit}`)}）`,
                        align: 'right' as const,
                        width: 130,
                        render: (_: unknown, item: TargetImportReport['items'][number]) => formatTarget(item.targets[ind.code], ind.unit),
                      })),
                    ]} />
                </Card>
              )}
              {!report.committed && <ImportActions flow={flow} label={t('targets.importCommit', { count: report.changed })} disabled={rejected > 0 || report.changed === 0} />}
            </>
          );
        }}
      />
    </Card>
  );
}
