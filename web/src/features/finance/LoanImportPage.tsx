import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Flex, Grid, Result, Row, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
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
  const client = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const [params] = useSearchParams();
  // The month asked in the address (?period=YYYY-MM), else last month: a month's sheet comes out after it ends.
  const [month, setMonth] = useState<Dayjs>(() => {
    const asked = params.get('period') ?? '';
    const d = dayjs(`${asked}-01`);
    return /^\d{4}-\d{2}$/.test(asked) && d.isValid() && !d.isAfter(dayjs(), 'month') ? d : dayjs().subtract(1, 'month').startOf('month');
  });
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<LoanImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const period = month.format('YYYY-MM');
  const monthLabel = (p: string) => t('loans.periodLabel', { year: p.slice(0, 4), month: Number(p.slice(5, 7)) });

  async function run(commit: boolean) {
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      setReport(await financeApi.importLoans(period, file, commit));
      if (commit) void client.invalidateQueries({ queryKey: ['finance', 'loan-stats'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const step = report?.committed ? 2 : report ? 1 : 0;
  const rejected = new Set(report?.errors.map((e) => e.row)).size;
  const total = report?.total;
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
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
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
            <p>{t('loans.importDrop')}</p>
            <Typography.Text type="secondary">{t('loans.importHint')}</Typography.Text>
          </Upload.Dragger>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void run(false)} data-testid="import-dry-run">
            {t('import.dryRun')}
          </Button>
        </Space>
      )}
      {report && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {report.committed && (
            <Result
              status="success"
              title={t('loans.importDone', { month: monthLabel(report.period), version: report.version ?? '' })}
              extra={
                <Button type="primary" onClick={() => navigate(`/finance/loans?year=${report.period.slice(0, 4)}`)} data-testid="import-to-loans">
                  {t('loans.backToStats')}
                </Button>
              }
            />
          )}
          {!report.committed && <Typography.Text data-testid="import-target">{t('loans.importInto', { month: monthLabel(report.period) })}</Typography.Text>}
          <Row gutter={[16, 16]} data-testid="import-summary">
            <Col xs={12} md={5}><Statistic title={t('loans.balanceYi')} value={formatYiValue(total?.balanceYi)} /></Col>
            <Col xs={12} md={5}><Statistic title={t('loans.ytdChangeYi')} value={formatChange(total?.ytdChangeYi)} /></Col>
            <Col xs={12} md={4}><Statistic title={t('loans.yoy')} value={total?.yoyPercent == null ? '—' : `${total.yoyPercent.toFixed(2)}%`} /></Col>
            <Col xs={12} md={5}><Statistic title={t('loans.mfgBalanceYi')} value={formatYiValue(total?.mfgBalanceYi)} /></Col>
            <Col xs={12} md={5}><Statistic title={t('import.rejected')} value={rejected} styles={{ content: { color: rejected ? '#cf1322' : undefined } }} /></Col>
          </Row>
          {!total && <Alert type="warning" showIcon title={t('loans.noTotal')} />}
          {report.newInstitutions.length > 0 && <Alert type="info" showIcon title={t('loans.newInstitutions', { names: report.newInstitutions.join('、') })} data-testid="import-new" />}
          {rejected > 0 && <Alert type="warning" showIcon title={t('keyLists.allOrNothing')} />}
          {!report.committed && !rejected && <Alert type="success" showIcon title={t('loans.dryRunOk', { n: report.institutions.length })} data-testid="import-ok" />}
          {rejected > 0 && (
            <Card size="small" title={t('import.errors')}>
              {narrow ? (
                <Flex vertical gap={8} data-testid="import-errors">
                  {report.errors.map((e) => (
                    <div key={`${e.row}-${e.column}-${e.value}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 6 }}>
                      <Typography.Text strong>{t('keyLists.errorAt', { row: e.row, column: e.column })}</Typography.Text>
                      {e.value && <div style={{ overflowWrap: 'anywhere' }}>{e.value}</div>}
                      <Typography.Text type="danger" style={{ overflowWrap: 'anywhere' }}>{e.message}</Typography.Text>
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
                    { title: t('import.column'), dataIndex: 'column', width: 160 },
                    { title: t('import.value'), dataIndex: 'value', width: 180 },
                    { title: t('import.message'), dataIndex: 'message' },
                  ]}
                />
              )}
            </Card>
          )}
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
          {!report.committed && (
            <Space wrap>
              <Button onClick={() => { setReport(null); setFile(null); }}>{t('import.again')}</Button>
              <Button type="primary" loading={busy} onClick={() => void run(true)} disabled={rejected > 0 || report.rows === 0} data-testid="import-commit">
                {t('loans.importCommit', { month: monthLabel(report.period) })}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
