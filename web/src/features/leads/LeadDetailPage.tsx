import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Grid, Input, InputNumber, Modal, Result, Row, Select, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { FOLLOWUP_KINDS } from '../../../../common/leads';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { DateField } from '../../components/DateField';
import { Fold } from '../../components/Fold';
import { formatTime } from '../../components/format';
import { MoneyCell } from '../../components/money';
import { DeskActions, PhoneActions, type PageAction } from '../../components/PageActions';
import { UnitTreeSelect } from '../../components/units';
import { ActivityLog } from './ActivityLog';
import { LEAD_STATUS_COLORS, useHandoffTargets, type Handoff, type LeadDetail } from './api';
import { ContactPhone, LeadDeadlines, LeadFacts } from './LeadFacts';
import { LeadForm } from './LeadForm';

type Dialog = 'status' | 'followup' | 'handoff' | 'convert' | 'decline' | null;

export function LeadDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState(false);
  const [phone, setPhone] = useState<string | null>(null);
  const [logging, setLogging] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm();
  const lead = useQuery({ queryKey: ['lead', id], queryFn: () => api<LeadDetail>('GET', `/api/leads/${id}`), retry: false });
  const holder = lead.data?.access === 'holder' && can('lead:write');
  const targets = useHandoffTargets(!!holder);

  if (lead.isLoading) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (lead.error || !lead.data) return <Result status="404" title={t('common.notFoundTitle')} subTitle={(lead.error as ApiError | null)?.message} extra={<Button onClick={() => navigate('/leads')}>{t('menu.leads')}</Button>} />;
  const l = lead.data;
  const open = !['signed', 'transferred', 'abandoned', 'merged'].includes(l.status);
  const pendingForMe = l.handoffs.find((h) => (h.state === 'pending' || h.state === 'escalated') && l.access === 'receiver');
  const refresh = async () => {
    await lead.refetch();
    void client.invalidateQueries({ queryKey: ['leads'] });
  };

  async function act(run: () => Promise<unknown>, done?: () => void) {
    try {
      await run();
      setDialog(null);
      message.success(t('common.saved'));
      await refresh();
      done?.();
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.code === 'LEAD_VERSION_CONFLICT') modal.confirm({ title: t('projects.conflictTitle'), content: e.message, okText: t('projects.reload'), onOk: () => lead.refetch() });
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
      else message.error(e.message);
    }
  }

  async function submit(values: Record<string, unknown>) {
    switch (dialog) {
      case 'status':
        return act(() => api('POST', `/api/leads/${l.id}/status`, { status: values.status, reason: values.reason || undefined, version: l.version }));
      case 'followup':
        return act(() => api('POST', `/api/leads/${l.id}/followups`, { kind: values.kind, note: values.note }));
      case 'handoff':
        return act(() => api('POST', `/api/leads/${l.id}/handoffs`, { toUnitId: values.toUnitId, reason: values.reason, senderShare: values.senderShare ?? 0, version: l.version }));
      case 'decline':
        return act(() => api('POST', `/api/lead-handoffs/${pendingForMe!.id}/decline`, { reason: values.reason }), () => navigate('/leads/handoffs'));
      case 'convert': {
        let projectId = 0;
        return act(
          async () => {
            projectId = (await api<{ projectId: number }>('POST', `/api/leads/${l.id}/convert`, { hostUnitId: values.hostUnitId, signedDate: values.signedDate, name: values.name || undefined, totalInvestmentWan: values.totalInvestmentWan ?? undefined, version: l.version })).projectId;
          },
          () => navigate(`/projects/${projectId}`),
        );
      }
    }
  }

  const handoffColumns = [
    { title: t('handoffs.from'), dataIndex: 'fromUnitName' },
    { title: t('handoffs.to'), dataIndex: 'toUnitName' },
    { title: t('handoffs.reason'), dataIndex: 'reason' },
    { title: t('handoffs.senderShare'), dataIndex: 'senderShare', render: (v: number) => `${v}%` },
    { title: t('handoffs.state'), dataIndex: 'state', render: (s: string) => <Tag color={s === 'accepted' ? 'green' : s === 'declined' ? 'default' : s === 'escalated' ? 'red' : 'gold'}>{t(`handoffs.states.${s}`)}</Tag> },
    { title: t('handoffs.due'), dataIndex: 'dueAt', render: (v: string) => formatTime(v).slice(0, 16) },
    { title: t('handoffs.decision'), dataIndex: 'decisionReason', render: (v: string | null) => v ?? '—' },
  ];

  const eventText = (e: LeadDetail['timeline'][number]) => {
    switch (e.kind) {
      case 'create':
        return t('leads.event.create');
      case 'conflict':
        return t('leads.event.conflict', { unit: e.to });
      case 'status':
        return t('leads.event.status', { from: t(`leads.status.${e.from}`), to: t(`leads.status.${e.to}`) });
      case 'followup':
        return t('leads.event.followup', { kind: t(`leads.followup.${e.to}`) });
      case 'activity':
        return t('leads.event.activity', { type: t(`activities.type.${e.to}`) });
      case 'handoff':
        return t('leads.event.handoff', { from: e.from, to: e.to });
      case 'handoff-accept':
        return t('leads.event.handoffAccept', { from: e.from, to: e.to });
      case 'handoff-decline':
        return t('leads.event.handoffDecline', { to: e.to });
      case 'handoff-escalate':
        return t('leads.event.handoffEscalate', { to: e.to });
      case 'arbitration':
        return t('leads.event.arbitration', { decision: t(`conflicts.decision.${e.to}`) });
      case 'convert':
        return t('leads.event.convert');
      default:
        return t('leads.event.edit');
    }
  };

  const reset = (values?: Record<string, unknown>) => {
    form.resetFields();
    if (values) form.setFieldsValue(values);
  };
  const actions: PageAction[] = [
    ...(holder && open ? [{ key: 'edit', label: t('common.edit'), onClick: () => setEditing(true) }] : []),
    ...(holder && open ? [{ key: 'followup', label: t('leads.addFollowup'), testId: 'lead-followup', onClick: () => { reset({ kind: l.deadlines.find((d) => d.state !== 'done')?.kind ?? 'progress' }); setDialog('followup'); } }] : []),
    ...(holder ? [{ key: 'status', label: t('leads.changeStatus'), onClick: () => { reset(); setDialog('status'); } }] : []),
    ...(holder && open && !l.inConflict ? [{ key: 'handoff', label: t('leads.handoff'), testId: 'lead-handoff', onClick: () => { reset({ senderShare: 0 }); setDialog('handoff'); } }] : []),
    ...(holder && open && !l.inConflict && can('project:write')
      ? [{ key: 'convert', label: t('leads.convert'), primary: true, testId: 'lead-convert', onClick: () => { reset({ hostUnitId: l.unitId, signedDate: dayjs().format('YYYY-MM-DD'), name: l.title, totalInvestmentWan: l.estimatedInvestmentWan ?? undefined }); setDialog('convert'); } }]
      : []),
    ...(l.projectId ? [{ key: 'project', label: t('leads.openProject'), onClick: () => navigate(`/projects/${l.projectId}`) }] : []),
    ...(pendingForMe
      ? [
          { key: 'accept', label: t('handoffs.accept'), primary: true, testId: 'lead-accept', onClick: () => void act(() => api('POST', `/api/lead-handoffs/${pendingForMe.id}/accept`, {})) },
          { key: 'decline', label: t('handoffs.decline'), onClick: () => { reset(); setDialog('decline'); } },
        ]
      : []),
    ...(l.inConflict && can('lead:arbitrate') ? [{ key: 'arbitrate', label: t('conflicts.arbitrate'), danger: true, onClick: () => navigate('/leads/conflicts') }] : []),
  ];
  const canLog = !!holder && open;
  // On a phone the visit comes first: it is what one does standing at the company's gate. Editing
  // the whole record waits at the end of 更多.
  const phoneActions: PageAction[] = canLog
    ? [{ key: 'log', label: t('activities.logVisit'), primary: true, testId: 'lead-log-visit', onClick: () => setLogging(true) }, ...actions.filter((x) => x.key !== 'edit').map((x) => ({ ...x, primary: false })), ...actions.filter((x) => x.key === 'edit')]
    : actions;
  const tags = (
    <>
      <Tag color={LEAD_STATUS_COLORS[l.status]} data-testid="lead-status">{t(`leads.status.${l.status}`)}</Tag>
      {l.inConflict && <Tag color="red">{t('leads.conflictTag')}</Tag>}
      {l.access !== 'holder' && <Tag>{t(`leads.access.${l.access}`)}</Tag>}
    </>
  );
  const alerts = (
    <>
      {l.conflict && (
        <Alert
          type={l.inConflict ? 'warning' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="lead-conflict"
          message={t('leads.conflictNotice', { unit: l.conflict.ownerUnitName, date: l.conflict.registeredAt })}
          description={l.inConflict ? t('leads.conflictWaiting') : t('leads.conflictResolved')}
        />
      )}
      {pendingForMe && <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('handoffs.offered', { from: pendingForMe.fromUnitName, reason: pendingForMe.reason, due: formatTime(pendingForMe.dueAt).slice(0, 10) })} />}
    </>
  );
  const reveal = () => void api<{ contactPhone: string | null }>('GET', `/api/leads/${l.id}/contact`).then((r) => setPhone(r.contactPhone)).catch((e: Error) => message.error(e.message));
  const contactPhone = <ContactPhone l={l} phone={phone} canReveal={!!holder} onReveal={reveal} />;
  const activityLog = <ActivityLog target="leads" id={l.id} writable={canLog} onLogged={() => void refresh()} adding={narrow ? logging : undefined} onAdding={narrow ? setLogging : undefined} />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {narrow ? (
        <LeadFacts l={l} tags={tags} phone={contactPhone} alerts={alerts} />
      ) : (
        <Card
          variant="borderless"
          title={
            <Space wrap>
              {l.title}
              {tags}
            </Space>
          }
          extra={<DeskActions actions={actions} />}
        >
          {alerts}
          <LeadDeadlines l={l} />
        </Card>
      )}
      {narrow && activityLog}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Fold enabled={narrow} testId="lead-details-fold">
            <Card variant="borderless" title={t('leads.details')}>
              <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
                <Descriptions.Item label={t('leads.field.code')}>{l.code}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.unit')}>{l.unitName}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.enterprise')}>{l.enterpriseName}</Descriptions.Item>
                <Descriptions.Item label={t('projects.field.uscc')}>{l.uscc ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.home')}>{l.enterpriseHome ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.field.investorTags')}>{l.enterpriseTags.length ? l.enterpriseTags.map((x) => <Tag key={x}>{x}</Tag>) : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('projects.field.chain')}>{l.chainName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.industry')}>{l.industry ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={`${t('leads.field.estimated')}（${t('money.wan')}）`}><MoneyCell wan={l.estimatedInvestmentWan} /></Descriptions.Item>
                <Descriptions.Item label={`${t('leads.field.foreign')}（${t('money.usdWan')}）`}><MoneyCell wan={l.estimatedForeignUsdWan} /></Descriptions.Item>
                <Descriptions.Item label={t('leads.field.source')}>{t(`leads.source.${l.source}`)}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.firstContact')}>{l.firstContactDate}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.contact')}>{l.contactName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.phone')}>{contactPhone}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.nextStep')}>{l.nextStep ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.nextStepDate')}>{l.nextStepDate ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.registered')}>{l.registeredUnitName} · {formatTime(l.registeredAt).slice(0, 10)}</Descriptions.Item>
                <Descriptions.Item label={t('leads.field.status')}>{t(`leads.status.${l.status}`)}{l.statusReason ? `（${l.statusReason}）` : ''}</Descriptions.Item>
                <Descriptions.Item label={t('projects.field.remarks')} span={2}>{l.remarks ?? '—'}</Descriptions.Item>
              </Descriptions>
            </Card>
          </Fold>
        </Col>
        <Col xs={24} lg={8}>
          <Fold enabled={narrow}>
            <Card variant="borderless" title={t('leads.credits')}>
              {l.credits.length === 0 ? (
                <Typography.Text type="secondary">{t('leads.noCredits')}</Typography.Text>
              ) : (
                <Space direction="vertical" style={{ width: '100%' }} data-testid="lead-credits">
                  {l.credits.map((c) => (
                    <div key={c.unitId} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                      <span style={{ width: 110 }}>{c.unitName}</span>
                      <div style={{ flex: 1, background: '#f0f0f0', borderRadius: 4, height: 14 }}>
                        <div style={{ width: `${c.share}%`, background: '#c0392b', height: 14, borderRadius: 4 }} />
                      </div>
                      <span style={{ width: 44, textAlign: 'right' }}>{c.share}%</span>
                    </div>
                  ))}
                </Space>
              )}
            </Card>
          </Fold>
        </Col>
      </Row>
      {!narrow && activityLog}
      {l.handoffs.length > 0 && (
        <Fold enabled={narrow}>
          <Card variant="borderless" title={t('handoffs.title')}>
            <Table<Handoff> rowKey="id" size="small" pagination={false} dataSource={l.handoffs} columns={handoffColumns} scroll={{ x: 'max-content' }} />
          </Card>
        </Fold>
      )}
      <Fold enabled={narrow} testId="lead-history-fold">
        <Card variant="borderless" title={t('projects.history')}>
          <Timeline
            items={l.timeline.map((e) => ({
              color: e.kind === 'arbitration' || e.kind === 'conflict' ? 'red' : e.kind.startsWith('handoff') ? 'purple' : e.kind === 'convert' ? 'green' : 'blue',
              children: (
                <div>
                  <Typography.Text type="secondary">{formatTime(e.at)} · {e.unitName ?? ''} {e.userName ?? t('leads.system')}</Typography.Text>
                  <div>
                    {eventText(e)}
                    {e.reason && <Typography.Text type="secondary">（{e.reason}）</Typography.Text>}
                  </div>
                </div>
              ),
            }))}
          />
        </Card>
      </Fold>
      {narrow && <PhoneActions actions={phoneActions} testId="lead-actions" />}
      <Modal open={dialog !== null} title={dialog ? t(`leads.dialog.${dialog}`) : ''} onCancel={() => setDialog(null)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'lead-dialog-ok' } as never}>
        <Form form={form} layout="vertical" onFinish={submit}>
          {dialog === 'status' && (
            <>
              <Form.Item name="status" label={t('leads.field.status')} rules={[{ required: true }]}>
                <Select options={['new', 'following', 'negotiating', 'abandoned'].filter((s) => s !== l.status).map((s) => ({ value: s, label: t(`leads.status.${s}`) }))} />
              </Form.Item>
              <Form.Item name="reason" label={t('projects.reason')} extra={t('leads.reasonHint')}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog === 'followup' && (
            <>
              <Form.Item name="kind" label={t('leads.followupKind')} rules={[{ required: true }]}>
                <Select options={FOLLOWUP_KINDS.map((k) => ({ value: k, label: t(`leads.followup.${k}`) }))} />
              </Form.Item>
              <Form.Item name="note" label={t('leads.followupNote')} rules={[{ required: true, max: 2000 }]}>
                <Input.TextArea rows={3} data-testid="lead-followup-note" />
              </Form.Item>
            </>
          )}
          {dialog === 'handoff' && (
            <>
              <Form.Item name="toUnitId" label={t('handoffs.to')} rules={[{ required: true }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  data-testid="lead-handoff-to"
                  options={(targets.data ?? []).filter((u) => u.id !== l.unitId).map((u) => ({ value: u.id, label: u.parentName && u.parentName !== '镇江市' ? `${u.parentName} / ${u.name}` : u.name }))}
                />
              </Form.Item>
              <Form.Item name="reason" label={t('handoffs.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
                <Input.TextArea rows={2} data-testid="lead-handoff-reason" />
              </Form.Item>
              <Form.Item name="senderShare" label={t('handoffs.senderShare')} extra={t('handoffs.senderShareHint')}>
                <InputNumber min={0} max={100} addonAfter="%" />
              </Form.Item>
            </>
          )}
          {dialog === 'decline' && (
            <Form.Item name="reason" label={t('handoffs.declineReason')} rules={[{ required: true, min: 2, max: 500 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          )}
          {dialog === 'convert' && (
            <>
              <Typography.Paragraph type="secondary">{t('leads.convertHint')}</Typography.Paragraph>
              <Form.Item name="name" label={t('projects.field.name')} rules={[{ required: true, min: 2, max: 200 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="hostUnitId" label={t('projects.field.hostUnit')} rules={[{ required: true }]}>
                <UnitTreeSelect />
              </Form.Item>
              <Form.Item name="signedDate" label={t('projects.field.signedDate')} rules={[{ required: true }]}>
                <DateField data-testid="lead-convert-date" />
              </Form.Item>
              <Form.Item name="totalInvestmentWan" label={`${t('projects.field.total')}（${t('money.wan')}）`}>
                <InputNumber min={0} max={1e9} precision={4} style={{ width: '100%' }} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
      <LeadForm open={editing} lead={l} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void refresh(); }} />
    </Space>
  );
}
