import { CameraOutlined, DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Form, Grid, Input, Select, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVIDENCE_KINDS, type EvidenceKind } from '../../../../common/problems';
import type { Stage } from '../../../../common/projects';
import { ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { evidenceApi, stagesAfter } from './evidence';

interface Values {
  stage: Stage;
  kind: EvidenceKind;
  reachedOn: string;
  note?: string;
}

/** What proves a stage best, so the form offers it first: a licence the registration, a permit the start. */
const LIKELY_KIND: Partial<Record<Stage, EvidenceKind>> = { registered: 'license', land: 'permit', started: 'photo' };

/** The chosen file, with a thumbnail when it is a photo. */
function ChosenFile({ file, onRemove }: { file: File; onRemove: () => void }) {
  const { t } = useTranslation();
  // A data: address, as antd's own thumbnails: the page's CSP lets images come from data: but not blob:.
  const [preview, setPreview] = useState<string | null>(null);
  useEffect(() => {
    setPreview(null);
    if (!file.type.startsWith('image/') || file.size > 15 * 1024 * 1024) return;
    const reader = new FileReader();
    reader.onload = () => setPreview(typeof reader.result === 'string' ? reader.result : null);
    reader.readAsDataURL(file);
    return () => reader.abort();
  }, [file]);
  return (
    <Flex align="center" gap={8} style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: 8 }} data-testid="evidence-chosen">
      {preview ? <img src={preview} alt="" style={{ width: 56, height: 56, objectFit: 'cover', borderRadius: 4, flex: 'none' }} /> : <UploadOutlined style={{ fontSize: 24, flex: 'none' }} />}
      <Typography.Text style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{file.name}</Typography.Text>
      <Button type="text" icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('evidence.removeFile')} />
    </Flex>
  );
}

/**
 * 上传阶段佐证: which later stage the project reached and on what day, what kind of proof, and the
 * file — on a phone straight from the camera. The project's unit confirms it before the stage moves.
 */
export function EvidenceForm({ project, onClose }: { project: { id: number; name: string; stage: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;
  const stages = project ? stagesAfter(project.stage) : [];

  useEffect(() => {
    if (!project) return;
    const next = stagesAfter(project.stage)[0];
    form.resetFields();
    form.setFieldsValue({ stage: next, kind: (next && LIKELY_KIND[next]) ?? 'photo', reachedOn: dayjs().format('YYYY-MM-DD') });
    setFile(null);
    setFileError(null);
  }, [project, form]);

  const chosen = (f: File) => {
    setFile(f);
    setFileError(null);
    return false;
  };

  async function submit(values: Values) {
    if (!project) return;
    if (!file) {
      setFileError(t('evidence.fileRequired'));
      return;
    }
    setSaving(true);
    try {
      await evidenceApi.submit(project.id, { stage: values.stage, kind: values.kind, reachedOn: values.reachedOn, note: values.note }, file);
      message.success(t('evidence.submitted'));
      await client.invalidateQueries({ queryKey: ['portal'] });
      onClose();
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.code === 'EVIDENCE_STAGE_REACHED') form.setFields([{ name: 'stage', errors: [e.message] }]);
      else if (e.code === 'EVIDENCE_DATE_FUTURE') form.setFields([{ name: 'reachedOn', errors: [e.message] }]);
      else if (e.code.startsWith('ATTACHMENT') || e.status === 413) setFileError(e.message);
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={project !== null}
      onClose={onClose}
      title={t('evidence.uploadTitle')}
      placement={narrow ? 'bottom' : 'right'}
      size={narrow ? '92%' : 480}
      destroyOnHidden
      footer={
        <Button type="primary" block size="large" loading={saving} onClick={() => form.submit()} data-testid="evidence-save">
          {t('evidence.submit')}
        </Button>
      }
    >
      {project && (
        <Typography.Paragraph type="secondary" style={{ overflowWrap: 'anywhere' }}>
          {t('evidence.uploadIntro', { project: project.name, stage: t(`stage.${project.stage}`) })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="stage" label={t('evidence.field.stage')} rules={[{ required: true, message: t('evidence.stageRequired') }]}>
          <Select
            size="large"
            options={stages.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
            onChange={(s: Stage) => {
              const kind = LIKELY_KIND[s];
              if (kind) form.setFieldValue('kind', kind);
            }}
            data-testid="evidence-stage"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('evidence.field.kind')} rules={[{ required: true }]}>
          <Select size="large" options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidence.kind.${k}`) }))} data-testid="evidence-kind" />
        </Form.Item>
        <Form.Item name="reachedOn" label={t('evidence.field.reachedOn')} rules={[{ required: true, message: t('evidence.dateRequired') }]}>
          <DateField size="large" allowClear={false} inputReadOnly={narrow} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="evidence-date" />
        </Form.Item>
        <Form.Item label={t('evidence.field.file')} required validateStatus={fileError ? 'error' : undefined} help={fileError ?? t('evidence.fileHint')}>
          {file ? (
            <ChosenFile file={file} onRemove={() => setFile(null)} />
          ) : (
            <Flex gap={8} wrap>
              {narrow && (
                <Upload showUploadList={false} accept="image/*" capture="environment" beforeUpload={chosen}>
                  <Button size="large" type="primary" ghost icon={<CameraOutlined />} data-testid="evidence-camera">
                    {t('problems.takePhoto')}
                  </Button>
                </Upload>
              )}
              <Upload showUploadList={false} accept="image/*,.pdf" beforeUpload={chosen}>
                <Button size="large" icon={<UploadOutlined />} data-testid="evidence-file-pick">
                  {narrow ? t('problems.chooseFile') : t('evidence.chooseFile')}
                </Button>
              </Upload>
            </Flex>
          )}
        </Form.Item>
        <Form.Item name="note" label={t('evidence.field.note')}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('evidence.notePlaceholder')} data-testid="evidence-note" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
