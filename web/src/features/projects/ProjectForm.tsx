import { useQuery } from '@tanstack/react-query';
import { App, Button, Col, Divider, Drawer, Flex, Form, Grid, Input, InputNumber, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORIES, CHAIN_ROLES, INVESTOR_TAGS, NATURES, STAGES } from '../../../../common/projects';
import { api, ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { UnitTreeSelect } from '../../components/units';
import { usccRule } from '../../components/usccRule';
import { activeChains, useChains, type ProjectDetail } from './api';

/** Form field → its label key under projects.field. */
const FIELD_LABELS: Record<string, string> = {
  investorName: 'investor', investorUscc: 'uscc', investorRegion: 'region', hostUnitId: 'hostUnit', totalInvestmentWan: 'total', fixedAssetWan: 'fixedAsset', foreignInvestmentUsdWan: 'foreign',
  chainId: 'chain', leaderName: 'leader', progressText: 'progress', deptUnitId: 'dept', officerUserId: 'officer', sourceChannel: 'source', registeredCapitalWan: 'registeredCapital', landMu: 'land',
  expectedJobs: 'jobs', expectedOutputWan: 'output', expectedTaxWan: 'tax',
};

const SOURCES = ['驻点招商（苏州）', '驻点招商（上海）', '驻点招商（南京）', '以商招商', '中介机构', '展会', '企业家朋友圈', '上级推送', '其他'];

/** Create or edit a project; validation messages appear beside the fields they concern. */
export function ProjectForm({ open, project, onClose, onSaved }: { open: boolean; project?: ProjectDetail; onClose: () => void; onSaved: (p: ProjectDetail) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const chains = useChains();
  // Officers: colleagues in my data scope, from the directory (names and units only).
  const officers = useQuery({ queryKey: ['directory', 'officers'], queryFn: () => api<{ items: { id: number; displayName: string; unitName: string }[] }>('GET', '/api/directory/users?pageSize=200'), select: (r) => r.items, enabled: open });
  const [form] = Form.useForm();
  const narrow = Grid.useBreakpoint().md === false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (project) form.setFieldsValue(project);
    else form.setFieldsValue({ stage: 'signed', tags: [], investorTags: [] });
  }, [open, project, form]);

  async function submit(values: Record<string, unknown>) {
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
    // Only what this person changed: on a conflict, exactly that is applied to the newer version.
    const changed = project ? Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify((project as unknown as Record<string, unknown>)[k] ?? null))) : body;
    try {
      const saved = project
        ? await api<ProjectDetail>('PATCH', `/api/projects/${project.id}`, { ...changed, version: project.version })
        : await api<ProjectDetail>('POST', '/api/projects', { ...body, stageDates: body.signedDate ? { signed: { actual: body.signedDate } } : undefined, signedDate: undefined });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.code === 'PROJECT_VERSION_CONFLICT' && project) {
        modal.confirm({
          title: t('projects.conflictTitle'),
          content: `${e.message} ${t('projects.reapplyHint', { fields: Object.keys(changed).map((k) => t(`projects.field.${FIELD_LABELS[k] ?? k}`)).join('、') })}`,
          okText: t('projects.reapply'),
          cancelText: t('projects.discard'),
          onOk: async () => {
            const latest = await api<ProjectDetail>('GET', `/api/projects/${project.id}`);
            onSaved(await api<ProjectDetail>('PATCH', `/api/projects/${project.id}`, { ...changed, version: latest.version }));
            message.success(t('common.saved'));
          },
          onCancel: onClose,
        });
      } else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field.split('.')[0], errors: [d.message] })));
      else message.error(e.message);
    }
  }

  const wan = <InputNumber min={0} precision={4} style={{ width: '100%' }} addonAfter={t('money.wan')} />;
  // Four short sections; 保存/取消 sit in the drawer's footer, always in sight however long the form.
  const section = (key: string) => (
    <Col span={24}>
      <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
        {t(`projects.section.${key}`)}
      </Divider>
    </Col>
  );
  const third = { xs: 24, sm: 12, md: 8 };
  const half = { xs: 24, md: 12 };
  return (
    <Drawer
      open={open}
      width={narrow ? '100%' : 760}
      title={project ? t('projects.editTitle', { name: project.name }) : t('projects.create')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} data-testid="project-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Row gutter={12}>
          {section('basic')}
          <Col xs={24} md={16}>
            <Form.Item name="name" label={t('projects.field.name')} rules={[{ required: true, min: 2 }]}>
              <Input data-testid="project-name" />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="hostUnitId" label={t('projects.field.hostUnit')} rules={[{ required: true }]}>
              <UnitTreeSelect data-testid="project-unit" />
            </Form.Item>
          </Col>
          {!project && (
            <>
              <Col {...third}>
                <Form.Item name="stage" label={t('projects.field.stage')}>
                  <Select options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
                </Form.Item>
              </Col>
              <Col {...third}>
                <Form.Item name="signedDate" label={t('projects.field.signedDate')}>
                  <DateField data-testid="project-signed-date" />
                </Form.Item>
              </Col>
            </>
          )}
          <Col {...third}>
            <Form.Item name="chainId" label={t('projects.field.chain')}>
              <Select allowClear showSearch optionFilterProp="label" options={activeChains(chains.data, project?.chainId).map((c) => ({ value: c.id, label: `${c.cluster} · ${c.name}` }))} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="chainRole" label={t('projects.field.chainRole')}>
              <Select allowClear options={CHAIN_ROLES.map((v) => ({ value: v, label: t(`projects.chainRole.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="nature" label={t('projects.field.nature')}>
              <Select allowClear options={NATURES.map((v) => ({ value: v, label: t(`projects.nature.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="category" label={t('projects.field.category')}>
              <Select allowClear options={CATEGORIES.map((v) => ({ value: v, label: t(`projects.category.${v}`) }))} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="tags" label={t('projects.field.tags')}>
              <Select mode="tags" options={['市重大', '省重大'].map((v) => ({ value: v, label: v }))} />
            </Form.Item>
          </Col>
          {section('investor')}
          <Col {...half}>
            <Form.Item name="investorName" label={t('projects.field.investor')}>
              <Input />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="investorUscc" label={t('projects.field.uscc')} rules={[usccRule(t)]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="investorTags" label={t('projects.field.investorTags')}>
              <Select mode="multiple" options={INVESTOR_TAGS.map((v) => ({ value: v, label: v }))} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="investorRegion" label={t('projects.field.region')}>
              <Input />
            </Form.Item>
          </Col>
          {section('figures')}
          <Col {...third}>
            <Form.Item name="totalInvestmentWan" label={t('projects.field.total')} rules={[{ required: true }]}>
              {wan}
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="fixedAssetWan" label={t('projects.field.fixedAsset')}>
              {wan}
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="foreignInvestmentUsdWan" label={t('projects.field.foreign')}>
              <InputNumber min={0} precision={4} style={{ width: '100%' }} addonAfter={t('money.usdWan')} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="registeredCapitalWan" label={t('projects.field.registeredCapital')}>
              {wan}
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="landMu" label={t('projects.field.land')} rules={[{ pattern: /^\d+(\.\d{1,2})?$/, message: t('projects.landRule') }]}>
              <Input addonAfter={t('projects.mu')} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="expectedJobs" label={t('projects.field.jobs')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="expectedOutputWan" label={t('projects.field.output')}>
              {wan}
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="expectedTaxWan" label={t('projects.field.tax')}>
              {wan}
            </Form.Item>
          </Col>
          {section('people')}
          <Col {...third}>
            <Form.Item name="leaderName" label={t('projects.field.leader')}>
              <Input />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="deptUnitId" label={t('projects.field.dept')}>
              <UnitTreeSelect allowClear />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="officerUserId" label={t('projects.field.officer')}>
              <Select allowClear showSearch optionFilterProp="label" options={(officers.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName}（${u.unitName}）` }))} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="sourceChannel" label={t('projects.field.source')}>
              <Select allowClear options={SOURCES.map((v) => ({ value: v, label: v }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="progressText" label={t('projects.field.progress')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="remarks" label={t('projects.field.remarks')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
