import { FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Grid, Input, Pagination, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { defaultProjectColumns, PROJECT_EXPORT_EXTRAS, PROJECT_LIST_COLUMNS } from '../../../../common/ledger-columns';
import { PROJECT_STATUSES, STAGES } from '../../../../common/projects';
import { api } from '../../api/client';
import i18n from '../../i18n';
import type { Me } from '../../api/types';
import { ExportButton } from '../../components/ExportButton';
import { useAuth } from '../../app/auth';
import { ColumnChooser, isLocalOfficer, scrollWidth, useColumnChoice } from '../../components/columns';
import { PageCard } from '../../components/PageCard';
import { useTypedSearch } from '../../components/useTypedSearch';
import { formatYi, MoneyCell } from '../../components/money';
import { UnitTreeSelect } from '../../components/units';
import { STAGE_COLORS, useChains, type ProjectSummary } from './api';
import { ProjectForm } from './ProjectForm';
import { SavedFilters } from './SavedFilters';

interface Filter {
  q?: string;
  unitId?: number;
  chainId?: number;
  stage?: string[];
  status?: string;
  above100m?: 'true' | 'false';
  signedYear?: number;
  startedYear?: number;
  minWan?: number;
  maxWan?: number;
  tag?: string;
  leader?: string;
  officerId?: number;
}

/** Amount bands as offices talk about them, in 万元. */
const BANDS: { key: string; minWan?: number; maxWan?: number }[] = [
  { key: 'below10m', maxWan: 1000 },
  { key: '10mTo100m', minWan: 1000, maxWan: 10000 },
  { key: '100mTo500m', minWan: 10000, maxWan: 50000 },
  { key: '500mTo1b', minWan: 50000, maxWan: 100000 },
  { key: 'above1b', minWan: 100000 },
];
const YEARS = [2026, 2025, 2024, 2023, 2022, 2021, 2020];

/** The list's default columns by desk; the export takes the same keys. Every other column is one click away in 列设置. */
const defaultColumns = (me: Me | null) => defaultProjectColumns(isLocalOfficer(me));
const allExtras = () => PROJECT_EXPORT_EXTRAS;
const EXTRA_LABELS: Record<(typeof PROJECT_EXPORT_EXTRAS)[number], string> = { investorUscc: 'projects.field.uscc', plannedStart: 'projects.field.plannedStart', plannedCompletion: 'projects.field.plannedCompletion', plannedProduction: 'projects.field.plannedProduction', progressText: 'projects.field.progress' };
const SORT_FIELDS: Record<string, string> = { code: 'code', name: 'name', totalInvestmentWan: 'totalInvestment', signedDate: 'signedDate', startedDate: 'startedDate' };

export function ProjectsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const chains = useChains();
  const officers = useQuery({ queryKey: ['directory', 'officers'], queryFn: () => api<{ items: { id: number; displayName: string; unitName: string }[] }>('GET', '/api/directory/users?pageSize=200'), select: (r) => r.items, enabled: can('org:read') });
  const [filter, setFilter] = useState<Filter>({});
  // The search box answers as you type, a moment after the last key.
  const [typed, setTyped] = useTypedSearch((q) => {
    setFilter((f) => (f.q === q ? f : { ...f, q }));
    setPaging((p) => ({ ...p, page: 1 }));
  });
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' }>({ field: 'id', order: 'desc' });
  const [creating, setCreating] = useState(false);
  const choice = useColumnChoice('projects', PROJECT_LIST_COLUMNS, defaultColumns, ['name']);
  const visible = choice.visible;
  // What the export adds to the columns on screen (计划开工, 信用代码, 形象进度…), remembered the same way.
  const extras = useColumnChoice('projects-export', PROJECT_EXPORT_EXTRAS, allExtras);
  // On a phone the ledger is a list of cards and the filters fold under one button.
  const narrow = Grid.useBreakpoint().md === false;
  const [filtersOpen, setFiltersOpen] = useState(false);


  const params = new URLSearchParams({ page: String(paging.page), pageSize: String(paging.pageSize), sort: sort.field, order: sort.order });
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else params.set(k, String(v));
  }
  const filterQuery = (() => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) {
      if (v === undefined || v === '') continue;
      if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
      else q.set(k, String(v));
    }
    return q.toString();
  })();
  function applySaved(query: string) {
    const q = new URLSearchParams(query);
    const next: Filter = {};
    for (const key of ['q', 'status', 'above100m'] as const) if (q.get(key)) (next as Record<string, string>)[key] = q.get(key)!;
    for (const key of ['tag', 'leader'] as const) if (q.get(key)) next[key] = q.get(key)!;
    for (const key of ['unitId', 'chainId', 'signedYear', 'startedYear', 'minWan', 'maxWan', 'officerId'] as const) if (q.get(key)) next[key] = Number(q.get(key));
    if (q.getAll('stage').length) next.stage = q.getAll('stage');
    setTyped(next.q ?? '');
    setFilter(next);
    setPaging({ ...paging, page: 1 });
  }
  const list = useQuery({ queryKey: ['projects', params.toString()], queryFn: () => api<{ items: ProjectSummary[]; total: number; totalInvestmentWan: number }>('GET', `/api/projects?${params}`), placeholderData: (prev) => prev });
  /** The export follows the filter on screen and the columns chosen, not the page or the sort. */
  const exportUrl = () => {
    const exportParams = new URLSearchParams(params);
    for (const k of ['page', 'pageSize', 'sort', 'order']) exportParams.delete(k);
    exportParams.set('columns', [...visible, ...extras.visible].join(','));
    exportParams.set('lang', i18n.language);
    return `/api/projects/export?${exportParams}`;
  };
  const update = (next: Partial<Filter>) => {
    setFilter({ ...filter, ...next });
    setPaging({ ...paging, page: 1 });
  };

  const allColumns: ColumnsType<ProjectSummary> = useMemo(
    () => [
      { key: 'code', title: t('projects.field.code'), dataIndex: 'code', width: 130, sorter: true },
      { key: 'name', title: t('projects.field.name'), dataIndex: 'name', width: 220, fixed: 'left', sorter: true, render: (name: string, p) => <Link to={`/projects/${p.id}`}>{name}</Link> },
      { key: 'investorName', title: t('projects.field.investor'), dataIndex: 'investorName', width: 180, ellipsis: true },
      { key: 'hostUnitName', title: t('projects.field.hostUnit'), dataIndex: 'hostUnitName', width: 110, ellipsis: true },
      { key: 'chainName', title: t('projects.field.chain'), dataIndex: 'chainName', width: 120, ellipsis: true, render: (v: string | null) => v ?? '—' },
      { key: 'stage', title: t('projects.field.stage'), dataIndex: 'stage', width: 84, render: (s: string) => <Tag color={STAGE_COLORS[s]}>{t(`stage.${s}`)}</Tag> },
      { key: 'status', title: t('projects.field.status'), dataIndex: 'status', width: 84, render: (s: string) => <Tag color={s === 'normal' ? 'green' : s === 'suspended' ? 'orange' : 'red'}>{t(`projects.status.${s}`)}</Tag> },
      { key: 'totalInvestmentWan', title: t('projects.field.totalShort'), dataIndex: 'totalInvestmentWan', width: 150, align: 'right', sorter: true, render: (v: number, p) => <Space size={4} style={{ whiteSpace: 'nowrap' }}><MoneyCell wan={v} />{p.above100m && <Tag color="red" style={{ marginInlineEnd: 0 }}>{t('projects.above100m')}</Tag>}</Space> },
      { key: 'signedDate', title: t('projects.field.signedDate'), dataIndex: 'signedDate', width: 104, sorter: true, render: (v: string | null) => v ?? '—' },
      { key: 'startedDate', title: t('projects.field.startedDate'), dataIndex: 'startedDate', width: 104, sorter: true, render: (v: string | null) => v ?? '—' },
      { key: 'leaderName', title: t('projects.field.leader'), dataIndex: 'leaderName', width: 90, ellipsis: true, render: (v: string | null) => v ?? '—' },
    ],
    [t],
  );
  const columns = allColumns.filter((c) => visible.includes(String(c.key)));
  const extraColumns = PROJECT_EXPORT_EXTRAS.map((key) => ({ key, title: t(EXTRA_LABELS[key]) }));

  return (
    <PageCard
      title={t('menu.projects')}
      extra={
        <Space>
          {!narrow && <ColumnChooser columns={allColumns} choice={choice} locked={['name']} testId="project-columns" />}
          {can('project:import') && !narrow && (
            <Button icon={<UploadOutlined />} onClick={() => navigate('/projects/import')} data-testid="project-import">
              {t('import.title')}
            </Button>
          )}
          {can('project:export') && !narrow && (
            <Space.Compact>
              <ExportButton url={exportUrl} fallbackName="projects.xlsx" label={t('projects.export')} testId="project-export" />
              <ColumnChooser columns={extraColumns} choice={extras} testId="project-export-extras" title={t('common.exportExtras')} hint={t('common.exportExtrasHint')} />
            </Space.Compact>
          )}
          {can('project:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="project-create">
              {t('projects.create')}
            </Button>
          )}
        </Space>
      }
    >
      {narrow && (
        <Flex gap={8} style={{ marginBottom: 12 }}>
          <Input.Search allowClear placeholder={t('projects.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ flex: 1 }} size="large" data-testid="project-search" />
          <Button size="large" icon={<FilterOutlined />} type={filtersOpen ? 'primary' : 'default'} onClick={() => setFiltersOpen(!filtersOpen)} aria-label={t('common.filters')} data-testid="project-filters" />
        </Flex>
      )}
      <Space wrap style={{ marginBottom: 12, display: narrow && !filtersOpen ? 'none' : undefined }}>
        <SavedFilters current={filterQuery} onApply={applySaved} />
        {!narrow && <Input.Search allowClear placeholder={t('projects.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: 300 }} data-testid="project-search" />}
        <UnitTreeSelect allowClear value={filter.unitId} onChange={(unitId) => update({ unitId })} />
        <Select allowClear placeholder={t('projects.field.chain')} style={{ width: 160 }} value={filter.chainId} onChange={(chainId) => update({ chainId })} options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        <Select mode="multiple" allowClear maxTagCount={2} placeholder={t('projects.field.stage')} style={{ width: 200 }} value={filter.stage} onChange={(stage) => update({ stage })} options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
        <Select allowClear placeholder={t('projects.field.status')} style={{ width: 110 }} value={filter.status} onChange={(status) => update({ status })} options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))} />
        <Select allowClear placeholder={t('projects.above100m')} style={{ width: 120 }} value={filter.above100m} onChange={(above100m) => update({ above100m })} options={[{ value: 'true', label: t('projects.above100mYes') }, { value: 'false', label: t('projects.above100mNo') }]} />
        <Select allowClear placeholder={t('projects.signedYear')} style={{ width: 120 }} value={filter.signedYear} onChange={(signedYear) => update({ signedYear })} options={YEARS.map((y) => ({ value: y, label: String(y) }))} />
        <Select allowClear placeholder={t('projects.startedYear')} style={{ width: 120 }} value={filter.startedYear} onChange={(startedYear) => update({ startedYear })} options={YEARS.map((y) => ({ value: y, label: String(y) }))} />
        <Select
          allowClear
          placeholder={t('projects.band')}
          style={{ width: 150 }}
          value={BANDS.find((b) => b.minWan === filter.minWan && b.maxWan === filter.maxWan && (filter.minWan !== undefined || filter.maxWan !== undefined))?.key}
          onChange={(key) => {
            const band = BANDS.find((b) => b.key === key);
            update({ minWan: band?.minWan, maxWan: band?.maxWan });
          }}
          options={BANDS.map((b) => ({ value: b.key, label: t(`projects.bands.${b.key}`) }))}
          data-testid="project-band"
        />
        <Select allowClear placeholder={t('projects.field.tags')} style={{ width: 110 }} value={filter.tag} onChange={(tag) => update({ tag })} options={['市重大', '省重大'].map((v) => ({ value: v, label: v }))} />
        <Input allowClear placeholder={t('projects.field.leader')} style={{ width: 110 }} defaultValue={filter.leader} onPressEnter={(e) => update({ leader: (e.target as HTMLInputElement).value.trim() || undefined })} onBlur={(e) => update({ leader: e.target.value.trim() || undefined })} />
        <Select allowClear showSearch optionFilterProp="label" placeholder={t('projects.field.officer')} style={{ width: 150 }} value={filter.officerId} onChange={(officerId) => update({ officerId })} options={(officers.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))} />
      </Space>
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8} data-testid="project-cards">
            {list.data?.items.length === 0 && <Empty />}
            {list.data?.items.map((p) => <ProjectCard key={p.id} p={p} onOpen={() => navigate(`/projects/${p.id}`)} />)}
          </Flex>
          <Typography.Text strong style={{ display: 'block', marginTop: 12 }} data-testid="project-totals">
            {t('projects.footer', { count: list.data?.total ?? 0, yi: formatYi(list.data?.totalInvestmentWan ?? 0) })}
          </Typography.Text>
          {(list.data?.total ?? 0) > paging.pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} current={paging.page} pageSize={paging.pageSize} total={list.data?.total} onChange={(page, pageSize) => setPaging({ page, pageSize })} />}
        </Spin>
      ) : (
      <Table<ProjectSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        scroll={{ x: scrollWidth(columns) }}
        data-testid="project-table"
        onRow={(p) => ({ onDoubleClick: () => navigate(`/projects/${p.id}`) })}
        onChange={(_, __, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const field = s?.order ? SORT_FIELDS[String(s.columnKey)] : undefined;
          setSort(field ? { field, order: s!.order === 'ascend' ? 'asc' : 'desc' } : { field: 'id', order: 'desc' });
        }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        footer={() => (
          <Typography.Text strong data-testid="project-totals">
            {t('projects.footer', { count: list.data?.total ?? 0, yi: formatYi(list.data?.totalInvestmentWan ?? 0) })}
          </Typography.Text>
        )}
      />
      )}
      <ProjectForm open={creating} onClose={() => setCreating(false)} onSaved={(p) => { setCreating(false); navigate(`/projects/${p.id}`); }} />
    </PageCard>
  );
}

