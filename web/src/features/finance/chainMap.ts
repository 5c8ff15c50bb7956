import type { EChartsCoreOption } from 'echarts/core';
import type { TFunction } from 'i18next';
import { CHAIN_SEGMENTS, type ChainRole } from '../../../../common/key-enterprises';
import type { ChainMap } from './api';

/** The picture's colours: the roles as their tags show them, gaps red and dashed, firms courted green or grey. */
export const MAP_COLORS = { chain: '#c0392b', strengthen: '#cf1322', extend: '#d46b08', fill: '#389e0d', none: '#8c8c8c', gap: '#f5222d', chased: '#52c41a', notChased: '#bfbfbf' };
const SEGMENT_FILL = { upstream: '#1677ff', midstream: '#722ed1', downstream: '#13c2c2' };
const ROW = 30;

interface Placed {
  name: string;
  x: number;
  y: number;
  label: string;
  category?: number;
  symbol?: string;
  symbolSize: number | number[];
  itemStyle?: Record<string, unknown>;
  labelStyle?: Record<string, unknown>;
  colStart?: number;
}

/** The categories of the legend, in order: roles, then gaps, then the firms courted. */
function categories(t: TFunction) {
  const role = (r: ChainRole | 'none') => ({ name: r === 'none' ? t('chainMap.noRole') : t(`keyLists.role.${r}`), symbol: 'circle', itemStyle: { color: MAP_COLORS[r] } });
  return [
    role('strengthen'),
    role('extend'),
    role('fill'),
    role('none'),
    { name: t('chainMap.gap'), symbol: 'diamond', itemStyle: { color: '#fff', borderColor: MAP_COLORS.gap, borderType: 'dashed', borderWidth: 2 } },
    { name: t('chainMap.chased'), symbol: 'rect', itemStyle: { color: MAP_COLORS.chased } },
    { name: t('chainMap.notChased'), symbol: 'rect', itemStyle: { color: MAP_COLORS.notChased } },
  ];
}
const CATEGORY = { strengthen: 0, extend: 1, fill: 2, none: 3, gap: 4, chased: 5, notChased: 6 } as const;

/**
 * The chain map as an ECharts graph with fixed positions: the chain on top, its three segments, and
 * under each its listed enterprises, its gaps and the firms courted for each gap. On a desk the
 * segments stand side by side; on a phone one under the other, so every name keeps its line.
 */
