import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Grid, Input, InputNumber, Modal, Popconfirm, Result, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DEFAULT_RETURNS_RULE, isMonth, quarterOfPeriod, reachedOn, type ReturnStage } from '../../../../common/returns';
import { ApiError, api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { MoneyCell, formatWan } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { formatTime } from '../../components/format';
import { useProjectReturns, type CapacityEvidence, type Commitments, type ProjectReturns, type Proposal, type QuarterFigures } from './api';
import { PeriodPicker, StageTag, useEvidenceWords, usePeriodLabel } from './parts';
import { byQuarter, chinaToday, filedOtherWay, lastEndedMonth, lastEndedQuarter, newestFirst, quarterRange, quartersOfYearTo } from './quarters';

const COLORS = { output: '#91caff', threshold: '#1677ff', tax: '#ffd591', cumTax: '#fa8c16', committedTax: '#cf1322' };

/** 投产达效 of one project: its commitments against its quarters, the stages its figures propose. */
export function ProjectReturnsPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const data = useProjectReturns(Number.isInteger(id) ? id : 0);
  const [editing, setEditing] = useState(false);
  const [filing, setFiling] = useState<{ period?: string } | null>(null);
  const narrow = Grid.useBreakpoint().md === false;
  if (data.isLoading) return <Spin style={{ display: 'block', margin: 48 }} />;
  if (!data.data) return <Result status="404" title={t('common.notFoundTitle')} extra={<Link to="/returns">{t('returns.back')}</Link>} />;
  const d = data.data;
  const p = d.project;
  return (
    <PageCard
      title={
        <Space wrap size={8} style={{ rowGap: 0 }}>
          <span data-testid="returns-project-name">{p.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
            {p.code}
          </Typography.Text>
        </Space>
      }
      extra={
        <Link to="/returns" aria-label={t('returns.back')} title={t('returns.back')}>
          <ArrowLeftOutlined /> {narrow ? null : t('returns.back')}
        </Link>
      }
    >
      <Space wrap size={8} style={{ marginBottom: 12 }}>
        <StageTag stage={p.stage} />
        <Typography.Text type="secondary">{p.hostUnitName}</Typography.Text>
        <Link to={`/projects/${p.id}`}>{t('returns.ledgerLink')}</Link>
      </Space>
      <Proposals data={d} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card size="small" title={t('returns.chartTitle')}>
            <ReturnsChart data={d} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card
            size="small"
            title={t('returns.commitments')}
            extra={
              p.canCommit && (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="commitments-edit">
                  {t('common.edit')}
                </Button>
              )
            }
          >
            <CommitmentsView c={d.commitments} />
          </Card>
        </Col>
        <Col span={24}>
          <QuartersCard data={d} onFile={(period) => setFiling({ period })} />
        </Col>
      </Row>
      <History data={d} />
      {editing && <CommitmentsDrawer data={d} onClose={() => setEditing(false)} />}
      {filing && <QuarterModal data={d} period={filing.period} onClose={() => setFiling(null)} />}
    </PageCard>
  );
}

function ReturnsChart({ data }: { data: ProjectReturns }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const narrow = Grid.useBreakpoint().md === false;
  const option = useMemo(() => {
    // By quarter, as the rules judge them: a monthly filer's months summed, a quarter not yet whole marked with its months.
    const byPeriod = byQuarter(data.quarters);
    const filed = [...byPeriod.keys()].sort();
    const last = filed.length && filed[filed.length - 1]! > lastEndedQuarter() ? filed[filed.length - 1]! : lastEndedQuarter();
    const first = filed[0] ?? quartersOfYearTo(last)[0]!;
    const axis = quarterRange(first, last);
    const design = data.commitments?.designOutputWan;
    // The threshold the rule applied (the proposal's evidence), else the default share of a quarter of the design.
    const evidence = data.proposals.find((x) => x.stage === 'capacity')?.evidence as CapacityEvidence | undefined;
    const threshold = evidence?.quarters?.[0] ? evidence.quarters[0].thresholdYuan / 10_000 : design ? (design * DEFAULT_RETURNS_RULE.capacityShare) / 4 : null;
    const committedTax = data.commitments?.returnsTaxWan ?? null;
    // The year's tax so far, one line a year (it starts again each first quarter), named alike so the legend shows one.
    const cumulative = (year: string) =>
      axis.map((q) => {
        if (!q.startsWith(year) || !byPeriod.has(q)) return null;
        return Math.round(quartersOfYearTo(q).reduce((s, x) => s + (byPeriod.get(x)?.taxWan ?? 0), 0) * 10_000) / 10_000;
      });
    const years = [...new Set(axis.map((q) => q.slice(0, 4)))];
    const wan = t('money.wan');
    const series: object[] = [
      { name: t('returns.series.output'), type: 'bar', yAxisIndex: 0, barMaxWidth: 26, itemStyle: { color: COLORS.output }, data: axis.map((q) => byPeriod.get(q)?.outputWan ?? null) },
      { name: t('returns.series.tax'), type: 'bar', yAxisIndex: 1, barMaxWidth: 26, itemStyle: { color: COLORS.tax }, data: axis.map((q) => byPeriod.get(q)?.taxWan ?? null) },
      ...years.map((y) => ({ name: t('returns.series.cumTax'), type: 'line', yAxisIndex: 1, symbolSize: 6, itemStyle: { color: COLORS.cumTax }, lineStyle: { width: 2 }, connectNulls: false, data: cumulative(y) })),
    ];
    if (threshold !== null) series.push({ name: t('returns.series.threshold'), type: 'line', yAxisIndex: 0, symbol: 'none', lineStyle: { type: 'dashed', width: 2, color: COLORS.threshold }, itemStyle: { color: COLORS.threshold }, data: axis.map(() => threshold) });
    if (committedTax !== null) series.push({ name: t('returns.series.committedTax'), type: 'line', yAxisIndex: 1, symbol: 'none', lineStyle: { type: 'dashed', width: 2, color: COLORS.committedTax }, itemStyle: { color: COLORS.committedTax }, data: axis.map(() => committedTax) });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${formatWan(v)} ${wan}`) },
      legend: { top: 0, itemWidth: 18, itemGap: narrow ? 8 : 10, textStyle: { fontSize: narrow ? 11 : 12 } },
      grid: { left: 8, right: 8, top: narrow ? 92 : 52, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: axis.map((q) => { const months = byPeriod.get(q)?.months ?? 3; return months < 3 ? `${label(q)}\n${t('returns.monthsIn', { count: months }).trim()}` : label(q); }), axisLabel: { interval: narrow ? 'auto' : 0, fontSize: 11 } },
      yAxis: [
        { type: 'value', name: narrow ? t('returns.axis.output') : `${t('returns.axis.output')}（${wan}）`, nameTextStyle: { align: 'left' }, splitLine: { lineStyle: { type: 'dotted' } } },
        { type: 'value', name: narrow ? t('returns.axis.tax') : `${t('returns.axis.tax')}（${wan}）`, nameTextStyle: { align: 'right' }, splitLine: { show: false } },
      ],
      series,
    };
  }, [data, t, label, narrow]);
  return (
    <>
      <Chart option={option} height={340} testId="returns-chart" />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
        {t('returns.chartNote')}
      </Typography.Paragraph>
    </>
  );
}

function CommitmentsView({ c }: { c: Commitments | null }) {
  const { t } = useTranslation();
  if (!c) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('returns.noCommitments')} />;
  const year = (y: number | null) => (y === null ? '—' : t('returns.yearValue', { year: y }));
  return (
    <Descriptions column={1} size="small" bordered data-testid="commitments" styles={{ label: { width: '55%' } }}>
      <Descriptions.Item label={t('returns.field.designOutputWan')}><MoneyCell wan={c.designOutputWan} /></Descriptions.Item>
      <Descriptions.Item label={t('returns.field.capacityYear')}>{year(c.capacityYear)}</Descriptions.Item>
      <Descriptions.Item label={t('returns.field.capacityOutputWan')}><MoneyCell wan={c.capacityOutputWan} /></Descriptions.Item>
      <Descriptions.Item label={t('returns.field.capacityTaxWan')}><MoneyCell wan={c.capacityTaxWan} /></Descriptions.Item>
      <Descriptions.Item label={t('returns.field.returnsYear')}>{year(c.returnsYear)}</Descriptions.Item>
      <Descriptions.Item label={t('returns.field.returnsOutputWan')}><MoneyCell wan={c.returnsOutputWan} /></Descriptions.Item>
      <Descriptions.Item label={t('returns.field.returnsTaxWan')}><MoneyCell wan={c.returnsTaxWan} /></Descriptions.Item>
      <Descriptions.Item label={t('returns.field.jobs')}>{c.jobs ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('returns.field.landMu')}>{c.landMu ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

const COMMITMENT_FIELDS = ['designOutputWan', 'capacityYear', 'capacityOutputWan', 'capacityTaxWan', 'returnsYear', 'returnsOutputWan', 'returnsTaxWan', 'jobs', 'landMu'] as const;
type CommitmentField = (typeof COMMITMENT_FIELDS)[number];

function CommitmentsDrawer({ data, onClose }: { data: ProjectReturns; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Record<CommitmentField, number | null>>();
  const [saving, setSaving] = useState(false);
  const c = data.commitments;
  // Before the first, what the ledger expected (output, tax, jobs, land) is a start.
  const initial = c ?? { designOutputWan: data.ledger.outputWan, returnsOutputWan: data.ledger.outputWan, returnsTaxWan: data.ledger.taxWan, jobs: data.ledger.jobs, landMu: data.ledger.landMu };
  async function save(values: Record<CommitmentField, number | null | undefined>) {
    setSaving(true);
    try {
      const body = Object.fromEntries(COMMITMENT_FIELDS.map((f) => [f, values[f] ?? null]));
      await api('PUT', `/api/returns/projects/${data.project.id}/commitments`, { ...body, version: c?.version ?? 0 });
      message.success(t('common.saved'));
      await client.invalidateQueries({ queryKey: ['returns'] });
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) void client.invalidateQueries({ queryKey: ['returns', 'project', data.project.id] });
      message.error(e instanceof ApiError && e.status === 409 ? t('returns.conflict') : e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }
  const money = (f: CommitmentField) => (
    <Form.Item key={f} name={f} label={t(`returns.field.${f}`)}>
      <InputNumber min={0} max={1e12} precision={4} style={{ width: '100%' }} data-testid={`commitment-${f}`} />
    </Form.Item>
  );
  const year = (f: CommitmentField) => (
    <Form.Item key={f} name={f} label={t(`returns.field.${f}`)}>
      <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} data-testid={`commitment-${f}`} />
    </Form.Item>
  );
  return (
    <Drawer
      open
      width={narrow ? '100%' : 520}
      title={t('returns.editCommitments')}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="commitments-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
        {money('designOutputWan')}
        <Row gutter={12}>
          <Col xs={24} sm={8}>{year('capacityYear')}</Col>
          <Col xs={12} sm={8}>{money('capacityOutputWan')}</Col>
          <Col xs={12} sm={8}>{money('capacityTaxWan')}</Col>
          <Col xs={24} sm={8}>{year('returnsYear')}</Col>
          <Col xs={12} sm={8}>{money('returnsOutputWan')}</Col>
          <Col xs={12} sm={8}>{money('returnsTaxWan')}</Col>
          <Col span={12}>
            <Form.Item name="jobs" label={t('returns.field.jobs')}>
              <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="commitment-jobs" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="landMu" label={t('returns.field.landMu')}>
              <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} data-testid="commitment-landMu" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('returns.commitmentsHint')}
        </Typography.Paragraph>
      </Form>
    </Drawer>
  );
}

function QuartersCard({ data, onFile }: { data: ProjectReturns; onFile: (period?: string) => void }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const narrow = Grid.useBreakpoint().md === false;
  const rows = newestFirst(data.quarters);
  const columns: ColumnsType<QuarterFigures> = [
    { title: t('returns.period'), dataIndex: 'period', width: 130, render: (q: string) => label(q) },
    { title: t('returns.outputWan'), dataIndex: 'outputWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
    { title: t('returns.taxWan'), dataIndex: 'taxWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
    { title: t('returns.jobs'), dataIndex: 'jobs', width: 90, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('returns.source'), dataIndex: 'source', width: 110, render: (s: string, q) => `${t(`returns.sourceName.${s === 'import' ? 'import' : 'filed'}`)} · v${q.version}` },
  ];
  if (data.project.canFile)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, q) => (
        <Typography.Link onClick={() => onFile(q.period)} data-testid={`quarter-correct-${q.period}`}>
          {t('returns.correct')}
        </Typography.Link>
      ),
    });
  return (
    <Card
      size="small"
      title={t('returns.quartersTitle')}
      extra={
        data.project.canFile && (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => onFile()} data-testid="quarter-file">
            {t('returns.file')}
          </Button>
        )
      }
    >
      <Table<QuarterFigures> rowKey="period" size="small" dataSource={rows} columns={columns} pagination={rows.length > 8 ? { pageSize: 8, size: 'small' } : false} scroll={{ x: narrow ? 660 : undefined }} locale={{ emptyText: t('returns.noQuarters') }} data-testid="quarters-table" />
    </Card>
  );
}

function QuarterModal({ data, period: asked, onClose }: { data: ProjectReturns; period?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const label = usePeriodLabel();
  const [form] = Form.useForm<{ outputWan: number; taxWan: number; jobs: number | null }>();
  const [saving, setSaving] = useState(false);
  const byPeriod = new Map(data.quarters.map((q) => [q.period, q]));
  // A unit that files monthly opens on the month that ended last; else the quarter.
  const newest = newestFirst(data.quarters)[0]?.period;
  const first = asked ?? (newest && isMonth(newest) ? lastEndedMonth() : lastEndedQuarter());
  const closed = filedOtherWay(data.quarters.map((q) => q.period));
  const [period, setPeriod] = useState(first);
  const existing = byPeriod.get(period);
  const fill = (q: string) => {
    const e = byPeriod.get(q);
    form.setFieldsValue({ outputWan: e?.outputWan, taxWan: e?.taxWan, jobs: e?.jobs ?? null } as never);
  };
  async function save(v: { outputWan: number; taxWan: number; jobs?: number | null }) {
    // Enter in a figure submits the form even while 保存 is disabled for a period filed the other way.
    if (closed.has(period)) return;
    setSaving(true);
    try {
      const out = await api<{ outcome: string }>('PUT', `/api/returns/projects/${data.project.id}/quarters/${period}`, { outputWan: v.outputWan, taxWan: v.taxWan, jobs: v.jobs ?? null, ...(existing ? { version: existing.version } : {}) });
      message.success(t(`returns.outcome.${out.outcome === 'unchanged' ? 'unchanged' : 'saved'}`));
      await client.invalidateQueries({ queryKey: ['returns'] });
      onClose();
    } catch (e) {
      // A conflict or a period filed the other way meanwhile: the page reloads what is filed.
      if (e instanceof ApiError && (e.status === 409 || e.status === 400)) void client.invalidateQueries({ queryKey: ['returns', 'project', data.project.id] });
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }
  const e0 = byPeriod.get(first);
  return (
    <Modal open title={existing ? t('returns.correctTitle', { quarter: label(period) }) : t('returns.fileTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okText={t('common.save')} okButtonProps={{ 'data-testid': 'quarter-save', disabled: closed.has(period) } as never}>
      <Form form={form} layout="vertical" initialValues={{ outputWan: e0?.outputWan, taxWan: e0?.taxWan, jobs: e0?.jobs ?? null }} onFinish={(v) => void save(v)}>
        <Form.Item label={t('returns.period')} extra={existing ? t('returns.correctHint', { version: existing.version }) : closed.has(period) ? <Typography.Text type="warning">{t('returns.filedOtherWayHint', { quarter: label(quarterOfPeriod(period)) })}</Typography.Text> : t('returns.fileHint')}>
          <PeriodPicker
            value={period}
            closed={closed}
            onChange={(q) => {
              setPeriod(q);
              fill(q);
            }}
            testId="quarter-period"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="outputWan" label={t('returns.outputWan')} rules={[{ required: true, message: t('returns.required') }]}>
              <InputNumber min={0} max={1e12} precision={4} style={{ width: '100%' }} data-testid="quarter-output" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="taxWan" label={t('returns.taxWan')} rules={[{ required: true, message: t('returns.required') }]}>
              <InputNumber min={0} max={1e12} precision={4} style={{ width: '100%' }} data-testid="quarter-tax" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="jobs" label={t('returns.jobs')}>
              <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="quarter-jobs" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** The open proposals, each in words with its evidence, to be confirmed or dismissed by the host unit. */
function Proposals({ data }: { data: ProjectReturns }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const words = useEvidenceWords();
  const label = usePeriodLabel();
  const [dismissing, setDismissing] = useState<Proposal | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const open = data.proposals.filter((x) => x.state === 'proposed');
  if (!open.length) return null;
  async function decide(p: Proposal, decision: 'confirm' | 'dismiss', why?: string) {
    setBusy(true);
    try {
      await api('POST', `/api/returns/proposals/${p.id}/decide`, { decision, ...(why ? { reason: why } : {}), projectVersion: data.project.version });
      message.success(t(decision === 'confirm' ? 'returns.confirmed' : 'returns.dismissed', { stage: t(`stage.${p.stage}`) }));
      setDismissing(null);
      setReason('');
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ['returns'] });
    }
  }
  return (
    <>
      {open.map((p) => (
        <Alert
          key={p.id}
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid={`proposal-${p.id}`}
          title={t(`returns.proposalTitle.${p.stage}`, { quarter: label(p.period) })}
          description={
            <Space direction="vertical" size={8} style={{ width: '100%' }}>
              <span data-testid="proposal-evidence">{words(p, data.commitments?.designOutputWan)}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('returns.proposalEffect', { stage: t(`stage.${p.stage}`), date: reachedOn(p.period, chinaToday()) })}
              </Typography.Text>
              {data.project.canFile && (
                <Space wrap>
                  <Popconfirm title={t('returns.confirmAsk', { stage: t(`stage.${p.stage}`), date: reachedOn(p.period, chinaToday()) })} onConfirm={() => void decide(p, 'confirm')} okText={t('returns.confirm')} cancelText={t('common.cancel')} okButtonProps={{ 'data-testid': 'proposal-confirm-ok' } as never}>
                    <Button type="primary" loading={busy} data-testid="proposal-confirm">
                      {t('returns.confirm')}
                    </Button>
                  </Popconfirm>
                  <Button onClick={() => setDismissing(p)} data-testid="proposal-dismiss">
                    {t('returns.dismiss')}
                  </Button>
                </Space>
              )}
            </Space>
          }
        />
      ))}
      <Modal
        open={dismissing !== null}
        title={dismissing ? t('returns.dismissTitle', { stage: t(`stage.${dismissing.stage}`) }) : ''}
        onCancel={() => setDismissing(null)}
        onOk={() => dismissing && reason.trim() && void decide(dismissing, 'dismiss', reason.trim())}
        okButtonProps={{ disabled: !reason.trim(), loading: busy, 'data-testid': 'dismiss-ok' } as never}
        okText={t('returns.dismiss')}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('returns.dismissHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('returns.reasonPlaceholder')} data-testid="dismiss-reason" />
      </Modal>
    </>
  );
}

/** Decided proposals: who confirmed or dismissed which stage, when, and why. */
function History({ data }: { data: ProjectReturns }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const decided = data.proposals.filter((x) => x.state !== 'proposed');
  if (!decided.length) return null;
  const stageName = (s: ReturnStage) => t(`stage.${s}`);
  return (
    <Card size="small" title={t('returns.historyTitle')} style={{ marginTop: 16 }} data-testid="proposal-history">
      {decided.map((x) => (
        <div key={x.id} style={{ marginBottom: 6 }}>
          <Tag color={x.state === 'confirmed' ? 'success' : 'default'}>{t(`returns.state.${x.state}`)}</Tag>
          {t('returns.historyLine', { quarter: label(x.period), stage: stageName(x.stage), who: x.decidedBy ?? '—', when: formatTime(x.decidedAt) })}
          {x.reason ? ` — ${x.reason}` : ''}
        </div>
      ))}
    </Card>
  );
}
