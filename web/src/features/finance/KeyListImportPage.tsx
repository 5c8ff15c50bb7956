import { Alert, Card, Grid, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../components/ExportButton';
import { AllOrNothing, DryRunButton, ImportActions, ImportDone, ImportErrors, ImportFilePicker, ImportFlow, ImportSummary } from '../../components/ImportFlow';
import { useImportRun } from '../../components/useImportRun';
import { chainSource, financeApi, useChainChoices, useKeyList, useYearChainParams } from './api';
import { YearChainPicker } from './parts';

/**
 * 导入重点企业清单: pick the year and the chain, a dry run reports every rejected row, then 确认导入
 * saves the sheet as the chain's new version. All rows or none: a sheet with a rejected row cannot
 * be committed until it is corrected.
 */
export function KeyListImportPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const narrow = Grid.useBreakpoint().md === false;
  const { year, chainId, set } = useYearChainParams();
  const { chains, isLoading: chainsLoading } = useChainChoices(year, chainSource(me));
  const chain = chains.find((c) => c.id === chainId);
  const current = useKeyList(year, chain?.id);
  const flow = useImportRun((file, commit) => financeApi.importList(year, chain!.id, file, commit), { ready: !!chain, invalidates: ['key-list', year, chain?.id] });

  useEffect(() => {
    if (!chainsLoading && chains.length && !chain) set({ chainId: chains[0]!.id });
  }, [chainsLoading, chains, chain, set]);

  const currentVersion = current.data?.list?.version ?? 0;
  const columnLabel = (c: string) => t(`keyLists.column.${c}`, { defaultValue: c });
  return (
    <Card variant="borderless" title={t('keyLists.importTitle')}>
      <ImportFlow
        flow={flow}
        pick={
          <>
            <YearChainPicker year={year} chainId={chain?.id} chains={chains} loading={chainsLoading} narrow={narrow} onChange={set} />
            {chain && (
              <Typography.Text type="secondary" data-testid="import-current">
                {currentVersion ? t('keyLists.importReplaces', { chain: chain.name, year, version: currentVersion, count: current.data?.items.length ?? 0 }) : t('keyLists.importFirst', { chain: chain.name, year })}
              </Typography.Text>
            )}
            <ImportFilePicker flow={flow} drop={t('keyLists.importDrop')} hint={t('keyLists.importHint')} />
            <Space wrap>
              <DryRunButton flow={flow} />
              {chain && currentVersion > 0 && <ExportButton url={() => financeApi.exportUrl(year, chain.id)} fallbackName="key-enterprises.xlsx" label={t('keyLists.exportAsTemplate')} />}
            </Space>
          </>
        }
        result={(report) => {
          // Rows, not errors: one row may fail on several columns.
          const rejected = new Set(report.errors.map((e) => e.row)).size;
          return (
            <>
              {report.committed && (
                <ImportDone
                  title={t('keyLists.importDone', { chain: chain?.name ?? '', year, version: report.version ?? '' })}
                  action={t('keyLists.backToList')}
                  onAction={() => navigate(`/key-enterprises?year=${year}&chainId=${chainId}`)}
                  actionTestId="import-to-list"
                />
              )}
              {!report.committed && (
                <Typography.Text data-testid="import-target">
                  {t('keyLists.importInto', { chain: chain?.name ?? '', year, version: currentVersion + 1 })}
                </Typography.Text>
              )}
              <ImportSummary
                col={{ xs: 12, md: 5 }}
                stats={[
                  { title: t('import.rows'), value: report.rows },
                  { title: t('keyLists.newCompanies'), value: rejected ? '—' : report.created, tone: 'blue' },
                  { title: t('keyLists.renamed'), value: rejected ? '—' : report.renamed },
                  { title: t('import.rejected'), value: rejected, tone: 'rejected' },
                ]}
              />
              {rejected > 0 && <AllOrNothing title={t('keyLists.allOrNothing')} />}
              {!report.committed && !rejected && <Alert type="success" showIcon title={t('keyLists.dryRunOk', { count: report.rows })} data-testid="import-ok" />}
              {rejected > 0 && (
                <ImportErrors
                  errors={report.errors}
                  columnWidth={210}
                  valueWidth={180}
                  scrollX={720}
                  columnLabel={columnLabel}
                  narrow={narrow}
                  narrowItem={(e) => (
                    <>
                      <Typography.Text strong>{t('keyLists.errorAt', { row: e.row, column: columnLabel(e.column) })}</Typography.Text>
                      <div style={{ overflowWrap: 'anywhere' }}>{e.message}</div>
                    </>
                  )}
                />
              )}
              {!report.committed && <ImportActions flow={flow} label={t('keyLists.importCommit', { count: report.rows })} disabled={rejected > 0 || report.rows === 0} />}
            </>
          );
        }}
      />
    </Card>
  );
}
