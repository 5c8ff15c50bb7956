import { Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isMonth, parsePeriod, type Grade, type ReturnStage } from '../../../../common/returns';
import { formatWan } from '../../components/money';
import { GRADE_TAG_COLORS, type CapacityEvidence, type Proposal, type ReturnsEvidence } from './api';
import { currentMonth, currentQuarter, joinList, lastEndedMonth, lastEndedQuarter, monthsUpTo, quarterList, quartersUpTo, shareOfDesign } from './quarters';

/** 2026-Q3 → 2026年三季度 / Q3 2026; a month where a unit files monthly, 2026-05 → 2026年5月 / May 2026. */
export function usePeriodLabel() {
  const { t, i18n } = useTranslation();
  const months = new Intl.DateTimeFormat(i18n.language.startsWith('en') ? 'en-US' : 'zh-CN', { year: 'numeric', month: 'long', timeZone: 'UTC' });
  return (period: string) => {
    const p = parsePeriod(period);
    if (!p) return period;
    return p.month === null ? t('returns.quarterLabel', { year: p.year, q: t(`returns.quarterName.${p.quarter}`) }) : months.format(new Date(Date.UTC(p.year, p.month - 1, 1)));
  };
}

/**
 * What figures are filed for: by the quarter, or by the month where the unit files monthly. The
 * periods of a quarter filed the other way (`closed`) cannot be chosen; switching the kind opens
 * on the period that ended last.
 */
export function PeriodPicker({ value, onChange, closed, testId, width = 170 }: { value: string; onChange: (period: string) => void; closed?: Set<string>; testId: string; width?: number }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const monthly = isMonth(value);
  const options = (monthly ? monthsUpTo(currentMonth(), 24) : quartersUpTo(currentQuarter(), 12)).map((p) => ({ value: p, label: label(p), disabled: closed?.has(p) ?? false, title: closed?.has(p) ? t('returns.filedOtherWay') : undefined }));
  return (
    <Space wrap size={8}>
      <Segmented
        value={monthly ? 'month' : 'quarter'}
        options={[
          { value: 'quarter', label: t('returns.byQuarter') },
          { value: 'month', label: t('returns.byMonth') },
        ]}
        onChange={(kind) => {
          // The period that ended last, unless its quarter is filed the other way: then the one in progress.
          const [ended, current] = kind === 'month' ? [lastEndedMonth(), currentMonth()] : [lastEndedQuarter(), currentQuarter()];
          onChange(closed?.has(ended) && !closed.has(current) ? current : ended);
        }}
        data-testid={`${testId}-kind`}
      />
      <Select style={{ width }} value={value} onChange={onChange} data-testid={testId} options={options} />
    </Space>
  );
}

/** A quarter picker: `count` quarters up to `upTo`, newest first. */
export function QuarterSelect({ value, upTo, count = 12, onChange, testId = 'returns-quarter', width = 150 }: { value?: string; upTo: string; count?: number; onChange: (q: string) => void; testId?: string; width?: number }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  return <Select style={{ width }} value={value} onChange={onChange} placeholder={t('returns.quarter')} data-testid={testId} options={quartersUpTo(upTo, count).map((q) => ({ value: q, label: label(q) }))} />;
}

/** A quarter not yet whole for a unit that files monthly: "2个月" beside its figures, the rule's reading in the tooltip. */
export function MonthsIn({ months }: { months: number }) {
  const { t } = useTranslation();
  if (months <= 0 || months >= 3) return null;
  return (
    <Tooltip title={t('returns.monthsInHint', { count: months })}>
      <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 4, whiteSpace: 'nowrap' }} data-testid="months-in">
        {t('returns.monthsIn', { count: months })}
      </Typography.Text>
    </Tooltip>
  );
}

/** 亩均 grade as a coloured tag, its class named in the tooltip (A 优先发展 … D 整治提升). */
export function GradeTag({ grade }: { grade: Grade | null }) {
  const { t } = useTranslation();
  if (!grade) return <Tag>{t('returns.noGrade')}</Tag>;
  return (
    <Tooltip title={t(`returns.gradeName.${grade}`)}>
      <Tag color={GRADE_TAG_COLORS[grade]} data-testid={`grade-${grade}`} style={{ fontWeight: 600 }}>
        {grade}
      </Tag>
    </Tooltip>
  );
}

/** A stage the figures propose and no one has decided yet. */
export function ProposalTag({ stage }: { stage: ReturnStage | null }) {
  const { t } = useTranslation();
  if (!stage) return null;
  return (
    <Tag color="processing" data-testid={`proposal-${stage}`}>
      {t(`returns.proposalBadge.${stage}`)}
    </Tag>
  );
}

export function StageTag({ stage }: { stage: string }) {
  const { t } = useTranslation();
  const color = stage === 'returns' ? 'green' : stage === 'capacity' ? 'cyan' : 'blue';
  return (
    <Tag color={color} data-testid="returns-stage">
      {t(`stage.${stage}`)}
    </Tag>
  );
}

export function GapLightTag({ level }: { level: 'yellow' | 'red' }) {
  const { t } = useTranslation();
  return (
    <Tag color={level === 'red' ? 'error' : 'warning'} data-testid={`gap-${level}`}>
      {t(`dispatch.light.${level}`)}
    </Tag>
  );
}

/**
 * A proposal's evidence in words: "2026年二季度、三季度产值分别达到设计产能的 81%、84%" for 达产,
 * the year's tax against the committed tax for 达效.
 */
export function useEvidenceWords() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const names = [1, 2, 3, 4].map((q) => t(`returns.quarterName.${q}`));
  return (p: Proposal, designOutputWan: number | null | undefined): string => {
    if (p.stage === 'capacity') {
      const e = p.evidence as CapacityEvidence | null;
      const quarters = (e?.quarters ?? []).filter((q) => q.outputYuan !== null);
      if (!quarters.length) return '';
      const shares = quarters.map((q) => `${designOutputWan ? shareOfDesign(q.outputYuan!, designOutputWan) : Math.floor((q.outputYuan! * 100) / q.thresholdYuan)}%`);
      return t(designOutputWan ? 'returns.evidence.capacity' : 'returns.evidence.capacityThreshold', { count: quarters.length, periods: quarterList(quarters.map((q) => q.period), lang, names), shares: joinList(shares, lang) });
    }
    const e = p.evidence as ReturnsEvidence | null;
    if (!e) return '';
    return t('returns.evidence.returns', {
      year: e.year,
      // Up to the newest period counted (the year's quarters, or months where the unit files monthly).
      periods: quarterList(e.periods.slice(-1), lang, names),
      tax: formatWan(e.taxYuan / 10_000),
      committed: formatWan(e.committedTaxYuan / 10_000),
      share: e.committedTaxYuan ? Math.floor((e.taxYuan * 100) / e.committedTaxYuan) : 0,
    });
  };
}
