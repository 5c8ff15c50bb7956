import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Form, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CITY_LEVELS, LIST_LEVELS, type ListLevel } from '../../../../common/dispatch';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatWan, MoneyCell } from '../../components/money';
import { PageCard } from '../../components/PageCard';
import { UnitTreeSelect } from '../../components/units';
import { STAGE_COLORS, type ProjectSummary } from '../projects/api';
import type { KeyProject } from './api';
import { FOUR_DECIMALS } from './ReportDrawer';

const LEVEL_COLORS: Record<ListLevel, string> = { province: 'red', city: 'volcano', district: 'blue' };
const THIS_YEAR = new Date().getFullYear();
const YEARS = [THIS_YEAR + 1, THIS_YEAR, THIS_YEAR - 1, THIS_YEAR - 2, THIS_YEAR - 3];

interface Editing {
  projectId?: number;
  projectName?: string;
  levels: ListLevel[];
  planWan: number | null;
}

export function LevelTags({ levels }: { levels: ListLevel[] }) {
  const { t } = useTranslation();
  return <>{levels.map((l) => <Tag key={l} color={LEVEL_COLORS[l]}>{t(`dispatch.level.${l}`)}</Tag>)}</>;
}

/** 重点项目清单: the year's lists (省重大 / 市重点 set by the commission, 区重点 by each unit) and annual plans. */
export function KeyProjectsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [year, setYear] = useState(THIS_YEAR);
  const [level, setLevel] = useState<ListLevel | undefined>();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<Editing>();
  const manager = can('dispatch:manage');
  const writable = manager || can('dispatch:write');
  const query = new URLSearchParams({ year: String(year), page: String(paging.page), pageSize: String(paging.pageSize) });
  if (level) query.set('level', level);
  if (unitId) query.set('unitId', String(unitId));
  const list = useQuery({ queryKey: ['dispatch', 'key-projects', query.toString()], queryFn: () => api<{ items: KeyProject[]; total: number }>('GET', `/api/dispatch/key-projects?${query}`), placeholderData: (prev) => prev });
  const candidates = useQuery({
    queryKey: ['projects', 'pick', search],
    queryFn: () => api<{ items: ProjectSummary[] }>('GET', `/api/projects?pageSize=20${search ? `&q=${encodeURIComponent(search)}` : ''}`).then((r) => r.items),
    enabled: !!editing && !editing.projectName,
  });

  function edit(next: Editing) {
    setEditing(next);
    form.resetFields();
    form.setFieldsValue(next);
  }

  async function save(values: Editing) {
    const projectId = editing?.projectId ?? values.projectId;
    try {
      await api('PUT', `/api/dispatch/key-projects/${projectId}/${year}`, { levels: values.levels ?? [], planWan: values.planWan ?? null });
      message.success(t('common.saved'));
      setEditing(null);
      void client.invalidateQueries({ queryKey: ['dispatch'] });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field as keyof Editing, errors: [d.message] })));
      else message.error(e.message);
    }
  }

  const columns: ColumnsType<KeyProject> = [
    {
      title: t('dispatch.project'),
      dataIndex: 'projectName',
      fixed: 'left',
      width: 220,
      render: (name: string, p) => (
        <div>
          <Link to={`/projects/${p.projectId}`}>{name}</Link>
          <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.projectCode}</Typography.Text></div>
        </div>
      ),
    },
    { title: t('dispatch.unit'), dataIndex: 'unitName', width: 120 },
    { title: t('projects.field.stage'), dataIndex: 'stage', width: 90, render: (s: string) => <Tag color={STAGE_COLORS[s]}>{t(`stage.${s}`)}</Tag> },
    { title: `${t('projects.field.totalShort')}`, dataIndex: 'totalInvestmentWan', width: 130, align: 'right', render: (v: number) => <MoneyCell wan={v} /> },
    { title: `${t('dispatch.plan')}（${t('money.wan')}）`, dataIndex: 'planWan', width: 140, align: 'right', render: (v: number | null) => <MoneyCell wan={v} /> },
    { title: t('dispatch.levels'), dataIndex: 'levels', width: 190, render: (levels: ListLevel[]) => <LevelTags levels={levels} /> },
    ...(writable
      ? [{ title: t('common.actions'), width: 90, render: (_: unknown, p: KeyProject) => <Button size="small" onClick={() => edit({ projectId: p.projectId, projectName: p.projectName, levels: p.levels, planWan: p.planWan })} data-testid={`key-edit-${p.projectId}`}>{t('common.edit')}</Button> }]
      : []),
  ];

  return (
    <PageCard
      title={t('menu.dispatchKeyProjects')}
      extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => edit({ levels: manager ? ['city'] : ['district'], planWan: null })} data-testid="key-add">{t('dispatch.addToList')}</Button>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={year} onChange={(y) => { setYear(y); setPaging((p) => ({ ...p, page: 1 })); }} style={{ width: 110 }} options={YEARS.map((y) => ({ value: y, label: t('dispatch.yearLabel', { year: y }) }))} data-testid="key-year" />
        <Select allowClear placeholder={t('dispatch.levels')} value={level} onChange={(l) => { setLevel(l); setPaging((p) => ({ ...p, page: 1 })); }} style={{ width: 130 }} options={LIST_LEVELS.map((l) => ({ value: l, label: t(`dispatch.level.${l}`) }))} />
        <UnitTreeSelect allowClear value={unitId} onChange={(u) => { setUnitId(u); setPaging((p) => ({ ...p, page: 1 })); }} />
      </Space>
      <Table<KeyProject>
        rowKey="projectId"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items}
        columns={columns}
        scroll={{ x: 980 }}
        data-testid="key-table"
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: list.data?.total, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        footer={() => <Typography.Text strong>{t('dispatch.keyFooter', { count: list.data?.total ?? 0, year, plan: formatWan((list.data?.items ?? []).reduce((s, p) => s + (p.planWan ?? 0), 0)) })}</Typography.Text>}
      />
      <Modal open={!!editing} title={editing?.projectName ?? t('dispatch.addToList')} onCancel={() => setEditing(null)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'key-ok' } as never}>
        <Form form={form} layout="vertical" onFinish={save}>
          <Typography.Paragraph type="secondary">{t('dispatch.listHint', { year })}</Typography.Paragraph>
          {!editing?.projectName && (
            <Form.Item name="projectId" label={t('dispatch.project')} rules={[{ required: true }]}>
              <Select
                showSearch
                filterOption={false}
                onSearch={setSearch}
                loading={candidates.isFetching}
                options={(candidates.data ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.hostUnitName}）` }))}
                data-testid="key-project"
              />
            </Form.Item>
          )}
          <Form.Item name="levels" label={t('dispatch.levels')}>
            <Checkbox.Group options={LIST_LEVELS.map((l) => ({ value: l, label: t(`dispatch.level.${l}`), disabled: !manager && CITY_LEVELS.includes(l) }))} />
          </Form.Item>
          <Form.Item name="planWan" label={`${t('dispatch.plan')}（${t('money.wan')}）`} rules={[FOUR_DECIMALS(t('dispatch.fourDecimals'))]}>
            <InputNumber min={0} max={100_000_000} style={{ width: '100%' }} suffix={t('money.wan')} data-testid="key-plan" />
          </Form.Item>
        </Form>
      </Modal>
    </PageCard>
  );
}
