import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { download, uploadWithProgress } from '../../api/client';
import { useAuth } from '../../app/auth';
import { DryRunButton, ImportActions, ImportDone, ImportErrors, ImportFilePicker, ImportFlow, ImportSummary } from '../../components/ImportFlow';
import { formatWan, formatYi } from '../../components/money';
import { UnitTreeSelect } from '../../components/units';
import { useImportRun, type ImportRowError } from '../../components/useImportRun';

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
  errors: ImportRowError[];
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

export function ImportPage({ kind = 'projects' }: { kind?: keyof typeof KINDS }) {
  const { t } = useTranslation();
  const cfg = KINDS[kind];
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [unitId, setUnitId] = useState<number | undefined>(me?.unitId);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const flow = useImportRun(
    (file, commit, onProgress) => {
      const params = new URLSearchParams({ unitId: String(unitId), commit: String(commit) });
      if (Object.keys(mapping).length) params.set('mapping', JSON.stringify(mapping));
      return uploadWithProgress(`${cfg.endpoint}?${params}`, file, onProgress) as Promise<Report>;
    },
    { ready: !!unitId, invalidates: [cfg.queryKey], onCommitted: () => message.success(t('import.done')) },
  );

  return (
    <Card variant="borderless" title={t(cfg.titleLabel)} extra={<Button icon={<DownloadOutlined />} onClick={() => void download(cfg.template, 'template.xlsx')}>{t('import.template')}</Button>}>
      <ImportFlow
        flow={flow}
        pick={
          <>
            <Space>
              <Typography.Text>{t('import.unit')}</Typography.Text>
              <UnitTreeSelect value={unitId} onChange={setUnitId} data-testid="import-unit" />
            </Space>
            <ImportFilePicker flow={flow} drop={t('import.drop')} hint={t('import.dropHint')} onPick={() => setMapping({})} />
            <DryRunButton flow={flow} />
          </>
        }
        result={(report) => (
          <>
            {report.committed && <ImportDone title={t('import.committed')} action={t(cfg.listLabel)} onAction={() => navigate(`${cfg.list}?unitId=${unitId}`)} />}
            <ImportSummary
              col={{ span: 4 }}
              gutter={16}
              stats={[
                { title: t('import.rows'), value: report.rows },
                { title: t('import.created'), value: report.created, tone: 'green' },
                { title: t('import.updated'), value: report.updated, tone: 'blue' },
                { title: t('import.unchanged'), value: report.unchanged },
                { title: t('import.rejected'), value: report.errors.length, tone: 'rejected' },
                { title: t('import.total'), value: formatYi(report.totalInvestmentWan), suffix: t('money.yi') },
              ]}
            />
            {report.errors.length > 0 && <ImportErrors errors={report.errors} csvName={`import-errors-${report.fileSha256.slice(0, 8)}.csv`} />}
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
              <ImportActions flow={flow} label={t('import.commit', { count: report.created + report.updated })} disabled={report.created + report.updated === 0}>
                <Button onClick={() => flow.run(false)} disabled={Object.keys(mapping).length === 0}>{t('import.recheck')}</Button>
              </ImportActions>
            )}
          </>
        )}
      />
    </Card>
  );
}
