import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Result, Row, Select, Space, Statistic, Steps, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, uploadFile } from '../../api/client';
import { formatTarget, indicatorName, TARGET_YEARS, useTargets, useYearParam, type TargetImportReport } from './api';

/** Errors as a CSV with a BOM, so Excel opens the Chinese text correctly. */
function downloadErrors(report: TargetImportReport, t: (k: string) => string) {
  const lines = [[t('import.row'), t('import.column'), t('import.value'), t('import.message')], ...report.errors.map((e) => [String(e.row), e.column, e.value, e.message])];
  const csv = lines.map((l) => l.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  link.download = `target-errors-${report.fileSha256.slice(0, 8)}.csv`;
  link.click();
}

/**
 * 导入目标任务分解表: the flow of the other imports — pick the year and the sheet, a dry run shows
 * every row (and every rejected one), then commit. All rows or none: a sheet with a rejected row
 * cannot be committed until it is corrected.
 */
export function TargetImportPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [year, setYear] = useYearParam();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<TargetImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const indicators = useTargets(year).data?.indicators ?? [];

  async function run(commit: boolean) {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      setReport((await uploadFile(`/api/targets/import?year=${year}&dryRun=${!commit}`, file)) as TargetImportReport);
      if (commit) void client.invalidateQueries({ queryKey: ['targets'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const step = report?.committed ? 2 : report ? 1 : 0;
  const rejected = report?.errors.length ?? 0;
  return (
    <Card variant="borderless" title={t('targets.importTitle')}>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text>{t('targets.year')}</Typography.Text>
            <Select value={year} onChange={setYear} style={{ width: 110 }} options={TARGET_YEARS.map((y) => ({ value: y, label: t('targets.yearLabel', { year: y }) }))} data-testid="import-year" />
          </Space>
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
            <p>{t('targets.importDrop')}</p>
            <Typography.Text type="secondary">{t('targets.importHint')}</Typography.Text>
          </Upload.Dragger>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)} data-testid="import-dry-run">
            {t('import.dryRun')}
          </Button>
        </Space>
      )}
      {report && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {report.committed && (
            <Result status="success" title={t('targets.importDone', { year: report.year, count: report.changed })} extra={<Button type="primary" onClick={() => navigate(`/targets?year=${report.year}`)} data-testid="import-to-targets">{t('targets.title')}</Button>} />
          )}
          <Row gutter={[16, 16]} data-testid="import-summary">
            <Col xs={8} md={4}><Statistic title={t('import.rows')} value={report.rows} /></Col>
            <Col xs={8} md={4}><Statistic title={t('targets.units')} value={report.units} /></Col>
            <Col xs={8} md={4}><Statistic title={t('targets.changed')} value={report.changed} valueStyle={{ color: '#1677ff' }} /></Col>
            <Col xs={8} md={4}><Statistic title={t('import.unchanged')} value={report.unchanged} /></Col>
            <Col xs={8} md={4}><Statistic title={t('import.rejected')} value={rejected} valueStyle={{ color: rejected ? '#cf1322' : undefined }} /></Col>
          </Row>
          {rejected > 0 && <Alert type="warning" showIcon title={t('targets.allOrNothing')} />}
          {!report.committed && !rejected && report.changed === 0 && <Alert type="info" showIcon title={t('targets.nothingChanges')} />}
          {rejected > 0 && (
            <Card size="small" title={t('import.errors')} extra={<Button size="small" onClick={() => downloadErrors(report, t)}>{t('import.downloadErrors')}</Button>}>
              <Table size="small" rowKey={(e) => `${e.row}-${e.column}`} pagination={false} dataSource={report.errors} scroll={{ x: 560 }} data-testid="import-errors"
                columns={[{ title: t('import.row'), dataIndex: 'row', width: 70 }, { title: t('import.column'), dataIndex: 'column', width: 180 }, { title: t('import.value'), dataIndex: 'value', width: 100 }, { title: t('import.message'), dataIndex: 'message' }]} />
            </Card>
          )}
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
          {!report.committed && (
            <Space wrap>
              <Button onClick={() => { setReport(null); setFile(null); }}>{t('import.again')}</Button>
              <Button type="primary" loading={busy} onClick={() => void run(true)} disabled={rejected > 0 || report.changed === 0} data-testid="import-commit">
                {t('targets.importCommit', { count: report.changed })}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
