import { PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Grid, Input, Pagination, Select, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES, type ProblemCategory, type ProblemStatus } from '../../../../common/problems';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { useTypedSearch } from '../../components/useTypedSearch';
import { isEnterpriseContact, usePortal, useProblems, type ProblemFilter, type ProblemSummary } from './api';
import { CategoryTag, DueTags, ProblemCard, StatusTag } from './parts';
import { RaiseForm } from './RaiseForm';

/** The filter lives in the address, so a link from the workbench or a notice opens the same list. */
function filterOf(params: URLSearchParams): ProblemFilter {
  const status = params.get('status') as ProblemStatus | null;
  const category = params.get('category') as ProblemCategory | null;
  return {
    status: status && PROBLEM_STATUSES.includes(status) ? status : undefined,
    category: category && PROBLEM_CATEGORIES.includes(category) ? category : undefined,
    overdue: params.get('overdue') === 'true' ? 'true' : undefined,
    handling: params.get('handling') === 'mine' ? 'mine' : undefined,
    q: params.get('q') ?? undefined,
  };
}

/** 问题清单: what I may see, filtered and paged in the server; a phone gets cards instead of the table. */
export function ProblemsPage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const navigate = useNavigate();
  const narrow = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const filter = filterOf(params);
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [raising, setRaising] = useState(false);
  const enterprise = isEnterpriseContact(me);
  const portal = usePortal(enterprise);

  const set = (next: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const copy = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v === undefined || v === '') copy.delete(k);
          else copy.set(k, v);
        }
        if (!('page' in next)) copy.delete('page');
        return copy;
      },
      { replace: true },
    );
  const [typed, setTyped] = useTypedSearch((q) => {
    if ((q ?? undefined) !== filter.q) set({ q });
  }, filter.q ?? '');
  const list = useProblems(filter, page, pageSize);

  // Widths that fit the 1366 screen beside the menu; narrower screens scroll.
  const columns: ColumnsType<ProblemSummary> = [
    { key: 'code', title: t('problems.field.code'), dataIndex: 'code', width: 128, render: (c: string) => <span style={{ whiteSpace: 'nowrap' }}>{c}</span> },
    { key: 'title', title: t('problems.field.title'), dataIndex: 'title', width: 190, render: (title: string, p) => <Link to={`/problems/${p.id}`}>{title}</Link> },
    { key: 'category', title: t('problems.field.category'), dataIndex: 'category', width: 100, render: (c: ProblemCategory) => <CategoryTag category={c} /> },
    { key: 'status', title: t('problems.field.status'), dataIndex: 'status', width: 96, render: (s: ProblemStatus) => <StatusTag status={s} /> },
    { key: 'project', title: t('problems.field.project'), dataIndex: 'projectName', width: 140, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    { key: 'raiser', title: t('problems.field.raiser'), width: 124, ellipsis: { showTitle: true }, render: (_, p) => p.enterpriseName ?? p.raiserUnitName },
    { key: 'lead', title: t('problems.field.lead'), dataIndex: 'leadUnitName', width: 150, ellipsis: { showTitle: true }, render: (v: string | null) => v ?? '—' },
    { key: 'due', title: t('problems.field.due'), width: 130, render: (_, p) => <DueTags p={p} /> },
  ];

  const paging = { current: page, pageSize, total: list.data?.total, showSizeChanger: !narrow, onChange: (p: number, s: number) => set({ page: String(p), pageSize: String(s) }) };

  return (
    <PageCard
      title={t('menu.problemList')}
      extra={
        can('problem:write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRaising(true)} data-testid="problem-raise">
            {narrow ? t('problems.raiseShort') : t('problems.raise')}
          </Button>
        )
      }
    >
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('problems.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: narrow ? '100%' : 260 }} data-testid="problem-search" />
        <Select allowClear placeholder={t('problems.field.status')} style={narrow ? { flex: 1, minWidth: 120 } : { width: 130 }} value={filter.status} onChange={(status) => set({ status })} options={PROBLEM_STATUSES.map((s) => ({ value: s, label: t(`problems.status.${s}`) }))} data-testid="problem-filter-status" />
        <Select allowClear placeholder={t('problems.field.category')} style={narrow ? { flex: 1, minWidth: 120 } : { width: 140 }} value={filter.category} onChange={(category) => set({ category })} options={PROBLEM_CATEGORIES.map((c) => ({ value: c, label: t(`problems.category.${c}`) }))} />
        <Button type={filter.overdue ? 'primary' : 'default'} danger={!!filter.overdue} onClick={() => set({ overdue: filter.overdue ? undefined : 'true' })} data-testid="problem-filter-overdue">
          {t('problems.onlyOverdue')}
        </Button>
        {can('problem:handle') && (
          <Button type={filter.handling ? 'primary' : 'default'} onClick={() => set({ handling: filter.handling ? undefined : 'mine' })} data-testid="problem-filter-mine">
            {t('problems.handlingMine')}
          </Button>
        )}
      </Flex>
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8} data-testid="problem-cards">
            {list.data?.items.length === 0 && <Empty description={t('problems.none')} />}
            {list.data?.items.map((p) => <ProblemCard key={p.id} p={p} onOpen={() => navigate(`/problems/${p.id}`)} />)}
          </Flex>
          {(list.data?.total ?? 0) > pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} {...paging} />}
        </Spin>
      ) : (
        <Table<ProblemSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          columns={columns}
          scroll={{ x: 1072 }}
          locale={{ emptyText: t('problems.none') }}
          onRow={(p) => ({ onDoubleClick: () => navigate(`/problems/${p.id}`) })}
          pagination={paging}
          footer={() => <Typography.Text strong>{t('common.total', { count: list.data?.total ?? 0 })}</Typography.Text>}
          data-testid="problem-table"
        />
      )}
      <RaiseForm open={raising} onClose={() => setRaising(false)} ownProjects={enterprise ? (portal.data?.projects ?? []) : undefined} onSaved={(id) => { setRaising(false); navigate(`/problems/${id}`); }} />
    </PageCard>
  );
}