/** A project on a phone: what it is, where it stands, how big, and a tap opens it. */
function ProjectCard({ p, onOpen }: { p: ProjectSummary; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" hoverable onClick={onOpen} data-testid={`project-card-${p.id}`}>
      <Flex justify="space-between" align="start" gap={8}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {p.name}
        </Typography.Text>
        <Tag color={STAGE_COLORS[p.stage]} style={{ marginInlineEnd: 0, flexShrink: 0 }}>
          {t(`stage.${p.stage}`)}
        </Tag>
      </Flex>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
        {[p.hostUnitName, p.chainName, p.investorName].filter(Boolean).join(' · ')}
      </Typography.Text>
      <Flex justify="space-between" align="center" style={{ marginTop: 4 }} wrap gap={4}>
        <Space size={4}>
          <span>
            <MoneyCell wan={p.totalInvestmentWan} /> {t('money.wan')}
          </span>
          {p.above100m && <Tag color="red">{t('projects.above100m')}</Tag>}
          {p.status !== 'normal' && <Tag color={p.status === 'suspended' ? 'orange' : 'red'}>{t(`projects.status.${p.status}`)}</Tag>}
        </Space>
        <Typography.Text type="secondary">{p.signedDate ? `${t('projects.field.signedDate')} ${p.signedDate}` : ''}</Typography.Text>
      </Flex>
    </Card>
  );
}
