import { Card, Flex, Select, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChainRole, ChainSegment, EnterpriseTag } from '../../../../common/key-enterprises';
import { FINANCE_YEARS, ROLE_COLORS, SEGMENT_COLORS, TAG_COLORS, type ChainChoice, type KeyEnterprise } from './api';

export function SegmentTag({ segment }: { segment: ChainSegment | null | undefined }) {
  const { t } = useTranslation();
  if (!segment) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Tag color={SEGMENT_COLORS[segment]}>{t(`keyLists.segment.${segment}`)}</Tag>;
}

export function RoleTag({ role }: { role: ChainRole | null | undefined }) {
  const { t } = useTranslation();
  if (!role) return <Typography.Text type="secondary">—</Typography.Text>;
  return <Tag color={ROLE_COLORS[role]}>{t(`keyLists.role.${role}`)}</Tag>;
}

/** The enterprise's tags, each telling where it comes from and how long it holds. */
export function EnterpriseTags({ tags }: { tags: KeyEnterprise['tags'] | EnterpriseTag[] }) {
  const { t } = useTranslation();
  if (!tags.length) return <Typography.Text type="secondary">—</Typography.Text>;
  const seen = new Set<EnterpriseTag>();
  return (
    <Flex gap={4} wrap>
      {tags.map((tag) => {
        const info = typeof tag === 'string' ? { tag, source: '', validFrom: '', validTo: null } : tag;
        if (seen.has(info.tag)) return null;
        seen.add(info.tag);
        const label = (
          <Tag key={info.tag} color={TAG_COLORS[info.tag]} style={{ marginInlineEnd: 0 }}>
            {t(`keyLists.tag.${info.tag}`)}
          </Tag>
        );
        return info.source ? (
          <Tooltip key={info.tag} title={t('keyLists.tagSource', { source: info.source, from: info.validFrom, to: info.validTo ?? '—' })}>
            {label}
          </Tooltip>
        ) : (
          label
        );
      })}
    </Flex>
  );
}

/** The company's name with the names it was known by (曾用名): a renamed company keeps its code. */
export function EnterpriseName({ e }: { e: Pick<KeyEnterprise, 'enterpriseName' | 'formerNames'> }) {
  const { t } = useTranslation();
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
        {e.enterpriseName}
      </Typography.Text>
      {e.formerNames.length > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="former-names">
          {t('keyLists.formerNames', { names: e.formerNames.join('、') })}
        </Typography.Text>
      )}
    </div>
  );
}

/** One listed enterprise as a card: the phone's list. */
export function KeyEnterpriseCard({ e, action }: { e: KeyEnterprise; action?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`key-card-${e.uscc}`}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <EnterpriseName e={e} />
        {action}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', fontVariantNumeric: 'tabular-nums' }}>
        {e.uscc}
      </Typography.Text>
      <Flex gap={4} wrap style={{ marginTop: 8 }}>
        <SegmentTag segment={e.segment} />
        <RoleTag role={e.role} />
        <EnterpriseTags tags={e.tags} />
      </Flex>
      {e.financingNeed && (
        <Typography.Paragraph style={{ margin: '8px 0 0', fontSize: 13 }}>
          <Typography.Text type="secondary">{t('keyLists.needLabel')}</Typography.Text>
          {e.financingNeed}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** The year and chain pickers every 金链 page opens with. */
export function YearChainPicker({ year, chainId, chains, onChange, narrow, loading }: { year: number; chainId: number | undefined; chains: ChainChoice[]; onChange: (next: { year?: number; chainId?: number }) => void; narrow: boolean; loading?: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex gap={8} wrap style={{ width: narrow ? '100%' : undefined }}>
      <Select value={year} onChange={(y) => onChange({ year: y })} style={{ width: narrow ? 96 : 110 }} options={FINANCE_YEARS.map((y) => ({ value: y, label: t('finance.yearLabel', { year: y }) }))} data-testid="finance-year" />
      <Select
        value={chains.some((c) => c.id === chainId) ? chainId : undefined}
        loading={loading}
        placeholder={t('keyLists.pickChain')}
        onChange={(c) => onChange({ chainId: c })}
        style={narrow ? { flex: 1, minWidth: 120 } : { width: 200 }}
        options={chains.map((c) => ({ value: c.id, label: c.name }))}
        notFoundContent={t('keyLists.noChains')}
        data-testid="keylist-chain"
      />
    </Flex>
  );
}
