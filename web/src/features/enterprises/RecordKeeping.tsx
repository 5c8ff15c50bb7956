import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Flex, Form, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ENTERPRISE_TAGS } from '../../../../common/key-enterprises';
import { ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { registryApi, type RegistryRecord, type RegistryTag } from './api';

/** Industries officers pick most (国民经济行业分类 as the chains use them); any other can be typed. */
const COMMON_INDUSTRIES = ['输配电及控制设备制造', '电线电缆制造', '汽车零部件及配件制造', '新能源汽车整车制造', '船舶及相关装置制造', '航空航天器及设备制造', '化学原料和化学制品制造', '新材料', '生物药品制造', '医疗仪器设备制造', '电子元件制造', '软件和信息技术服务', '通用设备制造', '专用设备制造'];

function useRefresh(id: number) {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: ['enterprise-registry', 'record', id] }), client.invalidateQueries({ queryKey: ['enterprise-registry'] })]);
}

/** The record's industry: read by everyone, changed in place by who keeps the record. */
export function IndustryField({ record }: { record: RegistryRecord }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh(record.id);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(record.industry ?? '');
  const [saving, setSaving] = useState(false);
  if (!editing)
    return (
      <Space size={4} wrap>
        <span>{record.industry ?? <Typography.Text type="secondary">{t('registry.industryUnset')}</Typography.Text>}</span>
        {record.canEdit && (
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => { setValue(record.industry ?? ''); setEditing(true); }} data-testid="registry-industry-edit">
            {t('registry.edit')}
          </Button>
        )}
      </Space>
    );
  const save = async () => {
    setSaving(true);
    try {
      await registryApi.setIndustry(record.id, value.trim() || null);
      await refresh();
      message.success(t('registry.industrySaved'));
      setEditing(false);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Flex gap={8} wrap>
      <AutoComplete value={value} onChange={setValue} options={COMMON_INDUSTRIES.filter((i) => !value || i.includes(value)).map((i) => ({ value: i }))} style={{ flex: 1, minWidth: 200 }} maxLength={100} placeholder={t('registry.industryPlaceholder')} data-testid="registry-industry-input" />
      <Button type="primary" loading={saving} onClick={save} data-testid="registry-industry-save">
        {t('common.save')}
      </Button>
      <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
    </Flex>
  );
}

interface TagForm {
  tag: string;
  source: string;
  validFrom: string;
  validTo?: string;
}

