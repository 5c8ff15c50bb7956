import { DeleteOutlined, EditOutlined, PlusOutlined, ProfileOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Empty, Flex, Grid, Input, Select, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CHAIN_SEGMENTS, type ChainSegment } from '../../../../common/key-enterprises';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Chart } from '../../components/Chart';
import { PageCard } from '../../components/PageCard';
import { chainSource, financeApi, useChainChoices, useChainMap, useYearChainParams, type ChainGap, type ChainMap, type GapInput } from './api';
import { chainMapOption } from './chainMap';
import { SegmentTag, YearChainPicker } from './parts';

type GapRow = ChainGap & { segment: ChainSegment };

/** A firm courted for a gap: green with the lead's status when a lead chases it, grey when none does. */
function TargetTag({ target }: { target: ChainGap['targets'][number] }) {
  const { t } = useTranslation();
  return (
    <Tag color={target.chased ? 'green' : 'default'} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }} data-testid="gap-target" data-chased={target.chased ? 'yes' : 'no'}>
      {target.name} · {target.chased ? t(`leads.status.${target.leadStatus ?? ''}`, { defaultValue: t('chainMap.chased') }) : t('chainMap.notChased')}
    </Tag>
  );
}

/** Gaps → firms courted → chased: a table on a desk, cards on a phone. */
function GapTable({ rows, narrow }: { rows: GapRow[]; narrow: boolean }) {
  const { t } = useTranslation();
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chainMap.noGaps')} />;
  if (narrow)
    return (
      <Flex vertical gap={8} data-testid="gap-table">
        {rows.map((g) => (
          <Card key={g.id} size="small" styles={{ body: { padding: 12 } }}>
            <Flex gap={6} align="center" wrap>
              <SegmentTag segment={g.segment} />
              <Typography.Text strong>{g.name}</Typography.Text>
            </Flex>
            {g.note && <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>{g.note}</Typography.Paragraph>}
            <Flex gap={4} wrap style={{ marginTop: 6 }}>
              {g.targets.length ? g.targets.map((f) => <TargetTag key={f.name} target={f} />) : <Typography.Text type="secondary">{t('chainMap.noTargets')}</Typography.Text>}
            </Flex>
          </Card>
        ))}
      </Flex>
    );
  const columns: ColumnsType<GapRow> = [
    { key: 'segment', title: t('keyLists.field.segment'), dataIndex: 'segment', width: 96, render: (v: ChainSegment) => <SegmentTag segment={v} /> },
    { key: 'name', title: t('chainMap.gapName'), width: 240, render: (_, g) => (<><Typography.Text strong>{g.name}</Typography.Text>{g.note && <div style={{ fontSize: 12, color: '#8c8c8c' }}>{g.note}</div>}</>) },
    { key: 'targets', title: t('chainMap.targets'), render: (_, g) => (g.targets.length ? <Flex gap={4} wrap>{g.targets.map((f) => <TargetTag key={f.name} target={f} />)}</Flex> : <Typography.Text type="secondary">{t('chainMap.noTargets')}</Typography.Text>) },
  ];
  return <Table<GapRow> rowKey="id" size="small" pagination={false} dataSource={rows} columns={columns} data-testid="gap-table" />;
}

type DraftGap = { key: number; segment: ChainSegment; name: string; note: string; targets: string[] };
let nextKey = 1;
const toDraft = (map: ChainMap): DraftGap[] => map.segments.flatMap((s) => s.gaps.map((g) => ({ key: nextKey++, segment: s.segment, name: g.name, note: g.note ?? '', targets: g.targets.map((f) => f.name) })));

/** 链长办 edits the chain's gaps and the firms to court: the whole set is saved at once. */
function GapEditor({ map, open, onClose, narrow }: { map: ChainMap; open: boolean; onClose: () => void; narrow: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<DraftGap[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) setDrafts(toDraft(map));
  }, [open, map]);
  const change = (key: number, patch: Partial<DraftGap>) => setDrafts((d) => d.map((g) => (g.key === key ? { ...g, ...patch } : g)));
  const invalid = drafts.some((g) => !g.name.trim() || g.targets.some((f) => f.trim().length < 2));

  async function save() {
    setSaving(true);
    try {
      const gaps: GapInput[] = drafts.map((g) => ({ segment: g.segment, name: g.name.trim(), note: g.note.trim() || null, targets: [...new Set(g.targets.map((f) => f.trim()))] }));
      await financeApi.saveGaps(map.chain.id, gaps);
      await client.invalidateQueries({ queryKey: ['chain-map'] });
      message.success(t('common.saved'));
      onClose();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('chainMap.editGaps', { chain: map.chain.name })}
      size={narrow ? '100%' : 640}
      data-testid="gap-editor"
      extra={
        <Button type="primary" loading={saving} disabled={invalid} onClick={() => void save()} data-testid="gap-save">
          {t('common.save')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('chainMap.editHint')}
      </Typography.Paragraph>
      <Flex vertical gap={12}>
        {drafts.map((g, i) => (
          <Card key={g.key} size="small" styles={{ body: { padding: 12 } }} data-testid={`gap-draft-${i}`}>
            <Flex gap={8} wrap={narrow}>
              <Select value={g.segment} onChange={(v) => change(g.key, { segment: v })} style={{ width: 132, flex: 'none' }} options={CHAIN_SEGMENTS.map((s) => ({ value: s, label: t(`keyLists.segment.${s}`) }))} />
              {/* On a phone the name takes its own line, the bin stays by the segment. */}
              <Input value={g.name} onChange={(e) => change(g.key, { name: e.target.value })} placeholder={t('chainMap.gapName')} maxLength={100} status={g.name.trim() ? undefined : 'error'} style={{ flex: 1, minWidth: narrow ? '100%' : 160, order: narrow ? 2 : 0 }} data-testid="gap-name" />
              <Button type="text" danger icon={<DeleteOutlined />} onClick={() => setDrafts((d) => d.filter((x) => x.key !== g.key))} aria-label={t('common.delete')} style={{ marginLeft: 'auto' }} />
            </Flex>
            <Input value={g.note} onChange={(e) => change(g.key, { note: e.target.value })} placeholder={t('chainMap.notePlaceholder')} maxLength={500} style={{ marginTop: 8 }} />
            <Select mode="tags" value={g.targets} onChange={(v: string[]) => change(g.key, { targets: v })} placeholder={t('chainMap.targetsPlaceholder')} tokenSeparators={['\n', '、', ';', '；']} open={false} suffixIcon={null} style={{ width: '100%', marginTop: 8 }} data-testid="gap-targets" />
          </Card>
        ))}
        <Button icon={<PlusOutlined />} onClick={() => setDrafts((d) => [...d, { key: nextKey++, segment: 'upstream', name: '', note: '', targets: [] }])} data-testid="gap-add">
          {t('chainMap.addGap')}
        </Button>
      </Flex>
    </Drawer>
  );
}

