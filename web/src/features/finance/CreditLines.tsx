import { Button, Card, Empty, Flex, Grid, Pagination, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreditMove } from '../../../../common/key-enterprises';
import { formatWan, MoneyCell } from '../../components/money';
import { useCreditLines, type CreditLine } from './api';
import { MoveModal } from './CreditForms';

function Figure({ label, wan, strong }: { label: string; wan: number; strong?: boolean }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        {label}
      </Typography.Text>
      <Typography.Text strong={strong} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatWan(wan)}
      </Typography.Text>
    </div>
  );
}

/** One credit line on a phone: who, which chain, and its four figures. */
function CreditLineCard({ line, showBank, actions }: { line: CreditLine; showBank: boolean; actions?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`credit-card-${line.id}`}>
      <Typography.Text strong style={{ display: 'block', overflowWrap: 'anywhere' }}>
        {line.enterpriseName}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {showBank ? `${line.bankName} · ` : ''}
        {line.chainName} · {line.grantedOn}
        {line.termMonths ? ` · ${t('finance.termOf', { count: line.termMonths })}` : ''}
      </Typography.Text>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '6px 12px', marginTop: 8 }}>
        <Figure label={t('finance.amount')} wan={line.amountWan} strong />
        <Figure label={t('finance.drawn')} wan={line.drawnWan} />
        <Figure label={t('finance.repaid')} wan={line.repaidWan} />
        <Figure label={t('finance.outstanding')} wan={line.outstandingWan} />
      </div>
      {actions && <div style={{ marginTop: 8 }}>{actions}</div>}
    </Card>
  );
}

/**
 * The year's credit lines, paged in the server: a bank's own with 提款/还款 on each, or every bank's
 * for the regulator. Figures in 万元.
 */
export function CreditLines({ year, showBank, writable }: { year: number; showBank: boolean; writable: boolean }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const lines = useCreditLines(year, page, pageSize);
  const [moving, setMoving] = useState<{ line: CreditLine; kind: CreditMove } | null>(null);

  const actions = (line: CreditLine) => (
    <Space size={4}>
      <Button size="small" disabled={line.drawnWan >= line.amountWan} onClick={() => setMoving({ line, kind: 'drawn' })} data-testid={`credit-draw-${line.id}`}>
        {t('finance.draw')}
      </Button>
      <Button size="small" disabled={line.drawnWan - line.repaidWan <= 0} onClick={() => setMoving({ line, kind: 'repaid' })} data-testid={`credit-repay-${line.id}`}>
        {t('finance.repay')}
      </Button>
    </Space>
  );

  const money = (key: keyof CreditLine, title: string, width = 110) => ({ key, title, dataIndex: key, width, align: 'right' as const, render: (v: number) => <MoneyCell wan={v} /> });
  const columns: ColumnsType<CreditLine> = [
    ...(showBank ? [{ key: 'bank', title: t('finance.bank'), dataIndex: 'bankName', width: 140, ellipsis: { showTitle: true } }] : []),
    { key: 'enterprise', title: t('finance.enterprise'), dataIndex: 'enterpriseName', width: showBank ? 190 : 210, ellipsis: { showTitle: true } },
    { key: 'chain', title: t('finance.chain'), dataIndex: 'chainName', width: 110, ellipsis: { showTitle: true } },
    { key: 'grantedOn', title: t('finance.grantedOn'), dataIndex: 'grantedOn', width: 100, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    { key: 'term', title: t('finance.term'), dataIndex: 'termMonths', width: 80, align: 'right', render: (v: number | null) => <span style={{ whiteSpace: 'nowrap' }}>{v ? t('finance.termOf', { count: v }) : '—'}</span> },
    money('amountWan', t('finance.amount'), 120),
    money('drawnWan', t('finance.drawn')),
    money('repaidWan', t('finance.repaid')),
    money('outstandingWan', t('finance.outstanding')),
    ...(writable ? [{ key: 'actions', title: t('common.actions'), width: 132, fixed: 'right' as const, render: (_: unknown, line: CreditLine) => actions(line) }] : []),
  ];
  for (const c of columns) c.onHeaderCell = () => ({ style: { whiteSpace: 'nowrap' } });
  const width = columns.reduce((sum, c) => sum + Number(c.width ?? 0), 0);
  const paging = {
    current: page,
    pageSize,
    total: lines.data?.total,
    showSizeChanger: !narrow,
    onChange: (p: number, s: number) => {
      setPage(s === pageSize ? p : 1);
      setPageSize(s);
    },
  };

  return (
    <>
      {narrow ? (
        <Spin spinning={lines.isFetching}>
          <Flex vertical gap={8} data-testid="credit-cards">
            {lines.data?.items.length === 0 && <Empty description={t('finance.noLines', { year })} />}
            {lines.data?.items.map((line) => <CreditLineCard key={line.id} line={line} showBank={showBank} actions={writable ? actions(line) : undefined} />)}
          </Flex>
          {(lines.data?.total ?? 0) > pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} {...paging} />}
        </Spin>
      ) : (
        <Table<CreditLine>
          rowKey="id"
          size="small"
          loading={lines.isFetching}
          dataSource={lines.data?.items}
          columns={columns}
          scroll={{ x: width }}
          pagination={paging}
          locale={{ emptyText: t('finance.noLines', { year }) }}
          footer={() => <Typography.Text strong>{t('common.total', { count: lines.data?.total ?? 0 })}</Typography.Text>}
          data-testid="credit-table"
        />
      )}
      <MoveModal line={moving?.line ?? null} kind={moving?.kind ?? 'drawn'} onClose={() => setMoving(null)} />
    </>
  );
}
