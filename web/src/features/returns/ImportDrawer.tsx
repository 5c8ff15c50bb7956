import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Grid, Result, Row, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, download, uploadFile } from '../../api/client';
import { useAuth } from '../../app/auth';
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
  const client = useQueryClient();
  const quarterLabel = usePeriodLabel();
  const narrow = Grid.useBreakpoint().md === false;
  const [period, setPeriod] = useState(initial);
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ReturnsImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fetching, setFetching] = useState(false);

  // The form for the period: the unit's producing projects with the keys the import matches by, and what is filed already.
  async function downloadForm() {
    setError(null);
    setFetching(true);
    try {
      const params = new URLSearchParams({ period });
      if (unitId) params.set('unitId', String(unitId));
      await download(`/api/returns/template?${params}`, `returns-${period}.xlsx`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setFetching(false);
    }
  }

  async function run(commit: boolean) {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const params = new URLSearchParams({ period, commit: String(commit) });
      if (unitId) params.set('unitId', String(unitId));
      setReport((await uploadFile(`/api/returns/import?${params}`, file)) as ReturnsImportReport);
      if (commit) void client.invalidateQueries({ queryKey: ['returns'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  const restart = () => {
    setReport(null);
    setFile(null);
    setError(null);
  };
  const step = report?.committed ? 2 : report ? 1 : 0;
  const writes = report ? report.created + report.updated : 0;

  return (
    <Drawer open width={narrow ? '100%' : 720} title={t('returns.import.title')} onClose={onClose} destroyOnHidden data-testid="returns-import-drawer">
      <Steps current={step} size="small" style={{ marginBottom: 20 }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="returns-import-error" />}
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
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
          <Upload.Dragger
            accept=".xlsx,.xls"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            data-testid="returns-import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('returns.import.drop')}</p>
            <Typography.Text type="secondary">{t('returns.import.hint')}</Typography.Text>
          </Upload.Dragger>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)} data-testid="returns-import-dry-run">
            {t('import.dryRun')}
          </Button>
        </Space>
      )}
      {report && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {report.committed && <Result status="success" title={t('returns.import.done', { quarter: quarterLabel(period) })} extra={<Button type="primary" onClick={onClose}>{t('common.ok')}</Button>} />}
          <Row gutter={[16, 16]} data-testid="returns-import-summary">
            <Col xs={8} md={4}><Statistic title={t('import.rows')} value={report.rows} /></Col>
            <Col xs={8} md={4}><Statistic title={t('returns.import.matched')} value={report.matched} /></Col>
            <Col xs={8} md={4}><Statistic title={t('import.created')} value={report.created} valueStyle={{ color: '#3f8600' }} /></Col>
            <Col xs={8} md={4}><Statistic title={t('import.updated')} value={report.updated} valueStyle={{ color: '#1677ff' }} /></Col>
            <Col xs={8} md={4}><Statistic title={report.skipped ? t('returns.import.unchangedOrSkipped') : t('import.unchanged')} value={report.unchanged + report.skipped} /></Col>
            <Col xs={8} md={4}><Statistic title={t('import.rejected')} value={report.errors.length} valueStyle={{ color: report.errors.length ? '#cf1322' : undefined }} /></Col>
          </Row>
          {report.errors.length > 0 && (
            <>
              <Alert type="warning" showIcon title={t('returns.import.allOrNothing', { count: report.errors.length })} />
              <Table
                size="small"
                rowKey={(e) => `${e.row}-${e.column}`}
                pagination={false}
                dataSource={report.errors}
                scroll={{ x: 560 }}
                data-testid="returns-import-errors"
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 70 },
                  { title: t('import.column'), dataIndex: 'column', width: 140 },
                  { title: t('import.value'), dataIndex: 'value', width: 120 },
                  { title: t('import.message'), dataIndex: 'message' },
                ]}
              />
            </>
          )}
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
            <Space wrap>
              <Button onClick={restart}>{t('import.again')}</Button>
              <Button type="primary" loading={busy} onClick={() => void run(true)} disabled={writes === 0 || report.errors.length > 0} data-testid="returns-import-commit">
                {t('returns.import.commit', { count: writes })}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Drawer>
  );
}
