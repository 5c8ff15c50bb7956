import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Grid, Row, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatWan } from '../../components/money';
import { useAssignments, useCreditTotals, useKeyLists, type ChainChoice } from './api';
import { CreditLines } from './CreditLines';
import { GrantModal } from './CreditForms';
import { FinancingNeeds } from './FinancingNeeds';
import { Plans } from './Plans';

export function Section({ title, extra, children, testId }: { title: React.ReactNode; extra?: React.ReactNode; children: React.ReactNode; testId?: string }) {
  return (
    <section style={{ marginTop: 20 }} data-testid={testId}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 10 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

/** The year's four figures in 万元 (and how many lines). */
export function Figures({ granted, drawn, repaid, outstanding, lines }: { granted: number; drawn: number; repaid: number; outstanding: number; lines: number }) {
  const { t } = useTranslation();
  const wan = (v: number | string) => formatWan(Number(v));
  const inWan = (label: string) => t('finance.inWan', { label });
  return (
    <Row gutter={[12, 12]} data-testid="finance-figures">
      <Col xs={12} md={5}><Statistic title={inWan(t('finance.amount'))} value={granted} formatter={wan} /></Col>
      <Col xs={12} md={5}><Statistic title={inWan(t('finance.drawn'))} value={drawn} formatter={wan} /></Col>
      <Col xs={12} md={5}><Statistic title={inWan(t('finance.repaid'))} value={repaid} formatter={wan} /></Col>
      <Col xs={12} md={5}><Statistic title={inWan(t('finance.outstanding'))} value={outstanding} formatter={wan} /></Col>
      <Col xs={12} md={4}><Statistic title={t('finance.lines')} value={lines} /></Col>
    </Row>
  );
}

/** A chain I took this year, how many enterprises its list holds, and the way to the list. */
function ChainCard({ chain, year, count }: { chain: ChainChoice; year: number; count: number | undefined }) {
  const { t } = useTranslation();
  return (
    <Link to={`/key-enterprises?year=${year}&chainId=${chain.id}`} data-testid={`my-chain-${chain.id}`}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <Flex justify="space-between" align="center" gap={8}>
          <div style={{ minWidth: 0 }}>
            <Typography.Text strong style={{ display: 'block' }}>
              {chain.name}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {count === undefined ? '…' : t('finance.listCount', { count })}
            </Typography.Text>
          </div>
          <RightOutlined style={{ color: '#bfbfbf' }} />
        </Flex>
      </Card>
    </Link>
  );
}

/** 金链行动 at a bank: my chains of the year and their lists, my credit lines, my plans. */
export function BankDesk({ year }: { year: number }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const assignments = useAssignments(year);
  const chains = assignments.data?.[0]?.chains ?? [];
  const lists = useKeyLists(year, chains.map((c) => c.id));
  const totals = useCreditTotals(year);
  const mine = totals.data?.byBank[0];
  const [granting, setGranting] = useState(false);

  return (
    <>
      <Figures granted={mine?.grantedWan ?? 0} drawn={mine?.drawnWan ?? 0} repaid={mine?.repaidWan ?? 0} outstanding={mine?.outstandingWan ?? 0} lines={mine?.lines ?? 0} />
      <Section title={t('finance.myChains', { year })} testId="my-chains">
        {!assignments.isLoading && chains.length === 0 ? (
          <Empty description={t('finance.noChains', { year })} />
        ) : (
          <Row gutter={[12, 12]}>
            {chains.map((c, i) => (
              <Col key={c.id} xs={24} sm={12} lg={8}>
                <ChainCard chain={c} year={year} count={lists[i]?.data?.items.length} />
              </Col>
            ))}
          </Row>
        )}
      </Section>
      <FinancingNeeds year={year} writable />
      <Section
        title={t('finance.myLines')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} disabled={!chains.length} onClick={() => setGranting(true)} data-testid="credit-grant">
            {narrow ? t('finance.grantShort') : t('finance.grant')}
          </Button>
        }
      >
        <CreditLines year={year} showBank={false} writable />
      </Section>
      <Section title={t('finance.myPlans')}>
        <Plans year={year} chains={chains} />
      </Section>
      <GrantModal open={granting} year={year} chains={chains} onClose={() => setGranting(false)} />
    </>
  );
}
