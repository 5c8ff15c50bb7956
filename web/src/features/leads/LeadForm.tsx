import { Alert, App, Col, Divider, Form, Grid, Input, InputNumber, List, Modal, Row, Select, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LEAD_SOURCES } from '../../../../common/leads';
import { INVESTOR_TAGS } from '../../../../common/projects';
import { api, ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { usccRule } from '../../components/usccRule';
import { activeChains, useChains } from '../projects/api';
import type { LeadDetail } from './api';

interface Check {
  conflict: { ownerUnitName: string; registeredAt: string } | null;
  same: { kind: 'lead' | 'project'; enterpriseName: string; unitName: string; registeredOn: string; visible: boolean }[];
  near: { kind: 'lead' | 'project'; enterpriseName: string; unitName: string; registeredOn: string; similarity: number; visible: boolean }[];
}

const FIELDS = ['title', 'enterpriseName', 'uscc', 'enterpriseHome', 'enterpriseTags', 'chainId', 'industry', 'estimatedInvestmentWan', 'estimatedForeignUsdWan', 'source', 'firstContactDate', 'contactName', 'contactPhone', 'nextStep', 'nextStepDate', 'remarks'] as const;

/**
 * Register (or edit) a lead. While the enterprise is typed, the city is searched for the same
 * company — its credit code or its normalised name — and for near names: the person sees who
 * registered it first before saving, and is never stopped.
 */
export function LeadForm({ open, lead, onClose, onSaved }: { open: boolean; lead?: LeadDetail; onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm();
  const chains = useChains();
  const [check, setCheck] = useState<Check | null>(null);
  const [saving, setSaving] = useState(false);
  const narrow = Grid.useBreakpoint().md === false;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setCheck(null);
    if (lead) form.setFieldsValue({ ...lead, contactPhone: undefined });
    else form.setFieldsValue({ firstContactDate: dayjs().format('YYYY-MM-DD'), enterpriseTags: [] });
  }, [open, lead, form]);

  async function runCheck() {
    const name = (form.getFieldValue('enterpriseName') as string | undefined)?.trim();
    const uscc = (form.getFieldValue('uscc') as string | undefined)?.trim() || null;
    if (!name || name.length < 2 || lead) return setCheck(null);
    try {
      setCheck(await api<Check>('POST', '/api/leads/check', { enterpriseName: name, uscc: uscc && /^[0-9A-Z]{18}$/i.test(uscc) ? uscc : null }));
    } catch {
      setCheck(null);
    }
  }

  async function submit(values: Record<string, unknown>) {
    const body: Record<string, unknown> = {};
    for (const key of FIELDS) {
      const v = values[key];
      body[key] = v === '' || v === undefined ? (lead ? null : undefined) : v;
    }
    if (lead && values.contactPhone === undefined) delete body.contactPhone;
    if (!body.enterpriseTags) body.enterpriseTags = [];
    setSaving(true);
    try {
      if (lead) {
        await api('PATCH', `/api/leads/${lead.id}`, { ...body, version: lead.version });
        message.success(t('common.saved'));
        onSaved(lead.id);
        return;
      }
      const created = await api<{ id: number; code: string; conflict: { ownerUnitName: string; registeredAt: string } | null }>('POST', '/api/leads', body);
      if (created.conflict) {
        modal.warning({
          // Saved, and what happens next: the commerce bureau decides whose the company is.
          title: t('leads.conflictSavedTitle', { code: created.code }),
          content: (
            <>
              <p data-testid="lead-conflict-notice">{t('leads.conflictNotice', { unit: created.conflict.ownerUnitName, date: created.conflict.registeredAt })}</p>
              <p>{t('leads.conflictNext')}</p>
            </>
          ),
          okText: t('common.ok'),
          onOk: () => onSaved(created.id),
        });
      } else {
        message.success(t('leads.created', { code: created.code }));
        onSaved(created.id);
      }
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
      else message.error(e.message);
    } finally {
      setSaving(false);
    }
  }

  // Three short sections instead of one long grid; the body scrolls and 确定/取消 stay in sight.
  const section = (key: string) => (
    <Divider titlePlacement="start" style={{ margin: '4px 0 12px' }}>
      {t(`leads.section.${key}`)}
    </Divider>
  );
  return (
    <Modal
      open={open}
      width={narrow ? '100%' : 860}
      style={narrow ? { top: 8, maxWidth: '100vw', paddingBottom: 0 } : { top: 40 }}
      styles={{ body: { maxHeight: narrow ? 'calc(100vh - 150px)' : 'calc(100vh - 220px)', overflowY: 'auto', overflowX: 'hidden', paddingRight: 4 } }}
      title={lead ? t('leads.edit') : t('leads.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'lead-save' } as never}
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark>
        {section('enterprise')}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="enterpriseName" label={t('leads.field.enterprise')} rules={[{ required: true, min: 2, max: 200 }]}>
              <Input onBlur={runCheck} data-testid="lead-enterprise" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="uscc" label={t('projects.field.uscc')} rules={[usccRule(t)]} normalize={(v: string) => v?.toUpperCase()}>
              <Input onBlur={runCheck} maxLength={18} />
            </Form.Item>
          </Col>
        </Row>
        {check && (check.conflict || check.same.length > 0 || check.near.length > 0) && (
          <Alert
            style={{ marginBottom: 16 }}
            type={check.conflict ? 'warning' : 'info'}
            showIcon
            data-testid="lead-candidates"
            message={check.conflict ? t('leads.conflictNotice', { unit: check.conflict.ownerUnitName, date: check.conflict.registeredAt }) : t('leads.candidatesTitle')}
            description={
              <List
                size="small"
                dataSource={[...check.same.map((s) => ({ ...s, similarity: 1 })), ...check.near]}
                renderItem={(c) => (
                  <List.Item>
                    <Typography.Text>{c.enterpriseName}</Typography.Text>
                    <span>
                      <Tag>{t(`leads.candidateKind.${c.kind}`)}</Tag>
                      {c.unitName} · {c.registeredOn}
                      {c.similarity < 1 && <Tag style={{ marginLeft: 8 }}>{t('leads.similarity', { percent: Math.round(c.similarity * 100) })}</Tag>}
                    </span>
                  </List.Item>
                )}
              />
            }
          />
        )}
        <Row gutter={16}>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="enterpriseHome" label={t('leads.field.home')}>
              <Input maxLength={100} placeholder={t('leads.homePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="industry" label={t('leads.field.industry')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="enterpriseTags" label={t('projects.field.investorTags')}>
              <Select mode="multiple" allowClear options={INVESTOR_TAGS.map((x) => ({ value: x, label: x }))} />
            </Form.Item>
          </Col>
        </Row>
        {section('project')}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="title" label={t('leads.field.title')} rules={[{ required: true, min: 2, max: 200 }]}>
              <Input data-testid="lead-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="source" label={t('leads.field.source')} rules={[{ required: true }]}>
              <Select options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads.source.${s}`) }))} data-testid="lead-source" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="firstContactDate" label={t('leads.field.firstContact')} rules={[{ required: true }]}>
              <DateField data-testid="lead-first-contact" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name="estimatedInvestmentWan" label={`${t('leads.field.estimated')}（${t('money.wan')}）`}>
              <InputNumber min={0} max={1e9} precision={4} style={{ width: '100%' }} data-testid="lead-amount" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={8}>
            <Form.Item name="estimatedForeignUsdWan" label={`${t('leads.field.foreign')}（${t('money.usdWan')}）`}>
              <InputNumber min={0} max={1e9} precision={4} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="chainId" label={t('projects.field.chain')}>
              <Select allowClear showSearch optionFilterProp="label" options={activeChains(chains.data, lead?.chainId).map((c) => ({ value: c.id, label: c.name }))} />
            </Form.Item>
          </Col>
        </Row>
        {section('contact')}
        <Row gutter={16}>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="contactName" label={t('leads.field.contact')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="contactPhone" label={t('leads.field.phone')} rules={[{ pattern: /^[0-9+\- ]{5,20}$/, message: t('leads.phoneInvalid') }]} extra={lead ? t('leads.phoneKeep') : undefined}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="nextStep" label={t('leads.field.nextStep')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} md={6}>
            <Form.Item name="nextStepDate" label={t('leads.field.nextStepDate')}>
              <DateField data-testid="lead-next-step-date" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="remarks" label={t('projects.field.remarks')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
