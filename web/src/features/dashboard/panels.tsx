import { Card, Space, Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart';
import { formatKpi, yi, type DashboardResponse, type Drill, type Kpi } from './api';

type OnDrill = (d: Drill) => void;
const RED = '#cf1322';
const GREEN = '#389e0d';
const BLUE = '#5b8ff9';
const ORANGE = '#f6a23c';
const TEAL = '#36cfc9';

/** Targets against 序时进度: the value, the target, completion as a bar with 序时进度 marked on it. */
export function KpiCards({ items, timeProgress, narrow, onDrill }: { items: Kpi[]; timeProgress: number; narrow: boolean; onDrill: OnDrill }) {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: `repeat(auto-fit, minmax(${narrow ? 120 : 200}px, 1fr))`, gap: 12 }} data-testid="dashboard-kpis">
      {items.map((k) => {
        const colour = k.behind === null ? '#8c8c8c' : k.behind ? RED : GREEN;
        const fill = Math.min(100, Math.max(0, k.completion ?? 0));
        return (
          <div key={k.code}>
            <Card size="small" hoverable onClick={() => onDrill({ panel: 'kpi', key: k.code, title: k.name })} data-testid={`dashboard-kpi-${k.code}`} styles={{ body: { padding: 12 } }}>
              <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block', lineHeight: 1.35 }}>
                {k.name}
              </Typography.Text>
              <div style={{ fontSize: narrow ? 22 : 26, fontWeight: 600, lineHeight: 1.3, fontVariantNumeric: 'tabular-nums' }} data-testid={`dashboard-kpi-value-${k.code}`}>
                {formatKpi(k.value, k.unit)}
                {k.unit === 'wan' && <span style={{ fontSize: 13, fontWeight: 400, marginInlineStart: 4 }}>{t('dashboard.wan')}</span>}
                {k.unit === 'wanPerMu' && <span style={{ fontSize: 13, fontWeight: 400, marginInlineStart: 4 }}>{t('targets.unitOf.wanPerMu')}</span>}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {k.target === null ? t('dashboard.noTarget') : t('dashboard.targetLine', { target: formatKpi(k.target, k.unit), completion: k.completion ?? '—' })}
              </Typography.Text>
              <div style={{ position: 'relative', height: 8, borderRadius: 4, background: 'rgba(128,128,128,0.2)', margin: '8px 0 4px' }} title={t('dashboard.expectedTitle', { expected: k.expected })}>
                <div style={{ width: `${fill}%`, height: '100%', borderRadius: 4, background: colour }} />
                {k.expected <= 100 && <div style={{ position: 'absolute', left: `${k.expected}%`, top: -3, width: 2, height: 14, background: '#8c8c8c' }} />}
              </div>
              <Space size={4} wrap>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {k.unit === 'percent' ? t('dashboard.shareTarget') : k.unit === 'wanPerMu' ? t('dashboard.rateTarget') : t('dashboard.expected', { expected: timeProgress })}
                </Typography.Text>
                {k.behind !== null && (
                  <Tag color={k.behind ? 'red' : 'green'} style={{ marginInlineEnd: 0 }} data-testid={`dashboard-kpi-pace-${k.code}`}>
                    {k.behind ? t('dashboard.behind') : t('dashboard.onPace')}
                  </Tag>
                )}
              </Space>
            </Card>
          </div>
        );
      })}
    </div>
  );
}

export function RankingChart({ ranking, dark, height, onClick }: { ranking: NonNullable<DashboardResponse['ranking']>; dark: boolean; height: number; onClick: () => void }) {
  const { t } = useTranslation();
  const items = ranking.items.slice(0, 10);
  const option = useMemo(() => {
    const ordered = [...items].reverse();
    const move = (i: (typeof items)[number]) => (i.previousRank === null ? ` ${t('dashboard.moveNew')}` : i.previousRank > i.rank ? ` ↑${i.previousRank - i.rank}` : i.previousRank < i.rank ? ` ↓${i.rank - i.previousRank}` : ' –');
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 60, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, splitNumber: 4 },
      yAxis: { type: 'category', data: ordered.map((i) => `${i.rank}. ${i.unitName}`), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        {
          name: t('dashboard.score'),
          type: 'bar',
          barMaxWidth: 18,
          data: ordered.map((i) => ({ value: i.score, itemStyle: { color: i.rank === 1 ? '#c0392b' : i.rank <= 3 ? '#e67e22' : BLUE } })),
          label: { show: true, position: 'right', formatter: (p: { dataIndex: number; value: number }) => `${p.value}${move(ordered[p.dataIndex]!)}` },
        },
      ],
    };
  }, [items, t]);
  return <Chart option={option} height={height} dark={dark} onClick={onClick} testId="dashboard-chart-ranking" />;
}

