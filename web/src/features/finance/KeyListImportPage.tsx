import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Grid, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../components/ExportButton';
import { chainSource, financeApi, useChainChoices, useKeyList, useYearChainParams, type KeyListImportReport } from './api';
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
  const client = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const { year, chainId, set } = useYearChainParams();
  const { chains, isLoading: chainsLoading } = useChainChoices(year, chainSource(me));
  const chain = chains.find((c) => c.id === chainId);
  const current = useKeyList(year, chain?.id);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<KeyListImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!chainsLoading && chains.length && !chain) set({ chainId: chains[0]!.id });
  }, [chainsLoading, chains, chain, set]);

  async function run(commit: boolean) {
    if (!file || !chain) return;
    setError(null);
    setBusy(true);
    try {
      setReport(await financeApi.importList(year, chain.id, file, commit));
      if (commit) void client.invalidateQueries({ queryKey: ['key-list', year, chain.id] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const step = report?.committed ? 2 : report ? 1 : 0;
  // Rows, not errors: one row may fail on several columns.
  const rejected = new Set(report?.errors.map((e) => e.row)).size;
  const currentVersion = current.data?.list?.version ?? 0;
  return (
    <Card variant="borderless" title={t('keyLists.importTitle')}>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <YearChainPicker year={year} chainId={chain?.id} chains={chains} loading={chainsLoading} narrow={narrow} onChange={set} />
          {chain && (
            <Typography.Text type="secondary" data-testid="import-current">
              {currentVersion ? t('keyLists.importReplaces', { chain: chain.name, year, version: currentVersion, count: current.data?.items.length ?? 0 }) : t('keyLists.importFirst', { chain: chain.name, year })}
            </Typography.Text>
          )}
          <Upload.Dragger
            accept=".xlsx,.xls"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('keyLists.importDrop')}</p>
            <Typography.Text type="secondary">{t('keyLists.importHint')}</Typography.Text>
          </Upload.Dragger>
          <Space wrap>
            <Button type="primary" disabled={!file || !chain} loading={busy} onClick={() => void run(false)} data-testid="import-dry-run">
              {t('import.dryRun')}
            </Button>
            {chain && currentVersion > 0 && <ExportButton url={() => financeApi.exportUrl(year, chain.id)} fallbackName="key-enterprises.xlsx" label={t('keyLists.exportAsTemplate')} />}
          </Space>
        </Space>
      )}
      {report && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {report.committed && (
            <Result
              status="success"
              title={t('keyLists.importDone', { chain: chain?.name ?? '', year, version: report.version ?? '' })}
              extra={
                <Button type="primary" onClick={() => navigate(`/key-enterprises?year=${year}&chainId=${chainId}`)} data-testid="import-to-list">
                  {t('keyLists.backToList')}
                </Button>
              }
            />
          )}
          {!report.committed && (
            <Typography.Text data-testid="import-target">
              {t('keyLists.importInto', { chain: chain?.name ?? '', year, version: currentVersion + 1 })}
            </Typography.Text>
          )}
          <Row gutter={[16, 16]} data-testid="import-summary">
            <Col xs={12} md={5}><Statistic title={t('import.rows')} value={report.rows} /></Col>
            <Col xs={12} md={5}><Statistic title={t('keyLists.newCompanies')} value={rejected ? '—' : report.created} styles={{ content: { color: '#1677ff' } }} /></Col>
            <Col xs={12} md={5}><Statistic title={t('keyLists.renamed')} value={rejected ? '—' : report.renamed} /></Col>
            <Col xs={12} md={5}><Statistic title={t('import.rejected')} value={rejected} styles={{ content: { color: rejected ? '#cf1322' : undefined } }} /></Col>
          </Row>
          {rejected > 0 && <Alert type="warning" showIcon title={t('keyLists.allOrNothing')} />}
          {!report.committed && !rejected && <Alert type="success" showIcon title={t('keyLists.dryRunOk', { count: report.rows })} data-testid="import-ok" />}
          {rejected > 0 && (
            <Card size="small" title={t('import.errors')}>
              {narrow ? (
                <Flex vertical gap={8} data-testid="import-errors">
                  {report.errors.map((e) => (
                    <div key={`${e.row}-${e.column}-${e.value}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
                      <Typography.Text strong>{t('keyLists.errorAt', { row: e.row, column: t(`keyLists.column.${e.column}`, { defaultValue: e.column }) })}</Typography.Text>
                      <div style={{ overflowWrap: 'anywhere' }}>{e.message}</div>
                    </div>
                  ))}
                </Flex>
              ) : (
                <Table
                  size="small"
                  rowKey={(e) => `${e.row}-${e.column}-${e.value}`}
                  pagination={false}
                  dataSource={report.errors}
                  scroll={{ x: 720 }}
                  data-testid="import-errors"
                  columns={[
                    { title: t('import.row'), dataIndex: 'row', width: 70 },
                    { title: t('import.column'), dataIndex: 'column', width: 210, render: (c: string) => t(`keyLists.column.${c}`, { defaultValue: c }) },
                    { title: t('import.value'), dataIndex: 'value', width: 180 },
                    { title: t('import.message'), dataIndex: 'message' },
                  ]}
                />
              )}
            </Card>
          )}
          {!report.committed && (
            <Space wrap>
              <Button onClick={() => { setReport(null); setFile(null); }}>{t('import.again')}</Button>
              <Button type="primary" loading={busy} onClick={() => void run(true)} disabled={rejected > 0 || report.rows === 0} data-testid="import-commit">
                {t('keyLists.importCommit', { count: report.rows })}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
