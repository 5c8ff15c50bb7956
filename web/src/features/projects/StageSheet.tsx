import { useQueryClient } from '@tanstack/react-query';
import { App, Drawer, Form, Grid, Input, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAGES } from '../../../../common/projects';
import { api, ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { SHEET_STYLES, SheetButtons } from '../../components/PageActions';
import { PhotoPicker, uploadPhotos } from '../../components/PhotoPicker';
import type { ProjectDetail } from './api';

interface Values {
  stage: string;
  actualDate?: string;
  reason?: string;
  photos?: File[];
}

/**
 * 变更阶段: forward with the actual date (today unless said otherwise), back with a reason. At a desk
 * a dialog; on a phone a sheet from the bottom edge with the next stage chosen and the button under
 * the thumb. Photos of the site are optional and kept as the project's attachments once it moved.
 */
export function StageSheet({ project: p, open, onClose, onMoved, onConflict }: { project: ProjectDetail; open: boolean; onClose: () => void; onMoved: (next: ProjectDetail) => void; onConflict: (message: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;
  const reached = STAGES.indexOf(p.stage);
  const target = Form.useWatch('stage', form);
  const forward = target ? STAGES.indexOf(target as (typeof STAGES)[number]) > reached : true;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ stage: STAGES[Math.min(reached + 1, STAGES.length - 1)], actualDate: dayjs().format('YYYY-MM-DD'), photos: [] });
  }, [open, form, reached]);

  async function submit(values: Values) {
    setSaving(true);
    try {
      const next = await api<ProjectDetail>('POST', `/api/projects/${p.id}/stage`, { stage: values.stage, actualDate: forward ? values.actualDate : undefined, reason: forward ? undefined : values.reason || undefined, version: p.version });
      const photos = forward ? (values.photos ?? []) : [];
      const failed = await uploadPhotos(photos, (name) => `/api/projects/${p.id}/attachments?name=${name}`);
      if (photos.length) void client.invalidateQueries({ queryKey: ['attachments', p.id] });
      if (failed.length) message.warning(t('photos.failed', { list: failed.join('；') }));
      else message.success(t('common.saved'));
      onMoved(next);
    } catch (e) {
      if (!(e instanceof ApiError)) message.error(e instanceof Error ? e.message : String(e));
      else if (e.code === 'PROJECT_VERSION_CONFLICT') onConflict(e.message);
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  const size = narrow ? 'large' : undefined;
  const fields = (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
      {narrow && (
        <Typography.Paragraph type="secondary" style={{ overflowWrap: 'anywhere' }}>
          {t('projects.stageIntro', { project: p.name, stage: t(`stage.${p.stage}`) })}
        </Typography.Paragraph>
      )}
      <Form.Item name="stage" label={t('projects.targetStage')} rules={[{ required: true }]}>
        <Select size={size} options={STAGES.filter((s) => s !== p.stage).map((s) => ({ value: s, label: STAGES.indexOf(s) < reached ? t('projects.backTo', { stage: t(`stage.${s}`) }) : t(`stage.${s}`) }))} data-testid="project-target-stage" />
      </Form.Item>
      {forward ? (
        <>
          <Form.Item name="actualDate" label={t('projects.actualDate')} rules={[{ required: true }]} extra={t('projects.skipHint')}>
            <DateField size={size} allowClear={false} inputReadOnly={narrow} data-testid="project-actual-date" />
          </Form.Item>
          <Form.Item name="photos" label={t('projects.stagePhotos')} extra={t('projects.stagePhotosHint')}>
            <PhotoPicker camera={narrow} max={6} testId="project-stage-photos" />
          </Form.Item>
        </>
      ) : (
        <Form.Item name="reason" label={t('projects.reason')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      )}
    </Form>
  );

  if (!narrow)
    return (
      <Modal open={open} title={t('projects.changeStage')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving} destroyOnHidden okButtonProps={{ 'data-testid': 'project-dialog-ok' } as never}>
        {fields}
      </Modal>
    );
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('projects.changeStage')}
      placement="bottom"
      size="auto"
      destroyOnHidden
      styles={{ ...SHEET_STYLES, wrapper: { maxHeight: '92vh' } }}
      footer={<SheetButtons onCancel={onClose} onOk={() => form.submit()} saving={saving} okLabel={t('projects.confirmStage')} okTestId="project-dialog-ok" />}
      data-testid="project-stage-sheet"
    >
      {fields}
    </Drawer>
  );
}