export function UnitsChart({ units, labels, dark, narrow, onDrill }: { units: DashboardResponse['units']; labels: Map<number, string>; dark: boolean; narrow: boolean; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const invested = units.some((u) => u.investedWan !== null);
  const option = useMemo(() => {
    const ordered = [...units].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // The legend under the chart: the 亿元 axis runs along the top, the count axis along the bottom.
      legend: { bottom: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 16, top: 24, bottom: narrow ? 76 : 56, containLabel: true },
      xAxis: [
        { type: 'value', minInterval: 1, splitNumber: 3 },
        { type: 'value', splitNumber: 3, splitLine: { show: false } },
      ],
      yAxis: { type: 'category', data: ordered.map((u) => labels.get(u.unitId) ?? u.name), axisLabel: { width: 96, overflow: 'truncate' } },
      series: [
        { name: t('dashboard.unitSigned'), type: 'bar', xAxisIndex: 0, barMaxWidth: 12, itemStyle: { color: '#c0392b' }, data: ordered.map((u) => u.signed) },
        { name: t('dashboard.unitSignedYi'), type: 'bar', xAxisIndex: 1, barMaxWidth: 12, itemStyle: { color: BLUE }, data: ordered.map((u) => yi(u.signedInvestmentWan)) },
        ...(invested ? [{ name: t('dashboard.unitInvestedYi'), type: 'bar', xAxisIndex: 1, barMaxWidth: 12, itemStyle: { color: TEAL }, data: ordered.map((u) => yi(u.investedWan ?? 0)) }] : []),
      ],
    };
  }, [units, labels, invested, narrow, t]);
  const height = Math.max(300, (narrow ? 100 : 80) + units.length * (invested ? 40 : 30));
  return (
    <Chart
      option={option}
      height={height}
      dark={dark}
      testId="dashboard-chart-units"
      onClick={(e) => {
        const unit = [...units].reverse()[e.dataIndex];
        if (!unit) return;
        const key = unit.own ? 'own' : String(unit.unitId);
        const name = labels.get(unit.unitId) ?? unit.name;
        onDrill(e.seriesIndex === 2 ? { panel: 'unitInvested', key, title: t('dashboard.drillUnitInvested', { unit: name }) } : { panel: 'unitSigned', key, title: t('dashboard.drillUnitSigned', { unit: name }) });
      }}
    />
  );
}

export function TrendChart({ trend, dark, height, narrow, onDrill }: { trend: DashboardResponse['trend']; dark: boolean; height: number; narrow: boolean; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const invested = trend.some((m) => m.investedWan !== null);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: narrow ? 52 : 40, bottom: 4, containLabel: true },
      xAxis: { type: 'category', data: trend.map((m) => t('dashboard.monthShort', { month: Number(m.month.slice(5, 7)) })) },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', splitLine: { show: false } },
      ],
      series: [
        { name: t('dashboard.trendSigned'), type: 'bar', barMaxWidth: 14, itemStyle: { color: '#c0392b' }, data: trend.map((m) => m.signed) },
        { name: t('dashboard.trendStarted'), type: 'bar', barMaxWidth: 14, itemStyle: { color: ORANGE }, data: trend.map((m) => m.started) },
        ...(invested ? [{ name: t('dashboard.trendInvested'), type: 'line', yAxisIndex: 1, smooth: false, symbolSize: 7, itemStyle: { color: TEAL }, data: trend.map((m) => yi(m.investedWan ?? 0)) }] : []),
      ],
    }),
    [trend, invested, narrow, t],
  );
  return (
    <Chart
      option={option}
      height={height}
      dark={dark}
      testId="dashboard-chart-trend"
      onClick={(e) => {
        const m = trend[e.dataIndex];
        if (!m) return;
        const month = t('dashboard.monthLong', { year: m.month.slice(0, 4), month: Number(m.month.slice(5, 7)) });
        const [panel, title] = e.seriesIndex === 0 ? (['signedMonth', t('dashboard.drillSignedMonth', { month })] as const) : e.seriesIndex === 1 ? (['startedMonth', t('dashboard.drillStartedMonth', { month })] as const) : (['investedMonth', t('dashboard.drillInvestedMonth', { month })] as const);
        onDrill({ panel, key: m.month, title });
      }}
    />
  );
}

