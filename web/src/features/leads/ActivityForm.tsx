import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Form, Grid, Input } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES } from '../../../../common/leads';
import { api, ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { SHEET_STYLES, SheetButtons } from '../../components/PageActions';
import { PhotoPicker, uploadPhotos } from '../../components/PhotoPicker';
import { UnitTreeSelect } from '../../components/units';
import type { Activity } from './api';

interface Values {
  type: (typeof ACTIVITY_TYPES)[number];
  date: string;
  place?: string;
  ourPeople?: string;
  theirPeople?: string;
  notes?: string;
  unitId?: number;
  photos?: File[];
}

/** The kind of work as big buttons, one tap each (a select needs two and a steady hand). */
function TypeChoice({ value, onChange }: { value?: string; onChange?: (v: Values['type']) => void }) {
  const { t } = useTranslation();
  return (
    <Flex wrap gap={8} data-testid="activity-type">
      {ACTIVITY_TYPES.map((x) => (
        <Button key={x} size="large" type={value === x ? 'primary' : 'default'} onClick={() => onChange?.(x)} aria-pressed={value === x}>
          {t(`activities.type.${x}`)}
        </Button>
      ))}
    </Flex>
  );
}

/**
 * 登记活动 on a lead or a project: on a phone the whole screen, large fields, the date today, photos
 * from the camera and the buttons along the bottom edge; at a desk a drawer beside the page. The
 * photos go up once the activity exists; one that fails is said, not a reason to log it again.
 */
export function ActivityForm({ target, id, open, onClose, onLogged }: { target: 'leads' | 'projects'; id: number; open: boolean; onClose: () => void; onLogged?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ type: 'visit', date: dayjs().format('YYYY-MM-DD'), photos: [] });
  }, [open, form]);

  async function submit(values: Values) {
    setSaving(true);
    try {
      const created = await api<Activity>('POST', `/api/${target}/${id}/activities`, { unitId: values.unitId || undefined, type: values.type, date: values.date, place: values.place || null, ourPeople: values.ourPeople || null, theirPeople: values.theirPeople || null, notes: values.notes || null });
      const photos = values.photos ?? [];
      const failed = await uploadPhotos(photos, (name) => `/api/activities/${created.id}/attachments?name=${name}`);
      if (failed.length) message.warning(t('photos.failed', { list: failed.join('；') }));
      else message.success(photos.length ? t('activities.savedWithPhotos', { count: photos.length }) : t('common.saved'));
      await client.invalidateQueries({ queryKey: ['activities', target, id] });
      onClose();
      onLogged?.();
    } catch (e) {
      if (!(e instanceof ApiError)) message.error(e instanceof Error ? e.message : String(e));
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('activities.add')}
      placement={narrow ? 'bottom' : 'right'}
      size={narrow ? '100%' : 520}
      destroyOnHidden
      styles={narrow ? SHEET_STYLES : undefined}
      footer={<SheetButtons onCancel={onClose} onOk={() => form.submit()} saving={saving} okLabel={t('common.save')} okTestId="activity-save" />}
      data-testid="activity-form"
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="type" label={t('activities.field.type')} rules={[{ required: true }]}>
          <TypeChoice />
        </Form.Item>
        <Form.Item name="date" label={t('activities.field.date')} rules={[{ required: true, message: t('activities.dateRequired') }]}>
          <DateField size="large" allowClear={false} inputReadOnly={narrow} data-testid="activity-date" />
        </Form.Item>
        <Form.Item name="place" label={t('activities.field.place')}>
          <Input size="large" maxLength={200} data-testid="activity-place" />
        </Form.Item>
        <Form.Item name="photos" label={t('activities.photos')} extra={t('activities.photosHint')} valuePropName="value">
          <PhotoPicker camera={narrow} testId="activity-photos" />
        </Form.Item>
        <Form.Item name="notes" label={t('activities.field.notes')}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="activity-notes" />
        </Form.Item>
        <Form.Item name="ourPeople" label={t('activities.field.ourPeople')}>
          <Input size="large" maxLength={500} />
        </Form.Item>
        <Form.Item name="theirPeople" label={t('activities.field.theirPeople')}>
          <Input size="large" maxLength={500} />
        </Form.Item>
        <Form.Item name="unitId" label={t('activities.field.unit')} extra={t('activities.unitHint')}>
          <UnitTreeSelect allowClear size="large" style={{ width: '100%', minWidth: 0 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
