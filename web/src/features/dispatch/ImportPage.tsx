import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Input, Button, Card, Col, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import i18n from '../../i18n';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatWan } from '../../components/money';
import { UnitTreeSelect } from '../../components/units';
import { usePeriodParam, type DispatchImportReport } from './api';
import { PeriodSelect } from './parts';

/** Sends the sheet as the request body; the upload's progress drives the button. */
function send(url: string, file: File, csrf: string | null, onProgress: (percent: number) => void): Promise<DispatchImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept-Language', i18n.language);
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string; details?: { field: string; message: string }[] } } & Partial<DispatchImportReport> = {};
      try {
        body = JSON.parse(xhr.responseText || '{}');
      } catch {
        /* a proxy's page */
      }
      if (xhr.status === 200) resolve(body as DispatchImportReport);
      else reject(new ApiError(xhr.status, body.error?.code ?? 'NETWORK', body.error?.message ?? i18n.t('common.networkError'), body.error?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('common.networkError')));
    xhr.send(file);
  });
}

/** Errors as a CSV with a BOM, so Excel opens the Chinese text correctly. */
function downloadErrors(report: DispatchImportReport, t: (k: string) => string) {
  const lines = [[t('import.row'), t('import.column'), t('import.value'), t('import.message')], ...report.errors.map((e) => [String(e.row), e.column, e.value, e.message])];
  const csv = lines.map((l) => l.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  link.download = `dispatch-errors-${report.fileSha256.slice(0, 8)}.csv`;
  link.click();
}

const OUTCOME_COLORS: Record<string, string> = { created: 'green', updated: 'blue', corrected: 'purple', unchanged: 'default' };

/** 导入调度表: the same flow as the ledger import — pick unit and period, a dry run shows row errors, then commit. */
export function DispatchImportPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { period, periods, setPeriod } = usePeriodParam();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<DispatchImportReport | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A locked month's filed figures change only with a reason (the server refuses those rows without one).
  const [reason, setReason] = useState('');
  const locked = !!periods.data?.find((p) => p.period === period)?.locked;

  async function run(commit: boolean) {
    if (!file || !unitId || !period) return;
    setError(null);
    setProgress(0);
    try {
      const params = new URLSearchParams({ unitId: String(unitId), period, commit: String(commit) });
      if (locked && reason.trim()) params.set('reason', reason.trim());
      const csrf = (await fetch('/api/auth/csrf').then((r) => r.json())).csrfToken as string;
      setReport(await send(`/api/dispatch/import?${params}`, file, csrf, setProgress));
      if (commit) void client.invalidateQueries({ queryKey: ['dispatch'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  }

  const step = report?.committed ? 2 : report ? 1 : 0;
  const writes = report ? report.created + report.updated : 0;
  return (
    <Card variant="borderless" title={t('dispatch.importTitle')}>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
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
            <p>{t('dispatch.importDrop')}</p>
            <Typography.Text type="secondary">{t('dispatch.importHint')}</Typography.Text>
          </Upload.Dragger>
          <Button type="primary" disabled={!file || !unitId || !period} loading={progress !== null} onClick={() => void run(false)} data-testid="import-dry-run">
            {progress !== null ? t('import.checking', { percent: progress }) : t('import.dryRun')}
          </Button>
        </Space>
      )}
      {report && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {report.committed && (
            <Result status="success" title={t('import.committed')} extra={<Button type="primary" onClick={() => navigate(`/dispatch/reports?period=${report.period}&unitId=${unitId}`)}>{t('menu.dispatchReports')}</Button>} />
          )}
          <Row gutter={[16, 16]} data-testid="import-summary">
            <Col xs={8} md={3}><Statistic title={t('import.rows')} value={report.rows} /></Col>
            <Col xs={8} md={3}><Statistic title={t('dispatch.matched')} value={report.matched} /></Col>
            <Col xs={8} md={3}><Statistic title={t('import.created')} value={report.created} valueStyle={{ color: '#3f8600' }} /></Col>
            <Col xs={8} md={3}><Statistic title={t('import.updated')} value={report.updated} valueStyle={{ color: '#1677ff' }} /></Col>
            <Col xs={8} md={3}><Statistic title={t('import.unchanged')} value={report.unchanged} /></Col>
            <Col xs={8} md={3}><Statistic title={t('import.rejected')} value={report.errors.length} valueStyle={{ color: report.errors.length ? '#cf1322' : undefined }} /></Col>
            <Col xs={12} md={3}><Statistic title={`${t('dispatch.monthShort')}（${t('money.wan')}）`} value={formatWan(report.monthWan)} /></Col>
            <Col xs={12} md={3}><Statistic title={`${t('dispatch.cumulativeShort')}（${t('money.wan')}）`} value={formatWan(report.cumulativeWan)} /></Col>
          </Row>
          {(report.plansRecorded > 0 || report.listed > 0) && <Alert type="info" showIcon title={t('dispatch.plansRecorded', { plans: report.plansRecorded, listed: report.listed })} />}
          {report.errors.length > 0 && (
            <Card size="small" title={t('import.errors')} extra={<Button size="small" onClick={() => downloadErrors(report, t)}>{t('import.downloadErrors')}</Button>}>
              <Table size="small" rowKey={(e) => `${e.row}-${e.column}`} pagination={false} dataSource={report.errors} scroll={{ x: 560 }} data-testid="import-errors"
                columns={[{ title: t('import.row'), dataIndex: 'row', width: 70 }, { title: t('import.column'), dataIndex: 'column', width: 160 }, { title: t('import.value'), dataIndex: 'value', width: 120 }, { title: t('import.message'), dataIndex: 'message' }]} />
            </Card>
          )}
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
          {!report.committed && (
            <Space wrap>
              <Button onClick={() => { setReport(null); setFile(null); }}>{t('import.again')}</Button>
              <Button type="primary" loading={progress !== null} onClick={() => void run(true)} disabled={writes === 0} data-testid="import-commit">
                {t('dispatch.importCommit', { count: writes })}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
