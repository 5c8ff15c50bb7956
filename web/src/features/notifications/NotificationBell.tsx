import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useInbox, useMarkRead, type Notification } from './api';

/** Opens what a notification points at, marking it read on the way. */
export function useOpenNotification() {
  const navigate = useNavigate();
  const mark = useMarkRead();
  return (n: Notification) => {
    if (!n.read) void mark.one(n.id).catch(() => undefined);
    if (n.link) navigate(n.link);
  };
}

export function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <List.Item style={{ cursor: n.link ? 'pointer' : undefined, paddingInline: 8, background: n.read ? undefined : '#fff7e6' }} onClick={() => onOpen(n)} data-testid={`notification-${n.id}`}>
      <List.Item.Meta
        avatar={<Badge status={n.read ? 'default' : 'error'} />}
        title={<Typography.Text strong={!n.read}>{n.title}</Typography.Text>}
        description={
          <Space direction="vertical" size={0}>
            {n.body && <Typography.Text type="secondary">{n.body}</Typography.Text>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
          </Space>
        }
      />
    </List.Item>
  );
}

/** The header's bell: the unread count, the latest few, a way to the whole inbox. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const inbox = useInbox();
  const mark = useMarkRead();
  const open = useOpenNotification();
  const [shown, setShown] = useState(false);
  const unread = inbox.data?.unread ?? 0;
  const latest = (inbox.data?.items ?? []).slice(0, 6);
  const content = (
    <div style={{ width: 'min(340px, 86vw)' }}>
      <List
        size="small"
        dataSource={latest}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={inbox.isError ? t('notifications.unavailable') : t('notifications.none')} /> }}
        renderItem={(n) => <NotificationItem n={n} onOpen={(x) => { setShown(false); open(x); }} />}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button size="small" type="link" disabled={!unread} onClick={() => void mark.all()} data-testid="notifications-read-all">{t('notifications.readAll')}</Button>
        <Button size="small" type="link" onClick={() => { setShown(false); navigate('/notifications'); }} data-testid="notifications-all">{t('notifications.viewAll')}</Button>
      </Space>
    </div>
  );
  return (
    <Popover content={content} title={t('notifications.title')} trigger="click" placement="bottomRight" open={shown} onOpenChange={setShown}>
      <a style={{ color: 'inherit', display: 'inline-flex' }} aria-label={t('notifications.title')} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </a>
    </Popover>
  );
}
