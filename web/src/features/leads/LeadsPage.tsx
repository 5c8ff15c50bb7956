import { FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Grid, Input, Pagination, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { defaultLeadColumns, LEAD_EXPORT_EXTRAS, LEAD_LIST_COLUMNS } from '../../../../common/ledger-columns';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../../../common/leads';
import { api } from '../../api/client';
import i18n from '../../i18n';
import type { Me } from '../../api/types';
import { useAuth } from '../../app/auth';
import { ColumnChooser, isLocalOfficer, scrollWidth, useColumnChoice } from '../../components/columns';
import { ExportButton } from '../../components/ExportButton';
import { formatTime } from '../../components/format';
import { formatYi, MoneyCell } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { useTypedSearch } from '../../components/useTypedSearch';
import { UnitTreeSelect } from '../../components/units';
import { useChains } from '../projects/api';
import { LEAD_STATUS_COLORS, type LeadSummary } from './api';
import { LeadForm } from './LeadForm';

interface Filter {
  q?: string;
  status?: string[];
  source?: string;
  unitId?: number;
  chainId?: number;
  conflict?: 'true';
  overdue?: 'true';
}

/** What fits beside the menu at 1366: a district's own leads need no unit column; the city's do. */
const defaultColumns = (me: Me | null) => defaultLeadColumns(isLocalOfficer(me));
const allExtras = () => LEAD_EXPORT_EXTRAS;
const EXTRA_LABELS: Record<(typeof LEAD_EXPORT_EXTRAS)[number], string> = { uscc: 'projects.field.uscc', chain: 'projects.field.chain', contactName: 'leads.field.contact', nextStep: 'leads.field.nextStep', nextStepDate: 'leads.field.nextStepDate' };

/** 招商线索: the leads I hold, follow or am offered; overdue ones and conflicts one click away. */
export function LeadsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const chains = useChains();
  const [search] = useSearchParams();
  const [filter, setFilter] = useState<Filter>(() => (search.get('overdue') === 'true' ? { overdue: 'true' } : {}));
  // The search box answers as you type, a moment after the last key.
  const [typed, setTyped] = useTypedSearch((q) => {
    setFilter((f) => (f.q === q ? f : { ...f, q }));
    setPaging((p) => ({ ...p, page: 1 }));
  });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const choice = useColumnChoice('leads', LEAD_LIST_COLUMNS, defaultColumns, ['title']);
  const extras = useColumnChoice('leads-export', LEAD_EXPORT_EXTRAS, allExtras);
  // On a phone the leads are cards and the filters fold under one button.
  const narrow = Grid.useBreakpoint().md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);


  const params = new URLSearchParams({ page: String(paging.page), pageSize: String(paging.pageSize) });
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else params.set(k, String(v));
  }
  const list = useQuery({ queryKey: ['leads', params.toString()], queryFn: () => api<{ items: LeadSummary[]; total: number; totalInvestmentWan: number }>('GET', `/api/leads?${params}`), placeholderData: (prev) => prev });
  const update = (next: Partial<Filter>) => {
    setFilter({ ...filter, ...next });
    setPaging({ ...paging, page: 1 });
  };
  const exportUrl = () => {
    const p = new URLSearchParams(params);
    p.delete('page');
    p.delete('pageSize');
    // The columns on screen and the extras ticked beside 导出, in the page's language.
    p.set('columns', [...choice.visible, ...extras.visible].join(','));
    p.set('lang', i18n.language);
    return `/api/leads/export?${p}`;
  };

  const allColumns: ColumnsType<LeadSummary> = [
    { key: 'code', title: t('leads.field.code'), dataIndex: 'code', width: 130 },
    {
      key: 'title',
      title: t('leads.field.title'),
      dataIndex: 'title',
      width: 220,
      fixed: 'left',
      render: (title: string, l) => (
        <Space size={4}>
          <Link to={`/leads/${l.id}`}>{title}</Link>
          {l.inConflict && <Tag color="red">{t('leads.conflictTag')}</Tag>}
        </Space>
      ),
    },
    { key: 'enterpriseName', title: t('leads.field.enterprise'), dataIndex: 'enterpriseName', width: 200, ellipsis: true },
    { key: 'unitName', title: t('leads.field.unit'), dataIndex: 'unitName', width: 110, ellipsis: true },
    { key: 'source', title: t('leads.field.source'), dataIndex: 'source', width: 120, ellipsis: true, render: (s: string) => t(`leads.source.${s}`) },
    { key: 'estimated', title: t('leads.field.estimatedShort'), dataIndex: 'estimatedInvestmentWan', width: 120, align: 'right', render: (v: number | null) => <MoneyCell wan={v} /> },
    { key: 'status', title: t('leads.field.status'), dataIndex: 'status', width: 90, render: (s: string) => <Tag color={LEAD_STATUS_COLORS[s]}>{t(`leads.status.${s}`)}</Tag> },
    {
      key: 'due',
      title: t('leads.field.nextDue'),
      width: 170,
      render: (_, l) =>
        l.nextDueAt ? (
          <Tooltip title={formatTime(l.nextDueAt)}>
            <Tag color={l.overdue ? 'red' : 'gold'} data-testid={l.overdue ? 'lead-overdue' : undefined}>
              {t(`leads.deadline.${l.nextDueKind}`)} · {l.overdue ? t('leads.overdue') : formatTime(l.nextDueAt).slice(0, 10)}
            </Tag>
          </Tooltip>
        ) : (
          '—'
        ),
    },
    { key: 'firstContactDate', title: t('leads.field.firstContact'), dataIndex: 'firstContactDate', width: 110 },
  ];
  const columns = allColumns.filter((c) => choice.visible.includes(String(c.key)));

  return (
    <PageCard
      title={t('menu.leads')}
      extra={
        <Space>
          {!narrow && <ColumnChooser columns={allColumns} choice={choice} locked={['title']} testId="lead-columns" />}
          {can('lead:write') && !narrow && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/leads/import')} data-testid="lead-import">
              {t('leads.import')}
            </Button>
          )}
          {!narrow && (
            <Space.Compact>
              <ExportButton url={exportUrl} fallbackName="leads.xlsx" label={t('leads.export')} testId="lead-export" />
              <ColumnChooser columns={LEAD_EXPORT_EXTRAS.map((key) => ({ key, title: t(EXTRA_LABELS[key]) }))} choice={extras} testId="lead-export-extras" title={t('common.exportExtras')} hint={t('common.exportExtrasHint')} />
            </Space.Compact>
          )}
          {can('lead:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="lead-create">
              {t('leads.create')}
            </Button>
          )}
        </Space>
      }
    >
      {narrow && (
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('leads.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ flex: 1 }} size="large" data-testid="lead-search" />
          <Button size="large" icon={<FilterOutlined />} type={filtersOpen ? 'primary' : 'default'} onClick={() => setFiltersOpen(!filtersOpen)} aria-label={t('common.filters')} data-testid="lead-filters" />
        </Flex>
      )}
      <Space wrap style={{ marginBottom: 12, display: narrow && !filtersOpen ? 'none' : undefined }}>
        {!narrow && <Input.Search allowClear placeholder={t('leads.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 280 }} data-testid="lead-search" />}
        <Select mode="multiple" allowClear maxTagCount={2} placeholder={t('leads.field.status')} style={{ width: 200 }} value={filter.status} onChange={(status) => update({ status })} options={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leads.status.${s}`) }))} />
        <Select allowClear placeholder={t('leads.field.source')} style={{ width: 170 }} value={filter.source} onChange={(source) => update({ source })} options={LEAD_SOURCES.map((s) => ({ value: s, label: t(`leads.source.${s}`) }))} />
        <UnitTreeSelect allowClear value={filter.unitId} onChange={(unitId) => update({ unitId })} />
        <Select allowClear placeholder={t('projects.field.chain')} style={{ width: 160 }} value={filter.chainId} onChange={(chainId) => update({ chainId })} options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        <Button type={filter.overdue ? 'primary' : 'default'} danger={!!filter.overdue} onClick={() => update({ overdue: filter.overdue ? undefined : 'true' })} data-testid="lead-filter-overdue">
          {t('leads.onlyOverdue')}
        </Button>
        <Button type={filter.conflict ? 'primary' : 'default'} onClick={() => update({ conflict: filter.conflict ? undefined : 'true' })}>
          {t('leads.onlyConflict')}
        </Button>
      </Space>
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8} data-testid="lead-cards">
            {list.data?.items.length === 0 && <Empty />}
            {list.data?.items.map((l) => <LeadCard key={l.id} l={l} onOpen={() => navigate(`/leads/${l.id}`)} />)}
          </Flex>
          <Typography.Text strong style={{ display: 'block', marginTop: 12 }} data-testid="lead-totals">
            {t('leads.footer', { count: list.data?.total ?? 0, yi: formatYi(list.data?.totalInvestmentWan ?? 0) })}
          </Typography.Text>
          {(list.data?.total ?? 0) > paging.pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} current={paging.page} pageSize={paging.pageSize} total={list.data?.total} onChange={(page, pageSize) => setPaging({ page, pageSize })} />}
        </Spin>
      ) : (
      <Table<LeadSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        scroll={{ x: scrollWidth(columns) }}
        data-testid="lead-table"
        onRow={(l) => ({ onDoubleClick: () => navigate(`/leads/${l.id}`) })}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        footer={() => (
          <Typography.Text strong data-testid="lead-totals">
            {t('leads.footer', { count: list.data?.total ?? 0, yi: formatYi(list.data?.totalInvestmentWan ?? 0) })}
          </Typography.Text>
        )}
      />
      )}
      <LeadForm open={creating} onClose={() => setCreating(false)} onSaved={(id) => { setCreating(false); navigate(`/leads/${id}`); }} />
    </PageCard>
  );
}

/** A lead on a phone: the project, the company, where it stands and what is due; a tap opens it. */
function LeadCard({ l, onOpen }: { l: LeadSummary; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid={`lead-card-${l.id}`}>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {l.title}
        </Typography.Text>
        <Tag color={LEAD_STATUS_COLORS[l.status]} style={{ marginInlineEnd: 0, flexShrink: 0 }}>
          {t(`leads.status.${l.status}`)}
        </Tag>
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {[l.enterpriseName, l.unitName, t(`leads.source.${l.source}`)].filter(Boolean).join(' · ')}
      </Typography.Text>
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }} wrap gap={4}>
        <Space size={4}>
          {l.estimatedInvestmentWan !== null && (
            <span>
              <MoneyCell wan={l.estimatedInvestmentWan} /> {t('money.wan')}
            </span>
          )}
          {l.inConflict && <Tag color="red">{t('leads.conflictTag')}</Tag>}
        </Space>
        {l.nextDueAt && (
          <Tag color={l.overdue ? 'red' : 'gold'} style={{ marginInlineEnd: 0 }}>
            {t(`leads.deadline.${l.nextDueKind}`)} · {l.overdue ? t('leads.overdue') : formatTime(l.nextDueAt).slice(0, 10)}
          </Tag>
        )}
      </Flex>
    </Card>
  );
}
