import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Input, Select, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { formatTime } from '../../components/format';
import { financeApi, useKeyList, usePlans, type BankPlan, type ChainChoice } from './api';

/** A plan's text with its own save button, enabled once the text differs from the saved one. */
function PlanEditor({ year, chainId, enterpriseId, saved, placeholder, testId }: { year: number; chainId: number; enterpriseId?: number; saved: BankPlan | undefined; placeholder: string; testId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [text, setText] = useState(saved?.text ?? '');
  const [saving, setSaving] = useState(false);
  useEffect(() => setText(saved?.text ?? ''), [saved?.text]);

  async function save() {
    setSaving(true);
    try {
      await financeApi.savePlan({ year, chainId, enterpriseId, text: text.trim() });
      message.success(t('common.saved'));
      void client.invalidateQueries({ queryKey: ['finance', 'plans', year] });
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  const changed = text.trim() !== (saved?.text ?? '') && text.trim().length >= 2;
  return (
    <div>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} placeholder={placeholder} data-testid={testId} />
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {saved ? t('finance.planUpdated', { at: formatTime(saved.updatedAt).slice(0, 16) }) : t('finance.planNone')}
        </Typography.Text>
        <Button type="primary" size="small" disabled={!changed} loading={saving} onClick={() => void save()} data-testid={`${testId}-save`}>
          {t('common.save')}
        </Button>
      </Flex>
    </div>
  );
}

/** One chain's 一链一方案 and its 一企一策, the enterprises picked from the chain's list. */
function ChainPlans({ year, chain, plans }: { year: number; chain: ChainChoice; plans: BankPlan[] }) {
  const { t } = useTranslation();
  const list = useKeyList(year, chain.id);
  const [adding, setAdding] = useState<number[]>([]);
  const chainPlan = plans.find((p) => p.enterpriseId === null);
  const enterprisePlans = plans.filter((p) => p.enterpriseId !== null);
  const shown = [...enterprisePlans.map((p) => p.enterpriseId!), ...adding.filter((id) => !enterprisePlans.some((p) => p.enterpriseId === id))];
  const nameOf = (id: number) => list.data?.items.find((e) => e.enterpriseId === id)?.enterpriseName ?? enterprisePlans.find((p) => p.enterpriseId === id)?.enterpriseName ?? '';
  const choices = (list.data?.items ?? []).filter((e) => !shown.includes(e.enterpriseId));

  return (
    <Flex vertical gap={12}>
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('finance.chainPlan')}
        </Typography.Title>
        <PlanEditor year={year} chainId={chain.id} saved={chainPlan} placeholder={t('finance.chainPlanHint', { chain: chain.name })} testId={`plan-chain-${chain.id}`} />
      </div>
      <div>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('finance.enterprisePlans')}
          </Typography.Title>
          <Select
            value={null}
            placeholder={
              <span>
                <PlusOutlined /> {t('finance.addEnterprisePlan')}
              </span>
            }
            style={{ width: 240, maxWidth: '100%' }}
            showSearch={{ optionFilterProp: 'label' }}
            options={choices.map((e) => ({ value: e.enterpriseId, label: e.enterpriseName }))}
            onChange={(id: number | null) => id && setAdding((a) => [...a, id])}
            notFoundContent={t('finance.noMoreListed')}
            data-testid={`plan-add-${chain.id}`}
          />
        </Flex>
        {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('finance.noEnterprisePlans')} />}
        <Flex vertical gap={8}>
          {shown.map((id) => (
            <Card key={id} size="small" title={nameOf(id)} styles={{ body: { padding: 12 } }}>
              <PlanEditor year={year} chainId={chain.id} enterpriseId={id} saved={enterprisePlans.find((p) => p.enterpriseId === id)} placeholder={t('finance.enterprisePlanHint')} testId={`plan-enterprise-${id}`} />
            </Card>
          ))}
        </Flex>
      </div>
    </Flex>
  );
}

/** 一链一方案 per chain and 一企一策 per enterprise: the bank's plans of the year, a tab per chain. */
export function Plans({ year, chains }: { year: number; chains: ChainChoice[] }) {
  const { t } = useTranslation();
  const plans = usePlans(year);
  if (!chains.length) return <Empty description={t('finance.noChains', { year })} />;
  return <Tabs items={chains.map((c) => ({ key: String(c.id), label: c.name, children: <ChainPlans year={year} chain={c} plans={(plans.data ?? []).filter((p) => p.chainId === c.id)} /> }))} data-testid="plans" />;
}