/** Tags with where they come from; who keeps the record adds one by hand or withdraws one with a reason (kept as history). */
export function TagsSection({ record }: { record: RegistryRecord }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const refresh = useRefresh(record.id);
  const [adding, setAdding] = useState(false);
  const [retiring, setRetiring] = useState<RegistryTag | null>(null);
  const [addForm] = Form.useForm<TagForm>();
  const [retireForm] = Form.useForm<{ reason: string; lastDay: string }>();
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await work();
      await refresh();
      message.success(done);
      return true;
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const inForce = record.tags.filter((x) => !x.retiredAt);
  const withdrawn = record.tags.filter((x) => x.retiredAt);
  const period = (x: RegistryTag) => `${x.validFrom} – ${x.validTo ?? t('registry.openEnded')}`;
  return (
    <div data-testid="registry-tags">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('registry.tags')}
        </Typography.Title>
        {record.canEdit && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => { addForm.resetFields(); setAdding(true); }} data-testid="registry-tag-add">
            {t('registry.addTag')}
          </Button>
        )}
      </Flex>
      {inForce.length ? (
        <Flex wrap gap={6}>
          {inForce.map((x) => (
            <Tag key={x.id} color="blue" title={`${x.source}（${period(x)}）`} closable={record.canEdit} onClose={(e) => { e.preventDefault(); retireForm.setFieldsValue({ reason: '', lastDay: dayjs().format('YYYY-MM-DD') }); setRetiring(x); }} data-testid={`registry-tag-${x.id}`}>
              {t(`keyLists.tag.${x.tag}`)} · {x.validFrom.slice(0, 4)}
            </Tag>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('registry.none')}</Typography.Text>
      )}
      {withdrawn.length > 0 && (
        <Flex vertical gap={2} style={{ marginTop: 8 }}>
          {withdrawn.map((x) => (
            <Typography.Text key={x.id} type="secondary" style={{ fontSize: 12 }} data-testid={`registry-tag-retired-${x.id}`}>
              <Typography.Text delete type="secondary" style={{ fontSize: 12 }}>
                {t(`keyLists.tag.${x.tag}`)}
              </Typography.Text>{' '}
              {t('registry.retiredLine', { source: x.source, lastDay: x.validTo ?? '', by: x.retiredBy ?? '—', reason: x.retireReason ?? '' })}
            </Typography.Text>
          ))}
        </Flex>
      )}

      <Modal open={adding} title={t('registry.addTag')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} destroyOnHidden>
        <Form<TagForm>
          form={addForm}
          layout="vertical"
          initialValues={{ validFrom: dayjs().format('YYYY-MM-DD') }}
          onFinish={async (v) => {
            if (await run(() => registryApi.addTag(record.id, { ...v, validTo: v.validTo || null }), t('registry.tagAdded'))) setAdding(false);
          }}
        >
          <Form.Item name="tag" label={t('registry.tagKind')} rules={[{ required: true, message: t('registry.tagKindRequired') }]}>
            <Select options={ENTERPRISE_TAGS.map((x) => ({ value: x, label: t(`keyLists.tag.${x}`) }))} data-testid="registry-tag-kind" />
          </Form.Item>
          <Form.Item name="source" label={t('registry.tagSource')} extra={t('registry.tagSourceHelp')} rules={[{ required: true, min: 2, max: 200, message: t('registry.tagSourceRequired') }]}>
            <Input maxLength={200} data-testid="registry-tag-source" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item name="validFrom" label={t('registry.validFrom')} rules={[{ required: true, message: t('registry.validFromRequired') }]} style={{ flex: 1 }}>
              <DateField data-testid="registry-tag-from" />
            </Form.Item>
            <Form.Item
              name="validTo"
              label={t('registry.validTo')}
              dependencies={['validFrom']}
              style={{ flex: 1 }}
              rules={[({ getFieldValue }) => ({ validator: async (_r, v?: string) => { if (v && v < getFieldValue('validFrom')) throw new Error(t('registry.validToBefore')); } })]}
            >
              <DateField data-testid="registry-tag-to" />
            </Form.Item>
          </Flex>
        </Form>
      </Modal>

      <Modal open={retiring !== null} title={retiring ? t('registry.retireTitle', { tag: t(`keyLists.tag.${retiring.tag}`) }) : ''} okText={t('registry.retire')} okButtonProps={{ danger: true, 'data-testid': 'registry-retire-ok' } as never} cancelText={t('common.cancel')} confirmLoading={busy} onCancel={() => setRetiring(null)} onOk={() => retireForm.submit()} destroyOnHidden>
        {retiring && (
          <Typography.Paragraph type="secondary">
            {retiring.source}（{period(retiring)}）
          </Typography.Paragraph>
        )}
        <Form
          form={retireForm}
          layout="vertical"
          onFinish={async (v: { reason: string; lastDay: string }) => {
            if (retiring && (await run(() => registryApi.retireTag(record.id, retiring.id, v), t('registry.tagRetired')))) setRetiring(null);
          }}
        >
          <Form.Item name="reason" label={t('registry.retireReason')} rules={[{ required: true, min: 2, max: 200, message: t('registry.retireReasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={200} placeholder={t('registry.retireReasonPlaceholder')} data-testid="registry-retire-reason" />
          </Form.Item>
          <Form.Item name="lastDay" label={t('registry.lastDay')} extra={t('registry.lastDayHelp')} rules={[{ required: true, message: t('registry.lastDayRequired') }, { validator: async (_r, v?: string) => { if (v && retiring && v < retiring.validFrom) throw new Error(t('registry.lastDayBefore', { from: retiring.validFrom })); } }]}>
            <DateField data-testid="registry-retire-day" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
