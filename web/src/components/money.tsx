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
  // 亿元 and 万元 in Chinese; English reads millions and billions (35 亿元 = CNY 3.50 bn).
  const number = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (usd) return <span style={{ fontVariantNumeric: 'tabular-nums' }}>{t('money.usdAmount', { wan: formatWan(wan), m: number(wan / 100) })}</span>;
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums' }}>
      {wan >= 10_000 ? t('money.yiAmount', { yi: formatYi(wan), bn: number(wan / 100_000) }) : t('money.wanAmount', { wan: formatWan(wan), m: number(wan / 100) })}
    </span>
  );
}
