import { UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Grid, List, Row, Space, Table, Tabs, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Chart } from '../../components/Chart';
import { MoneyCell, formatWan } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { UnitTreeSelect } from '../../components/units';
import { GRADE_COLORS, NO_GRADE_COLOR, useGaps, useParks, type GapItem, type ParkItem, type ReturnsItem, type ReturnsList } from './api';
import { ImportDrawer } from './ImportDrawer';
import { GapLightTag, GradeTag, MonthsIn, ProposalTag, QuarterSelect, StageTag, usePeriodLabel } from './parts';
import { currentQuarter, lastEndedQuarter } from './quarters';

const TABS = ['list', 'parks', 'gaps'] as const;
type Tab = (typeof TABS)[number];
const QUARTER = /^\d{4}-Q[1-4]$/;

/** The page's state lives in the address (?tab=parks&period=2026-Q3&unitId=28): a drill-down or a link opens the same view. */
function useReturnsParams() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'list';
  const p = params.get('period');
  const period = p && QUARTER.test(p) && p <= currentQuarter() ? p : lastEndedQuarter();
  const u = params.get('unitId');
  const unitId = u && /^\d+$/.test(u) ? Number(u) : undefined;
  const set = (changes: Record<string, string | number | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, String(v));
        }
        return next;
      },
      { replace: true },
    );
  return { tab, period, unitId, set };
}

/** 投产达效与亩均效益: producing projects' 亩均 by quarter, the parks ranked, the projects behind their contract. */
export function ReturnsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { tab, period, unitId, set } = useReturnsParams();
  const [importing, setImporting] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <PageCard
      title={t('returns.title')}
      extra={
        can(['dispatch:write']) && (
          <Tooltip title={narrow ? t('returns.import.button') : undefined}>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} aria-label={t('returns.import.button')} data-testid="returns-import">
              {narrow ? null : t('returns.import.button')}
            </Button>
          </Tooltip>
        )
      }
    >
      <Tabs
        activeKey={tab}
        tabBarGutter={narrow ? 20 : undefined}
        onChange={(k) => set({ tab: k === 'list' ? undefined : k })}
        data-testid="returns-tabs"
        items={[
          { key: 'list', label: t('returns.tabs.list'), children: <ProjectsTab period={period} unitId={unitId} narrow={narrow} onPeriod={(q) => set({ period: q })} onUnit={(u) => set({ unitId: u })} /> },
          { key: 'parks', label: t('returns.tabs.parks'), children: <ParksTab period={period} narrow={narrow} onPeriod={(q) => set({ period: q })} onDrill={(u) => set({ tab: undefined, unitId: u })} /> },
          { key: 'gaps', label: t('returns.tabs.gaps'), children: <GapsTab narrow={narrow} /> },
        ]}
      />
      {importing && <ImportDrawer period={period} onClose={() => setImporting(false)} />}
    </PageCard>
  );
}

