import { useTranslation } from 'react-i18next';

/** 万元 with separators, up to 4 decimals (one yuan), as offices write it. */
export function formatWan(wan: number | null | undefined): string {
  if (wan === null || wan === undefined) return '—';
  return wan.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

/** 亿元 with two decimals: 441.37 亿元. */
export function formatYi(wan: number): string {
  return (wan / 10_000).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function MoneyCell({ wan }: { wan: number | null | undefined }) {
  const { t } = useTranslation();
  if (wan === null || wan === undefined) return <>—</>;
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums' }} title={wan >= 10_000 ? `${formatYi(wan)} ${t('money.yi')}` : undefined}>
      {formatWan(wan)}
    </span>
  );
}

/** An amount as a phone reads it at a glance: 亿元 from 1亿 up (two decimals), else 万元. */
export function AmountText({ wan, usd = false }: { wan: number | null | undefined; usd?: boolean }) {
  const { t } = useTranslation();
  if (wan === null || wan === undefined) return <>—</>;
  if (usd) return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{`${formatWan(wan)} ${t('money.usdWan')}`}</span>;
  return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{wan >= 10_000 ? `${formatYi(wan)} ${t('money.yi')}` : `${formatWan(wan)} ${t('money.wan')}`}</span>;
}
