import { CheckCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Rate, Segmented, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { DateField } from '../../components/DateField';
import { useUnits } from '../../components/units';
import { problemApi, type ProblemDetail } from './api';

/** Runs a step, puts the answer (the fresh detail) in place and says what went wrong in the form or a message. */
function useStep(p: ProblemDetail) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  async function run(step: () => Promise<ProblemDetail>, form?: ReturnType<typeof Form.useForm>[0]) {
    setBusy(true);
    try {
      const next = await step();
      client.setQueryData(['problem', String(p.id)], next);
      message.success(t('common.saved'));
      form?.resetFields();
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.details?.length && form) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
      else message.error(e.message);
      // Someone else moved it on: show where it stands now.
      if (e.status === 409) void client.invalidateQueries({ queryKey: ['problem', String(p.id)] });
    } finally {
      setBusy(false);
      void client.invalidateQueries({ queryKey: ['problems'] });
      void client.invalidateQueries({ queryKey: ['portal'] });
    }
  }
  return { busy, run };
}

const submitProps = { type: 'primary' as const, htmlType: 'submit' as const, block: true };

/** 交办 (or 改派 while a department holds it): a lead department, co-handling ones, a deadline. */
export function AssignPanel({ p }: { p: ProblemDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, run } = useStep(p);
  const units = useUnits();
  const departments = (units.data ?? []).filter((u) => u.kind === 'department' && !u.disabled).map((u) => ({ value: u.id, label: u.name }));
  const lead = Form.useWatch('unitId', form) as number | undefined;
  const reassign = p.status !== 'raised';
  // Reassigning is the exception once a department holds it: the form waits behind a button.
  const [open, setOpen] = useState(!reassign);
  if (!open)
    return (
      <Card size="small" title={t('problems.action.reassign')} data-testid="panel-assign">
        <Typography.Paragraph type="secondary">{t('problems.reassignHint', { unit: p.leadUnitName ?? '—' })}</Typography.Paragraph>
        <Button block onClick={() => setOpen(true)} data-testid="assign-open">
          {t('problems.action.reassignOpen')}
        </Button>
      </Card>
    );
  return (
    <Card size="small" title={reassign ? t('problems.action.reassign') : t('problems.action.assign')} data-testid="panel-assign">
      <Form
        form={form}
        layout="vertical"
        initialValues={reassign ? { unitId: p.leadUnitId ?? undefined, coUnitIds: p.coUnits.map((u) => u.id) } : undefined}
        onFinish={(v: { unitId: number; coUnitIds?: number[]; dueDate?: string; note?: string }) =>
          run(() => problemApi.assign(p.id, { unitId: v.unitId, coUnitIds: v.coUnitIds?.filter((id) => id !== v.unitId), dueDate: v.dueDate, note: v.note?.trim() || undefined, version: p.version }), form)
        }
      >
        <Form.Item name="unitId" label={t('problems.field.lead')} rules={[{ required: true, message: t('problems.required') }]}>
          <Select showSearch optionFilterProp="label" loading={units.isLoading} options={departments} placeholder={t('problems.chooseDepartment')} data-testid="assign-unit" />
        </Form.Item>
        <Form.Item name="coUnitIds" label={t('problems.field.coUnits')}>
          <Select mode="multiple" showSearch optionFilterProp="label" maxCount={10} options={departments.filter((d) => d.value !== lead)} placeholder={t('problems.optional')} data-testid="assign-co" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('problems.field.due')} extra={t('problems.dueHint', { category: t(`problems.category.${p.category}`) })}>
          <DateField disabledDate={(d) => d.isBefore(dayjs().add(1, 'day'), 'day') || d.isAfter(dayjs().add(1, 'year'), 'day')} data-testid="assign-due" />
        </Form.Item>
        <Form.Item name="note" label={t('problems.field.note')}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('problems.optional')} />
        </Form.Item>
        <Button {...submitProps} loading={busy} data-testid="assign-submit">
          {reassign ? t('problems.action.reassign') : t('problems.action.assign')}
        </Button>
      </Form>
    </Card>
  );
}

