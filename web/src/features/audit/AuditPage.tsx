import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Grid, Input, Select, Space, Table, Tag, Typography, type TableColumnType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, AUDIT_OBJECT_TYPES, ROUTE_ACTIONS, auditActionKey, isRequestLine } from '../../../../common/audit';
import { api } from '../../api/client';
import { PICKER_DATE_FORMATS } from '../../components/dates';
import { ExportButton } from '../../components/ExportButton';
import type { AuditEntry, Page } from '../../api/types';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { formatTime } from '../../components/format';
import { UnitTreeSelect } from '../../components/units';

interface Filter {
  range?: [Dayjs, Dayjs] | null;
  username?: string;
  action?: string;
  unitId?: number;
  result?: 'success' | 'failure';
  objectType?: string;
  objectId?: string;
}

/** What a record says was done, in words; a request recorded by its line alone, by what its route does. */
export function actionWords(t: TFunction, action: string): string {
  if (isRequestLine(action)) {
    const known = ROUTE_ACTIONS[action];
    return known ? t(`auditAction.${auditActionKey(known[0])}`) : t('audit.unknownRequest');
  }
  return t(`auditAction.${auditActionKey(action)}`, { defaultValue: action });
}

/** The object of a record: its kind and name (a lead's title, a user's name), else its number. */
function objectWords(t: TFunction, e: AuditEntry): string {
  const kind = e.objectKind ?? e.objectType;
  // A request that names no record (POST /api/leads/check) is about nothing in particular.
  if (!kind || (kind === 'request' && !e.objectId)) return '—';
  const type = t(`audit.objectTypes.${kind}`, { defaultValue: kind });
  if (e.objectName) return t('audit.objectNamed', { type, name: e.objectName });
  if (e.objectId) return t('audit.objectNumbered', { type, id: e.objectId });
  return type;
}

function toParams(f: Filter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.range) {
    p.set('from', f.range[0].startOf('day').toISOString());
    p.set('to', f.range[1].endOf('day').toISOString());
  }
  if (f.username) p.set('username', f.username);
  if (f.action) p.set('action', f.action);
  if (f.unitId) p.set('unitId', String(f.unitId));
  if (f.result) p.set('result', f.result);
  if (f.objectType) p.set('objectType', f.objectType);
  if (f.objectId) p.set('objectId', f.objectId);
  return p;
}