/**
 * 产业链图谱: a chain's year as a picture — its segments, the listed enterprises by role, the gaps
 * (补链) and the firms courted for them, green where a lead chases one. Below, the gaps as a table;
 * the chain bureau edits the gaps. Readers as for the key lists; a bank only its own chains.
 */
export function ChainMapPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const narrow = Grid.useBreakpoint().md === false;
  const { year, chainId, set } = useYearChainParams();
  const { chains, isLoading: chainsLoading } = useChainChoices(year, chainSource(me));
  const shownChain = chains.some((c) => c.id === chainId) ? chainId : undefined;
  const map = useChainMap(year, shownChain);
  const [editing, setEditing] = useState(false);

  useEffect(() => {
    if (!chainsLoading && chains.length && !shownChain) set({ chainId: chains[0]!.id });
  }, [chainsLoading, chains, shownChain, set]);

  const picture = useMemo(() => {
    const leadStatus = (s: string | null) => (s ? t(`leads.status.${s}`, { defaultValue: s }) : t('chainMap.chased'));
    return map.data ? chainMapOption(map.data, narrow, t, leadStatus) : null;
  }, [map.data, narrow, t]);
  const gaps: GapRow[] = useMemo(() => (map.data?.segments ?? []).flatMap((s) => s.gaps.map((g) => ({ ...g, segment: s.segment }))), [map.data]);
  const listed = (map.data?.segments ?? []).reduce((n, s) => n + s.enterprises.length, 0) + (map.data?.unplaced.length ?? 0);

  return (
    <PageCard title={narrow ? t('menu.chainMap') : t('chainMap.title')}>
      <Flex wrap gap={8} justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <YearChainPicker year={year} chainId={shownChain} chains={chains} loading={chainsLoading} narrow={narrow} onChange={set} />
        <Flex wrap gap={8}>
          {shownChain && (
            <Link to={`/key-enterprises?year=${year}&chainId=${shownChain}`}>
              <Button icon={<ProfileOutlined />}>{t('chainMap.toList')}</Button>
            </Link>
          )}
          {can('keylist:write') && map.data && (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="gap-edit">
              {t('chainMap.editGapsShort')}
            </Button>
          )}
        </Flex>
      </Flex>
      {!chainsLoading && chains.length === 0 && <Alert type="info" showIcon title={t('keyLists.noChainsYear', { year })} />}
      {map.error && <Alert type="warning" showIcon title={(map.error as ApiError).message} style={{ marginBottom: 12 }} />}
      {map.data && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }} data-testid="chain-map-meta">
          {map.data.listVersion ? t('chainMap.meta', { chain: map.data.chain.name, year, version: map.data.listVersion, n: listed, gaps: gaps.length }) : t('chainMap.metaNoList', { chain: map.data.chain.name, year, gaps: gaps.length })}
        </Typography.Paragraph>
      )}
      <Spin spinning={map.isFetching}>
        {picture && (
          <div style={{ overflowX: 'auto' }}>
            <Chart option={picture.option} height={picture.height} testId="chain-map-chart" />
          </div>
        )}
        {map.data && map.data.unplaced.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="chain-map-unplaced">
            {t('chainMap.unplaced', { names: map.data.unplaced.map((e) => e.name).join('、') })}
          </Typography.Paragraph>
        )}
        {map.data && (
          <section style={{ marginTop: 16 }}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('chainMap.gapsTitle')}
            </Typography.Title>
            <GapTable rows={gaps} narrow={narrow} />
          </section>
        )}
      </Spin>
      {map.data && can('keylist:write') && <GapEditor map={map.data} open={editing} onClose={() => setEditing(false)} narrow={narrow} />}
    </PageCard>
  );
}
