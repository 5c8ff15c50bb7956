import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Select, Space, Statistic, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import i18n from '../../i18n';
import { ApiError, download } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatWan, formatYi } from '../../components/money';
import { UnitTreeSelect } from '../../components/units';

/** What differs between the ledgers that come in through this page: the rest is one machinery. */
const KINDS = {
  projects: {
    endpoint: '/api/projects/import',
    template: '/api/projects/template',
    fields: ['seq', 'code', 'name', 'investorName', 'investorUscc', 'totalInvestment', 'fixedAsset', 'chain', 'chainRole', 'nature', 'progressText', 'stage', 'signedDate', 'plannedStart', 'actualStart', 'leader', 'remarks'],
    fieldPrefix: 'import.fields',
    list: '/projects',
    listLabel: 'menu.projects',
    queryKey: 'projects',
    nameLabel: 'projects.field.name',
    titleLabel: 'import.title',
  },
  leads: {
    endpoint: '/api/leads/import',
    template: '/api/leads/template',
    fields: ['seq', 'code', 'title', 'enterpriseName', 'uscc', 'home', 'chain', 'industry', 'estimated', 'foreign', 'source', 'firstContactDate', 'contactName', 'contactPhone', 'status', 'nextStep', 'nextStepDate', 'remarks'],
    fieldPrefix: 'leads.importFields',
    list: '/leads',
    listLabel: 'menu.leadList',
    queryKey: 'leads',
    nameLabel: 'leads.field.title',
    titleLabel: 'leads.importTitle',
  },
} as const;

interface Report {
  fileSha256: string;
  sheet: string;
  mapping: { column: string; header: string; field: string | null }[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  committed: boolean;
  errors: { row: number; column: string; value: string; message: string }[];
  outcomes: Outcome[];
  totalInvestmentWan: number;
}

type Shown = string | number | null;
interface Outcome {
  row: number;
  outcome: string;
  name: string;
  code: string | null;
  note?: string;
  /** What the dry run read from the row, field by field (amounts in 万元, dates as YYYY-MM-DD, codes for dictionary values). */
  values?: Record<string, Shown>;
  /** An update's changed fields: stored → the file's. */
  changes?: { field: string; from: Shown; to: Shown }[];
}

const MONEY_FIELDS = ['totalInvestment', 'fixedAsset'];
/** Dictionary values travel as codes; the page says them in its language. */
const DICTIONARY_OF: Record<string, string> = { stage: 'stage', chainRole: 'projects.chainRole', nature: 'projects.nature' };

/** A value read from a row as the page shows it: 98,700 万元, 开工, — when empty. */
function useShow() {
  const { t } = useTranslation();
  return (field: string, v: Shown) => {
    if (v === null || v === '') return t('import.empty');
    if (MONEY_FIELDS.includes(field) && typeof v === 'number') return `${formatWan(v)} ${t('money.wan')}`;
    if (DICTIONARY_OF[field]) return t(`${DICTIONARY_OF[field]}.${v}`);
    return String(v);
  };
}

/** One row's reading and, for an update, what changes: shown when the row is opened. */
function RowReading({ outcome, fieldPrefix }: { outcome: Outcome; fieldPrefix: string }) {
  const { t } = useTranslation();
  const show = useShow();
  const changed = new Set(outcome.changes?.map((c) => c.field));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid={`import-reading-${outcome.row}`}>
      {outcome.changes && outcome.changes.length > 0 && (
        <Descriptions size="small" column={1} bordered title={t('import.changes')} items={outcome.changes.map((c) => ({ key: c.field, label: t(`${fieldPrefix}.${c.field}`), children: <Typography.Text><Typography.Text delete type="secondary">{show(c.field, c.from)}</Typography.Text> → <Typography.Text strong>{show(c.field, c.to)}</Typography.Text></Typography.Text> }))} />
      )}
      {outcome.values && (
        <Descriptions size="small" bordered title={t('import.values')} column={{ xs: 1, md: 2, xl: 3 }}
          items={Object.entries(outcome.values).map(([field, v]) => ({ key: field, label: t(`${fieldPrefix}.${field}`), children: changed.has(field) ? <Typography.Text strong>{show(field, v)}</Typography.Text> : show(field, v) }))} />
      )}
    </Space>
  );
}