function ProjectsTab({ period, unitId, narrow, onPeriod, onUnit }: { period: string; unitId?: number; narrow: boolean; onPeriod: (q: string) => void; onUnit: (u?: number) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const quarterLabel = usePeriodLabel();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query = new URLSearchParams({ period, page: String(paging.page), pageSize: String(paging.pageSize) });
  if (unitId) query.set('unitId', String(unitId));
  const list = useQuery({ queryKey: ['returns', 'list', query.toString()], queryFn: () => api<ReturnsList>('GET', `/api/returns?${query}`), placeholderData: (prev) => prev });
  const reset = () => setPaging((p) => ({ ...p, page: 1 }));
  const open = (r: ReturnsItem) => navigate(`/returns/projects/${r.projectId}`);

  const columns: ColumnsType<ReturnsItem> = [
    {
      title: t('returns.project'),
      dataIndex: 'projectName',
      fixed: 'left',
      width: 200,
      render: (name: string, r) => (
        <div>
          <Link to={`/returns/projects/${r.projectId}`} onClick={(e) => e.stopPropagation()} data-testid={`returns-open-${r.projectId}`}>
            {name}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.projectCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('returns.hostUnit'), dataIndex: 'hostUnitName', width: 110 },
    {
      title: t('returns.stageLabel'),
      dataIndex: 'stage',
      width: 140,
      render: (s: string, r) => (
        <Space size={4} wrap>
          <StageTag stage={s} />
          <ProposalTag stage={r.proposal} />
        </Space>
      ),
    },
    { title: t('returns.grade'), dataIndex: 'grade', width: 70, align: 'center', render: (g: ReturnsItem['grade']) => <GradeTag grade={g} /> },
    { title: t('returns.taxPerMuShort'), dataIndex: 'taxPerMuWan', width: 100, align: 'right', render: (v: number | null) => formatWan(v) },
    { title: t('returns.outputPerMuShort'), dataIndex: 'outputPerMuWan', width: 100, align: 'right', render: (v: number | null) => formatWan(v) },
    { title: t('returns.outputShort'), dataIndex: 'outputWan', width: 110, align: 'right', render: (v: number | null, r) => <><MoneyCell wan={v} /><MonthsIn months={r.months} /></> },
    { title: t('returns.taxShort'), dataIndex: 'taxWan', width: 90, align: 'right', render: (v: number | null) => <MoneyCell wan={v} /> },
    { title: t('returns.jobs'), dataIndex: 'jobs', width: 80, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('returns.landMu'), dataIndex: 'landMu', width: 80, align: 'right', render: (v: number | null) => v ?? '—' },
  ];
  const pagination = { current: paging.page, pageSize: paging.pageSize, total: list.data?.total, showSizeChanger: !narrow, size: narrow ? ('small' as const) : undefined, onChange: (page: number, pageSize: number) => setPaging({ page, pageSize }) };

  return (
    <>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <QuarterSelect value={period} upTo={currentQuarter()} onChange={(q) => { onPeriod(q); reset(); }} />
          <UnitTreeSelect allowClear placeholder={t('returns.allUnits')} value={unitId} onChange={(u) => { onUnit(u); reset(); }} style={{ width: narrow ? 200 : 240 }} data-testid="returns-unit" />
        </Space>
        {!narrow && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('returns.unitsNote')}</Typography.Text>}
      </Space>
      {narrow ? (
        <List<ReturnsItem>
          loading={list.isFetching}
          dataSource={list.data?.items}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('returns.empty')} /> }}
          pagination={list.data && list.data.total > paging.pageSize ? { ...pagination, align: 'center' } : false}
          data-testid="returns-cards"
          renderItem={(r) => (
            <Card size="small" style={{ marginBottom: 8, cursor: 'pointer' }} onClick={() => open(r)} data-testid={`returns-card-${r.projectId}`}>
              <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{r.projectName}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.projectCode} · {r.hostUnitName}
                    </Typography.Text>
                  </div>
                </div>
                <GradeTag grade={r.grade} />
              </Space>
              <Space size={4} wrap style={{ margin: '6px 0' }}>
                <StageTag stage={r.stage} />
                <ProposalTag stage={r.proposal} />
              </Space>
              <Row gutter={8}>
                <Col span={12}><Typography.Text type="secondary">{t('returns.taxPerMuShort')}</Typography.Text> {formatWan(r.taxPerMuWan)}</Col>
                <Col span={12}><Typography.Text type="secondary">{t('returns.outputPerMuShort')}</Typography.Text> {formatWan(r.outputPerMuWan)}</Col>
                <Col span={12}><Typography.Text type="secondary">{t('returns.outputShort')}</Typography.Text> {formatWan(r.outputWan)}<MonthsIn months={r.months} /></Col>
                <Col span={12}><Typography.Text type="secondary">{t('returns.taxShort')}</Typography.Text> {formatWan(r.taxWan)}</Col>
              </Row>
            </Card>
          )}
        />
      ) : (
        <Table<ReturnsItem>
          rowKey="projectId"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          columns={columns}
          scroll={{ x: 1080 }}
          onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('returns.empty')} /> }}
          data-testid="returns-table"
          pagination={pagination}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('returns.perMuRule', { quarter: quarterLabel(period), version: list.data?.ruleVersion ?? 1 })}
      </Typography.Paragraph>
      {list.data?.rule && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }} data-testid="returns-thresholds">
          {t('returns.thresholds', { a: list.data.rule.gradeTaxPerMuWan.A, b: list.data.rule.gradeTaxPerMuWan.B, c: list.data.rule.gradeTaxPerMuWan.C, share: Math.round(list.data.rule.capacityShare * 100), quarters: list.data.rule.capacityQuarters })}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** A small line of the last four quarters' 亩均税收. */
