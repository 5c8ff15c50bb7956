import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Button, Grid, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart';
import { formatValue, movementOf, type IndicatorMeta, type RankedIndicator, type RankingItem, type RankingResponse } from './api';
import { RowsDrawer, type DrillTarget } from './RowsDrawer';

export const MOVE_COLORS = { up: '#389e0d', down: '#cf1322', new: '#1677ff' } as const;

/** ↑2 / ↓1 / — / new: movement against the previous published month, coloured. */
export function Movement({ item }: { item: Pick<RankingItem, 'rank' | 'previousRank'> }) {
  const { t } = useTranslation();
  const move = movementOf(item);
  if (move === null) return <Tag color="blue">{t('rankings.moveNew')}</Tag>;
  if (move > 0)
    return (
      <span style={{ color: MOVE_COLORS.up }} title={t('rankings.moveUpTitle', { count: move })}>
        <ArrowUpOutlined /> {move}
      </span>
    );
  if (move < 0)
    return (
      <span style={{ color: MOVE_COLORS.down }} title={t('rankings.moveDownTitle', { count: -move })}>
        <ArrowDownOutlined /> {-move}
      </span>
    );
  return (
    <Typography.Text type="secondary" title={t('rankings.moveSameTitle')}>
      <MinusOutlined />
    </Typography.Text>
  );
}

/**
 * A ranking (live or published): the scores as bars, then the table of rank, unit, score and
 * movement; each unit opens to its indicators, and each figure drills to the projects behind it.
 */
export function RankingBoard({ ranking, loading }: { ranking: RankingResponse | undefined; loading: boolean }) {
  const { t } = useTranslation();
  const narrow = !Grid.useBreakpoint().sm;
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const items = ranking?.items ?? [];
  const meta = useMemo(() => new Map((ranking?.indicators ?? []).map((i) => [i.code, i])), [ranking]);

  const chart = useMemo(() => {
    const ordered = [...items].reverse();
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', data: ordered.map((i) => i.unitName), axisLabel: { width: 96, overflow: 'truncate' } },
      series: [
        {
          name: t('rankings.score'),
          type: 'bar',
          data: ordered.map((i) => ({ value: i.score, itemStyle: { color: i.rank === 1 ? '#c0392b' : i.rank <= 3 ? '#e67e22' : '#5b8ff9' } })),
          barMaxWidth: 20,
          label: { show: true, position: 'right', formatter: '{c}' },
        },
      ],
    };
  }, [items, t]);

  const columns: ColumnsType<RankingItem> = [
    { title: t('rankings.rank'), dataIndex: 'rank', width: narrow ? 52 : 64, align: 'center', render: (rank: number) => <strong data-testid="ranking-rank">{rank}</strong> },
    { title: t('rankings.unit'), dataIndex: 'unitName', render: (name: string) => <span data-testid="ranking-unit" style={{ whiteSpace: 'nowrap' }}>{name}</span> },
    { title: t('rankings.score'), dataIndex: 'score', width: narrow ? 64 : 90, align: 'right', render: (score: number, item) => <span data-testid={`ranking-score-${item.unitName}`}>{score.toFixed(2)}</span> },
    { title: t('rankings.movement'), key: 'movement', width: narrow ? 72 : 90, align: 'center', render: (_: unknown, item) => <Movement item={item} /> },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {items.length > 0 && <Chart option={chart} height={Math.max(160, 24 + items.length * 30)} testId="ranking-chart" />}
      <Table
        size="small"
        rowKey="unitId"
        loading={loading}
        dataSource={items}
        columns={columns}
        pagination={false}
        // Fixed: an opened unit's wide detail scrolls inside its row instead of widening the page.
        tableLayout="fixed"
        data-testid="ranking-table"
        expandable={{
          expandedRowRender: (item) => <IndicatorDetail item={item} meta={meta} onDrill={(indicator) => ranking && setDrill({ year: ranking.year, asOf: ranking.asOf, unitId: item.unitId, unitName: item.unitName, indicator: indicator.code, indicatorName: meta.get(indicator.code)?.name ?? indicator.code })} />,
          // A phone has no room for the expander column: the row itself opens.
          expandRowByClick: narrow,
          showExpandColumn: !narrow,
        }}
      />
      <RowsDrawer target={drill} unit={drill ? meta.get(drill.indicator)?.unit ?? 'count' : 'count'} onClose={() => setDrill(null)} />
    </Space>
  );
}

function IndicatorDetail({ item, meta, onDrill }: { item: RankingItem; meta: Map<string, IndicatorMeta>; onDrill: (indicator: RankedIndicator) => void }) {
  const { t } = useTranslation();
  const unitLabel = (code: string) => t(`targets.unitOf.${meta.get(code)?.unit ?? 'count'}`);
  const columns: ColumnsType<RankedIndicator> = [
    { title: t('rankings.indicator'), dataIndex: 'code', render: (code: string) => meta.get(code)?.name ?? code },
    {
      title: t('rankings.value'),
      dataIndex: 'value',
      align: 'right',
      render: (value: number | null, ind) => (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDrill(ind)} data-testid={`drill-${item.unitName}-${ind.code}`} title={t('rankings.drillHint')}>
          {formatValue(value, meta.get(ind.code)?.unit ?? 'count')}
        </Button>
      ),
    },
    { title: t('rankings.target'), dataIndex: 'target', align: 'right', render: (target: number, ind) => `${formatValue(target, meta.get(ind.code)?.unit ?? 'count')}${meta.get(ind.code)?.unit === 'percent' ? '' : ` ${unitLabel(ind.code)}`}` },
    { title: t('rankings.completion'), dataIndex: 'completion', align: 'right', render: (c: number) => `${(c * 100).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%` },
    { title: t('rankings.indicatorScore'), dataIndex: 'score', align: 'right', render: (s: number) => s.toFixed(2) },
    { title: t('rankings.weight'), dataIndex: 'weight', align: 'right' },
  ];
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }} data-testid={`ranking-detail-${item.unitName}`}>
      <Table size="small" rowKey="code" dataSource={item.indicators} columns={columns} pagination={false} scroll={{ x: 560 }} />
      {item.adjustments.length > 0 && (
        <Typography.Text type="secondary">
          {t('rankings.adjustments')}：{item.adjustments.map((a) => `${a.code} ${a.points > 0 ? '+' : ''}${a.points}`).join('，')}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('rankings.shareNote')}
      </Typography.Text>
    </Space>
  );
}
