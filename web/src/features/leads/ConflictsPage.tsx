import { useQuery } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Radio, Space, Table, Tag, Typography, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ARBITRATION_DECISIONS } from '../../../../common/leads';
import { api, ApiError } from '../../api/client';
import { formatTime } from '../../components/format';
import { PageCard } from '../../components/PageCard';

interface ConflictItem {
  leadId: number;
  code: string;
  title: string;
  enterpriseName: string;
  unitName: string;
  registeredAt: string;
  ownerKind: 'lead' | 'project';
  ownerId: number;
  ownerTitle: string;
  ownerEnterpriseName: string;
  ownerUnitName: string;
  ownerRegisteredAt: string;
}

/** 撞车仲裁: the city commerce bureau's queue — both registrations side by side, one decision with a reason. */
export function ConflictsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<ConflictItem | null>(null);
  const [form] = Form.useForm();
  const decision = Form.useWatch('decision', form) as string | undefined;
  const list = useQuery({ queryKey: ['lead-conflicts'], queryFn: () => api<{ items: ConflictItem[] }>('GET', '/api/lead-conflicts').then((r) => r.items) });

  async function submit(values: { decision: string; ownerShare?: number; reason: string }) {
    try {
      await api('POST', `/api/lead-conflicts/${deciding!.leadId}/decide`, values);
      message.success(t('conflicts.decided'));
      setDeciding(null);
      await list.refetch();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    }
  }

  return (
    <PageCard title={t('menu.leadConflicts')}>
      <Typography.Paragraph type="secondary">{t('conflicts.intro')}</Typography.Paragraph>
      <Table<ConflictItem>
        rowKey="leadId"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        locale={{ emptyText: t('conflicts.empty') }}
        columns={[
          {
            title: t('conflicts.first'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.ownerUnitName}</Typography.Text>
                <span>{c.ownerKind === 'lead' ? <Link to={`/leads/${c.ownerId}`}>{c.ownerTitle}</Link> : <Link to={`/projects/${c.ownerId}`}>{c.ownerTitle}</Link>} <Tag>{t(`leads.candidateKind.${c.ownerKind}`)}</Tag></span>
                <Typography.Text type="secondary">{c.ownerEnterpriseName} · {formatTime(c.ownerRegisteredAt).slice(0, 10)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('conflicts.later'),
            render: (_, c) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{c.unitName}</Typography.Text>
                <Link to={`/leads/${c.leadId}`}>{c.title}</Link>
                <Typography.Text type="secondary">{c.enterpriseName} · {formatTime(c.registeredAt).slice(0, 10)}</Typography.Text>
              </Space>
            ),
          },
          {
            // How long the later registration has waited for the bureau's decision (since it was registered).
            title: t('conflicts.waiting'),
            width: 96,
            render: (_, c) => {
              const days = Math.max(0, Math.floor((Date.now() - new Date(c.registeredAt).getTime()) / 86_400_000));
              return <Tag color={days > 7 ? 'red' : days > 3 ? 'orange' : 'default'} data-testid={`conflict-waiting-${c.leadId}`}>{t('conflicts.waitingDays', { count: days })}</Tag>;
            },
          },
          {
            title: t('common.actions'),
            width: 120,
            render: (_, c) => (
              <Button type="primary" danger onClick={() => { form.resetFields(); form.setFieldsValue({ decision: 'confirm', ownerShare: 60 }); setDeciding(c); }} data-testid={`conflict-decide-${c.leadId}`}>
                {t('conflicts.arbitrate')}
              </Button>
            ),
          },
        ]}
      />
      <Modal open={!!deciding} title={t('conflicts.arbitrate')} onCancel={() => setDeciding(null)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'conflict-ok' } as never}>
        {deciding && (
          <Typography.Paragraph>
            {t('conflicts.between', { first: deciding.ownerUnitName, later: deciding.unitName, enterprise: deciding.enterpriseName })}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="decision" label={t('conflicts.decisionLabel')} rules={[{ required: true }]}>
            <Radio.Group data-testid="conflict-decision">
              <Space direction="vertical">
                {ARBITRATION_DECISIONS.map((d) => (
                  <Radio key={d} value={d} disabled={d === 'transfer' && deciding?.ownerKind === 'project'}>
                    {t(`conflicts.decision.${d}`)} <Typography.Text type="secondary">— {t(`conflicts.decisionHint.${d}`)}</Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          {decision === 'split' && (
            <Form.Item name="ownerShare" label={t('conflicts.ownerShare', { unit: deciding?.ownerUnitName })} rules={[{ required: true }]}>
              <InputNumber min={1} max={99} addonAfter="%" data-testid="conflict-share" />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('conflicts.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
            <Input.TextArea rows={3} data-testid="conflict-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </PageCard>
  );
}