/** 办理结果: the lead department's answer to the raiser. */
export function AnswerPanel({ p }: { p: ProblemDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, run } = useStep(p);
  return (
    <Card size="small" title={t('problems.action.answer')} data-testid="panel-answer">
      {p.status === 'returned' && <Typography.Paragraph type="warning">{t('problems.returnedHint')}</Typography.Paragraph>}
      <Form form={form} layout="vertical" onFinish={(v: { text: string }) => run(() => problemApi.answer(p.id, { text: v.text.trim(), version: p.version }), form)}>
        <Form.Item name="text" label={t('problems.field.answer')} rules={[{ required: true, whitespace: true, min: 2, max: 5000, message: t('problems.answerRule') }]}>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="answer-text" />
        </Form.Item>
        <Button {...submitProps} loading={busy} data-testid="answer-submit">
          {t('problems.action.answerSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

/** 确认: satisfied closes it (销号) with a rating; not satisfied sends it back with a reason. */
export function ConfirmPanel({ p }: { p: ProblemDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, run } = useStep(p);
  const [satisfied, setSatisfied] = useState(true);
  return (
    <Card size="small" title={t('problems.action.confirm')} data-testid="panel-confirm" styles={{ header: { background: '#e6fffb' } }}>
      <Segmented
        block
        value={satisfied ? 'yes' : 'no'}
        onChange={(v) => setSatisfied(v === 'yes')}
        options={[
          { value: 'yes', label: <span data-testid="confirm-yes"><CheckCircleOutlined /> {t('problems.satisfied')}</span> },
          { value: 'no', label: <span data-testid="confirm-no"><RollbackOutlined /> {t('problems.notSatisfied')}</span> },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: { rating?: number; reason?: string; comment?: string }) =>
          run(() => problemApi.confirm(p.id, satisfied ? { satisfied, rating: v.rating, comment: v.comment?.trim() || undefined, version: p.version } : { satisfied, reason: v.reason?.trim(), version: p.version }), form)
        }
      >
        {satisfied ? (
          <>
            <Form.Item name="rating" label={t('problems.field.rating')} rules={[{ required: true, message: t('problems.ratingRule') }]}>
              <Rate style={{ fontSize: 30 }} data-testid="confirm-rating" />
            </Form.Item>
            <Form.Item name="comment" label={t('problems.field.comment')}>
              <Input.TextArea rows={2} maxLength={1000} placeholder={t('problems.optional')} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t('problems.field.reason')} rules={[{ required: true, whitespace: true, max: 1000, message: t('problems.reasonRule') }]}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="confirm-reason" />
          </Form.Item>
        )}
        <Button {...submitProps} danger={!satisfied} size="large" loading={busy} data-testid="confirm-submit">
          {satisfied ? t('problems.action.close') : t('problems.action.return')}
        </Button>
      </Form>
    </Card>
  );
}

/** 会议决定: what the leading group's meeting decided about it. */
export function DecisionPanel({ p }: { p: ProblemDetail }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, run } = useStep(p);
  // The meeting decides on what is on its agenda; for the rest the form waits behind a button.
  const [open, setOpen] = useState(p.escalated);
  if (!open)
    return (
      <Card size="small" title={t('problems.action.decide')} data-testid="panel-decide">
        <Button block onClick={() => setOpen(true)} data-testid="decision-open">
          {t('problems.action.decideOpen')}
        </Button>
      </Card>
    );
  return (
    <Card size="small" title={t('problems.action.decide')} data-testid="panel-decide">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ meetingDate: dayjs().format('YYYY-MM-DD') }}
        onFinish={(v: { text: string; meetingDate?: string }) => run(() => problemApi.decide(p.id, { text: v.text.trim(), meetingDate: v.meetingDate }), form)}
      >
        <Form.Item name="text" label={t('problems.field.decision')} rules={[{ required: true, whitespace: true, min: 2, max: 2000, message: t('problems.decisionRule') }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="decision-text" />
        </Form.Item>
        <Form.Item name="meetingDate" label={t('problems.field.meetingDate')}>
          <DateField data-testid="decision-meeting-date" />
        </Form.Item>
        <Button {...submitProps} loading={busy} data-testid="decision-submit">
          {t('problems.action.decideSubmit')}
        </Button>
      </Form>
    </Card>
  );
}
