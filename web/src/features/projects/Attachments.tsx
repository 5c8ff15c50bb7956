import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download, uploadFile } from '../../api/client';
import { formatTime } from '../../components/format';
import type { ProjectAttachment } from '../../../../common/projects-api';

type Attachment = ProjectAttachment;

export function Attachments({ projectId, writable }: { projectId: number; writable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const list = useQuery({ queryKey: ['attachments', projectId], queryFn: () => api<{ items: Attachment[] }>('GET', `/api/projects/${projectId}/attachments`).then((r) => r.items) });

  async function upload(file: File) {
    setBusy(true);
    try {
      await uploadFile(`/api/projects/${projectId}/attachments?name=${encodeURIComponent(file.name)}`, file);
      message.success(t('attachments.added'));
      await list.refetch();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      variant="borderless"
      title={t('attachments.title')}
      extra={
        writable && (
          <Upload showUploadList={false} accept=".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.doc,.xls,.ppt" beforeUpload={(f) => { void upload(f); return false; }}>
            <Button icon={<UploadOutlined />} loading={busy}>{t('attachments.add')}</Button>
          </Upload>
        )
      }
    >
      <Table<Attachment>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data}
        locale={{ emptyText: t('attachments.none') }}
        columns={[
          { title: t('attachments.name'), dataIndex: 'fileName' },
          { title: t('attachments.size'), dataIndex: 'size', width: 110, render: (n: number) => `${(n / 1024).toFixed(1)} KB` },
          { title: t('attachments.by'), dataIndex: 'uploadedBy', width: 110 },
          { title: t('attachments.at'), dataIndex: 'uploadedAt', width: 170, render: formatTime },
          {
            title: t('common.actions'),
            width: 120,
            render: (_, a) => (
              <Space>
                <Button size="small" icon={<DownloadOutlined />} onClick={() => void download(`/api/projects/${projectId}/attachments/${a.id}`, a.fileName)} />
                {writable && (
                  <Popconfirm title={t('attachments.removeConfirm', { name: a.fileName })} onConfirm={async () => {
                    try {
                      await api('DELETE', `/api/projects/${projectId}/attachments/${a.id}`);
                      await list.refetch();
                    } catch (e) {
                      if (e instanceof ApiError) message.error(e.message);
                    }
                  }}>
                    <Button size="small" danger icon={<DeleteOutlined />} />
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
