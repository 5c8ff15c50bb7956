import { App, Button, Form, Input, Popconfirm, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { formatTime } from '../../components/format';
import { ChangePasswordForm } from './ChangePasswordForm';
import { MfaEnrolment } from './MfaEnrolment';

interface SessionRow {
  id: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

function Sessions() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => api<{ items: SessionRow[] }>('GET', '/api/account/sessions') });
  return (
    <Table<SessionRow>
      rowKey="id"
      size="small"
      loading={sessions.isLoading}
      dataSource={sessions.data?.items}
      pagination={false}
      columns={[
        { title: t('account.sessionIp'), dataIndex: 'ip' },
        { title: t('account.sessionAgent'), dataIndex: 'userAgent', ellipsis: true },
        { title: t('account.sessionStarted'), dataIndex: 'createdAt', render: formatTime },
        { title: t('account.sessionLastSeen'), dataIndex: 'lastSeenAt', render: formatTime },
        {
          title: t('common.actions'),
          render: (_, row) =>
            row.current ? (
              <Tag color="green">{t('account.thisSession')}</Tag>
            ) : (
              <Popconfirm
                title={t('account.endSessionConfirm')}
                onConfirm={async () => {
                  try {
                    await api('DELETE', `/api/account/sessions/${row.id}`);
                    message.success(t('account.sessionEnded'));
                    void client.invalidateQueries({ queryKey: ['my-sessions'] });
                  } catch (e) {
                    if (e instanceof ApiError) message.error(e.message);
                  }
                }}
              >
                <Button size="small" danger>
                  {t('account.endSession')}
                </Button>
              </Popconfirm>
            ),
        },
      ]}
    />
  );
}

function SecondFactor() {
  const { t } = useTranslation();
  const { me, refresh } = useAuth();
  const { message } = App.useApp();
  if (!me) return null;
  if (!me.totpEnabled) return <MfaEnrolment onDone={() => void refresh()} />;
  return (
    <div>
      <Typography.Paragraph>
        <Tag color="green">{t('common.on')}</Tag> {t('account.mfaOnText')}
      </Typography.Paragraph>
      <Form
        layout="inline"
        onFinish={async (values: { password: string }) => {
          try {
            await api('POST', '/api/account/mfa/disable', values);
            message.success(t('account.mfaDisabled'));
            await refresh();
          } catch (e) {
            if (e instanceof ApiError) message.error(e.message);
          }
        }}
      >
        <Form.Item name="password" rules={[{ required: true }]}>
          <Input.Password placeholder={t('account.currentPassword')} />
        </Form.Item>
        <Button danger htmlType="submit">
          {t('account.mfaDisable')}
        </Button>
      </Form>
    </div>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  return (
    <PageCard title={t('menu.account')}>
      <Tabs
        items={[
          { key: 'password', label: t('account.tabPassword'), children: <ChangePasswordForm /> },
          { key: 'mfa', label: t('account.tabMfa'), children: <SecondFactor /> },
          { key: 'sessions', label: t('account.tabSessions'), children: <Sessions /> },
        ]}
      />
    </PageCard>
  );
}