function Sparkline({ points }: { points: (number | null)[] }) {
  const values = points.filter((v): v is number => v !== null);
  if (values.length < 2) return <>—</>;
  const [w, h, pad] = [96, 28, 3];
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const xy = points.map((v, i) => (v === null ? null : [pad + (i * (w - 2 * pad)) / (points.length - 1), h - pad - ((v - min) * (h - 2 * pad)) / span] as const));
  const drawn = xy.filter((p): p is readonly [number, number] => p !== null);
  const rising = values[values.length - 1]! >= values[0]!;
  const color = rising ? '#52c41a' : '#f5222d';
  return (
    <svg width={w} height={h} role="img" aria-hidden style={{ display: 'block' }}>
      <polyline fill="none" stroke={color} strokeWidth={1.5} points={drawn.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')} />
      {drawn.length > 0 && <circle cx={drawn[drawn.length - 1]![0]} cy={drawn[drawn.length - 1]![1]} r={2.5} fill={color} />}
    </svg>
  );
}

function ParksTab({ period, narrow, onPeriod, onDrill }: { period: string; narrow: boolean; onPeriod: (q: string) => void; onDrill: (unitId: number) => void }) {
  const { t } = useTranslation();
  const quarterLabel = usePeriodLabel();
  const parks = useParks(period);
  const items = useMemo(() => parks.data?.items ?? [], [parks.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${formatWan(v)} ${t('returns.perMuUnit')}`) },
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: items.map((p) => p.unitName), axisLabel: { interval: 0, width: narrow ? 70 : 100, overflow: 'truncate', rotate: items.length > (narrow ? 3 : 8) ? 30 : 0 } },
      yAxis: { type: 'value', name: t('returns.perMuUnit'), nameTextStyle: { align: 'left' } },
      series: [
        {
          name: t('returns.taxPerMu'),
          type: 'bar',
          barMaxWidth: 36,
          data: items.map((p) => ({ value: p.taxPerMuWan, itemStyle: { color: p.grade ? GRADE_COLORS[p.grade] : NO_GRADE_COLOR } })),
          label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => items[p.dataIndex]?.grade ?? '' },
        },
      ],
    }),
    [items, narrow, t],
  );
  const columns: ColumnsType<ParkItem> = [
    { title: t('returns.rank'), dataIndex: 'rank', width: 70, align: 'center', render: (r: number | null) => r ?? '—' },
    {
      title: t('returns.park'),
      dataIndex: 'unitName',
      width: 160,
      render: (name: string, p) => (
        <Tooltip title={t('returns.drillHint')}>
          <Typography.Link onClick={() => onDrill(p.unitId)} data-testid={`park-drill-${p.unitId}`}>
            {name}
          </Typography.Link>
        </Tooltip>
      ),
    },
    { title: t('returns.projectCount'), dataIndex: 'projects', width: 90, align: 'right' },
    { title: t('returns.landMu'), dataIndex: 'landMu', width: 100, align: 'right', render: (v: number) => formatWan(v) },
    { title: t('returns.taxPerMu'), dataIndex: 'taxPerMuWan', width: 130, align: 'right', render: (v: number | null) => formatWan(v) },
    { title: t('returns.outputPerMu'), dataIndex: 'outputPerMuWan', width: 130, align: 'right', render: (v: number | null) => formatWan(v) },
    { title: t('returns.grade'), dataIndex: 'grade', width: 80, align: 'center', render: (g: ParkItem['grade']) => <GradeTag grade={g} /> },
    {
      title: t('returns.trend'),
      key: 'trend',
      width: 130,
      render: (_, p) => (
        <Tooltip title={p.trend.map((x) => `${quarterLabel(x.period)}: ${formatWan(x.taxPerMuWan)}`).join(' · ')}>
          <span>
            <Sparkline points={p.trend.map((x) => x.taxPerMuWan)} />
          </span>
        </Tooltip>
      ),
    },
  ];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <QuarterSelect value={period} upTo={currentQuarter()} onChange={onPeriod} testId="parks-quarter" />
      </Space>
      {!parks.isLoading && !items.length ? (
        <Empty description={t('returns.noParks')} />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small" title={t('returns.parksChart')}>
            <Chart option={option} height={narrow ? 220 : Math.min(300, 200 + items.length * 8)} testId="parks-chart" onClick={(e) => items[e.dataIndex] && onDrill(items[e.dataIndex]!.unitId)} />
          </Card>
          {narrow ? (
            <List<ParkItem>
              dataSource={items}
              data-testid="parks-cards"
              renderItem={(p) => (
                <Card size="small" style={{ marginBottom: 8, cursor: 'pointer' }} onClick={() => onDrill(p.unitId)} data-testid={`park-card-${p.unitId}`}>
                  <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                    <Space size={8}>
                      <Typography.Text type="secondary">#{p.rank ?? '—'}</Typography.Text>
                      <Typography.Text strong>{p.unitName}</Typography.Text>
                    </Space>
                    <GradeTag grade={p.grade} />
                  </Space>
                  <Space align="center" style={{ width: '100%', justifyContent: 'space-between', marginTop: 6 }}>
                    <span>
                      <Typography.Text type="secondary">{t('returns.taxPerMuShort')}</Typography.Text> {formatWan(p.taxPerMuWan)} · {t('returns.projectsShort', { count: p.projects })}
                    </span>
                    <Sparkline points={p.trend.map((x) => x.taxPerMuWan)} />
                  </Space>
                </Card>
              )}
            />
          ) : (
            <Table<ParkItem> rowKey="unitId" size="middle" loading={parks.isFetching} dataSource={items} columns={columns} pagination={false} scroll={{ x: 890 }} data-testid="parks-table" />
          )}
        </Space>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('returns.parksRule')}
      </Typography.Paragraph>
    </>
  );
}

function GapsTab({ narrow }: { narrow: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const gaps = useGaps(paging.page, paging.pageSize);
  const pagination = { current: paging.page, pageSize: paging.pageSize, total: gaps.data?.total, showSizeChanger: !narrow, size: narrow ? ('small' as const) : undefined, onChange: (page: number, pageSize: number) => setPaging({ page, pageSize }) };
  const open = (g: GapItem) => navigate(`/returns/projects/${g.projectId}`);
  const lateWords = (g: GapItem) => t('returns.monthsLate', { count: g.monthsLate });
  const columns: ColumnsType<GapItem> = [
    { title: t('returns.light'), dataIndex: 'level', width: 80, render: (l: GapItem['level']) => <GapLightTag level={l} /> },
    {
      title: t('returns.project'),
      dataIndex: 'projectName',
      width: 230,
      render: (name: string, g) => (
        <div>
          <Link to={`/returns/projects/${g.projectId}`} onClick={(e) => e.stopPropagation()} data-testid={`gap-open-${g.projectId}`}>
            {name}
          </Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {g.projectCode}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    { title: t('returns.hostUnit'), dataIndex: 'hostUnitName', width: 120 },
    { title: t('returns.stageLabel'), dataIndex: 'stage', width: 100, render: (s: string) => <StageTag stage={s} /> },
    { title: t('returns.gapKind'), dataIndex: 'kind', width: 140, render: (k: GapItem['kind']) => t(`returns.gapKindName.${k}`) },
    { title: t('returns.late'), dataIndex: 'monthsLate', width: 120, render: (_, g) => lateWords(g) },
    { title: t('returns.due'), dataIndex: 'due', width: 120 },
  ];
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('returns.noGaps')} />;
  return (
    <>
      {gaps.data && gaps.data.total > 0 && (
        <Typography.Paragraph style={{ marginBottom: 12 }} data-testid="gaps-summary">
          {t('returns.gapsSummary', { count: gaps.data.total, red: gaps.data.red })}
        </Typography.Paragraph>
      )}
      {narrow ? (
        <List<GapItem>
          loading={gaps.isFetching}
          dataSource={gaps.data?.items}
          locale={{ emptyText: empty }}
          pagination={gaps.data && gaps.data.total > paging.pageSize ? { ...pagination, align: 'center' } : false}
          data-testid="gaps-cards"
          renderItem={(g) => (
            <Card size="small" style={{ marginBottom: 8, cursor: 'pointer' }} onClick={() => open(g)} data-testid={`gap-card-${g.projectId}`}>
              <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{g.projectName}</Typography.Text>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {g.projectCode} · {g.hostUnitName}
                    </Typography.Text>
                  </div>
                </div>
                <GapLightTag level={g.level} />
              </Space>
              <div style={{ marginTop: 6 }}>
                {t(`returns.gapKindName.${g.kind}`)} · {lateWords(g)} · {t('returns.dueOn', { date: g.due })}
              </div>
            </Card>
          )}
        />
      ) : (
        <Table<GapItem>
          rowKey={(g) => `${g.projectId}-${g.kind}`}
          size="middle"
          loading={gaps.isFetching}
          dataSource={gaps.data?.items}
          columns={columns}
          scroll={{ x: 910 }}
          pagination={gaps.data && gaps.data.total > paging.pageSize ? pagination : false}
          onRow={(g) => ({ onClick: () => open(g), style: { cursor: 'pointer' } })}
          locale={{ emptyText: empty }}
          data-testid="gaps-table"
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {t('returns.gapRule')}
      </Typography.Paragraph>
    </>
  );
}
