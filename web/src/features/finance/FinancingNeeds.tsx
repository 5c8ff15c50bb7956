import { MessageOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Input, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemStatus } from '../../../../common/problems';
import { ApiError } from '../../api/client';
import { formatTime } from '../../components/format';
import { PROBLEM_STATUS_COLORS } from '../problems/api';
import { financeApi, useFinancingNeeds, type FinancingNeed } from './api';
import { Section } from './BankDesk';

/** One need: what the enterprise asked, the banks' answers, and (for a bank) the box to answer. */
function NeedCard({ need, year, writable }: { need: FinancingNeed; year: number; writable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

  async function send() {
    setSending(true);
    try {
      await financeApi.replyNeed(need.problemId, year, text.trim());
      message.success(t('needs.replied'));
      setText('');
      setOpen(false);
      void client.invalidateQueries({ queryKey: ['finance', 'needs', year] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`need-${need.problemId}`}>
      <Flex justify="space-between" align="flex-start" gap={8} wrap>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {need.title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {need.enterpriseName} · {need.code} · {formatTime(need.createdAt).slice(0, 10)}
          </Typography.Text>
        </div>
        <Tag color={PROBLEM_STATUS_COLORS[need.status as ProblemStatus] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`problems.status.${need.status}`, { defaultValue: need.status })}
        </Tag>
      </Flex>
      {need.chains.length > 0 && (
        <Flex gap={4} wrap style={{ marginTop: 6 }}>
          {need.chains.map((c) => (
            <Tag key={c} style={{ marginInlineEnd: 0 }}>
              {c}
            </Tag>
          ))}
        </Flex>
      )}
      <Typography.Paragraph style={{ margin: '8px 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} ellipsis={{ rows: 3, expandable: true, symbol: t('needs.more') }}>
        {need.description}
      </Typography.Paragraph>
      {need.replies.length > 0 && (
        <Flex vertical gap={6} style={{ marginTop: 8, padding: 8, background: '#fafafa', borderRadius: 6 }} data-testid="need-replies">
          {need.replies.map((r) => (
            <div key={`${r.at}-${r.by}`}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.bankName} · {r.by} · {formatTime(r.at).slice(0, 16)}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.text}</div>
            </div>
          ))}
        </Flex>
      )}
      {writable && !open && (
        <Button size="small" icon={<MessageOutlined />} style={{ marginTop: 8 }} onClick={() => setOpen(true)} data-testid="need-reply">
          {t('needs.reply')}
        </Button>
      )}
      {writable && open && (
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={t('needs.replyPlaceholder')} data-testid="need-reply-text" />
          <Flex gap={8} justify="flex-end">
            <Button size="small" onClick={() => setOpen(false)}>
              {t('needs.cancel')}
            </Button>
            <Button size="small" type="primary" loading={sending} disabled={text.trim().length < 2} onClick={() => void send()} data-testid="need-reply-send">
              {t('needs.send')}
            </Button>
          </Flex>
        </Flex>
      )}
    </Card>
  );
}

/**
 * 融资需求: the 融资 problems raised by enterprises on the key lists of my chains. A bank answers
 * (the enterprise is told); the regulator reads every need.
 */
export function FinancingNeeds({ year, writable }: { year: number; writable: boolean }) {
  const { t } = useTranslation();
  const needs = useFinancingNeeds(year);
  const items = needs.data ?? [];
  return (
    <Section title={t('needs.title', { n: items.length })} testId="financing-needs">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
        {writable ? t('needs.hintBank') : t('needs.hintRegulator')}
      </Typography.Paragraph>
      <Spin spinning={needs.isLoading}>
        {!needs.isLoading && !items.length ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('needs.empty', { year })} data-testid="needs-empty" />
        ) : (
          <Flex vertical gap={8}>
            {items.map((n) => (
              <NeedCard key={n.problemId} need={n} year={year} writable={writable} />
            ))}
          </Flex>
        )}
      </Spin>
    </Section>
  );
}
