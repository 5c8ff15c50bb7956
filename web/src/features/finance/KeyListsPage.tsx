import { ApartmentOutlined, DeleteOutlined, EditOutlined, HistoryOutlined, ImportOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Flex, Grid, Input, List, Popconfirm, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/format';
import { PageCard } from '../../components/PageCard';
import { chainSource, financeApi, useChainChoices, useKeyList, useKeyListVersions, useYearChainParams, type KeyEnterprise, type KeyListItemInput } from './api';
import { EntryModal } from './EntryModal';
import { EnterpriseName, EnterpriseTags, KeyEnterpriseCard, RoleTag, SegmentTag, YearChainPicker } from './parts';

/** A list being edited: the rows as they will be saved, with the names the registry knew them by. */
type Draft = KeyListItemInput & { formerNames: string[] };

const toDraft = (e: KeyEnterprise): Draft => ({ uscc: e.uscc, name: e.enterpriseName, industry: e.industry, segment: e.segment, role: e.role, financingNeed: e.financingNeed, tags: [...new Set(e.tags.map((t) => t.tag))], formerNames: e.formerNames });
const asShown = (d: Draft): KeyEnterprise => ({ enterpriseId: 0, enterpriseName: d.name, uscc: d.uscc, industry: d.industry ?? null, segment: d.segment ?? null, role: d.role ?? null, financingNeed: d.financingNeed ?? null, formerNames: d.formerNames, tags: (d.tags ?? []).map((tag) => ({ tag, source: '', validFrom: '', validTo: null })) });

/**
 * 重点企业清单: a chain's key enterprises of a year, the version in force. The chain bureau edits or
 * imports a new version; officers and the regulator read every chain, a bank only the chains it took.
 */
export function KeyListsPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const { year, chainId, set } = useYearChainParams();
  const writable = can('keylist:write');
  const { chains, isLoading: chainsLoading } = useChainChoices(year, chainSource(me));
  const shownChain = chains.some((c) => c.id === chainId) ? chainId : undefined;
  const list = useKeyList(year, shownChain);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const versions = useKeyListVersions(year, shownChain, versionsOpen);
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [note, setNote] = useState('');
  const [entry, setEntry] = useState<{ index: number | null } | null>(null);
  const [saving, setSaving] = useState(false);
  const editing = drafts !== null;

  // No chain asked (or one this user may not open): the first of the user's chains.
  useEffect(() => {
    if (!chainsLoading && chains.length && !shownChain) set({ chainId: chains[0]!.id });
  }, [chainsLoading, chains, shownChain, set]);

  function startEdit() {
    setDrafts((list.data?.items ?? []).map(toDraft));
    setNote('');
  }

  async function save() {
    if (!drafts || !shownChain) return;
    setSaving(true);
    try {
      const saved = await financeApi.saveList({ year, chainId: shownChain, note: note.trim() || undefined, items: drafts.map(({ formerNames: _, ...item }) => item) });
      client.setQueryData(['key-list', year, shownChain], saved);
      void client.invalidateQueries({ queryKey: ['key-list', year, shownChain, 'versions'] });
      message.success(t('keyLists.savedVersion', { version: saved.list?.version ?? '' }));
      setDrafts(null);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  }

  const rows: KeyEnterprise[] = useMemo(() => (drafts ? drafts.map(asShown) : (list.data?.items ?? [])), [drafts, list.data]);
  const remove = (uscc: string) => setDrafts((d) => d && d.filter((x) => x.uscc !== uscc));
  const editEntry = (uscc: string) => setEntry({ index: drafts?.findIndex((d) => d.uscc === uscc) ?? null });
  const rowActions = (e: KeyEnterprise) => (
    <Space size={0}>
      <Button type="text" size="small" icon={<EditOutlined />} onClick={() => editEntry(e.uscc)} aria-label={t('common.edit')} />
      <Popconfirm title={t('keyLists.removeConfirm', { name: e.enterpriseName })} onConfirm={() => remove(e.uscc)}>
        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`entry-remove-${e.uscc}`} />
      </Popconfirm>
    </Space>
  );

  const columns: ColumnsType<KeyEnterprise> = [
    { key: 'seq', title: t('keyLists.field.seq'), width: 56, render: (_, __, i) => i + 1 },
    { key: 'name', title: t('keyLists.field.name'), width: 230, render: (_, e) => <EnterpriseName e={e} /> },
    { key: 'uscc', title: t('keyLists.field.uscc'), dataIndex: 'uscc', width: 180, render: (v: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{v}</span> },
    { key: 'industry', title: t('keyLists.field.industry'), dataIndex: 'industry', width: 150, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    { key: 'tags', title: t('keyLists.field.tags'), width: 180, render: (_, e) => <EnterpriseTags tags={e.tags} /> },
    { key: 'segment', title: t('keyLists.field.segment'), dataIndex: 'segment', width: 88, render: (v: KeyEnterprise['segment']) => <SegmentTag segment={v} /> },
    { key: 'role', title: t('keyLists.field.role'), dataIndex: 'role', width: 80, render: (v: KeyEnterprise['role']) => <RoleTag role={v} /> },
    { key: 'need', title: t('keyLists.field.need'), dataIndex: 'financingNeed', width: 220, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    ...(editing ? [{ key: 'actions', title: t('common.actions'), width: 88, fixed: 'right' as const, render: (_: unknown, e: KeyEnterprise) => rowActions(e) }] : []),
  ];

  // An import notes the file's fingerprint: shown as such, not as a change note.
  const noteText = (note: string) => (note.startsWith('sha256:') ? t('keyLists.fileHash', { hash: note.slice(7, 15) }) : note);
  const meta = list.data?.list;
  const toolbar = (
    <Flex wrap gap={8} justify="space-between" align="center" style={{ marginBottom: 12 }}>
      <YearChainPicker year={year} chainId={shownChain} chains={chains} loading={chainsLoading} narrow={narrow} onChange={(next) => { setDrafts(null); set(next); }} />
      <Flex wrap gap={8} align="center">
        {meta && (
          <Button icon={<HistoryOutlined />} onClick={() => setVersionsOpen(true)} data-testid="keylist-version">
            {t('keyLists.version', { version: meta.version })}
          </Button>
        )}
        {!editing && shownChain && (
          <Button icon={<ApartmentOutlined />} onClick={() => navigate(`/key-enterprises/map?year=${year}&chainId=${shownChain}`)} data-testid="keylist-map">
            {t('keyLists.toMap')}
          </Button>
        )}
        {!editing && meta && <ExportButton url={() => financeApi.exportUrl(year, shownChain!)} fallbackName="key-enterprises.xlsx" label={t('keyLists.export')} testId="keylist-export" />}
        {writable && !editing && shownChain && (
          <>
            <Button icon={<ImportOutlined />} onClick={() => navigate(`/key-enterprises/import?year=${year}&chainId=${shownChain}`)} data-testid="keylist-import">
              {t('keyLists.import')}
            </Button>
            <Button type="primary" icon={<EditOutlined />} onClick={startEdit} disabled={list.isFetching} data-testid="keylist-edit">
              {t('keyLists.edit')}
            </Button>
          </>
        )}
      </Flex>
    </Flex>
  );

  return (
    <PageCard title={narrow ? t('menu.keyLists') : t('keyLists.title')}>
      {toolbar}
      {meta && !editing && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }} data-testid="keylist-meta">
          {t('keyLists.meta', { chain: meta.chainName, year: meta.year, version: meta.version, at: formatTime(meta.createdAt).slice(0, 16), by: meta.createdBy ?? '—', count: list.data?.items.length ?? 0 })} · {t(`keyLists.source.${meta.source}`, { defaultValue: meta.source })}
        </Typography.Paragraph>
      )}
      {!chainsLoading && chains.length === 0 && <Alert type="info" showIcon title={t('keyLists.noChainsYear', { year })} data-testid="keylist-no-chains" />}
      {list.error && <Alert type="warning" showIcon title={(list.error as ApiError).message} style={{ marginBottom: 12 }} />}
      {editing && (
        <Flex wrap gap={8} align="center" style={{ marginBottom: 12, padding: 12, background: '#fafafa', borderRadius: 6 }} data-testid="keylist-editor">
          <Typography.Text strong>{t('keyLists.editing', { count: drafts.length })}</Typography.Text>
          <Button icon={<PlusOutlined />} onClick={() => setEntry({ index: null })} data-testid="keylist-add">
            {t('keyLists.addEntry')}
          </Button>
          <Input placeholder={t('keyLists.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} style={{ width: narrow ? '100%' : 260 }} data-testid="keylist-note" />
          <Flex wrap gap={8} style={{ marginLeft: narrow ? 0 : 'auto' }}>
            <Button onClick={() => setDrafts(null)}>{t('keyLists.cancelEdit')}</Button>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="keylist-save">
              {t('keyLists.saveVersion')}
            </Button>
          </Flex>
        </Flex>
      )}
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8} data-testid="keylist-cards">
            {shownChain && !list.isLoading && rows.length === 0 && <Empty description={t('keyLists.empty', { year })} />}
            {rows.map((e) => (
              <KeyEnterpriseCard key={e.uscc} e={e} action={editing ? rowActions(e) : undefined} />
            ))}
          </Flex>
        </Spin>
      ) : (
        <Table<KeyEnterprise>
          rowKey="uscc"
          size="middle"
          loading={list.isFetching && !editing}
          dataSource={rows}
          columns={columns}
          scroll={{ x: editing ? 1142 : 1054 }}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: <Empty description={t('keyLists.empty', { year })} /> }}
          data-testid="keylist-table"
        />
      )}
      <EntryModal
        open={entry !== null}
        initial={entry && entry.index !== null && drafts ? (drafts[entry.index] ?? null) : null}
        taken={drafts?.map((d) => d.uscc) ?? []}
        onClose={() => setEntry(null)}
        onDone={(item) => {
          setDrafts((d) => {
            if (!d) return d;
            const index = entry?.index ?? null;
            if (index === null) return [...d, { ...item, formerNames: [] }];
            return d.map((x, i) => (i === index ? { ...item, formerNames: x.formerNames } : x));
          });
          setEntry(null);
        }}
      />
      <Drawer open={versionsOpen} onClose={() => setVersionsOpen(false)} title={t('keyLists.versions', { chain: meta?.chainName ?? '', year })} size={narrow ? '100%' : 480} data-testid="keylist-versions">
        <List
          loading={versions.isLoading}
          dataSource={versions.data ?? []}
          renderItem={(v) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={v.version === meta?.version ? 'red' : 'default'}>{t('keyLists.version', { version: v.version })}</Tag>
                    <span>{t(`keyLists.source.${v.source}`, { defaultValue: v.source })}</span>
                    <Typography.Text type="secondary">{t('keyLists.items', { count: v.items })}</Typography.Text>
                  </Space>
                }
                description={
                  <>
                    {formatTime(v.createdAt).slice(0, 16)} · {v.createdBy ?? '—'}
                    {v.note && <div style={{ overflowWrap: 'anywhere' }}>{noteText(v.note)}</div>}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
    </PageCard>
  );
}