export function AuditPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const narrow = Grid.useBreakpoint().md === false;
  const [filter, setFilter] = useState<Filter>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [verify, setVerify] = useState<{ checked: number; problems: { id: number; kind: string; line?: number; expected?: number; found?: number }[] } | null>(null);
  const params = toParams(filter);
  const listParams = new URLSearchParams(params);
  listParams.set('page', String(paging.page));
  listParams.set('pageSize', String(paging.pageSize));
  const entries = useQuery({ queryKey: ['audit', listParams.toString()], queryFn: () => api<Page<AuditEntry>>('GET', `/api/audit?${listParams}`) });
  const actionOptions = useMemo(
    () => AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`auditAction.${auditActionKey(a)}`) })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN')),
    [t],
  );
  const update = (next: Filter) => {
    setFilter(next);
    setPaging({ ...paging, page: 1 });
  };

  const userColumn: TableColumnType<AuditEntry> = { title: t('audit.username'), dataIndex: 'username', width: 110, ellipsis: true };
  const actions = (
    <Space wrap>
      <Button icon={<SafetyCertificateOutlined />} onClick={async () => setVerify(await api('GET', '/api/audit/verify'))}>
        {t('audit.verify')}
      </Button>
      {can('audit:export') && <ExportButton url={() => `/api/audit/export?${params}`} fallbackName="audit.xlsx" label={t('audit.export')} testId="audit-export" />}
    </Space>
  );
  return (
    // On a phone the buttons get their own line: beside the title they covered it.
    <PageCard title={t('menu.audit')} extra={narrow ? undefined : actions}>
      {narrow && <div style={{ marginBottom: 12 }}>{actions}</div>}
      {verify && (
        <Alert
          style={{ marginBottom: 12 }}
          closable
          onClose={() => setVerify(null)}
          type={verify.problems.length ? 'error' : 'success'}
          showIcon
          title={verify.problems.length ? t('audit.broken', { count: verify.problems.length, checked: verify.checked }) : t('audit.intact', { checked: verify.checked })}
          description={verify.problems.length ? verify.problems.map((p) => t(`audit.problem.${p.kind}`, { id: p.id, line: p.line, expected: p.expected, found: p.found })).join('；') : undefined}
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker format={PICKER_DATE_FORMATS} value={filter.range ?? null} onChange={(range) => update({ ...filter, range: range as [Dayjs, Dayjs] | null })} />
        <Input.Search allowClear placeholder={t('audit.username')} onSearch={(username) => update({ ...filter, username })} style={{ width: 160 }} />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('audit.action')}
          style={{ width: 200 }}
          value={filter.action}
          onChange={(action?: string) => update({ ...filter, action })}
          options={actionOptions}
          data-testid="audit-action-filter"
        />
        <UnitTreeSelect allowClear value={filter.unitId} onChange={(unitId) => update({ ...filter, unitId })} />
        <Select
          allowClear
          placeholder={t('audit.result')}
          style={{ width: 120 }}
          value={filter.result}
          onChange={(result) => update({ ...filter, result })}
          options={[{ value: 'success', label: t('audit.success') }, { value: 'failure', label: t('audit.failure') }]}
        />
        <Select
          allowClear
          placeholder={t('audit.objectType')}
          style={{ width: 130 }}
          value={filter.objectType}
          onChange={(objectType) => update({ ...filter, objectType })}
          options={AUDIT_OBJECT_TYPES.map((o) => ({ value: o, label: t(`audit.objectTypes.${o}`) }))}
        />
        <Input.Search allowClear placeholder={t('audit.objectId')} onSearch={(objectId) => update({ ...filter, objectId })} style={{ width: 150 }} />
      </Space>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={entries.isLoading}
        dataSource={entries.data?.items}
        scroll={{ x: narrow ? 660 : 1200 }}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: entries.data?.total, showSizeChanger: true, showTotal: (n) => t('common.total', { count: n }), onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        expandable={{ expandedRowRender: (e) => <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{JSON.stringify(e.detail, null, 2)}</Typography.Paragraph>, rowExpandable: (e) => e.detail !== null }}
        columns={[
          { title: t('audit.time'), dataIndex: 'at', width: narrow ? 96 : 165, render: (at: string) => (narrow ? dayjs(at).format('MM-DD HH:mm') : formatTime(at)) },
          // On a phone what was done comes first; who, from where and the request id wait for a wider screen.
          ...(narrow ? [] : [userColumn]),
          { title: t('audit.unit'), dataIndex: 'unitName', width: 140, ellipsis: true, responsive: ['md'] },
          { title: 'IP', dataIndex: 'ip', width: 110, responsive: ['md'] },
          { title: t('audit.action'), dataIndex: 'action', width: narrow ? 150 : 190, render: (a: string) => <span title={a}>{actionWords(t, a)}</span> },
          { title: t('audit.object'), width: narrow ? 170 : 220, ellipsis: true, render: (_, e) => <span title={e.objectId ? `${e.objectKind ?? e.objectType ?? ''} ${e.objectId}` : undefined}>{objectWords(t, e)}</span> },
          { title: t('audit.result'), dataIndex: 'result', width: 90, render: (r: string) => <Tag color={r === 'success' ? 'green' : 'red'}>{t(`audit.${r}`)}</Tag> },
          ...(narrow ? [userColumn] : []),
          { title: t('audit.requestId'), dataIndex: 'requestId', ellipsis: true, responsive: ['md'] },
        ]}
      />
    </PageCard>
  );
}
