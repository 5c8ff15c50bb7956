import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Row, Segmented, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WARNING_KINDS, periodOf, type WarningKind } from '../../../../common/dispatch';
import { api } from '../../api/client';
import { Chart } from '../../components/Chart';
import { formatWan, MoneyCell } from '../../components/money';
import { LIGHT_COLORS, type ProjectLights } from './api';
import { LevelTags } from './KeyProjectsPage';
import { useWarningDetail } from './WarningsPage';

type Light = ProjectLights['lights'][number];
type Report = ProjectLights['reports'][number];
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** 调度与预警 on a project's page: its lights month by month, its monthly figures against 序时进度, its lists. */
export function ProjectLightsCard({ projectId }: { projectId: number }) {
  const { t } = useTranslation();
  const detail = useWarningDetail();
  const lights = useQuery({ queryKey: ['project-lights', projectId], queryFn: () => api<ProjectLights>('GET', `/api/projects/${projectId}/lights`) });
  const data = lights.data;
  const years = useMemo(() => {
    const set = new Set<number>();
    for (const l of data?.lights ?? []) set.add(Number(l.period.slice(0, 4)));
    for (const r of data?.reports ?? []) set.add(Number(r.period.slice(0, 4)));
    for (const l of data?.lists ?? []) set.add(l.year);
    return [...set].sort((a, b) => b - a);
  }, [data]);
  const [year, setYear] = useState<number | undefined>();
  useEffect(() => {
    if (year === undefined && years.length) setYear(years[0]);
  }, [year, years]);
  // The card lands here from the red list's "history" links.
  useEffect(() => {
    if (data && window.location.hash === '#lights') document.getElementById('lights')?.scrollIntoView({ block: 'start' });
  }, [data]);

  const shown = year ?? years[0];
  const byCell = new Map<string, Light>((data?.lights ?? []).map((l) => [`${l.kind}|${l.period}`, l]));
  const reports = (data?.reports ?? []).filter((r) => r.period.startsWith(`${shown}-`)).sort((a, b) => a.period.localeCompare(b.period));
  const list = data?.lists.find((l) => l.year === shown);
  const kinds = WARNING_KINDS.filter((k) => (data?.lights ?? []).some((l) => l.kind === k && l.period.startsWith(`${shown}-`)));

  const chart = useMemo(() => {
    const plan = list?.planWan ?? reports.find((r) => r.planWan !== null)?.planWan ?? null;
    const byMonth = new Map(reports.map((r) => [Number(r.period.slice(5)), r]));
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', data: [t('dispatch.cumulativeShort'), t('dispatch.timeTarget'), t('dispatch.monthShort')], top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: MONTHS.map((m) => t('dispatch.monthN', { month: m })) },
      // The unit is in the card's figures (万元); an axis name collides with the legend on a phone.
      yAxis: { type: 'value' },
      series: [
        { name: t('dispatch.monthShort'), type: 'bar', data: MONTHS.map((m) => byMonth.get(m)?.monthWan ?? null), itemStyle: { color: '#91caff' }, barMaxWidth: 16 },
        { name: t('dispatch.cumulativeShort'), type: 'line', data: MONTHS.map((m) => byMonth.get(m)?.cumulativeWan ?? null), itemStyle: { color: '#1677ff' }, connectNulls: false },
        ...(plan !== null ? [{ name: t('dispatch.timeTarget'), type: 'line', data: MONTHS.map((m) => Math.round((plan * m) / 12)), lineStyle: { type: 'dashed' }, itemStyle: { color: '#8c8c8c' }, symbol: 'none' }] : []),
      ],
    };
  }, [reports, list, t]);

  if (lights.isError) return null;
  const empty = !lights.isLoading && !years.length;
  return (
    <Card
      id="lights"
      variant="borderless"
      title={t('dispatch.projectCard')}
      loading={lights.isLoading}
      extra={years.length > 1 && <Segmented size="small" value={shown} onChange={(v) => setYear(Number(v))} options={years.map((y) => ({ value: y, label: String(y) }))} />}
      data-testid="project-lights"
    >
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.notOnLists')} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text type="secondary">{t('dispatch.yearLists', { year: shown })}</Typography.Text>
            {list?.levels.length ? <LevelTags levels={list.levels} /> : <Tag>{t('dispatch.notListed')}</Tag>}
            <Typography.Text type="secondary">{t('dispatch.plan')}</Typography.Text>
            <Typography.Text>{list?.planWan === null || list?.planWan === undefined ? '—' : `${formatWan(list.planWan)} ${t('money.wan')}`}</Typography.Text>
          </Space>
          <div style={{ overflowX: 'auto' }}>
            <table className="light-strip" data-testid="light-strip">
              <thead>
                <tr>
                  <th />
                  {MONTHS.map((m) => (
                    <th key={m}>{t('dispatch.monthN', { month: m })}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(kinds.length ? kinds : (['progress'] as WarningKind[])).map((kind) => (
                  <tr key={kind}>
                    <th>{t(`dispatch.kind.${kind}`)}</th>
                    {MONTHS.map((m) => {
                      const period = periodOf(shown!, m);
                      const l = byCell.get(`${kind}|${period}`);
                      return (
                        <td key={m}>
                          {l ? (
                            <Tooltip title={`${period} · ${t(`dispatch.light.${l.level}`)}${l.escalated ? `（${t('dispatch.escalated')}）` : ''} · ${detail(l)}`}>
                              <span className="light-dot" style={{ background: LIGHT_COLORS[l.level] }} data-testid={`strip-${kind}-${m}`} data-level={l.level}>
                                {l.escalated ? '!' : ''}
                              </span>
                            </Tooltip>
                          ) : (
                            <span className="light-dot light-none" />
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              {reports.length ? <Chart option={chart} height={240} testId="project-lights-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.noReports')} />}
            </Col>
            <Col xs={24} xl={12}>
              <Table<Report>
                rowKey="period"
                size="small"
                pagination={false}
                dataSource={reports}
                scroll={{ x: 520 }}
                locale={{ emptyText: t('dispatch.noReports') }}
                data-testid="project-reports"
                columns={[
                  { title: t('dispatch.period'), dataIndex: 'period', width: 90, fixed: 'left', render: (p: string) => <Link to={`/dispatch/reports?period=${p}`}>{p}</Link> },
                  { title: `${t('dispatch.monthShort')}（${t('money.wan')}）`, dataIndex: 'monthWan', width: 110, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                  { title: `${t('dispatch.cumulativeShort')}（${t('money.wan')}）`, dataIndex: 'cumulativeWan', width: 120, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
                  { title: t('dispatch.planShare'), width: 90, align: 'right', render: (_, r) => (r.planWan ? `${Math.round((r.cumulativeWan / r.planWan) * 1000) / 10}%` : '—') },
                  { title: t('dispatch.version'), dataIndex: 'version', width: 90, render: (v: number, r) => <Space size={4}>{`v${v}`}{r.late && <Tag color="orange">{t('dispatch.lateTag')}</Tag>}</Space> },
                ]}
              />
            </Col>
          </Row>
        </Space>
      )}
    </Card>
  );
}
