import { FileWordOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, ApiError, download } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/format';
import type { BriefingList } from '../../../../common/briefings-api';

/** The year's archived briefings; a 403 means the reader is not city-wide (the briefing is the city's). */
export function useBriefings(year: number) {
  return useQuery({ queryKey: ['briefings', year], queryFn: () => api<BriefingList>('GET', `/api/briefings?year=${year}`), retry: false });
}

/**
 * 下载月度简报 for a published month, and the versions the schedule archived for it. Shown only to
 * readers the server lets list the archive (city-wide ones).
 */
export function BriefingBar({ year, period }: { year: number; period: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const briefings = useBriefings(year);
  if (!briefings.isSuccess) return null;
  const archived = briefings.data.items.filter((b) => b.period === period);
  async function fetchArchived(id: number, name: string) {
    try {
      await download(`/api/briefings/${id}/file`, name);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  }
  return (
    <Space wrap size="small" data-testid="briefing-bar">
      <span title={t('rankings.briefingHint')}>
        <ExportButton url={() => `/api/briefings/monthly?period=${period}`} fallbackName={`briefing-${period}.docx`} label={t('rankings.downloadBriefing')} testId="briefing-download" />
      </span>
      {archived.length > 0 && <Typography.Text type="secondary">{t('rankings.archived')}</Typography.Text>}
      {archived.map((b) => (
        <Button key={b.id} type="link" size="small" icon={<FileWordOutlined />} onClick={() => void fetchArchived(b.id, b.fileName)} data-testid={`briefing-archived-${b.version}`}>
          {t('rankings.archivedItem', { version: b.version, at: formatTime(b.createdAt) })}
        </Button>
      ))}
    </Space>
  );
}