export function chainMapOption(map: ChainMap, narrow: boolean, t: TFunction, leadStatus: (s: string | null) => string): { option: EChartsCoreOption; height: number } {
  const nodes: Placed[] = [];
  const links: { source: string; target: string; lineStyle?: Record<string, unknown> }[] = [];
  const colWidth = 330;
  // A phone's card leaves about 260 px for the picture (less the left margin): each label gets what is left right of its node.
  const labelRoom = (x: number, colStart: number) => (narrow ? 200 - x : colWidth - (x - colStart) - 24);
  let bottom = 0;
  let y = 0;
  nodes.push({ name: 'chain', x: narrow ? 0 : colWidth, y: 0, label: map.chain.name, symbolSize: 30, itemStyle: { color: MAP_COLORS.chain }, labelStyle: { position: 'right', fontSize: 15, fontWeight: 'bold', color: '#262626' } });
  CHAIN_SEGMENTS.forEach((segment, i) => {
    const seg = map.segments.find((s) => s.segment === segment) ?? { segment, enterprises: [], gaps: [] };
    const x0 = narrow ? 0 : i * colWidth;
    y = narrow ? y + ROW * 1.6 : ROW * 2;
    const segKey = `seg:${segment}`;
    nodes.push({ name: segKey, x: x0, y, label: t(`keyLists.segment.${segment}`), symbol: 'roundRect', symbolSize: [narrow ? 88 : 96, 24], itemStyle: { color: SEGMENT_FILL[segment] }, labelStyle: { position: 'inside', color: '#fff', fontWeight: 'bold' } });
    links.push({ source: 'chain', target: segKey, lineStyle: { color: '#8c8c8c', width: 2 } });
    const x1 = x0 + (narrow ? 14 : 28);
    for (const e of seg.enterprises) {
      y += ROW;
      const key = `ent:${e.enterpriseId}`;
      const leader = e.tags.includes('chain_leader');
      nodes.push({ name: key, x: x1, y, colStart: x0, label: leader ? `${e.name} · ${t('keyLists.tag.chain_leader')}` : e.name, category: CATEGORY[e.role ?? 'none'], symbolSize: leader ? 20 : 12, labelStyle: leader ? { fontWeight: 'bold' } : undefined });
      links.push({ source: segKey, target: key });
    }
    if (!seg.enterprises.length && !seg.gaps.length) {
      y += ROW;
      nodes.push({ name: `none:${segment}`, x: x1, y, label: t('chainMap.nothing'), symbolSize: 1, itemStyle: { color: 'transparent' }, labelStyle: { color: '#bfbfbf' } });
    }
    for (const g of seg.gaps) {
      y += ROW;
      const key = `gap:${g.id}`;
      nodes.push({ name: key, x: x1, y, colStart: x0, label: t('chainMap.gapLabel', { name: g.name }), category: CATEGORY.gap, symbol: 'diamond', symbolSize: 16, labelStyle: { color: MAP_COLORS.gap, fontWeight: 'bold' } });
      links.push({ source: segKey, target: key, lineStyle: { color: MAP_COLORS.gap, type: 'dashed' } });
      g.targets.forEach((f, j) => {
        y += ROW * 0.85;
        const tk = `firm:${g.id}:${j}`;
        nodes.push({ name: tk, x: x1 + (narrow ? 18 : 24), y, colStart: x0, label: f.chased ? `${f.name} · ${leadStatus(f.leadStatus)}` : f.name, category: f.chased ? CATEGORY.chased : CATEGORY.notChased, symbol: 'rect', symbolSize: 9, labelStyle: { color: f.chased ? '#237804' : '#8c8c8c', fontSize: 11 } });
        links.push({ source: key, target: tk, lineStyle: { color: f.chased ? MAP_COLORS.chased : MAP_COLORS.notChased, type: 'dashed' } });
      });
    }
    bottom = Math.max(bottom, y);
  });
  const width = Math.max(...nodes.map((n) => n.x)) - Math.min(...nodes.map((n) => n.x));
  const legendHeight = narrow ? 56 : 32;
  return {
    height: bottom + legendHeight + 40,
    option: {
      tooltip: { formatter: (p: { dataType?: string; data?: { label?: { formatter?: string } } }) => (p.dataType === 'node' ? (p.data?.label?.formatter ?? '') : '') },
      legend: { top: 0, left: 0, data: categories(t).map((c) => c.name), itemWidth: 12, itemHeight: 12, ...(narrow ? { width: '96%' } : {}) },
      animation: false,
      series: [
        {
          type: 'graph',
          layout: 'none',
          // Positions are pixels: the box is as big as the picture, so nothing is scaled or squeezed.
          // Room for half of the widest symbol (a segment's box) left of the first column.
          left: narrow ? 46 : 50,
          top: legendHeight + 16,
          width,
          height: bottom,
          roam: false,
          categories: categories(t),
          edgeSymbol: ['none', 'none'],
          lineStyle: { color: '#d9d9d9', width: 1, curveness: 0 },
          label: { show: true, position: 'right', fontSize: 12, color: '#262626', overflow: 'truncate' },
          emphasis: { focus: 'adjacency' },
          data: nodes.map((n) => ({ name: n.name, x: n.x, y: n.y, category: n.category, symbol: n.symbol ?? 'circle', symbolSize: n.symbolSize, itemStyle: n.itemStyle, label: { formatter: n.label, ...(n.colStart === undefined ? {} : { width: labelRoom(n.x, n.colStart) }), ...n.labelStyle } })),
          links,
        },
      ],
    },
  };
}
