import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface Notification {
  id: number;
  kind: string;
  /** Title and body arrive in the user's language. */
  title: string;
  body?: string | null;
  link: string | null;
  createdAt: string;
  read: boolean;
}

export interface Inbox {
  items: Notification[];
  unread: number;
}

/** The inbox, refreshed every minute so the bell's count follows without a reload. */
export function useInbox(unreadOnly = false) {
  return useQuery({
    queryKey: ['notifications', unreadOnly ? 'unread' : 'all'],
    queryFn: () => api<Inbox>('GET', `/api/notifications${unreadOnly ? '?unread=true' : ''}`),
    refetchInterval: 60_000,
    retry: false,
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  const done = () => void client.invalidateQueries({ queryKey: ['notifications'] });
  return {
    one: (id: number) => api('POST', `/api/notifications/${id}/read`).then(done),
    all: () => api('POST', '/api/notifications/read-all').then(done),
  };
}
