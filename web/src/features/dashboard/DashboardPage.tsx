import { FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, ConfigProvider, Empty, Grid, List, Row, Select, Space, Spin, Tag, theme, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { DateField } from '../../components/DateField';
import { UnitTreeSelect } from '../../components/units';
import { useDashboard, type DashboardParams, type DashboardResponse, type Drill } from './api';
import { ChainGauge, ChainPie, CohortChart, FunnelPanel, KpiCards, RankingChart, TopChart, TrendChart, UnitsChart } from './panels';
import { RowsDrawer } from './RowsDrawer';

const THIS_YEAR = new Date().getFullYear();
const YEARS = [THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2, THIS_YEAR - 3];
const SCREEN_BG = '#071233';

/**
 * 领导驾驶舱: the year at a glance for the reader's scope (or a unit in it) — targets against
 * 序时进度, the 赛马榜, the stage funnel, 四群八链, units compared, the monthly trend, the red list,
 * the largest projects and the signing-to-landing cohort. Every bar, slice and step opens the
 * projects behind it. Full screen turns it into the meeting-room screen (dark, no menu).
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const askedYear = Number(search.get('year'));
  const year = Number.isInteger(askedYear) && askedYear >= 2000 && askedYear <= 2100 ? askedYear : THIS_YEAR;
  const unitId = Number(search.get('unitId')) || undefined;
  const params: DashboardParams = { year, asOf: search.get('asOf') ?? undefined, unitId };
  const set = (changes: Record<string, string | undefined>) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  const dash = useDashboard(params);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [full, setFull] = useState(false);

  // The browser's own full screen when it allows it (Esc leaves both).
  const toggleFull = () => {
    const next = !full;
    setFull(next);
    const doc = globalThis.document;
    if (next) void doc.documentElement.requestFullscreen?.().catch(() => undefined);
    else if (doc.fullscreenElement) void doc.exitFullscreen?.().catch(() => undefined);
  };
  useEffect(() => {
    const doc = globalThis.document;
    const left = () => {
      if (!doc.fullscreenElement) setFull(false);
    };
    doc.addEventListener('fullscreenchange', left);
    return () => doc.removeEventListener('fullscreenchange', left);
  }, []);

  const today = dayjs().format('YYYY-MM-DD');
  const controls = (
    <Space wrap>
      <Select value={year} onChange={(y) => set({ year: String(y), asOf: undefined })} style={{ width: 110 }} options={YEARS.map((y) => ({ value: y, label: t('dashboard.yearLabel', { year: y }) }))} data-testid="dashboard-year" />
      <DateField
        allowClear
        value={params.asOf}
        placeholder={dash.data?.asOf ?? t('dashboard.today')}
        disabledDate={(d) => d.year() !== year || d.format('YYYY-MM-DD') > today}
        onChange={(asOf) => set({ asOf })}
        style={{ width: 140 }}
        data-testid="dashboard-as-of"
      />
      <UnitTreeSelect allowClear value={unitId} onChange={(v) => set({ unitId: v ? String(v) : undefined })} placeholder={t('dashboard.allMine')} style={{ width: 200 }} data-testid="dashboard-unit" />
      <Button icon={full ? <FullscreenExitOutlined /> : <FullscreenOutlined />} onClick={toggleFull} data-testid="dashboard-fullscreen">
        {full ? t('dashboard.exitFullScreen') : t('dashboard.fullScreen')}
      </Button>
    </Space>
  );

  // The controls sit beside the title where there is room for both (from 992 px); on a tablet or a phone, under it.
  const controlsBelow = !Grid.useBreakpoint().lg;
  const body = dash.error ? (
    <Alert type="error" showIcon title={dash.error.message} data-testid="dashboard-error" />
  ) : !dash.data ? (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
    </div>
  ) : (
    <Board data={dash.data} dark={full} onDrill={setDrill} />
  );

  const drawer = <RowsDrawer params={params} drill={drill} asOf={dash.data?.asOf ?? ''} onClose={() => setDrill(null)} />;

  if (full) {
    return (
      <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorPrimary: '#e74c3c', colorBgContainer: '#0d1b46', colorBorderSecondary: '#1d2f6b' } }}>
        <div data-testid="dashboard-screen" data-fullscreen="true" style={{ position: 'fixed', inset: 0, zIndex: 900, background: SCREEN_BG, overflow: 'auto', padding: 16 }}>
          <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
            <Typography.Title level={3} style={{ margin: 0, color: '#fff', letterSpacing: 2 }}>
              {t('dashboard.screenTitle', { unit: dash.data?.unit.name ?? '' })}
            </Typography.Title>
            {controls}
          </Space>
          {body}
          {drawer}
        </div>
      </ConfigProvider>
    );
  }
  return (
    <Card title={t('dashboard.title')} extra={controlsBelow ? undefined : controls} variant="borderless" styles={{ body: { paddingTop: 12 } }} data-testid="dashboard-screen" data-fullscreen="false">
      {controlsBelow && <div style={{ marginBottom: 12 }}>{controls}</div>}
      {body}
      {drawer}
    </Card>
  );
}

/** The grid of panels. */
function Board({ data, dark, onDrill }: { data: DashboardResponse; dark: boolean; onDrill: (d: Drill) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const narrow = !Grid.useBreakpoint().md;
  const chartHeight = narrow ? 260 : 300;
  const unitLabel = useMemo(() => new Map(data.units.map((u) => [u.unitId, u.own ? t('dashboard.ownUnit', { unit: u.name }) : u.name])), [data.units, t]);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary" data-testid="dashboard-summary">
        {t('dashboard.summary', { unit: data.unit.name, asOf: data.asOf, progress: data.timeProgress })}
      </Typography.Text>
      {data.targets && <KpiCards items={data.targets} timeProgress={data.timeProgress} narrow={narrow} onDrill={onDrill} />}
      <Row gutter={[16, 16]}>
        {data.ranking && (
          <Panel title={t('dashboard.ranking')} extra={<Link to={`/rankings?year=${data.year}&asOf=${data.asOf}`}>{t('dashboard.more')}</Link>} testId="panel-ranking">
            {data.ranking.items.length ? (
              <>
                <RankingChart ranking={data.ranking} dark={dark} height={chartHeight} onClick={() => navigate(`/rankings?year=${data.year}&asOf=${data.asOf}`)} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {data.ranking.previousPeriod ? t('dashboard.movementNote', { period: data.ranking.previousPeriod }) : t('dashboard.noPrevious')}
                </Typography.Text>
              </>
            ) : (
              <Empty description={t('dashboard.noTargets', { year: data.year })} />
            )}
          </Panel>
        )}
        <Panel title={t('dashboard.units')} testId="panel-units">
          {data.units.length ? <UnitsChart units={data.units} labels={unitLabel} dark={dark} narrow={narrow} onDrill={onDrill} /> : <Empty />}
        </Panel>
        <Panel title={t('dashboard.trend')} testId="panel-trend">
          <TrendChart trend={data.trend} dark={dark} height={chartHeight} narrow={narrow} onDrill={onDrill} />
        </Panel>
        <Panel title={t('dashboard.funnel')} testId="panel-funnel">
          <FunnelPanel funnel={data.funnel} dark={dark} height={chartHeight} onDrill={onDrill} />
        </Panel>
        <Panel title={t('dashboard.chains')} testId="panel-chains">
          {data.chains.total ? (
            <>
              <ChainPie chains={data.chains} dark={dark} height={280} onDrill={onDrill} />
              <ChainGauge chains={data.chains} dark={dark} height={200} onDrill={onDrill} />
            </>
          ) : (
            <Empty description={t('dashboard.noSigned')} />
          )}
        </Panel>
        <Panel title={t('dashboard.cohort')} testId="panel-cohort">
          <CohortChart steps={data.cohort.steps} dark={dark} height={chartHeight - 40} narrow={narrow} onDrill={onDrill} />
        </Panel>
        {data.red && (
          <Panel title={t('dashboard.red')} testId="panel-red" extra={<a onClick={() => onDrill({ panel: 'red', key: '', title: t('dashboard.red') })} data-testid="dashboard-red-all">{t('dashboard.all')}</a>}>
            <RedList red={data.red} onDrill={onDrill} />
          </Panel>
        )}
        <Panel title={t('dashboard.top')} testId="panel-top" wide extra={<a onClick={() => onDrill({ panel: 'top', key: '', title: t('dashboard.top') })}>{t('dashboard.all')}</a>}>
          {data.top.length ? <TopChart top={data.top} dark={dark} narrow={narrow} onOpen={(id) => navigate(`/projects/${id}`)} /> : <Empty />}
        </Panel>
      </Row>
    </Space>
  );
}

function Panel({ title, extra, children, testId, wide = false }: { title: string; extra?: ReactNode; children: ReactNode; testId: string; wide?: boolean }) {
  return (
    <Col xs={24} lg={wide ? 24 : 12} xl={wide ? 16 : 8}>
      <Card size="small" title={title} extra={extra} style={{ height: '100%' }} data-testid={testId}>
        {children}
      </Card>
    </Col>
  );
}

function RedList({ red, onDrill }: { red: NonNullable<DashboardResponse['red']>; onDrill: (d: Drill) => void }) {
  const { t } = useTranslation();
  if (!red.period) return <Empty description={t('dashboard.noLights')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space align="baseline">
        <a onClick={() => onDrill({ panel: 'red', key: '', title: t('dashboard.red') })} style={{ fontSize: 36, fontWeight: 700, color: '#cf1322' }} data-testid="dashboard-red-count">
          {red.count}
        </a>
        <Typography.Text type="secondary">{t('dashboard.redCount', { period: red.period })}</Typography.Text>
      </Space>
      <List
        size="small"
        dataSource={red.items}
        locale={{ emptyText: t('dashboard.noRed') }}
        renderItem={(r) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Space direction="vertical" size={0} style={{ width: '100%', minWidth: 0 }}>
              <Link to={`/projects/${r.projectId}`} style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {r.name}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.unitName} · <Tag color="red" style={{ marginInlineEnd: 4 }}>{t(`dispatch.kind.${r.kind}`)}</Tag>
                {r.deviation !== null ? t('dashboard.behindPoints', { points: r.deviation }) : r.monthsLate !== null ? t('dashboard.monthsLate', { count: r.monthsLate }) : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
