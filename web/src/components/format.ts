import dayjs from 'dayjs';

/** Times are stored in UTC and shown in the user's local time. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : '—';
}