export function FunnelPanel({ funnel, dark, height, onDrill }: { funnel: DashboardResponse['funnel']; dark: boolean; height: number; onDrill: OnDrill }) {
  const { t } = useTranslation();
  // Lead and negotiation are the whole ledger: the funnel starts at signing, where a project is one.
  const shown = funnel.filter((f) => !['lead', 'negotiating'].includes(f.stage));
  const total = funnel[0]?.count ?? 0;
  const option = useMemo(() => {
    const colours = ['#c0392b', '#d35400', '#e67e22', '#f39c12', '#f1c40f', '#27ae60', '#16a085', '#2980b9', '#8e44ad'];
    return {
      tooltip: { trigger: 'item', formatter: '{b}: {c}' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '8%',
          right: '8%',
          top: 8,
          bottom: 8,
          minSize: '34%',
          gap: 2,
          label: { show: true, position: 'inside', formatter: '{b} {c}', fontSize: 11, color: '#fff', textBorderWidth: 0 },
          data: shown.map((f, i) => ({ name: t(`stage.${f.stage}`), value: f.count, itemStyle: { color: colours[i % colours.length] } })),
        },
      ],
    };
  }, [shown, t]);
  return (
    <>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dashboard.funnelNote', { total })}
      </Typography.Text>
      <Chart option={option} height={height - 20} dark={dark} testId="dashboard-chart-funnel" onClick={(e) => shown[e.dataIndex] && onDrill({ panel: 'funnel', key: shown[e.dataIndex]!.stage, title: t('dashboard.drillFunnel', { stage: t(`stage.${shown[e.dataIndex]!.stage}`) }) })} />
    </>
  );
}

export function ChainPie({ chains, dark, height, onDrill }: { chains: DashboardResponse['chains']; dark: boolean; height: number; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, itemWidth: 10, itemHeight: 8, itemGap: 8, textStyle: { fontSize: 11 } },
      series: [
        {
          type: 'pie',
          radius: ['32%', '62%'],
          center: ['50%', '36%'],
          label: { show: true, position: 'inside', formatter: '{c}', fontSize: 11, color: '#fff' },
          data: chains.items.map((c) => ({ name: c.name ?? t('dashboard.noChain'), value: c.count, itemStyle: c.chainId === null ? { color: '#bfbfbf' } : undefined })),
        },
      ],
    }),
    [chains, t],
  );
  return (
    <Chart
      option={option}
      height={height}
      dark={dark}
      testId="dashboard-chart-chains"
      onClick={(e) => {
        const c = chains.items[e.dataIndex];
        if (c) onDrill({ panel: 'chain', key: c.chainId === null ? 'none' : String(c.chainId), title: t('dashboard.drillChain', { chain: c.name ?? t('dashboard.noChain') }) });
      }}
    />
  );
}

export function ChainGauge({ chains, dark, height, onDrill }: { chains: DashboardResponse['chains']; dark: boolean; height: number; onDrill: OnDrill }) {
  const { t } = useTranslation();
  const onChain = chains.items.filter((c) => c.chainId !== null).reduce((a, c) => a + c.count, 0);
  const value = chains.share?.value ?? (chains.total ? Math.round((onChain / chains.total) * 1000) / 10 : 0);
  const target = chains.share?.target ?? null;
  const option = useMemo(
    () => ({
      series: [
        {
          type: 'gauge',
          min: 0,
          max: 100,
          radius: '90%',
          center: ['50%', '58%'],
          splitNumber: 5,
          axisLine: { lineStyle: { width: 12, color: target ? [[target / 100, '#f5a623'], [1, '#3cb371']] : [[1, BLUE]] } },
          // The colours carry the target (below it amber, above green): no scale labels to crowd the figure.
          axisLabel: { show: false },
          splitLine: { length: 10, distance: 2 },
          axisTick: { show: false },
          pointer: { width: 4, length: '60%' },
          title: { offsetCenter: [0, '66%'], fontSize: 12 },
          detail: { valueAnimation: false, formatter: '{value}%', fontSize: 22, fontWeight: 600, offsetCenter: [0, '36%'] },
          data: [{ value: value ?? 0, name: target ? t('dashboard.gaugeTarget', { target }) : t('dashboard.chainShare') }],
        },
      ],
    }),
    [value, target, t],
  );
  return <Chart option={option} height={height} dark={dark} testId="dashboard-chart-gauge" onClick={chains.share ? () => onDrill({ panel: 'kpi', key: 'chain_share', title: t('dashboard.chainShare') }) : undefined} />;
}

