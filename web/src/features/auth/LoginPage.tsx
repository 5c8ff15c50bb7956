import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';
import { LanguageSwitch, usePublicInfo } from '../../app/basics';
import { useAuth } from '../../app/auth';

type LoginAnswer = { user: Me; csrfToken: string } | { mfaRequired: true; ticket: string };

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { me, signedIn, expired } = useAuth();
  const navigate = useNavigate();
  const info = usePublicInfo();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const [error, setError] = useState<string | null>(null);
  const [ticket, setTicket] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to="/" replace />;

  async function finish(answer: LoginAnswer) {
    if ('mfaRequired' in answer) {
      setTicket(answer.ticket);
      return;
    }
    signedIn(answer.user, answer.csrfToken);
    navigate('/', { replace: true });
  }

  async function submit(values: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await finish(await api<LoginAnswer>('POST', '/api/auth/login', values));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(values: { code: string }) {
    setBusy(true);
    setError(null);
    try {
      await finish(await api<LoginAnswer>('POST', '/api/auth/mfa', { ticket, code: values.code }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'MFA_TICKET_INVALID') setTicket(null);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="login-hero">
        <Typography.Title level={2} style={{ color: '#fff', marginBottom: 8 }}>
          {info.data?.platformName ?? t('app.name')}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.85)', fontSize: 15 }}>{t('login.tagline')}</Typography.Paragraph>
      </div>
      <div className="login-panel">
        <div style={{ textAlign: 'right', marginBottom: 8 }}>
          <LanguageSwitch />
        </div>
        {info.data?.demo && (
          <Alert type="warning" showIcon data-testid="demo-banner" title={t('login.demoBanner')} description={t('login.demoHint', { password: info.data.demoPassword })} style={{ marginBottom: 16 }} />
        )}
        <Card title={ticket ? t('login.mfaTitle') : t('login.title')} variant="borderless">
          {error && <Alert type="error" showIcon title={error} data-testid="login-error" style={{ marginBottom: 16 }} />}
          {!error && expired && <Alert type="info" showIcon title={t('login.expired')} style={{ marginBottom: 16 }} />}
          {ticket ? (
            <Form layout="vertical" onFinish={submitCode} key="mfa">
              <Typography.Paragraph type="secondary">{t('login.mfaHint')}</Typography.Paragraph>
              <Form.Item name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.mfaCodeRule') }]}>
                <Input prefix={<SafetyCertificateOutlined />} placeholder={t('login.mfaCode')} maxLength={6} autoComplete="one-time-code" autoFocus />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('login.verify')}
              </Button>
              <Button type="link" block onClick={() => setTicket(null)}>
                {t('login.back')}
              </Button>
            </Form>
          ) : (
            <Form form={form} layout="vertical" onFinish={submit} key="password" requiredMark={false}>
              <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
                <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
              </Form.Item>
              <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
                {t('login.submit')}
              </Button>
            </Form>
          )}
        </Card>
        {info.data?.demo && !ticket && (
          <Card size="small" title={t('login.demoAccounts')} style={{ marginTop: 16 }} variant="borderless">
            {/* A plain table: antd's Table (with its filters, pagination and select) would triple what the first visit downloads. */}
            <div className="demo-accounts">
              <table>
                <thead>
                  <tr>
                    <th>{t('login.account')}</th>
                    <th>{t('login.role')}</th>
                    <th>{t('login.unit')}</th>
                  </tr>
                </thead>
                <tbody>
                  {info.data.demoAccounts.map((row) => (
                    <tr key={row.username} onClick={() => form.setFieldsValue({ username: row.username, password: info.data?.demoPassword ?? '' })}>
                      <td>
                        <Tag color="blue">{row.username}</Tag>
                      </td>
                      <td>{i18n.language === 'en-US' ? row.roleNameEn : row.roleName}</td>
                      <td title={row.unitName}>{row.unitName}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        )}
      </div>
    </div>
  );
}
