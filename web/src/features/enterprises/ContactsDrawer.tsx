import { UserAddOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Flex, Form, Grid, Input, Modal, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { formatTime } from '../../components/format';
import { enterpriseApi, PHONE, useContacts, USERNAME, type ContactInput } from './api';

export interface EnterpriseRef {
  id: number;
  uscc: string;
  name: string;
}

/**
 * The one-time password, shown once: it lives in this dialog's state only (no query cache, no
 * storage) and is gone when the dialog closes.
 */
function OneTimePassword({ account, onClose }: { account: { username: string; initialPassword: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().sm === false;
  return (
    <Modal
      open={account !== null}
      title={t('enterprises.accountOpened')}
      closable={false}
      maskClosable={false}
      keyboard={false}
      onCancel={onClose}
      footer={
        <Button type="primary" block onClick={onClose} data-testid="contact-password-done">
          {t('enterprises.passwordNoted')}
        </Button>
      }
      destroyOnHidden
    >
      {account && (
        <Flex vertical gap={12}>
          <Alert type="warning" showIcon title={t('enterprises.passwordOnce')} description={t('enterprises.passwordChange')} />
          <Descriptions size="small" column={1} bordered layout={narrow ? 'vertical' : 'horizontal'}>
            <Descriptions.Item label={t('enterprises.field.username')}>
              <Typography.Text copyable style={{ fontFamily: 'monospace' }} data-testid="contact-username">
                {account.username}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.initialPassword')}>
              <Typography.Text copyable={{ tooltips: [t('enterprises.copy'), t('enterprises.copied')] }} strong style={{ fontFamily: 'monospace', fontSize: 18, wordBreak: 'break-all' }} data-testid="contact-password">
                {account.initialPassword}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Flex>
      )}
    </Modal>
  );
}

/** 开通账号: a contact's username, name and phone; the server draws the password. */
function OpenAccountForm({ enterprise, onOpened, onCancel }: { enterprise: EnterpriseRef; onOpened: (account: { username: string; initialPassword: string }) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ContactInput>();
  const [saving, setSaving] = useState(false);

  async function submit(values: ContactInput) {
    setSaving(true);
    try {
      const created = await enterpriseApi.openAccount(enterprise.id, values);
      void client.invalidateQueries({ queryKey: ['enterprises'] });
      form.resetFields();
      onOpened({ username: created.username, initialPassword: created.initialPassword });
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.code === 'USERNAME_TAKEN') form.setFields([{ name: 'username', errors: [e.message] }]);
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof ContactInput, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={t('enterprises.openAccount')} data-testid="contact-form">
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="displayName" label={t('enterprises.field.displayName')} rules={[{ required: true, whitespace: true, max: 100, message: t('enterprises.displayNameRule') }]}>
          <Input maxLength={100} autoComplete="off" data-testid="contact-display-name" />
        </Form.Item>
        <Form.Item name="username" label={t('enterprises.field.username')} normalize={(v: string | undefined) => v?.trim()} rules={[{ required: true, message: t('enterprises.usernameRule') }, { pattern: USERNAME, message: t('enterprises.usernameRule') }]}>
          <Input maxLength={64} autoComplete="off" autoCapitalize="off" spellCheck={false} data-testid="contact-username-input" />
        </Form.Item>
        <Form.Item name="phone" label={t('enterprises.field.phone')} normalize={(v: string | undefined) => v?.trim()} rules={[{ required: true, message: t('enterprises.phoneRule') }, { pattern: PHONE, message: t('enterprises.phoneRule') }]}>
          <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid="contact-phone" />
        </Form.Item>
        <Flex gap={8} justify="flex-end">
          <Button onClick={onCancel}>{t('enterprises.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="contact-save">
            {t('enterprises.openAccountSubmit')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

/** An enterprise's contacts' accounts, and 开通账号 for one more. */
export function ContactsDrawer({ enterprise, onClose, startOpening = false }: { enterprise: EnterpriseRef | null; onClose: () => void; startOpening?: boolean }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const contacts = useContacts(enterprise?.id);
  const [opening, setOpening] = useState(false);
  const [account, setAccount] = useState<{ username: string; initialPassword: string } | null>(null);

  useEffect(() => setOpening(startOpening), [enterprise?.id, startOpening]);

  return (
    <Drawer
      open={enterprise !== null}
      onClose={onClose}
      title={t('enterprises.contactsTitle')}
      placement={narrow ? 'bottom' : 'right'}
      size={narrow ? '92%' : 520}
      destroyOnHidden
      data-testid="contacts-drawer"
    >
      {enterprise && (
        <Flex vertical gap={12}>
          <div>
            <Typography.Text strong style={{ fontSize: 16, display: 'block', overflowWrap: 'anywhere' }}>
              {enterprise.name}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
              {enterprise.uscc}
            </Typography.Text>
          </div>
          {opening ? (
            <OpenAccountForm
              enterprise={enterprise}
              onCancel={() => setOpening(false)}
              onOpened={(a) => {
                setOpening(false);
                setAccount(a);
              }}
            />
          ) : (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setOpening(true)} data-testid="contact-open">
              {t('enterprises.openAccount')}
            </Button>
          )}
          <Spin spinning={contacts.isFetching}>
            {contacts.data?.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('enterprises.noContacts')} />
            ) : (
              <Flex vertical gap={8} data-testid="contact-list">
                {contacts.data?.map((c) => (
                  <Card key={c.id} size="small" styles={{ body: { padding: 12 } }}>
                    <Flex justify="space-between" align="center" gap={8}>
                      <div style={{ minWidth: 0 }}>
                        <Typography.Text strong>{c.displayName}</Typography.Text>
                        <Typography.Text type="secondary" style={{ marginLeft: 8, fontFamily: 'monospace' }}>
                          {c.username}
                        </Typography.Text>
                      </div>
                      {c.disabled ? <Tag>{t('common.disabled')}</Tag> : c.lastLoginAt ? <Tag color="green">{t('enterprises.active')}</Tag> : <Tag color="gold">{t('enterprises.neverLoggedIn')}</Tag>}
                    </Flex>
                    {c.lastLoginAt && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {t('enterprises.lastLogin', { at: formatTime(c.lastLoginAt).slice(0, 16) })}
                      </Typography.Text>
                    )}
                  </Card>
                ))}
              </Flex>
            )}
          </Spin>
        </Flex>
      )}
      <OneTimePassword account={account} onClose={() => setAccount(null)} />
    </Drawer>
  );
}
