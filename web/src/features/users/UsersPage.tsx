import { EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Empty, Flex, Form, Grid, Input, Modal, Pagination, Select, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api/client';
import type { Page, Role, User } from '../../api/types';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { formatTime } from '../../components/format';
import { UnitTreeSelect } from '../../components/units';
import { scrollWidth } from '../../components/columns';

type Editing = { mode: 'create' } | { mode: 'edit'; user: User } | { mode: 'roles'; user: User } | { mode: 'reset'; user: User } | null;

function roleLabel(role: Pick<Role, 'name' | 'nameEn'>, lang: string) {
  return lang === 'en-US' ? role.nameEn : role.name;
}

export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useAuth();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<{ q?: string; unitId?: number; status?: string }>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Editing>(null);
  const [form] = Form.useForm();
  const canWrite = can('system:user:write');
  const canGrant = can('security:user-role:write');
  // On a phone the accounts are cards and the filters take the whole width.
  const narrow = Grid.useBreakpoint().md === false;

  const params = new URLSearchParams({ page: String(paging.page), pageSize: String(paging.pageSize) });
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  const users = useQuery({ queryKey: ['users', params.toString()], queryFn: () => api<Page<User>>('GET', `/api/users?${params}`) });
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api<{ items: Role[] }>('GET', '/api/roles').then((r) => r.items) });
  // The system admin grants business roles only; administrator roles are the security admin's.
  // Administrator roles are granted only from the console (gongjian users set-roles); the server refuses them here.
  const grantable = (roles.data ?? []).filter((r) => !r.adminKind);

  async function act(action: () => Promise<unknown>, done: string) {
    try {
      await action();
      message.success(done);
      await client.invalidateQueries({ queryKey: ['users'] });
      return true;
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
        else message.error(e.message);
      }
      return false;
    }
  }

  async function unmask(user: User) {
    try {
      const plain = await api<{ phone: string | null; idNumber: string | null }>('GET', `/api/users/${user.id}/sensitive`);
      modal.info({
        title: t('users.sensitiveTitle', { name: user.displayName }),
        content: (
          <div data-testid="sensitive-values">
            <div>{t('users.phone')}: {plain.phone ?? '—'}</div>
            <div>{t('users.idNumber')}: {plain.idNumber ?? '—'}</div>
          </div>
        ),
      });
    } catch (e) {
      if (e instanceof ApiError) message.error(e.message);
    }
  }

  function open(next: Editing) {
    form.resetFields();
    if (next && next.mode !== 'create') {
      form.setFieldsValue({ displayName: next.user.displayName, unitId: next.user.unitId, email: next.user.email, roleIds: next.user.roles.filter((r) => next.mode === 'roles' || !r.adminKind).map((r) => r.id) });
    }
    setEditing(next);
  }

  async function submit(values: Record<string, unknown>) {
    if (!editing) return;
    const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== ''));
    let ok = false;
    if (editing.mode === 'create') ok = await act(() => api('POST', '/api/users', clean), t('common.created'));
    if (editing.mode === 'edit') ok = await act(() => api('PATCH', `/api/users/${editing.user.id}`, clean), t('common.saved'));
    if (editing.mode === 'roles') ok = await act(() => api('PUT', `/api/users/${editing.user.id}/roles`, { roleIds: values.roleIds ?? [] }), t('common.saved'));
    if (editing.mode === 'reset') ok = await act(() => api('POST', `/api/users/${editing.user.id}/reset-password`, { password: values.password }), t('users.passwordReset'));
    if (ok) setEditing(null);
  }

  const title =
    editing?.mode === 'create' ? t('users.create') : editing?.mode === 'edit' ? t('users.edit', { name: editing.user.displayName }) : editing?.mode === 'roles' ? t('users.grant', { name: editing.user.displayName }) : editing?.mode === 'reset' ? t('users.reset', { name: editing.user.displayName }) : '';

  /** A user's actions, by what I may do to them: the table's last column and a card's button. */
  const actionsOf = (u: User) => {
    // Nobody changes their own status or roles, and administrator accounts change only at the console.
    const managed = u.id !== me?.id && !u.roles.some((r) => r.adminKind);
    const items = [
      ...(canWrite ? [{ key: 'edit', label: t('common.edit'), onClick: () => open({ mode: 'edit', user: u }) }] : []),
      ...(canWrite && managed
        ? [
            { key: 'reset', label: t('users.resetPassword'), onClick: () => open({ mode: 'reset', user: u }) },
            ...(u.locked ? [{ key: 'unlock', label: t('users.unlock'), onClick: () => void act(() => api('POST', `/api/users/${u.id}/unlock`), t('common.saved')) }] : []),
            u.disabled
              ? { key: 'enable', label: t('common.enable'), onClick: () => void act(() => api('POST', `/api/users/${u.id}/enable`), t('common.saved')) }
              : { key: 'disable', label: t('common.disable'), danger: true, onClick: () => void act(() => api('POST', `/api/users/${u.id}/disable`), t('common.saved')) },
          ]
        : []),
      ...(canGrant && managed ? [{ key: 'roles', label: t('users.grantRoles'), onClick: () => open({ mode: 'roles', user: u }) }] : []),
    ];
    return (
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button size="small" data-testid={`user-actions-${u.username}`}>
          {t('common.actions')}
        </Button>
      </Dropdown>
    );
  };
  const statusTags = (u: User) => (
    <Space size={2} wrap>
      {u.disabled ? <Tag>{t('users.statusValue.disabled')}</Tag> : u.locked ? <Tag color="red">{t('users.statusValue.locked')}</Tag> : <Tag color="green">{t('users.statusValue.active')}</Tag>}
      {u.totpEnabled && <Tag color="purple">MFA</Tag>}
    </Space>
  );
  const phoneCell = (u: User) => (
    <Space size={4}>
      {u.phone ?? '—'}
      {u.phone && can('system:user:unmask') && (
        <Tooltip title={t('users.unmask')}>
          <Button size="small" type="text" icon={<EyeOutlined />} onClick={() => void unmask(u)} aria-label={t('users.unmask')} />
        </Tooltip>
      )}
    </Space>
  );

  // Widths that fit beside the menu at 1366; the table scrolls to exactly their sum, so nothing
  // slides under the fixed action column.
  const columns: ColumnsType<User> = [
          { key: 'username', title: t('users.username'), dataIndex: 'username', width: 120, fixed: 'left' },
          { key: 'displayName', title: t('users.displayName'), dataIndex: 'displayName', width: 100 },
          { key: 'unit', title: t('users.unit'), dataIndex: 'unitName', width: 150, ellipsis: true },
          { key: 'roles', title: t('users.roles'), dataIndex: 'roles', width: 180, render: (list: User['roles']) => list.map((r) => <Tag key={r.id} color={r.adminKind ? 'red' : 'blue'}>{roleLabel(r, i18n.language)}</Tag>) },
          { key: 'phone', title: t('users.phone'), dataIndex: 'phone', width: 130, render: (_, u) => phoneCell(u) },
          { key: 'status', title: t('users.status'), width: 110, render: (_, u) => statusTags(u) },
          { key: 'lastLogin', title: t('users.lastLogin'), dataIndex: 'lastLoginAt', width: 170, render: (v: string | null) => <span style={{ whiteSpace: 'nowrap' }}>{formatTime(v)}</span> },
          { key: 'actions', title: t('common.actions'), width: 110, fixed: 'right', render: (_, u) => actionsOf(u) },
  ];

  return (
    <PageCard
      title={t('menu.users')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'create' })} data-testid="user-create">
            {t('users.create')}
          </Button>
        )
      }
    >
      <Flex wrap gap={8} vertical={narrow} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('users.searchPlaceholder')} onSearch={(q) => { setFilter({ ...filter, q }); setPaging({ ...paging, page: 1 }); }} style={{ width: narrow ? '100%' : 240 }} data-testid="user-search" />
        <UnitTreeSelect allowClear value={filter.unitId} onChange={(unitId) => { setFilter({ ...filter, unitId }); setPaging({ ...paging, page: 1 }); }} style={narrow ? { width: '100%', minWidth: 0 } : undefined} />
        <Select
          allowClear
          placeholder={t('users.status')}
          style={{ width: narrow ? '100%' : 140 }}
          value={filter.status}
          onChange={(status) => { setFilter({ ...filter, status }); setPaging({ ...paging, page: 1 }); }}
          options={['active', 'disabled', 'locked'].map((s) => ({ value: s, label: t(`users.statusValue.${s}`) }))}
        />
      </Flex>
      {narrow ? (
        <Spin spinning={users.isFetching}>
          <Flex vertical gap={8} data-testid="user-cards">
            {users.data?.items.length === 0 && <Empty />}
            {users.data?.items.map((u) => (
              <Card key={u.id} size="small" data-testid={`user-card-${u.username}`}>
                <Flex justify="space-between" align="start" gap={8}>
                  <div style={{ minWidth: 0 }}>
                    <Typography.Text strong style={{ fontSize: 15 }}>{u.displayName}</Typography.Text>
                    <Typography.Text type="secondary"> {u.username}</Typography.Text>
                  </div>
                  {actionsOf(u)}
                </Flex>
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>{u.unitName}</Typography.Text>
                <Flex wrap gap={4} style={{ marginTop: 6 }}>
                  {u.roles.map((r) => <Tag key={r.id} color={r.adminKind ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>{roleLabel(r, i18n.language)}</Tag>)}
                  {statusTags(u)}
                </Flex>
                <Flex justify="space-between" align="center" wrap gap={4} style={{ marginTop: 6 }}>
                  {phoneCell(u)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('users.lastLogin')} {formatTime(u.lastLoginAt)}</Typography.Text>
                </Flex>
              </Card>
            ))}
          </Flex>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12 }}>{t('common.total', { count: users.data?.total ?? 0 })}</Typography.Text>
          {(users.data?.total ?? 0) > paging.pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} current={paging.page} pageSize={paging.pageSize} total={users.data?.total} onChange={(page, pageSize) => setPaging({ page, pageSize })} />}
        </Spin>
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          loading={users.isLoading}
          dataSource={users.data?.items}
          scroll={{ x: scrollWidth(columns) }}
          pagination={{ current: paging.page, pageSize: paging.pageSize, total: users.data?.total, showSizeChanger: true, showTotal: (n) => t('common.total', { count: n }), onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
          columns={columns}
        />
      )}
      <Modal open={editing !== null} title={title} onCancel={() => setEditing(null)} onOk={() => form.submit()} destroyOnHidden width={560} okButtonProps={{ 'data-testid': 'user-form-ok' } as never}>
        <Form form={form} layout="vertical" onFinish={submit}>
          {editing?.mode === 'create' && (
            <Form.Item name="username" label={t('users.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,64}$/, message: t('users.usernameRule') }]}>
              <Input data-testid="user-form-username" />
            </Form.Item>
          )}
          {(editing?.mode === 'create' || editing?.mode === 'edit') && (
            <>
              <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
                <Input data-testid="user-form-display-name" />
              </Form.Item>
              <Form.Item name="unitId" label={t('users.unit')} rules={[{ required: true }]}>
                <UnitTreeSelect data-testid="user-form-unit" />
              </Form.Item>
              <Form.Item name="phone" label={t('users.phone')} extra={editing.mode === 'edit' ? t('users.phoneKeep') : undefined}>
                <Input />
              </Form.Item>
              <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email' }]}>
                <Input />
              </Form.Item>
            </>
          )}
          {(editing?.mode === 'create' || editing?.mode === 'reset') && (
            <Form.Item name="password" label={editing.mode === 'create' ? t('users.initialPassword') : t('users.tempPassword')} extra={t('account.passwordRules')} rules={[{ required: true, min: 8 }]}>
              <Input.Password data-testid="user-form-password" autoComplete="new-password" />
            </Form.Item>
          )}
          {(editing?.mode === 'create' || editing?.mode === 'edit' || editing?.mode === 'roles') && (
            <Form.Item name="roleIds" label={t('users.roles')}>
              <Select mode="multiple" optionFilterProp="label" options={grantable.map((r) => ({ value: r.id, label: roleLabel(r, i18n.language) }))} data-testid="user-form-roles" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageCard>
  );
}
