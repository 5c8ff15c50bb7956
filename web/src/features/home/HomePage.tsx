import { CheckCircleOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Chart } from '../../components/Chart';
import { LIGHT_COLORS, usePeriods, type WarningPage } from '../dispatch/api';
import { usePeriodLabel } from '../dispatch/parts';

interface Todo {
  kind: string;
  count: number;
  link: string;
  /** Title and detail arrive in the user's language. */
  title: string;
  detail?: string | null;
  urgent?: boolean;
}
interface Workbench {
  todos: Todo[];
  figures: Record<string, unknown>;
}
interface LightCounts {
  period: string;
  green: number;
  yellow: number;
  red: number;
}

/** The figures' light counts when the server sends them as {period, green, yellow, red}. */
function lightCounts(figures: Record<string, unknown> | undefined): LightCounts | null {
  const l = figures?.lights as Partial<LightCounts> | null | undefined;
  return l && typeof l.period === 'string' && typeof l.red === 'number' && typeof l.yellow === 'number' ? { period: l.period, green: l.green ?? 0, yellow: l.yellow, red: l.red } : null;
}

/** 工作台: what I have to do (each a link to the rows) and where my units stand. */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { me, can } = useAuth();
  const label = usePeriodLabel();
  const dispatch = can('dispatch:read');
  const workbench = useQuery({ queryKey: ['workbench'], queryFn: () => api<Workbench>('GET', '/api/workbench'), retry: false });
  // The periods are dispatch's: a department without dispatch:read would only get a 403.
  const periods = usePeriods(dispatch);
  const counts = lightCounts(workbench.data?.figures);
  // The lights' period: the workbench's when it says, else the newest period.
  const lightsPeriod = counts?.period ?? (dispatch ? periods.data?.[0]?.period : undefined);
  const warnings = useQuery({
    queryKey: ['dispatch', 'warnings', 'workbench', lightsPeriod],
    queryFn: () => api<WarningPage>('GET', `/api/warnings?period=${lightsPeriod}&pageSize=1`),
    enabled: dispatch && !!lightsPeriod,
  });
  const latest = periods.data?.[0];

  const chart = useMemo(() => {
    const units = [...(warnings.data?.byUnit ?? [])].slice(0, 12).reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: [t('dispatch.light.red'), t('dispatch.light.yellow')], top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { width: 100, overflow: 'truncate' } },
      series: [
        { name: t('dispatch.light.red'), type: 'bar', stack: 'n', data: units.map((u) => u.red), itemStyle: { color: LIGHT_COLORS.red }, barMaxWidth: 20 },
        { name: t('dispatch.light.yellow'), type: 'bar', stack: 'n', data: units.map((u) => u.yellow), itemStyle: { color: LIGHT_COLORS.yellow }, barMaxWidth: 20 },
      ],
    };
  }, [warnings.data, t]);

  if (!me) return null;
  const todos = (workbench.data?.todos ?? []).filter((x) => x.count > 0);
  const red = counts?.red ?? warnings.data?.byUnit.reduce((s, u) => s + u.red, 0);
  const yellow = counts?.yellow ?? warnings.data?.byUnit.reduce((s, u) => s + u.yellow, 0);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card variant="borderless" size="small">
        <Space wrap size="middle" align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('home.welcome', { name: me.displayName })}
          </Typography.Title>
          <Typography.Text type="secondary">{me.unitName}</Typography.Text>
          <span>
            {me.roles.map((r) => (
              <Tag key={r.id} color={r.adminKind ? 'red' : 'blue'}>
                {i18n.language === 'en-US' ? r.nameEn : r.name}
              </Tag>
            ))}
          </span>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={dispatch ? 12 : 24}>
          <Card variant="borderless" title={t('home.todos')} data-testid="workbench-todos" loading={workbench.isLoading}>
            {workbench.isError ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.unavailable')} />
            ) : todos.length ? (
              <List
                dataSource={todos}
                renderItem={(x) => (
                  <List.Item data-testid={`todo-${x.kind}`}>
                    <Link to={x.link} style={{ display: 'flex', gap: 12, alignItems: 'center', color: 'inherit', width: '100%' }}>
                      <Badge count={x.count} overflowCount={999} color={x.urgent ? '#f5222d' : '#fa8c16'} showZero />
                      <span style={{ flex: 1 }}>
                        <Typography.Text strong>{x.title}</Typography.Text>
                        {x.detail && (
                          <div>
                            <Typography.Text type="secondary">{x.detail}</Typography.Text>
                          </div>
                        )}
                      </span>
                      <RightOutlined style={{ color: '#bfbfbf' }} />
                    </Link>
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={<CheckCircleOutlined style={{ fontSize: 40, color: LIGHT_COLORS.green }} />} description={t('home.noTodos')} />
            )}
          </Card>
        </Col>
        {dispatch && (
          <Col xs={24} lg={12}>
            <Card variant="borderless" title={lightsPeriod ? t('home.lightsOf', { period: label(lightsPeriod) }) : t('home.lights')} data-testid="workbench-figures" extra={lightsPeriod && <Link to={`/dispatch/warnings?period=${lightsPeriod}`}>{t('menu.dispatchWarnings')}</Link>}>
              <Row gutter={16} style={{ marginBottom: 8 }}>
                <Col span={8}><Statistic title={t('dispatch.light.red')} value={red ?? '—'} valueStyle={{ color: LIGHT_COLORS.red }} /></Col>
                <Col span={8}><Statistic title={t('dispatch.light.yellow')} value={yellow ?? '—'} valueStyle={{ color: LIGHT_COLORS.yellow }} /></Col>
                <Col span={8}>
                  {latest ? (
                    <Link to={`/dispatch/board?period=${latest.period}`}>
                      <Statistic title={t('home.filed', { period: label(latest.period) })} value={latest.filed} suffix={`/ ${latest.expected}`} />
                    </Link>
                  ) : (
                    <Statistic title={t('home.filedNone')} value="—" />
                  )}
                </Col>
              </Row>
              {warnings.data?.byUnit.length ? <Chart option={chart} height={Math.max(160, Math.min(12, warnings.data.byUnit.length) * 28 + 50)} testId="workbench-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dispatch.noWarnings')} />}
            </Card>
          </Col>
        )}
      </Row>
    </Space>
  );
}
