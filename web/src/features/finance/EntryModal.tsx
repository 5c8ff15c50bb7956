import { Form, Input, Modal, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAIN_ROLES, CHAIN_SEGMENTS, ENTERPRISE_TAGS } from '../../../../common/key-enterprises';
import { usccRule } from '../../components/usccRule';
import type { KeyListItemInput } from './api';

/**
 * One enterprise of a list being edited: credit code, name, segment, type, tags and financing need.
 * The credit code identifies the company; a new name for a known code is a rename, not a new company.
 */
export function EntryModal({ open, initial, taken, onClose, onDone }: { open: boolean; initial: KeyListItemInput | null; taken: string[]; onClose: () => void; onDone: (item: KeyListItemInput) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<KeyListItemInput>();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initial) form.setFieldsValue(initial);
  }, [open, initial, form]);

  async function submit() {
    const v = await form.validateFields();
    onDone({ uscc: v.uscc.trim().toUpperCase(), name: v.name.trim(), industry: v.industry?.trim() || null, segment: v.segment ?? null, role: v.role ?? null, tags: v.tags ?? [], financingNeed: v.financingNeed?.trim() || null });
  }

  return (
    <Modal open={open} title={initial ? t('keyLists.editEntry') : t('keyLists.addEntry')} onCancel={onClose} onOk={() => void submit()} okButtonProps={{ 'data-testid': 'entry-ok' } as never} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" requiredMark style={{ marginTop: 12 }}>
        <Form.Item
          name="uscc"
          label={t('keyLists.field.uscc')}
          normalize={(v: string) => v?.toUpperCase()}
          rules={[
            { required: true, message: t('keyLists.usccRequired') },
            usccRule(t),
            { validator: (_, v: string) => (v && taken.includes(v.trim().toUpperCase()) && v.trim().toUpperCase() !== initial?.uscc ? Promise.reject(new Error(t('keyLists.usccTaken'))) : Promise.resolve()) },
          ]}
        >
          <Input maxLength={18} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="entry-uscc" />
        </Form.Item>
        <Form.Item name="name" label={t('keyLists.field.name')} rules={[{ required: true, min: 2, max: 200, message: t('keyLists.nameRequired') }]}>
          <Input maxLength={200} data-testid="entry-name" />
        </Form.Item>
        <Form.Item name="industry" label={t('keyLists.field.industry')} rules={[{ max: 100 }]}>
          <Input maxLength={100} data-testid="entry-industry" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="segment" label={t('keyLists.field.segment')} style={{ flex: 1 }}>
            <Select allowClear options={CHAIN_SEGMENTS.map((s) => ({ value: s, label: t(`keyLists.segment.${s}`) }))} data-testid="entry-segment" />
          </Form.Item>
          <Form.Item name="role" label={t('keyLists.field.role')} style={{ flex: 1 }}>
            <Select allowClear options={CHAIN_ROLES.map((r) => ({ value: r, label: t(`keyLists.role.${r}`) }))} data-testid="entry-role" />
          </Form.Item>
        </div>
        <Form.Item name="tags" label={t('keyLists.field.tags')}>
          <Select mode="multiple" allowClear options={ENTERPRISE_TAGS.map((tag) => ({ value: tag, label: t(`keyLists.tag.${tag}`) }))} data-testid="entry-tags" />
        </Form.Item>
        <Form.Item name="financingNeed" label={t('keyLists.field.need')} rules={[{ max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} data-testid="entry-need" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
