import { PhoneOutlined } from '@ant-design/icons';
import { Button, Flex, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../components/format';
import { KeyFacts } from '../../components/KeyFacts';
import { AmountText } from '../../components/money';
import type { LeadDetail } from './api';

const DEADLINE_COLORS = { done: 'green', due: 'gold', overdue: 'red' } as const;

/** The service deadlines (respond, assess, feed back, progress), done or due. */
export function LeadDeadlines({ l }: { l: LeadDetail }) {
  const { t } = useTranslation();
  return (
    <Space wrap data-testid="lead-deadlines">
      <Typography.Text strong>{t('leads.deadlines')}</Typography.Text>
      {l.deadlines.length === 0 && <Typography.Text type="secondary">{t('leads.noDeadlines')}</Typography.Text>}
      {l.deadlines.map((d) => (
        <Tag key={d.kind} color={DEADLINE_COLORS[d.state]}>
          {t(`leads.deadline.${d.kind}`)} · {d.state === 'done' ? t('leads.doneAt', { at: formatTime(d.doneAt).slice(0, 10) }) : `${t(`leads.deadlineState.${d.state}`)} ${formatTime(d.dueAt).slice(0, 16)}`}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * The contact's number: masked until the holder asks for it (the reveal is audited), then a link a
 * phone dials with one tap.
 */
export function ContactPhone({ l, phone, canReveal, onReveal }: { l: LeadDetail; phone: string | null; canReveal: boolean; onReveal: () => void }) {
  const { t } = useTranslation();
  if (phone)
    return (
      <a href={`tel:${phone.replace(/[^\d+]/g, '')}`} data-testid="lead-call">
        <PhoneOutlined /> {phone}
      </a>
    );
  return (
    <Flex wrap align="center" gap={4}>
      <span data-testid="lead-phone">{l.contactPhoneMasked ?? '—'}</span>
      {canReveal && l.contactPhoneMasked && (
        <Button size="small" type="link" onClick={onReveal} data-testid="lead-unmask">
          {t('leads.unmask')}
        </Button>
      )}
    </Flex>
  );
}

/** A lead on a phone, first: what it is, who holds it, how big, what comes next and whom to call. */
export function LeadFacts({ l, tags, phone, alerts }: { l: LeadDetail; tags: ReactNode; phone: ReactNode; alerts: ReactNode }) {
  const { t } = useTranslation();
  const next = [l.nextStep, l.nextStepDate].filter(Boolean).join(' · ');
  return (
    <KeyFacts
      title={l.title}
      tags={tags}
      testId="lead-facts"
      facts={[
        { label: t('leads.field.enterprise'), value: l.enterpriseName },
        { label: t('leads.field.unit'), value: l.unitName },
        { label: t('leads.field.estimated'), value: <AmountText wan={l.estimatedInvestmentWan} />, testId: 'lead-amount' },
        ...(l.estimatedForeignUsdWan !== null ? [{ label: t('leads.field.foreign'), value: <AmountText wan={l.estimatedForeignUsdWan} usd /> }] : []),
        { label: t('leads.field.nextStep'), value: next || '—' },
        { label: t('leads.field.contact'), value: l.contactName ?? '—' },
        { label: t('leads.field.phone'), value: phone },
      ]}
    >
      <div style={{ marginTop: 14 }}>{alerts}</div>
      <LeadDeadlines l={l} />
    </KeyFacts>
  );
}
