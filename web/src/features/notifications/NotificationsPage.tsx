import { Button, List, Segmented, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageCard } from '../../components/PageCard';
import { useInbox, useMarkRead } from './api';
import { NotificationItem, useOpenNotification } from './NotificationBell';

/** 消息中心: every notification, unread first to the eye, each opening what it is about. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useInbox(unreadOnly);
  const mark = useMarkRead();
  const open = useOpenNotification();
  return (
    <PageCard
      title={t('notifications.title')}
      extra={
        <Space wrap>
          <Segmented value={unreadOnly ? 'unread' : 'all'} onChange={(v) => setUnreadOnly(v === 'unread')} options={[{ value: 'all', label: t('notifications.all') }, { value: 'unread', label: t('notifications.unread', { count: inbox.data?.unread ?? 0 }) }]} />
          <Button disabled={!inbox.data?.unread} onClick={() => void mark.all()}>{t('notifications.readAll')}</Button>
        </Space>
      }
    >
      <List
        loading={inbox.isLoading}
        dataSource={inbox.data?.items}
        locale={{ emptyText: inbox.isError ? t('notifications.unavailable') : t('notifications.none') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        renderItem={(n) => <NotificationItem n={n} onOpen={open} />}
        data-testid="notifications-list"
      />
    </PageCard>
  );
}
