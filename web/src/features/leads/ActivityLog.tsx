import { PaperClipOutlined, PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Grid, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, download, uploadFile } from '../../api/client';
import type { Activity } from './api';
import { ActivityForm } from './ActivityForm';

/** Field work (走访, 接待, 洽谈, 考察, 签约仪式) on a lead or a project: the log, a form, photos and files. */
export function ActivityLog({ target, id, writable, onLogged, adding, onAdding }: { target: 'leads' | 'projects'; id: number; writable: boolean; onLogged?: () => void; /** The form, when the page opens it (a phone's bottom bar). */ adding?: boolean; onAdding?: (open: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [ownOpen, setOwnOpen] = useState(false);
  const open = adding ?? ownOpen;
  const setOpen = onAdding ?? setOwnOpen;
  const narrow = Grid.useBreakpoint().md === false;
  const key = ['activities', target, id];
  const list = useQuery({ queryKey: key, queryFn: () => api<{ items: Activity[] }>('GET', `/api/${target}/${id}/activities`).then((r) => r.items) });

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
      title={list.data?.length ? t('activities.titleCount', { count: list.data.length }) : t('activities.title')}
      extra={
        writable && !(narrow && onAdding) && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="activity-add">
            {t('activities.add')}
          </Button>
        )
      }
    >
      {narrow ? (
        <ActivityCards items={list.data} loading={list.isLoading} onAttach={writable ? attach : undefined} />
      ) : (
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
      )}
      <ActivityForm target={target} id={id} open={open} onClose={() => setOpen(false)} onLogged={onLogged} />
    </Card>
  );
}

/** Field work on a phone: newest first, one card each, what happened and its photos (a tap downloads one). */
function ActivityCards({ items, loading, onAttach }: { items: Activity[] | undefined; loading: boolean; onAttach?: (activityId: number, file: File) => void }) {
  const { t } = useTranslation();
  if (loading) return <Spin />;
  if (!items?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('activities.empty')} />;
  return (
    <Flex vertical gap={8} data-testid="activity-cards">
      {items.map((a) => (
        <Card key={a.id} size="small" data-testid={`activity-card-${a.id}`}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Space size={4}>
              <Tag color="blue" style={{ marginInlineEnd: 0 }}>{t(`activities.type.${a.type}`)}</Tag>
              <Typography.Text strong>{a.date}</Typography.Text>
            </Space>
            <Typography.Text type="secondary">{a.unitName}</Typography.Text>
          </Flex>
          {a.place && <div style={{ marginTop: 6, overflowWrap: 'anywhere' }}>{a.place}</div>}
          {a.notes && (
            <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: t('common.expand') }} style={{ margin: '6px 0 0', whiteSpace: 'pre-wrap' }}>
              {a.notes}
            </Typography.Paragraph>
          )}
          {(['ourPeople', 'theirPeople'] as const).map(
            (field) =>
              a[field] && (
                <Typography.Text key={field} type="secondary" style={{ display: 'block', marginTop: 4, overflowWrap: 'anywhere' }}>
                  {t('activities.labelled', { label: t(`activities.field.${field}`), value: a[field] })}
                </Typography.Text>
              ),
          )}
          {(a.attachments.length > 0 || onAttach) && (
            <Flex wrap gap={8} style={{ marginTop: 8 }} data-testid="activity-card-files">
              {a.attachments.map((f) => (
                <Button key={f.id} size="small" icon={/\.(jpe?g|png)$/i.test(f.fileName) ? <PictureOutlined /> : <PaperClipOutlined />} onClick={() => void download(`/api/activities/${a.id}/attachments/${f.id}`, f.fileName)} style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  {f.fileName}
                </Button>
              ))}
              {onAttach && (
                <Upload showUploadList={false} accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.doc,.xls" beforeUpload={(f) => { onAttach(a.id, f); return false; }}>
                  <Button size="small" type="link">{t('attachments.add')}</Button>
                </Upload>
              )}
            </Flex>
          )}
        </Card>
      ))}
    </Flex>
  );
}
