import { PaperClipOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES } from '../../../../common/leads';
import { api, ApiError, download, uploadFile } from '../../api/client';
import type { Activity } from './api';
import { DateField } from '../../components/DateField';
import { UnitTreeSelect } from '../../components/units';

/** Field work (走访, 接待, 洽谈, 考察, 签约仪式) on a lead or a project: the log, a form, photos and files. */
export function ActivityLog({ target, id, writable, onLogged }: { target: 'leads' | 'projects'; id: number; writable: boolean; onLogged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const key = ['activities', target, id];
  const list = useQuery({ queryKey: key, queryFn: () => api<{ items: Activity[] }>('GET', `/api/${target}/${id}/activities`).then((r) => r.items) });

  async function submit(values: Record<string, string | number | undefined>) {
    try {
      await api('POST', `/api/${target}/${id}/activities`, { unitId: values.unitId || undefined, type: values.type, date: values.date, place: values.place || null, ourPeople: values.ourPeople || null, theirPeople: values.theirPeople || null, notes: values.notes || null });
      setOpen(false);
      message.success(t('common.saved'));
      await client.invalidateQueries({ queryKey: key });
      onLogged?.();
    } catch (e) {
      if (e instanceof ApiError && e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
      else if (e instanceof ApiError) message.error(e.message);
    }
  }

  async function attach(activityId: number, file: File) {
    try {
      await uploadFile(`/api/activities/${activityId}/attachments?name=${encodeURIComponent(file.name)}`, file);
      message.success(t('attachments.added'));
      await client.invalidateQueries({ queryKey: key });
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  }

  return (
    <Card
      variant="borderless"
      title={t('activities.title')}
      extra={
        writable && (
          <Button icon={<PlusOutlined />} onClick={() => { form.resetFields(); form.setFieldsValue({ type: 'visit', date: dayjs().format('YYYY-MM-DD') }); setOpen(true); }} data-testid="activity-add">
            {t('activities.add')}
          </Button>
        )
      }
    >
      <Table<Activity>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('activities.empty') }}
        columns={[
          { title: t('activities.field.date'), dataIndex: 'date', width: 110 },
          { title: t('activities.field.type'), dataIndex: 'type', width: 90, render: (v: string) => <Tag color="blue">{t(`activities.type.${v}`)}</Tag> },
          { title: t('activities.field.place'), dataIndex: 'place', width: 160, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.ourPeople'), dataIndex: 'ourPeople', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.theirPeople'), dataIndex: 'theirPeople', width: 140, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.notes'), dataIndex: 'notes', ellipsis: true, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.unit'), dataIndex: 'unitName', width: 120 },
          {
            title: t('attachments.title'),
            width: 200,
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                {a.attachments.map((f) => (
                  <a key={f.id} onClick={() => void download(`/api/activities/${a.id}/attachments/${f.id}`, f.fileName)}>
                    <PaperClipOutlined /> {f.fileName}
                  </a>
                ))}
                {writable && (
                  <Upload showUploadList={false} accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.doc,.xls" beforeUpload={(f) => { void attach(a.id, f); return false; }}>
                    <Button size="small" type="link">{t('attachments.add')}</Button>
                  </Upload>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('activities.add')} onCancel={() => setOpen(false)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'activity-save' } as never}>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Space.Compact block>
            <Form.Item name="type" label={t('activities.field.type')} rules={[{ required: true }]} style={{ width: '40%' }}>
              <Select options={ACTIVITY_TYPES.map((x) => ({ value: x, label: t(`activities.type.${x}`) }))} />
            </Form.Item>
            <Form.Item name="date" label={t('activities.field.date')} rules={[{ required: true }]} style={{ width: '60%' }}>
              <DateField data-testid="activity-date" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="unitId" label={t('activities.field.unit')} extra={t('activities.unitHint')}>
            <UnitTreeSelect allowClear />
          </Form.Item>
          <Form.Item name="place" label={t('activities.field.place')}>
            <Input maxLength={200} data-testid="activity-place" />
          </Form.Item>
          <Form.Item name="ourPeople" label={t('activities.field.ourPeople')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="theirPeople" label={t('activities.field.theirPeople')}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="notes" label={t('activities.field.notes')}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
