import { LockOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Chart } from '../../components/Chart';
import { DateField } from '../../components/DateField';
import { PICKER_MONTH_FORMATS } from '../../components/dates';
import { formatTime } from '../../components/format';
import { PageCard } from '../../components/PageCard';
import { LIGHT_COLORS, usePeriodParam, type FilingBoard } from './api';
import { PeriodSelect, PeriodState, usePeriodLabel } from './parts';

type Grant = FilingBoard['grants'][number];
const GRANT_COLORS: Record<Grant['state'], string> = { pending: 'processing', approved: 'success', refused: 'error' };

/** 填报进度: who filed the period and who has not, per unit; late-filing requests and their decisions. */
export function BoardPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const label = usePeriodLabel();
  const { period, periods, setPeriod } = usePeriodParam();
  const manager = can('dispatch:manage');
  const [opening, setOpening] = useState(false);
  const [asking, setAsking] = useState(false);
  const [refusing, setRefusing] = useState<Grant | null>(null);
  const [form] = Form.useForm();
  const board = useQuery({ queryKey: ['dispatch', 'board', period], queryFn: () => api<FilingBoard>('GET', `/api/dispatch/periods/${period}/board`), enabled: !!period });
  const b = board.data;

  const refresh = () => void client.invalidateQueries({ queryKey: ['dispatch'] });
  async function act(work: () => Promise<unknown>, done: string) {
    try {
      await work();
      message.success(done);
      refresh();
      return true;
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      return false;
    }
  }

  const chart = useMemo(() => {
    const units = [...(b?.units ?? [])].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: [t('dispatch.filed'), t('dispatch.missing')], top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: units.map((u) => u.unitName), axisLabel: { width: 110, overflow: 'truncate' } },
      series: [
        { name: t('dispatch.filed'), type: 'bar', stack: 'n', data: units.map((u) => u.filed), itemStyle: { color: LIGHT_COLORS.green }, barMaxWidth: 22 },
        { name: t('dispatch.missing'), type: 'bar', stack: 'n', data: units.map((u) => u.missing), itemStyle: { color: LIGHT_COLORS.red }, barMaxWidth: 22 },
      ],
    };
  }, [b, t]);

  const extra = (
    <Space wrap>
      <PeriodSelect value={period} periods={periods.data} onChange={setPeriod} loading={periods.isLoading} />
      <PeriodState period={b?.period} />
      {manager && b && !b.period.locked && (
        <Popconfirm title={t('dispatch.lockConfirm', { period: label(b.period.period) })} onConfirm={() => act(() => api('POST', `/api/dispatch/periods/${b.period.period}/lock`), t('dispatch.lockedDone'))}>
          <Button icon={<LockOutlined />} data-testid="period-lock">{t('dispatch.lock')}</Button>
        </Popconfirm>
      )}
      {!manager && can('dispatch:write') && b?.period.locked && (
        <Button onClick={() => { form.resetFields(); setAsking(true); }} data-testid="late-request">{t('dispatch.askLate')}</Button>
      )}
      {manager && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); form.setFieldsValue({ period: dayjs().startOf('month') }); setOpening(true); }} data-testid="period-open">
          {t('dispatch.openPeriod')}
        </Button>
      )}
    </Space>
  );

  return (
    <PageCard title={t('menu.dispatchBoard')}>
      <div style={{ marginBottom: 12 }}>{extra}</div>
      {!periods.isLoading && !periods.data?.length ? (
        <Empty description={t('dispatch.noPeriods')} />
      ) : (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[16, 16]} data-testid="board-summary">
            <Col xs={12} md={6}><Statistic title={t('dispatch.expected')} value={b?.period.expected ?? 0} /></Col>
            <Col xs={12} md={6}><Statistic title={t('dispatch.filed')} value={b?.period.filed ?? 0} valueStyle={{ color: '#3f8600' }} /></Col>
            <Col xs={12} md={6}><Statistic title={t('dispatch.missing')} value={Math.max(0, (b?.period.expected ?? 0) - (b?.period.filed ?? 0))} valueStyle={{ color: '#cf1322' }} /></Col>
            <Col xs={12} md={6}><Statistic title={t('dispatch.late')} value={b?.period.late ?? 0} /></Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('dispatch.byUnitChart')}>
                {b?.units.length ? <Chart option={chart} height={Math.max(180, b.units.length * 30 + 50)} testId="board-chart" /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Table
                rowKey="unitId"
                size="small"
                loading={board.isFetching}
                dataSource={b?.units}
                pagination={false}
                scroll={{ x: 560 }}
                data-testid="board-units"
                columns={[
                  { title: t('dispatch.unit'), dataIndex: 'unitName', fixed: 'left', width: 140 },
                  { title: t('dispatch.expected'), dataIndex: 'expected', width: 80, align: 'right' },
                  { title: t('dispatch.filed'), dataIndex: 'filed', width: 80, align: 'right' },
                  {
                    title: t('dispatch.missing'),
                    dataIndex: 'missing',
                    width: 80,
                    align: 'right',
                    render: (n: number, u) => (n ? <Link to={`/dispatch/reports?period=${period}&unitId=${u.unitId}&state=missing`}><Typography.Text type="danger">{n}</Typography.Text></Link> : 0),
                  },
                  { title: t('dispatch.late'), dataIndex: 'late', width: 80, align: 'right' },
                  {
                    title: t('dispatch.rate'),
                    width: 100,
                    render: (_, u) => (u.expected ? <Tag color={!u.missing ? 'success' : u.filed ? 'warning' : 'error'}>{Math.round((u.filed / u.expected) * 100)}%</Tag> : '—'),
                  },
                ]}
              />
            </Col>
          </Row>
          <Card size="small" title={t('dispatch.lateRequests')}>
            <Table<Grant>
              rowKey="id"
              size="small"
              dataSource={b?.grants}
              pagination={false}
              scroll={{ x: 800 }}
              locale={{ emptyText: t('dispatch.noLateRequests') }}
              data-testid="board-grants"
              columns={[
                { title: t('dispatch.unit'), dataIndex: 'unitName', fixed: 'left', width: 130 },
                { title: t('dispatch.reason'), dataIndex: 'reason' },
                { title: t('dispatch.requestedAt'), dataIndex: 'requestedAt', width: 170, render: formatTime },
                { title: t('dispatch.state'), dataIndex: 'state', width: 90, render: (s: Grant['state']) => <Tag color={GRANT_COLORS[s]}>{t(`dispatch.grant.${s}`)}</Tag> },
                { title: t('dispatch.until'), dataIndex: 'until', width: 110, render: (v: string | null) => v ?? '—' },
                { title: t('dispatch.decisionReason'), dataIndex: 'decisionReason', width: 160, render: (v: string | null) => v ?? '—' },
                ...(manager
                  ? [
                      {
                        title: t('common.actions'),
                        width: 150,
                        render: (_: unknown, g: Grant) =>
                          g.state === 'pending' && (
                            <Space>
                              <Button size="small" type="primary" data-testid={`grant-approve-${g.id}`} onClick={() => void act(() => api('POST', `/api/dispatch/late-requests/${g.id}/decision`, { approve: true }), t('dispatch.grant.approved'))}>
                                {t('dispatch.approve')}
                              </Button>
                              <Button size="small" danger data-testid={`grant-refuse-${g.id}`} onClick={() => { form.resetFields(); setRefusing(g); }}>
                                {t('dispatch.refuse')}
                              </Button>
                            </Space>
                          ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Space>
      )}
      <Modal
        open={opening}
        title={t('dispatch.openPeriod')}
        onCancel={() => setOpening(false)}
        onOk={() => form.submit()}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'period-open-ok' } as never}
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { period: dayjs.Dayjs; deadline?: string }) => {
            const next = v.period.format('YYYY-MM');
            const ok = await act(() => api('POST', '/api/dispatch/periods', { period: next, deadline: v.deadline }), t('dispatch.opened', { period: label(next) }));
            if (ok) {
              setOpening(false);
              setPeriod(next);
            }
          }}
        >
          <Form.Item name="period" label={t('dispatch.period')} rules={[{ required: true }]}>
            <DatePicker picker="month" format={PICKER_MONTH_FORMATS} style={{ width: '100%' }} data-testid="period-open-month" />
          </Form.Item>
          <Form.Item name="deadline" label={t('dispatch.deadline')} extra={t('dispatch.deadlineHint')}>
            <DateField data-testid="period-open-deadline" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={asking} title={t('dispatch.askLate')} onCancel={() => setAsking(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { reason: string }) => {
            if (await act(() => api('POST', `/api/dispatch/periods/${period}/late-requests`, { unitId: me!.unitId, reason: v.reason }), t('dispatch.asked'))) setAsking(false);
          }}
        >
          <Typography.Paragraph type="secondary">{t('dispatch.askLateHint', { unit: me?.unitName })}</Typography.Paragraph>
          <Form.Item name="reason" label={t('dispatch.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!refusing} title={t('dispatch.refuseTitle', { unit: refusing?.unitName })} onCancel={() => setRefusing(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { reason?: string }) => {
            if (await act(() => api('POST', `/api/dispatch/late-requests/${refusing!.id}/decision`, { approve: false, reason: v.reason || undefined }), t('dispatch.grant.refused'))) setRefusing(null);
          }}
        >
          <Form.Item name="reason" label={t('dispatch.decisionReason')}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </PageCard>
  );
}
