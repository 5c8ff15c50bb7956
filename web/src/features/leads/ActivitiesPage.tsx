import { useQuery } from '@tanstack/react-query';
import { Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACTIVITY_TYPES } from '../../../../common/leads';
import { api } from '../../api/client';
import { DateField } from '../../components/DateField';
import { PageCard } from '../../components/PageCard';
import type { Activity } from './api';

/** 走访活动: the field-work log of my units, resident offices included, paged in the database. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const [type, setType] = useState<string | undefined>();
  const [from, setFrom] = useState<string>();
  const [to, setTo] = useState<string>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const params = new URLSearchParams({ page: String(paging.page), pageSize: String(paging.pageSize) });
  if (type) params.set('type', type);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const list = useQuery({ queryKey: ['activities', params.toString()], queryFn: () => api<{ items: Activity[]; total: number }>('GET', `/api/activities?${params}`), placeholderData: (prev) => prev });
  return (
    <PageCard title={t('menu.activities')}>
      <Typography.Paragraph type="secondary">{t('activities.page.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear placeholder={t('activities.page.all')} style={{ width: 140 }} value={type} onChange={(v) => { setType(v); setPaging({ ...paging, page: 1 }); }} options={ACTIVITY_TYPES.map((x) => ({ value: x, label: t(`activities.type.${x}`) }))} />
        <DateField placeholder={t('activities.page.from')} style={{ width: 170 }} value={from} onChange={(v) => { setFrom(v); setPaging({ ...paging, page: 1 }); }} disabledDate={(d) => !!to && d.format('YYYY-MM-DD') > to} data-testid="activities-from" />
        <DateField placeholder={t('activities.page.to')} style={{ width: 170 }} value={to} onChange={(v) => { setTo(v); setPaging({ ...paging, page: 1 }); }} disabledDate={(d) => !!from && d.format('YYYY-MM-DD') < from} data-testid="activities-to" />
      </Space>
      <Table<Activity>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        scroll={{ x: 1100 }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        columns={[
          { title: t('activities.field.date'), dataIndex: 'date', width: 110 },
          { title: t('activities.field.type'), dataIndex: 'type', width: 100, render: (v: string) => <Tag color="blue">{t(`activities.type.${v}`)}</Tag> },
          {
            title: t('activities.field.subject'),
            width: 220,
            render: (_, a) => (a.leadId ? <Link to={`/leads/${a.leadId}`}>{a.subject}</Link> : a.projectId ? <Link to={`/projects/${a.projectId}`}>{a.subject}</Link> : '—'),
          },
          { title: t('activities.field.unit'), dataIndex: 'unitName', width: 130 },
          { title: t('activities.field.place'), dataIndex: 'place', width: 150, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.ourPeople'), dataIndex: 'ourPeople', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.theirPeople'), dataIndex: 'theirPeople', width: 130, render: (v: string | null) => v ?? '—' },
          { title: t('activities.field.notes'), dataIndex: 'notes', ellipsis: true, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </PageCard>
  );
}
