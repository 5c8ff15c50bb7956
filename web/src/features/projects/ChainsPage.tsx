import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { DateField } from '../../components/DateField';
import { PageCard } from '../../components/PageCard';
import type { Chain } from './api';

/**
 * 产业链目录: the versioned taxonomy. A change of the taxonomy is a new chain valid from a date and
 * the old one retired; projects keep the chain they were counted under.
 */
export function ChainsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Chain | 'new' | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({ queryKey: ['chains'], queryFn: () => api<{ items: Chain[] }>('GET', '/api/chains').then((r) => r.items) });
  const writable = can('chain:write');
  const today = new Date().toISOString().slice(0, 10);

  async function submit(values: Record<string, string | number | undefined>) {
    const body: Record<string, string | number | null | undefined> = { ...values, validTo: values.validTo || null };
    try {
      if (editing === 'new') await api('POST', '/api/chains', body);
      else if (editing) await api('PATCH', `/api/chains/${editing.id}`, { name: body.name, cluster: body.cluster, validFrom: body.validFrom, validTo: body.validTo, sortOrder: body.sortOrder });
      message.success(t('common.saved'));
      setEditing(null);
      await list.refetch();
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
      else message.error(e.message);
    }
  }

  return (
    <PageCard
      title={t('menu.chains')}
      extra={
        writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => { form.resetFields(); form.setFieldsValue({ validFrom: today }); setEditing('new'); }} data-testid="chain-add">
            {t('chains.add')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t('chains.intro')}</Typography.Paragraph>
      <Table<Chain>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('chains.cluster'), dataIndex: 'cluster', width: 160 },
          { title: t('chains.name'), dataIndex: 'name', width: 180 },
          { title: t('chains.validFrom'), dataIndex: 'validFrom', width: 120 },
          { title: t('chains.validTo'), dataIndex: 'validTo', width: 120, render: (v: string | null) => v ?? '—' },
          {
            title: t('chains.state'),
            width: 100,
            render: (_, c) => (c.validFrom > today ? <Tag color="blue">{t('chains.future')}</Tag> : c.validTo && c.validTo < today ? <Tag>{t('chains.retired')}</Tag> : <Tag color="green">{t('chains.active')}</Tag>),
          },
          { title: t('chains.projects'), dataIndex: 'projects', width: 100, align: 'right' },
          {
            title: t('common.actions'),
            width: 100,
            render: (_, c) =>
              writable && (
                <Space>
                  <Button size="small" type="link" onClick={() => { form.resetFields(); form.setFieldsValue(c); setEditing(c); }}>
                    {t('common.edit')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? t('chains.add') : t('chains.edit')} onCancel={() => setEditing(null)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'chain-save' } as never}>
        <Form form={form} layout="vertical" onFinish={submit}>
          {editing === 'new' && (
            <Form.Item name="code" label={t('chains.code')} rules={[{ required: true, pattern: /^[a-z0-9-]{2,64}$/, message: t('chains.codeRule') }]}>
              <Input data-testid="chain-code" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('chains.name')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input data-testid="chain-name" />
          </Form.Item>
          <Form.Item name="cluster" label={t('chains.cluster')} rules={[{ required: true, min: 2, max: 100 }]}>
            <Input />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="validFrom" label={t('chains.validFrom')} rules={[{ required: true }]} style={{ width: '50%' }}>
              <DateField data-testid="chain-valid-from" />
            </Form.Item>
            <Form.Item name="validTo" label={t('chains.validTo')} extra={t('chains.retireHint')} style={{ width: '50%' }}>
              <DateField data-testid="chain-valid-to" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="sortOrder" label={t('chains.sortOrder')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </PageCard>
  );
}
