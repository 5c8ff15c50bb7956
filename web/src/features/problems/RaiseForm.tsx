import { CameraOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Form, Grid, Input, Select, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../../../common/problems';
import { ApiError } from '../../api/client';
import { useTypedSearch } from '../../components/useTypedSearch';
import { problemApi, useProjectChoices } from './api';

interface Values {
  title: string;
  category: ProblemCategory;
  description: string;
  projectId?: number;
}

/**
 * 反映问题 / 提需求, one column so that it reads on a phone. Officers search their projects; an
 * enterprise contact picks among its own (the portal's list) or none. Photos wait in the form and
 * go up once the problem exists.
 */
export function RaiseForm({
  open,
  onClose,
  onSaved,
  ownProjects,
  defaultCategory,
}: {
  open: boolean;
  onClose: () => void;
  onSaved: (id: number) => void;
  /** An enterprise contact's projects (from the portal); absent: officers search the ledger. */
  ownProjects?: { id: number; name: string }[];
  defaultCategory?: ProblemCategory;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [saving, setSaving] = useState(false);
  const [projectQuery, setProjectQuery] = useState('');
  const [typed, setTyped] = useTypedSearch((q) => setProjectQuery(q ?? ''));
  const projects = useProjectChoices(projectQuery, open && !ownProjects);
  const narrow = Grid.useBreakpoint().md === false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ category: defaultCategory });
    setPhotos([]);
  }, [open, form, defaultCategory]);

  async function submit(values: Values) {
    setSaving(true);
    try {
      const created = await problemApi.raise({ title: values.title, category: values.category, description: values.description, projectId: values.projectId ?? null });
      // The problem stands once raised: a photo that fails is said, not a reason to raise it again.
      const failed: string[] = [];
      for (const p of photos) {
        if (!p.originFileObj) continue;
        try {
          await problemApi.attach(created.id, p.originFileObj);
        } catch (e) {
          failed.push(`${p.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (failed.length) message.warning(t('problems.photosFailed', { list: failed.join('；') }));
      else message.success(t('problems.raised', { code: created.code }));
      void client.invalidateQueries({ queryKey: ['problems'] });
      onSaved(created.id);
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Values, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  const projectOptions = ownProjects ? ownProjects.map((p) => ({ value: p.id, label: p.name })) : (projects.data ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.code}）` }));

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('problems.raiseTitle')}
      placement={narrow ? 'bottom' : 'right'}
      size={narrow ? '92%' : 520}
      destroyOnHidden
      footer={
        <Button type="primary" block size="large" loading={saving} onClick={() => form.submit()} data-testid="problem-save">
          {t('problems.submit')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional">
        <Form.Item name="category" label={t('problems.field.category')} rules={[{ required: true, message: t('problems.required') }]}>
          <Select
            size="large"
            data-testid="problem-category"
            placeholder={t('problems.categoryPlaceholder')}
            options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problems.category.${c}`), hint: t(`problems.categoryHint.${c}`) }))}
            optionRender={(o) => (
              <div>
                <div>{o.label}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                  {o.data.hint}
                </Typography.Text>
              </div>
            )}
          />
        </Form.Item>
        <Form.Item name="title" label={t('problems.field.title')} rules={[{ required: true, min: 2, max: 200, message: t('problems.titleRule') }]}>
          <Input size="large" maxLength={200} placeholder={t('problems.titlePlaceholder')} data-testid="problem-title" />
        </Form.Item>
        <Form.Item name="description" label={t('problems.field.description')} rules={[{ required: true, min: 2, max: 5000, message: t('problems.descriptionRule') }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('problems.descriptionPlaceholder')} data-testid="problem-description" />
        </Form.Item>
        {(!ownProjects || ownProjects.length > 0) && (
          <Form.Item name="projectId" label={t('problems.field.project')}>
            <Select
              size="large"
              allowClear
              showSearch={!ownProjects}
              filterOption={false}
              searchValue={ownProjects ? undefined : typed}
              onSearch={ownProjects ? undefined : setTyped}
              loading={!ownProjects && projects.isFetching}
              placeholder={ownProjects ? t('problems.projectPlaceholderOwn') : t('problems.projectPlaceholder')}
              options={projectOptions}
              data-testid="problem-project"
            />
          </Form.Item>
        )}
        <Form.Item label={t('problems.photos')} extra={<Typography.Text type="secondary">{t('problems.photosHint')}</Typography.Text>}>
          <Upload
            listType="picture-card"
            accept="image/*"
            capture="environment"
            multiple
            fileList={photos}
            beforeUpload={() => false}
            onChange={({ fileList }) => setPhotos(fileList.slice(0, 9))}
            data-testid="problem-photos"
          >
            {photos.length < 9 && (
              <div>
                <CameraOutlined style={{ fontSize: 22 }} />
                <div style={{ marginTop: 4, fontSize: 12 }}>{narrow ? t('problems.takePhoto') : t('problems.addPhoto')}</div>
              </div>
            )}
          </Upload>
        </Form.Item>
      </Form>
    </Drawer>
  );
}
