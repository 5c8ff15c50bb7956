import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Grid, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { UnitTreeSelect } from '../../components/units';
import { usccRule } from '../../components/usccRule';
import { enterpriseApi, type RegisterInput } from './api';

/** Units that never serve an enterprise: the enterprises themselves and the banks. */
const NOT_SERVING = ['enterprise', 'bank'] as const;

/**
 * 登记服务企业: the credit code (checked here as typed, so a wrong character is said before the
 * server is asked), the registered name, and the serving unit — mine unless I pick one under it.
 */
export function RegisterForm({ open, onClose, onSaved }: { open: boolean; onClose: () => void; onSaved: (e: { id: number; uscc: string; name: string }) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<RegisterInput>();
  const [saving, setSaving] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ servingUnitId: me?.unitId });
  }, [open, form, me?.unitId]);

  async function submit(values: RegisterInput) {
    setSaving(true);
    try {
      const { id } = await enterpriseApi.register(values);
      message.success(t('enterprises.registered', { name: values.name }));
      void client.invalidateQueries({ queryKey: ['enterprises'] });
      onSaved({ id, uscc: values.uscc, name: values.name });
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.code === 'ENTERPRISE_EXISTS') form.setFields([{ name: 'uscc', errors: [e.message] }]);
      else if (e.code === 'UNIT_NOT_FOUND') form.setFields([{ name: 'servingUnitId', errors: [e.message] }]);
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof RegisterInput, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('enterprises.register')}
      placement={narrow ? 'bottom' : 'right'}
      size={narrow ? '80%' : 480}
      destroyOnHidden
      footer={
        <Button type="primary" block size="large" loading={saving} onClick={() => form.submit()} data-testid="enterprise-save">
          {t('enterprises.registerSubmit')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item
          name="uscc"
          label={t('enterprises.field.uscc')}
          normalize={(v: string | undefined) => v?.toUpperCase().replace(/\s+/g, '')}
          validateFirst
          rules={[
            { required: true, message: t('enterprises.usccRequired') },
            { len: 18, message: t('enterprises.usccLength') },
            usccRule(t),
          ]}
        >
          <Input size="large" maxLength={18} showCount autoComplete="off" styles={{ input: { fontFamily: 'monospace' } }} placeholder="91321100MA1XXXXXXX" data-testid="enterprise-uscc" />
        </Form.Item>
        <Form.Item name="name" label={t('enterprises.field.name')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('enterprises.nameRule') }]}>
          <Input size="large" maxLength={200} placeholder={t('enterprises.namePlaceholder')} data-testid="enterprise-name" />
        </Form.Item>
        <Form.Item name="industry" label={t('enterprises.field.industry')} rules={[{ max: 100 }]}>
          <Input size="large" maxLength={100} placeholder={t('enterprises.industryPlaceholder')} data-testid="enterprise-industry" />
        </Form.Item>
        <Form.Item name="servingUnitId" label={t('enterprises.field.servingUnit')} rules={[{ required: true, message: t('enterprises.servingUnitRequired') }]} extra={<Typography.Text type="secondary">{t('enterprises.servingUnitHint')}</Typography.Text>}>
          <UnitTreeSelect size="large" root={me?.unitId} excludeKinds={NOT_SERVING} style={{ width: '100%' }} data-testid="enterprise-unit" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
