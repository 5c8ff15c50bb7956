import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, download } from '../api/client';

/** A download of a streamed export that shows how much has arrived while it runs. */
export function ExportButton({ url, fallbackName, label, testId }: { url: () => string; fallbackName: string; label: string; testId?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [received, setReceived] = useState<number | null>(null);
  async function run() {
    setReceived(0);
    try {
      await download(url(), fallbackName, setReceived);
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    } finally {
      setReceived(null);
    }
  }
  return (
    <Button icon={<DownloadOutlined />} loading={received !== null} onClick={() => void run()} data-testid={testId}>
      {received !== null ? t('audit.exporting', { kb: Math.round(received / 1024) }) : label}
    </Button>
  );
}
