import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Empty, Flex, Grid, Row, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Chart } from '../../components/Chart';
import { chainSource, financeApi, useAssignments, useChainChoices, useCreditTotals, type BankAssignment, type ChainChoice } from './api';
import { Figures, Section } from './BankDesk';
import { figuresOption, monthOption } from './charts';
import { CreditLines } from './CreditLines';
import { FinancingNeeds } from './FinancingNeeds';
import { monthSeries } from './months';

/** One bank's chains for the year, saved on its own (a bank's set is replaced whole). */
function AssignmentRow({ bank, year, chains, narrow }: { bank: BankAssignment; year: number; chains: ChainChoice[]; narrow: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const saved = bank.chains.map((c) => c.id);
  const [picked, setPicked] = useState<number[]>(saved);
  const [saving, setSaving] = useState(false);
  const savedKey = saved.join(',');
  useEffect(() => setPicked(savedKey ? savedKey.split(',').map(Number) : []), [savedKey]);
  const changed = [...picked].sort().join(',') !== [...saved].sort().join(',');
  // A chain no longer offered (retired) still shows under its name while the bank has it.
  const options = [...chains, ...bank.chains.filter((c) => !chains.some((x) => x.id === c.id))].map((c) => ({ value: c.id, label: c.name }));

  async function save() {
    setSaving(true);
    try {
      await financeApi.assign(bank.bankUnitId, year, picked);
      message.success(t('common.saved'));
      void client.invalidateQueries({ queryKey: ['finance', 'assignments'] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Flex gap={8} align={narrow ? 'stretch' : 'center'} vertical={narrow} style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid={`assign-${bank.bankUnitId}`}>
      <Typography.Text strong style={{ width: narrow ? undefined : 200, flex: 'none' }}>
        {bank.bankName}
      </Typography.Text>
      <Select mode="multiple" value={picked} onChange={setPicked} options={options} placeholder={t('finance.noChainsShort')} style={{ flex: 1, minWidth: 0 }} maxTagCount={narrow ? 2 : undefined} data-testid={`assign-chains-${bank.bankUnitId}`} />
      <Button type={changed ? 'primary' : 'default'} disabled={!changed} loading={saving} onClick={() => void save()} data-testid={`assign-save-${bank.bankUnitId}`}>
        {t('common.save')}
      </Button>
    </Flex>
  );
}

/** 银行挂链: which chains each bank takes in the year (the finance regulator). */
function Assignments({ year }: { year: number }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const narrow = Grid.useBreakpoint().md === false;
  const assignments = useAssignments(year);
  const { chains } = useChainChoices(year, chainSource(me));
  return (
    <Section title={t('finance.assignments', { year })} testId="assignments">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
        {t('finance.assignmentsHint')}
      </Typography.Paragraph>
      {(assignments.data ?? []).map((b) => (
        <AssignmentRow key={b.bankUnitId} bank={b} year={year} chains={chains} narrow={narrow} />
      ))}
    </Section>
  );
}

/** 金链行动 for the regulator and the city's leaders: every bank's figures, by bank, chain and month. */
export function Overview({ year }: { year: number }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const narrow = Grid.useBreakpoint().md === false;
  const totals = useCreditTotals(year);
  const byBank = useMemo(() => (totals.data?.byBank ?? []).map((b) => ({ ...b, name: b.bankName })), [totals.data]);
  const byChain = useMemo(() => (totals.data?.byChain ?? []).map((c) => ({ ...c, name: c.chainName })), [totals.data]);
  const sum = (key: 'grantedWan' | 'drawnWan' | 'repaidWan' | 'outstandingWan' | 'lines') => Math.round(byBank.reduce((s, b) => s + b[key], 0) * 10_000) / 10_000;
  const bankOption = useMemo(() => figuresOption(byBank, narrow, t), [byBank, narrow, t]);
  const chainOption = useMemo(() => figuresOption(byChain, narrow, t), [byChain, narrow, t]);
  // "Today" for the months to come: a date change while the page is open does not matter here.
  const monthsOption = useMemo(() => monthOption(monthSeries(totals.data?.byMonth ?? [], year, new Date()), narrow, t), [totals.data, year, narrow, t]);
  const height = (n: number) => (narrow ? Math.max(200, 70 + n * 44) : 300);

  return (
    <>
      <Figures granted={sum('grantedWan')} drawn={sum('drawnWan')} repaid={sum('repaidWan')} outstanding={sum('outstandingWan')} lines={sum('lines')} />
      <Row gutter={[16, 0]}>
        <Col xs={24} lg={12}>
          <Section title={t('finance.byBank')}>{byBank.length ? <Chart option={bankOption} height={height(byBank.length)} testId="chart-banks" /> : <Empty description={t('finance.noLines', { year })} />}</Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section title={t('finance.byChain')}>{byChain.length ? <Chart option={chainOption} height={height(byChain.length)} testId="chart-chains" /> : <Empty description={t('finance.noLines', { year })} />}</Section>
        </Col>
      </Row>
      <Section title={t('finance.byMonth', { year })}>
        <Chart option={monthsOption} height={narrow ? 260 : 300} testId="chart-months" />
      </Section>
      <Section title={t('finance.allLines')}>
        <CreditLines year={year} showBank writable={false} />
      </Section>
      <FinancingNeeds year={year} writable={false} />
      {can('finance:manage') && <Assignments year={year} />}
    </>
  );
}
