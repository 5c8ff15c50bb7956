import { App, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';

export function MfaEnrolment({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);

  async function start() {
    setBusy(true);
    try {
      setSetup(await api('POST', '/api/account/mfa/setup'));
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    } finally {
      setBusy(false);
    }
  }

  async function confirm(values: { code: string }) {
    setBusy(true);
    try {
      await api('POST', '/api/account/mfa/enable', { code: values.code });
      message.success(t('account.mfaEnabled'));
      setSetup(null);
      onDone?.();
    } catch (e) {
      if (e instanceof ApiError) form.setFields([{ name: 'code', errors: [e.message] }]);
    } finally {
      setBusy(false);
    }
  }

  if (!setup) {
    return (
      <Space direction="vertical">
        <Typography.Paragraph>{t('account.mfaIntro')}</Typography.Paragraph>
        <Button type="primary" onClick={() => void start()} loading={busy}>
          {t('account.mfaStart')}
        </Button>
      </Space>
    );
  }
  return (
    <Space direction="vertical" size="middle">
      <Typography.Paragraph>{t('account.mfaScan')}</Typography.Paragraph>
      <img src={setup.qrDataUrl} alt="TOTP QR" width={180} height={180} />
      <Typography.Text copyable={{ text: setup.secret }} code>
        {setup.secret}
      </Typography.Text>
      <Form form={form} layout="inline" onFinish={confirm}>
        <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.mfaCodeRule') }]}>
          <Input placeholder={t('login.mfaCode')} maxLength={6} autoComplete="one-time-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('account.mfaConfirm')}
        </Button>
      </Form>
    </Space>
  );
}
