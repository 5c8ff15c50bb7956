import { useQuery } from '@tanstack/react-query';
import { App, Button, Input, Modal, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatTime } from '../../components/format';
import { PageCard } from '../../components/PageCard';
import type { Handoff } from './api';

type Box = 'in' | 'out' | 'escalated';

/** 信息流转: leads offered to my units, those we sent, and (for the bureau) those nobody answered in time. */
export function HandoffsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [box, setBox] = useState<Box>('in');
  const [declining, setDeclining] = useState<Handoff | null>(null);
  const [reason, setReason] = useState('');
  const list = useQuery({ queryKey: ['lead-handoffs', box], queryFn: () => api<{ items: Handoff[] }>('GET', `/api/lead-handoffs?box=${box}`).then((r) => r.items) });
  const writable = can('lead:write');

  async function decide(h: Handoff, accept: boolean) {
    try {
      await api('POST', `/api/lead-handoffs/${h.id}/${accept ? 'accept' : 'decline'}`, accept ? {} : { reason });
      message.success(t('common.saved'));
      setDeclining(null);
      await list.refetch();
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    }
  }

  const tabs: { key: Box; label: string }[] = [
    { key: 'in', label: t('handoffs.boxIn') },
    { key: 'out', label: t('handoffs.boxOut') },
    ...(can('lead:arbitrate') ? [{ key: 'escalated' as Box, label: t('handoffs.boxEscalated') }] : []),
  ];
  const now = new Date().toISOString();
  return (
    <PageCard title={t('menu.leadHandoffs')}>
      <Tabs activeKey={box} onChange={(k) => setBox(k as Box)} items={tabs} />
      <Table<Handoff>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        // Wide on a phone: the table scrolls inside its box, the page does not.
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('leads.field.title'), render: (_, h) => <Link to={`/leads/${h.leadId}`}>{h.leadTitle}</Link> },
          { title: t('leads.field.enterprise'), dataIndex: 'enterpriseName' },
          { title: t('handoffs.from'), dataIndex: 'fromUnitName', width: 120 },
          { title: t('handoffs.to'), dataIndex: 'toUnitName', width: 120 },
          { title: t('handoffs.reason'), dataIndex: 'reason', ellipsis: true },
          { title: t('handoffs.senderShare'), dataIndex: 'senderShare', width: 90, render: (v: number) => `${v}%` },
          {
            title: t('handoffs.due'),
            dataIndex: 'dueAt',
            width: 150,
            render: (v: string, h) => <Tag color={h.state === 'pending' && v < now ? 'red' : undefined}>{formatTime(v).slice(0, 16)}</Tag>,
          },
          { title: t('handoffs.state'), dataIndex: 'state', width: 90, render: (s: string) => <Tag color={s === 'accepted' ? 'green' : s === 'declined' ? 'default' : s === 'escalated' ? 'red' : 'gold'}>{t(`handoffs.states.${s}`)}</Tag> },
          {
            title: t('common.actions'),
            width: 170,
            render: (_, h) =>
              writable && box !== 'out' && (h.state === 'pending' || h.state === 'escalated') ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => void decide(h, true)} data-testid={`handoff-accept-${h.id}`}>{t('handoffs.accept')}</Button>
                  <Button size="small" onClick={() => { setReason(''); setDeclining(h); }}>{t('handoffs.decline')}</Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={!!declining} title={t('handoffs.decline')} onCancel={() => setDeclining(null)} onOk={() => declining && void decide(declining, false)} okButtonProps={{ disabled: reason.trim().length < 2 }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('handoffs.declineReason')} />
      </Modal>
    </PageCard>
  );
}
