import { Alert, Button, Card, Result, Space, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { ChangePasswordForm } from '../account/ChangePasswordForm';
import { MfaEnrolment } from '../account/MfaEnrolment';

/** Shown instead of the app while the password must change or the second factor be enrolled. */
export function ForcedChangePage() {
  const { t } = useTranslation();
  const { me, refresh, logout } = useAuth();
  if (!me) return null;
  const step = me.mustChangePassword ? 0 : 1;
  return (
    <div style={{ maxWidth: 560, margin: '48px auto', padding: 16 }}>
      <Card title={t('forced.title')} extra={<Button onClick={() => void logout()}>{t('auth.logout')}</Button>}>
        <Steps current={step} size="small" style={{ marginBottom: 24 }} items={[{ title: t('forced.password') }, ...(me.mustEnrolMfa || step === 1 ? [{ title: t('forced.mfa') }] : [])]} />
        {me.mustChangePassword ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="info" showIcon title={t('forced.passwordWhy')} />
            <ChangePasswordForm onDone={() => void refresh()} />
          </Space>
        ) : me.mustEnrolMfa ? (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert type="info" showIcon title={t('forced.mfaWhy')} />
            <MfaEnrolment onDone={() => void refresh()} />
          </Space>
        ) : (
          <Result status="success" title={t('forced.done')} />
        )}
      </Card>
    </div>
  );
}
