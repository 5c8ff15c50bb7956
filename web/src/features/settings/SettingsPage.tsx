import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import { PageCard } from '../../components/PageCard';

interface SettingsAnswer {
  values: Record<string, number | string>;
  specs: Record<string, { category: string; kind: string; min?: number; max?: number; editable: boolean }>;
}

export function SettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api<SettingsAnswer>('GET', '/api/settings') });
  const [form] = Form.useForm();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.values);
  }, [settings.data, form]);
  if (!settings.data) return <PageCard title={t('menu.settings')}>{null}</PageCard>;
  const { specs } = settings.data;
  const editableKeys = Object.keys(specs).filter((k) => specs[k]!.editable);

  async function save(values: Record<string, number | string>) {
    const changed = Object.fromEntries(editableKeys.filter((k) => values[k] !== settings.data!.values[k]).map((k) => [k, values[k]!]));
    if (Object.keys(changed).length === 0) return;
    try {
      await api('PATCH', '/api/settings', { values: changed });
      message.success(t('common.saved'));
      await client.invalidateQueries({ queryKey: ['settings'] });
      await client.invalidateQueries({ queryKey: ['public-info'] });
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    }
  }

  const section = (category: string) => (
    <Card key={category} size="small" title={t(`settings.category.${category}`)} style={{ marginBottom: 16 }}>
      <Row gutter={16}>
        {Object.entries(specs)
          .filter(([, s]) => s.category === category)
          .map(([key, spec]) => (
            <Col xs={24} md={12} key={key}>
              <Form.Item name={key} label={t(`settings.key.${key}`)} extra={spec.min !== undefined ? t('settings.range', { min: spec.min, max: spec.max }) : undefined}>
                {spec.kind === 'int' ? <InputNumber min={spec.min} max={spec.max} disabled={!spec.editable} style={{ width: '100%' }} /> : <Input disabled={!spec.editable} />}
              </Form.Item>
            </Col>
          ))}
      </Row>
    </Card>
  );

  return (
    <PageCard
      title={t('menu.settings')}
      extra={
        <Space>
          <Button type="primary" onClick={() => form.submit()} disabled={editableKeys.length === 0}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={save}>
        {/* The sections I may edit come first. */}
        {['security', 'system'].sort((a, b) => Number(!editableKeys.some((k) => specs[k]!.category === a)) - Number(!editableKeys.some((k) => specs[k]!.category === b))).map(section)}
      </Form>
    </PageCard>
  );
}
