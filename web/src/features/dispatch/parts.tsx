import { LockOutlined } from '@ant-design/icons';
import { Select, Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LightLevel } from '../../../../common/dispatch';
import { LIGHT_TAG_COLORS, type DispatchPeriod } from './api';

/** 2026-10 → 2026年10月 / Oct 2026. */
export function usePeriodLabel() {
  const { t } = useTranslation();
  return (period: string) => {
    const [year, month] = period.split('-');
    return t('dispatch.periodLabel', { year, month: Number(month) });
  };
}

/** The period picker every dispatch page opens with: newest first, locked ones marked. */
export function PeriodSelect({ value, periods, onChange, loading }: { value?: string; periods?: DispatchPeriod[]; onChange: (p: string) => void; loading?: boolean }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  return (
    <Select
      style={{ width: 170 }}
      value={value}
      onChange={onChange}
      loading={loading}
      placeholder={t('dispatch.period')}
      notFoundContent={t('dispatch.noPeriods')}
      data-testid="dispatch-period"
      options={(periods ?? []).map((p) => ({
        value: p.period,
        label: (
          <Space size={4}>
            {label(p.period)}
            {p.locked && <LockOutlined style={{ color: '#999' }} />}
          </Space>
        ),
      }))}
    />
  );
}

/** A light as a tag; escalated yellows say why they are red. */
export function LightTag({ level, escalated, deviation }: { level: LightLevel | null | undefined; escalated?: boolean; deviation?: number | null }) {
  const { t } = useTranslation();
  if (!level) return <Tag>{t('dispatch.light.none')}</Tag>;
  const tag = (
    <Tag color={LIGHT_TAG_COLORS[level]} data-testid={`light-${level}`}>
      {t(`dispatch.light.${level}`)}
      {escalated ? ` · ${t('dispatch.escalatedShort')}` : ''}
    </Tag>
  );
  const tip = [escalated ? t('dispatch.escalated') : null, deviation !== null && deviation !== undefined ? t('dispatch.deviationTip', { points: deviation }) : null].filter(Boolean).join(' ');
  return tip ? <Tooltip title={tip}>{tag}</Tooltip> : tag;
}

/** Where a period stands: open until the deadline, then locked. */
export function PeriodState({ period }: { period?: DispatchPeriod }) {
  const { t } = useTranslation();
  if (!period) return null;
  return period.locked ? (
    <Tag icon={<LockOutlined />} data-testid="period-state">{t('dispatch.locked', { deadline: period.deadline })}</Tag>
  ) : (
    <Tag color="processing" data-testid="period-state">{t('dispatch.openUntil', { deadline: period.deadline })}</Tag>
  );
}
