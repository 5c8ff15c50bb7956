import { Grid, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { FINANCE_YEARS, isBank, useYearChainParams } from './api';
import { BankDesk } from './BankDesk';
import { Overview } from './Overview';

/** 金链行动: a bank's desk (its chains, credit and plans), or the city's figures for the regulator and leaders. */
export function FinancePage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const { year, set } = useYearChainParams();
  const bank = isBank(me);
  const narrow = Grid.useBreakpoint().md === false;
  return (
    <PageCard
      title={narrow ? t('menu.financeGroup') : bank ? t('finance.deskTitle', { bank: me?.unitName ?? '' }) : t('finance.overviewTitle')}
      extra={
        <Space>
          <Select value={year} onChange={(y) => set({ year: y })} style={{ width: 110 }} options={FINANCE_YEARS.map((y) => ({ value: y, label: t('finance.yearLabel', { year: y }) }))} data-testid="finance-year" />
        </Space>
      }
    >
      {bank ? <BankDesk year={year} /> : <Overview year={year} />}
    </PageCard>
  );
}
