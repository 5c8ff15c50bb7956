import { RightOutlined } from '@ant-design/icons';
import { Card, Flex, Rate, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemCategory, ProblemStatus } from '../../../../common/problems';
import { formatTime } from '../../components/format';
import { PROBLEM_CATEGORY_COLORS, PROBLEM_STATUS_COLORS, type ProblemDetail, type ProblemSummary } from './api';

export function StatusTag({ status }: { status: ProblemStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PROBLEM_STATUS_COLORS[status]} data-testid="problem-status">
      {t(`problems.status.${status}`)}
    </Tag>
  );
}

export function CategoryTag({ category }: { category: ProblemCategory }) {
  const { t } = useTranslation();
  return <Tag color={PROBLEM_CATEGORY_COLORS[category]}>{t(`problems.category.${category}`)}</Tag>;
}

/** The deadline, red once past it, and whether the leading group has it on its agenda. */
export function DueTags({ p }: { p: Pick<ProblemSummary, 'dueDate' | 'overdue' | 'escalated' | 'status'> }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {p.dueDate ? <span style={{ whiteSpace: 'nowrap' }}>{p.dueDate}</span> : <Typography.Text type="secondary">—</Typography.Text>}
      {p.overdue && <Tag color="red" data-testid="problem-overdue">{t('problems.overdue')}</Tag>}
      {p.escalated && <Tag color="volcano">{t('problems.escalated')}</Tag>}
    </Flex>
  );
}

/** One problem as a card: the phone's list, the enterprise portal. */
export function ProblemCard({ p, onOpen, action }: { p: ProblemSummary; onOpen: () => void; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid={`problem-card-${p.id}`} styles={{ body: { padding: 12 } }}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong style={{ fontSize: 15, display: 'block', overflowWrap: 'anywhere' }}>
            {p.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.code} · {formatTime(p.createdAt).slice(0, 10)}
          </Typography.Text>
        </div>
        <RightOutlined style={{ color: '#bfbfbf', marginTop: 4 }} />
      </Flex>
      <Flex gap={4} wrap style={{ marginTop: 8 }}>
        <StatusTag status={p.status} />
        <CategoryTag category={p.category} />
        {p.overdue && <Tag color="red">{t('problems.overdue')}</Tag>}
        {p.escalated && <Tag color="volcano">{t('problems.escalated')}</Tag>}
        {p.status === 'closed' && p.rating !== null && <Rate disabled value={p.rating} style={{ fontSize: 12 }} />}
      </Flex>
      {(p.leadUnitName || p.dueDate) && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
          {p.leadUnitName && t('problems.handledBy', { unit: p.leadUnitName })}
          {p.leadUnitName && p.dueDate && ' · '}
          {p.dueDate && <span style={{ whiteSpace: 'nowrap' }}>{t('problems.dueOn', { date: p.dueDate })}</span>}
        </Typography.Text>
      )}
      {action && (
        <div style={{ marginTop: 10 }} onClick={(e) => e.stopPropagation()}>
          {action}
        </div>
      )}
    </Card>
  );
}

/** 超时倒查: who held the problem and for how many days, as bars on one scale. */
export function Holdings({ holdings, testId, nameWidth = 128 }: { holdings: ProblemDetail['holdings']; testId?: string; nameWidth?: number }) {
  const { t } = useTranslation();
  if (!holdings.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const longest = Math.max(1, ...holdings.map((h) => h.days));
  return (
    <Flex vertical gap={6} data-testid={testId}>
      {holdings.map((h, i) => (
        <Flex key={`${h.unitName}-${h.from}-${i}`} align="center" gap={8}>
          <Typography.Text ellipsis={{ tooltip: h.unitName }} style={{ width: nameWidth, flex: 'none' }}>
            {h.unitName}
          </Typography.Text>
          <div style={{ flex: 1, minWidth: 40, background: '#f0f0f0', borderRadius: 4, height: 12 }} title={`${formatTime(h.from).slice(0, 10)} – ${h.to ? formatTime(h.to).slice(0, 10) : t('problems.holdingNow')}`}>
            <div style={{ width: `${Math.max(2, (h.days / longest) * 100)}%`, background: h.to ? '#8c8c8c' : '#c0392b', height: 12, borderRadius: 4 }} />
          </div>
          <span style={{ width: 64, flex: 'none', textAlign: 'right', whiteSpace: 'nowrap' }}>{t('problems.days', { count: h.days })}</span>
        </Flex>
      ))}
    </Flex>
  );
}

type Event = ProblemDetail['events'][number];

/** A timeline entry's sentence: what happened, in the reader's language, from the event's kind and detail. */
export function useEventText() {
  const { t } = useTranslation();
  return (e: Event): string => {
    const d = (e.detail ?? {}) as { dueDate?: string | null; reassigned?: boolean; rating?: number; meetingDate?: string | null; late?: boolean };
    switch (e.kind) {
      case 'assigned':
        return t(d.reassigned ? 'problems.event.reassigned' : 'problems.event.assigned', { unit: e.holderUnitName ?? '—', date: d.dueDate ?? '—' });
      case 'answered':
        return t(d.late ? 'problems.event.answeredLate' : 'problems.event.answered');
      case 'closed':
        return t('problems.event.closed', { rating: d.rating ?? '—' });
      case 'reminded':
        return t('problems.event.reminded', { unit: e.holderUnitName ?? '—', date: d.dueDate ?? '—' });
      case 'escalated':
        return t('problems.event.escalated', { unit: e.holderUnitName ?? '—', date: d.dueDate ?? '—' });
      case 'decision':
        return d.meetingDate ? t('problems.event.decisionOn', { date: d.meetingDate }) : t('problems.event.decision');
      case 'bank_reply':
        return t('problems.event.bank_reply', { bank: e.actorUnitName ?? '—' });
      default:
        return t(`problems.event.${e.kind}`);
    }
  };
}

export const EVENT_COLORS: Record<Event['kind'], string> = {
  raised: 'blue',
  assigned: 'blue',
  answered: 'cyan',
  returned: 'orange',
  closed: 'green',
  reminded: 'gold',
  escalated: 'red',
  decision: 'purple',
  attachment: 'gray',
  bank_reply: 'geekblue',
};
