import { Card, Descriptions, Drawer, Empty, Flex, Grid, Input, List, Pagination, Select, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ENTERPRISE_TAGS } from '../../../../common/key-enterprises';
import { formatWan } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { useTypedSearch } from '../../components/useTypedSearch';
import { useRegistry, useRegistryRecord, type RegistryItem } from './api';
import { IndustryField, TagsSection } from './RecordKeeping';

/** One enterprise's record: the names it went by, its tags and where they come from, its chain lists, projects and leads as far as I may see them. */
function RecordDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const r = useRegistryRecord(id);
  const d = r.data;
  const hidden = (n: number) => (n ? <Typography.Text type="secondary">{t('registry.hidden', { count: n })}</Typography.Text> : null);
  return (
    <Drawer open={id !== null} onClose={onClose} width={narrow ? '100%' : 640} title={d?.name ?? t('registry.title')} destroyOnHidden data-testid="registry-drawer">
      {r.isLoading || !d ? (
        <Spin />
      ) : (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('enterprises.field.uscc')}>
              <span style={{ fontFamily: 'monospace' }}>{d.uscc}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('enterprises.field.servingUnit')}>{d.servingUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('registry.industry')}>
              <IndustryField record={d} />
            </Descriptions.Item>
            {d.formerNames.length > 0 && <Descriptions.Item label={t('registry.formerNames')}>{d.formerNames.map((n) => n.name).join('；')}</Descriptions.Item>}
          </Descriptions>
          <TagsSection record={d} />
          <div>
            <Typography.Title level={5}>{t('registry.lists')}</Typography.Title>
            <List
              size="small"
              dataSource={d.lists}
              locale={{ emptyText: t('registry.none') }}
              renderItem={(l) => (
                <List.Item>
                  <Link to={`/key-enterprises?year=${l.year}&chainId=${l.chainId}`}>
                    {t('registry.listLine', { year: l.year, chain: l.chainName })}
                  </Link>
                  <span>
                    {l.segment && <Tag>{t(`keyLists.segment.${l.segment}`)}</Tag>}
                    {l.role && <Tag>{t(`keyLists.role.${l.role}`)}</Tag>}
                  </span>
                </List.Item>
              )}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('registry.projects')}</Typography.Title>
            <List
              size="small"
              dataSource={d.projects.items}
              locale={{ emptyText: t('registry.none') }}
              renderItem={(p) => (
                <List.Item>
                  <Link to={`/projects/${p.id}`}>{p.name}</Link>
                  <span>
                    <Tag>{t(`stage.${p.stage}`)}</Tag>
                    <Typography.Text type="secondary">{p.hostUnitName}</Typography.Text>
                  </span>
                </List.Item>
              )}
            />
            {hidden(d.projects.hidden)}
          </div>
          <div>
            <Typography.Title level={5}>{t('registry.leads')}</Typography.Title>
            <List
              size="small"
              dataSource={d.leads.items}
              locale={{ emptyText: t('registry.none') }}
              renderItem={(l) => (
                <List.Item>
                  <Link to={`/leads/${l.id}`}>{l.title}</Link>
                  <span>
                    <Tag>{t(`leads.status.${l.status}`)}</Tag>
                    <Typography.Text type="secondary">{l.unitName}</Typography.Text>
                  </span>
                </List.Item>
              )}
            />
            {hidden(d.leads.hidden)}
          </div>
          <div>
            <Typography.Title level={5}>{t('registry.problems')}</Typography.Title>
            <List
              size="small"
              dataSource={d.problems.items}
              locale={{ emptyText: t('registry.none') }}
              renderItem={(p) => (
                <List.Item>
                  <Link to={`/problems/${p.id}`}>{p.title}</Link>
                  <span>
                    <Tag>{t(`problems.category.${p.category}`)}</Tag>
                    <Tag>{t(`problems.status.${p.status}`)}</Tag>
                  </span>
                </List.Item>
              )}
            />
            {hidden(d.problems.hidden)}
          </div>
          {d.credit && (
            <div>
              <Typography.Title level={5}>{t('registry.credit')}</Typography.Title>
              <List
                size="small"
                dataSource={d.credit}
                locale={{ emptyText: t('registry.none') }}
                renderItem={(c) => (
                  <List.Item>
                    <span>
                      {c.bankName} · {c.chainName}
                    </span>
                    <Typography.Text type="secondary">{t('registry.creditLine', { date: c.grantedOn, amount: formatWan(c.amountWan), outstanding: formatWan(c.outstandingWan) })}</Typography.Text>
                  </List.Item>
                )}
              />
            </div>
          )}
        </Flex>
      )}
    </Drawer>
  );
}

/** 企业库: every enterprise the city knows, by credit code — found by two characters, the code or pinyin initials, or by a tag. */
export function RegistryPage() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [q, setQ] = useState<string | undefined>();
  const [tag, setTag] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [open, setOpen] = useState<number | null>(null);
  const [typed, setTyped] = useTypedSearch((next) => {
    if (next === q) return;
    setQ(next);
    setPage(1);
  });
  const list = useRegistry(q, tag, page, pageSize);
  const columns: ColumnsType<RegistryItem> = [
    { key: 'name', title: t('enterprises.field.name'), dataIndex: 'name', render: (name: string, e) => <a onClick={() => setOpen(e.id)} data-testid={`registry-open-${e.id}`}>{name}</a> },
    { key: 'uscc', title: t('enterprises.field.uscc'), dataIndex: 'uscc', width: 200, render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span> },
    { key: 'industry', title: t('registry.industry'), dataIndex: 'industry', width: 160, render: (v: string | null) => v ?? '—' },
    { key: 'unit', title: t('enterprises.field.servingUnit'), dataIndex: 'servingUnitName', width: 180, ellipsis: { showTitle: true } },
  ];
  const paging = { current: page, pageSize, total: list.data?.total, showSizeChanger: !narrow, onChange: (p: number, s: number) => { setPage(p); setPageSize(s); } };
  return (
    <PageCard title={t('registry.title')}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('registry.intro')}
      </Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('registry.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: narrow ? '100%' : 320 }} data-testid="registry-search" />
        <Select allowClear placeholder={t('registry.tagFilter')} value={tag} onChange={(v) => { setTag(v); setPage(1); }} style={{ width: narrow ? '100%' : 200 }} options={ENTERPRISE_TAGS.map((x) => ({ value: x, label: t(`keyLists.tag.${x}`) }))} data-testid="registry-tag" />
      </Flex>
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8}>
            {list.data?.items.length === 0 && <Empty description={t('registry.none')} />}
            {list.data?.items.map((e) => (
              <Card key={e.id} size="small" onClick={() => setOpen(e.id)} styles={{ body: { padding: 12 } }}>
                <Typography.Text strong style={{ display: 'block', overflowWrap: 'anywhere' }}>{e.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>{e.uscc}</Typography.Text>
              </Card>
            ))}
          </Flex>
          {(list.data?.total ?? 0) > pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} {...paging} />}
        </Spin>
      ) : (
        <Table<RegistryItem> rowKey="id" size="middle" loading={list.isFetching} dataSource={list.data?.items} columns={columns} scroll={{ x: 760 }} pagination={paging} locale={{ emptyText: t('registry.none') }} footer={() => <Typography.Text strong>{t('common.total', { count: list.data?.total ?? 0 })}</Typography.Text>} data-testid="registry-table" />
      )}
      <RecordDrawer id={open} onClose={() => setOpen(null)} />
    </PageCard>
  );
}