/** Sends the file as the request body; the upload's progress drives the bar. */
function send(url: string, file: File, csrf: string | null, onProgress: (percent: number) => void): Promise<Report> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept-Language', i18n.language);
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || '{}');
      if (xhr.status === 200) resolve(body);
      else reject(new ApiError(xhr.status, body.error?.code ?? 'NETWORK', body.error?.message ?? xhr.statusText, body.error?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', i18n.t('common.networkError')));
    xhr.send(file);
  });
}

/** Errors as a CSV with a BOM, so Excel opens the Chinese text correctly. */
function downloadErrors(report: Report, t: (k: string) => string) {
  const lines = [[t('import.row'), t('import.column'), t('import.value'), t('import.message')], ...report.errors.map((e) => [String(e.row), e.column, e.value, e.message])];
  const csv = lines.map((l) => l.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  link.download = `import-errors-${report.fileSha256.slice(0, 8)}.csv`;
  link.click();
}

export function ImportPage({ kind = 'projects' }: { kind?: keyof typeof KINDS }) {
  const { t } = useTranslation();
  const cfg = KINDS[kind];
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(commit: boolean) {
    if (!file || !unitId) return;
    setError(null);
    setProgress(0);
    try {
      const params = new URLSearchParams({ unitId: String(unitId), commit: String(commit) });
      if (Object.keys(mapping).length) params.set('mapping', JSON.stringify(mapping));
      const csrf = (await fetch('/api/auth/csrf').then((r) => r.json())).csrfToken as string;
      const next = await send(`${cfg.endpoint}?${params}`, file, csrf, setProgress);
      setReport(next);
      if (commit) {
        message.success(t('import.done'));
        void client.invalidateQueries({ queryKey: [cfg.queryKey] });
      }
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  }

  const step = report?.committed ? 2 : report ? 1 : 0;
  return (
    <Card variant="borderless" title={t(cfg.titleLabel)} extra={<Button icon={<DownloadOutlined />} onClick={() => void download(cfg.template, 'template.xlsx')}>{t('import.template')}</Button>}>
      <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('import.step1') }, { title: t('import.step2') }, { title: t('import.step3') }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="import-error" />}
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space>
            <Typography.Text>{t('import.unit')}</Typography.Text>
            <UnitTreeSelect value={unitId} onChange={setUnitId} data-testid="import-unit" />
          </Space>
          <Upload.Dragger
            accept=".xlsx,.xls"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setMapping({});
              return false;
            }}
            onRemove={() => setFile(null)}
            data-testid="import-file"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('import.drop')}</p>
            <Typography.Text type="secondary">{t('import.dropHint')}</Typography.Text>
          </Upload.Dragger>
          <Button type="primary" disabled={!file || !unitId} loading={progress !== null} onClick={() => void run(false)} data-testid="import-dry-run">
            {progress !== null ? t('import.checking', { percent: progress }) : t('import.dryRun')}
          </Button>
        </Space>
      )}
      {report && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {report.committed && <Result status="success" title={t('import.committed')} extra={<Button type="primary" onClick={() => navigate(`${cfg.list}?unitId=${unitId}`)}>{t(cfg.listLabel)}</Button>} />}
          <Row gutter={16} data-testid="import-summary">
            <Col span={4}><Statistic title={t('import.rows')} value={report.rows} /></Col>
            <Col span={4}><Statistic title={t('import.created')} value={report.created} valueStyle={{ color: '#3f8600' }} /></Col>
            <Col span={4}><Statistic title={t('import.updated')} value={report.updated} valueStyle={{ color: '#1677ff' }} /></Col>
            <Col span={4}><Statistic title={t('import.unchanged')} value={report.unchanged} /></Col>
            <Col span={4}><Statistic title={t('import.rejected')} value={report.errors.length} valueStyle={{ color: report.errors.length ? '#cf1322' : undefined }} /></Col>
            <Col span={4}><Statistic title={t('import.total')} value={formatYi(report.totalInvestmentWan)} suffix={t('money.yi')} /></Col>
          </Row>
          {report.errors.length > 0 && (
            <Card size="small" title={t('import.errors')} extra={<Button size="small" onClick={() => downloadErrors(report, t)}>{t('import.downloadErrors')}</Button>}>
              <Table size="small" rowKey={(e) => `${e.row}-${e.column}`} pagination={false} dataSource={report.errors} data-testid="import-errors"
                columns={[{ title: t('import.row'), dataIndex: 'row', width: 70 }, { title: t('import.column'), dataIndex: 'column', width: 160 }, { title: t('import.value'), dataIndex: 'value', width: 120 }, { title: t('import.message'), dataIndex: 'message' }]} />
            </Card>
          )}
          {!report.committed && (
            <Card size="small" title={t('import.mapping', { sheet: report.sheet })}>
              <Table size="small" rowKey="column" pagination={false} dataSource={report.mapping} scroll={{ y: 260 }}
                columns={[
                  { title: t('import.column'), dataIndex: 'column', width: 70 },
                  { title: t('import.header'), dataIndex: 'header' },
                  {
                    title: t('import.field'),
                    width: 220,
                    render: (_, m) => (
                      <Select size="small" style={{ width: 200 }} allowClear value={(m.column in mapping ? mapping[m.column] : m.field) ?? undefined} placeholder={t('import.ignored')}
                        onChange={(v) => setMapping({ ...mapping, [m.column]: v ?? null })}
                        options={cfg.fields.map((f) => ({ value: f, label: t(`${cfg.fieldPrefix}.${f}`) }))} />
                    ),
                  },
                ]} />
            </Card>
          )}
          {!report.committed && (
            <Card size="small" title={t('import.outcomes')}>
              <Table<Outcome> size="small" rowKey="row" dataSource={report.outcomes} pagination={{ pageSize: 10 }} data-testid="import-outcomes"
                expandable={{ rowExpandable: (o) => !!o.values || !!o.changes?.length, expandedRowRender: (o) => <RowReading outcome={o} fieldPrefix={cfg.fieldPrefix} /> }}
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 70 },
                  { title: t(cfg.nameLabel), dataIndex: 'name' },
                  { title: t('import.outcome'), dataIndex: 'outcome', width: 100, render: (o: string) => <Tag color={o === 'created' ? 'green' : o === 'updated' ? 'blue' : 'default'}>{t(`import.${o}`)}</Tag> },
                  { title: t('import.changes'), key: 'changes', render: (_, o) => o.changes?.map((c) => <Tag key={c.field} color="blue" bordered={false}>{t(`${cfg.fieldPrefix}.${c.field}`)}</Tag>) },
                  { title: t('import.note'), dataIndex: 'note', render: (n?: string) => (n ? <Typography.Text type="warning">{n}</Typography.Text> : '') },
                ]} />
            </Card>
          )}
          {!report.committed && (
            <Space>
              <Button onClick={() => { setReport(null); setFile(null); }}>{t('import.again')}</Button>
              <Button onClick={() => void run(false)} disabled={Object.keys(mapping).length === 0}>{t('import.recheck')}</Button>
              <Button type="primary" loading={progress !== null} onClick={() => void run(true)} disabled={report.created + report.updated === 0} data-testid="import-commit">
                {t('import.commit', { count: report.created + report.updated })}
              </Button>
            </Space>
          )}
        </Space>
      )}
    </Card>
  );
}