export function CohortChart({ steps, dark, height, narrow, onDrill }: { steps: DashboardResponse['cohort']['steps']; dark: boolean; height: number; narrow: boolean; onDrill: OnDrill }) {
  const { t, i18n } = useTranslation();
  const signed = steps[0]?.reached ?? 0;
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 8, top: 24, bottom: 4, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (ps: { name: string; value: number }[]) => `${ps[0]!.name}: ${ps[0]!.value}${signed ? ` (${Math.round((ps[0]!.value / signed) * 100)}%)` : ''}` },
      xAxis: { type: 'category', data: steps.map((s) => t(`stage.${s.stage}`)), axisLabel: { interval: 0, fontSize: narrow ? 10 : 11, rotate: narrow || i18n.language === 'en-US' ? 35 : 0 } },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3 },
      series: [
        {
          name: t('dashboard.cohortReached'),
          type: 'bar',
          barMaxWidth: 28,
          itemStyle: { color: '#c0392b' },
          label: { show: true, position: 'top', fontSize: 11, formatter: (p: { value: number }) => (signed && !narrow ? `${p.value} · ${Math.round((p.value / signed) * 100)}%` : `${p.value}`) },
          data: steps.map((s) => s.reached),
        },
      ],
    }),
    [steps, signed, narrow, i18n.language, t],
  );
  const days = (d: number | null) => (d === null ? '—' : t('dashboard.days', { count: d }));
  return (
    <>
      <Chart option={option} height={height} dark={dark} testId="dashboard-chart-cohort" onClick={(e) => steps[e.dataIndex] && onDrill({ panel: 'cohort', key: steps[e.dataIndex]!.stage, title: t('dashboard.drillCohort', { stage: t(`stage.${steps[e.dataIndex]!.stage}`) }) })} />
      <Table
        size="small"
        pagination={false}
        rowKey="stage"
        dataSource={steps.slice(1)}
        data-testid="dashboard-cohort-table"
        columns={[
          { title: t('dashboard.cohortStep'), dataIndex: 'stage', render: (s: string, _r, i) => `${t(`stage.${steps[i]!.stage}`)} → ${t(`stage.${s}`)}` },
          { title: t('dashboard.medianDays'), dataIndex: 'medianDays', align: 'right', render: days },
          { title: t('dashboard.medianFromSigned'), dataIndex: 'medianFromSigned', align: 'right', render: days },
        ]}
      />
    </>
  );
}

export function TopChart({ top, dark, narrow, onOpen }: { top: DashboardResponse['top']; dark: boolean; narrow: boolean; onOpen: (projectId: number) => void }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const ordered = [...top].reverse();
    return {
      tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => `${ordered[p.dataIndex]!.name}<br/>${ordered[p.dataIndex]!.unitName} · ${t(`stage.${ordered[p.dataIndex]!.stage}`)}<br/>${yi(ordered[p.dataIndex]!.investmentWan)} ${t('dashboard.yi')}` },
      grid: { left: 8, right: 40, top: 8, bottom: 4, containLabel: true },
      xAxis: { type: 'value', splitNumber: narrow ? 3 : 5 },
      yAxis: { type: 'category', data: ordered.map((p) => p.name), axisLabel: { width: narrow ? 100 : 180, overflow: 'truncate' } },
      series: [{ type: 'bar', barMaxWidth: 16, itemStyle: { color: BLUE }, label: { show: true, position: 'right', fontSize: 11, formatter: '{c}' }, data: ordered.map((p) => yi(p.investmentWan)) }],
    };
  }, [top, narrow, t]);
  return <Chart option={option} height={Math.max(220, 20 + top.length * 28)} dark={dark} testId="dashboard-chart-top" onClick={(e) => onOpen([...top].reverse()[e.dataIndex]!.projectId)} />;
}
