import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export function NotAllowed({ notFound }: { notFound?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Result
      status={notFound ? '404' : '403'}
      title={notFound ? t('common.notFoundTitle') : t('common.forbiddenTitle')}
      subTitle={notFound ? t('common.notFoundText') : t('common.forbiddenText')}
      extra={<Button onClick={() => navigate('/')}>{t('menu.home')}</Button>}
    />
  );
}
