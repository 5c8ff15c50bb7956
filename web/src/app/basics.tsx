import { GlobalOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { PublicInfo } from '../api/types';
import { setLang } from '../i18n';

// What the login page shares with the shell, kept apart from the shell (AppLayout) so the first
// visit does not download the menu, the bell and their icons.

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const next = i18n.language === 'en-US' ? 'zh-CN' : 'en-US';
  return (
    <a data-testid="lang-switch" onClick={() => setLang(next)} style={{ color: 'inherit' }}>
      <GlobalOutlined /> {next === 'en-US' ? 'English' : '中文'}
    </a>
  );
}

export function usePublicInfo() {
  return useQuery({ queryKey: ['public-info'], queryFn: () => api<PublicInfo>('GET', '/api/public/info'), staleTime: 60_000 });
}

/** What shows while a page's code or the session is on its way. */
export function PageLoading() {
  return <Spin size="large" style={{ display: 'block', margin: '30vh auto' }} />;
}
