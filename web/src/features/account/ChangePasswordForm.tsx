import { App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';

export function ChangePasswordForm({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);

  async function submit(values: { currentPassword: string; newPassword: string }) {
    setBusy(true);
    try {
      await api('POST', '/api/account/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('account.passwordChanged'));
      form.resetFields();
      onDone?.();
    } catch (e) {
      if (e instanceof ApiError) {
        const field = e.code === 'PASSWORD_CURRENT_WRONG' ? 'currentPassword' : 'newPassword';
        form.setFields([{ name: field, errors: [e.message] }]);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 420 }}>
      <Form.Item name="currentPassword" label={t('account.currentPassword')} rules={[{ required: true }]}>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item name="newPassword" label={t('account.newPassword')} extra={t('account.passwordRules')} rules={[{ required: true, min: 8 }]}>
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('account.confirmPassword')}
        dependencies={['newPassword']}
        rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.passwordMismatch')))) })]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password-submit">
        {t('account.changePassword')}
      </Button>
    </Form>
  );
}
