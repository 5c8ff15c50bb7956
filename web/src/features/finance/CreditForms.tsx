import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import dayjs from 'dayjs';
import { DateField } from '../../components/DateField';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditMove } from '../../../../common/key-enterprises';
import { ApiError } from '../../api/client';
import { formatWan } from '../../components/money';
import { financeApi, useKeyLists, type ChainChoice, type CreditLine } from './api';

/** 万元 typed with thousands separators, read back without them. */
export const wanInputProps = {
  min: 0.0001,
  max: 100_000_000,
  precision: 4,
  formatter: (v: string | number | undefined) => {
    if (v === undefined || v === '') return '';
    const [whole, fraction] = String(v).split('.');
    const grouped = (whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return fraction !== undefined ? `${grouped}.${fraction}` : grouped;
  },
  parser: (v: string | undefined) => (v ?? '').replace(/,/g, '') as unknown as number,
};

function invalidate(client: ReturnType<typeof useQueryClient>) {
  void client.invalidateQueries({ queryKey: ['finance'] });
}

interface GrantValues {
  pick: string;
  amountWan: number;
  grantedOn: string;
  termMonths?: number;
  note?: string;
}

/** The latest day of the year that is not in the future (YYYY-MM-DD). */
function lastDayOf(year: number): string {
  const end = dayjs(`${year}-12-31`);
  return (end.isAfter(dayjs(), 'day') ? dayjs() : end).format('YYYY-MM-DD');
}

/**
 * 登记授信: a credit line for an enterprise on the key list of one of my chains, the enterprise
 * picked from those lists (so the server's CREDIT_NOT_ON_LIST is the rare case, not the usual one).
 */
export function GrantModal({ open, year, chains, onClose }: { open: boolean; year: number; chains: ChainChoice[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<GrantValues>();
  const [saving, setSaving] = useState(false);
  const lists = useKeyLists(year, open ? chains.map((c) => c.id) : []);
  const loading = lists.some((l) => l.isLoading);
  const options = useMemo(
    () =>
      chains
        .map((c, i) => ({ label: c.name, title: c.name, options: (lists[i]?.data?.items ?? []).map((e) => ({ value: `${c.id}:${e.enterpriseId}`, label: e.enterpriseName, search: `${e.enterpriseName} ${e.uscc} ${e.formerNames.join(' ')}` })) }))
        .filter((g) => g.options.length > 0),
    [chains, lists],
  );

  useEffect(() => {
    if (open) form.setFieldsValue({ grantedOn: lastDayOf(year), pick: undefined, amountWan: undefined, termMonths: undefined, note: undefined });
  }, [open, year, form]);

  async function submit() {
    const v = await form.validateFields();
    const [chainId, enterpriseId] = v.pick.split(':').map(Number);
    setSaving(true);
    try {
      await financeApi.grant({ enterpriseId: enterpriseId!, chainId, amountWan: v.amountWan, grantedOn: v.grantedOn, termMonths: v.termMonths ?? undefined, note: v.note?.trim() || undefined });
      message.success(t('finance.grantSaved'));
      invalidate(client);
      onClose();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={open} title={t('finance.grant')} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'grant-ok' } as never} destroyOnHidden width={560}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('finance.grantHint', { year })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="pick" label={t('finance.enterprise')} rules={[{ required: true, message: t('finance.pickEnterprise') }]}>
          <Select
            showSearch={{ filterOption: (input, o) => String((o as { search?: string })?.search ?? '').toLowerCase().includes(input.toLowerCase()) }}
            loading={loading}
            placeholder={t('finance.pickEnterprise')}
            options={options}
            notFoundContent={loading ? t('finance.loading') : t('finance.noListed', { year })}
            data-testid="grant-enterprise"
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="amountWan" label={t('finance.amountWan')} rules={[{ required: true, message: t('finance.amountRequired') }]} style={{ flex: '1 1 200px' }}>
            <InputNumber {...wanInputProps} style={{ width: '100%' }} suffix={t('money.wan')} data-testid="grant-amount" />
          </Form.Item>
          <Form.Item name="termMonths" label={t('finance.termMonths')} style={{ flex: '1 1 140px' }}>
            <InputNumber min={1} max={600} precision={0} style={{ width: '100%' }} suffix={t('finance.months')} data-testid="grant-term" />
          </Form.Item>
        </div>
        <Form.Item name="grantedOn" label={t('finance.grantedOn')} rules={[{ required: true }]}>
          <DateField allowClear={false} disabledDate={(d) => d.year() !== year || d.isAfter(dayjs(), 'day')} data-testid="grant-date" />
        </Form.Item>
        <Form.Item name="note" label={t('finance.note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 提款 or 还款 on one of my lines: never more drawn than granted, nor more repaid than drawn. */
export function MoveModal({ line, kind, onClose }: { line: CreditLine | null; kind: CreditMove; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ amountWan: number; onDate: string }>();
  const [saving, setSaving] = useState(false);
  const room = line ? Math.round((kind === 'drawn' ? line.amountWan - line.drawnWan : line.drawnWan - line.repaidWan) * 10_000) / 10_000 : 0;

  useEffect(() => {
    if (line) form.setFieldsValue({ amountWan: undefined, onDate: dayjs().format('YYYY-MM-DD') });
  }, [line, form]);

  async function submit() {
    if (!line) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await financeApi.move(line.id, { kind, amountWan: v.amountWan, onDate: v.onDate });
      message.success(t(`finance.moved.${kind}`));
      invalidate(client);
      onClose();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal open={!!line} title={line ? t(`finance.moveTitle.${kind}`, { name: line.enterpriseName }) : ''} onCancel={onClose} onOk={() => void submit()} confirmLoading={saving} okButtonProps={{ 'data-testid': 'move-ok', disabled: room <= 0 } as never} destroyOnHidden>
      {line && (
        <Typography.Paragraph type="secondary" data-testid="move-room">
          {t(`finance.room.${kind}`, { amount: formatWan(line.amountWan), drawn: formatWan(line.drawnWan), repaid: formatWan(line.repaidWan), room: formatWan(room) })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="amountWan" label={t('finance.amountWan')} rules={[{ required: true, message: t('finance.amountRequired') }, { type: 'number', max: room, message: t('finance.tooMuch', { room: formatWan(room) }) }]}>
          <InputNumber {...wanInputProps} style={{ width: '100%' }} suffix={t('money.wan')} data-testid="move-amount" />
        </Form.Item>
        <Form.Item name="onDate" label={t('finance.onDate')} rules={[{ required: true }]}>
          <DateField allowClear={false} disabledDate={(d) => !!line && (d.isBefore(dayjs(line.grantedOn), 'day') || d.isAfter(dayjs(), 'day'))} data-testid="move-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
