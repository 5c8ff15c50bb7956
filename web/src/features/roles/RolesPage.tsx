import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ADMIN_KIND_GROUPS, DATA_SCOPES, PERMISSION_GROUPS, type PermissionGroup } from '../../../../common/permissions';
import { api, ApiError } from '../../api/client';
import type { Role } from '../../api/types';
import { useAuth } from '../../app/auth';
import { PageCard } from '../../components/PageCard';
import { buildUnitTree, useUnits } from '../../components/units';

type Editing = { mode: 'create' } | { mode: 'edit'; role: Role } | null;

export function RolesPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const client = useQueryClient();
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => api<{ items: Role[] }>('GET', '/api/roles').then((r) => r.items) });
  const units = useUnits();
  const [editing, setEditing] = useState<Editing>(null);
  const [form] = Form.useForm();
  const adminKind = Form.useWatch('adminKind', form) as Role['adminKind'] | undefined;
  const dataScope = Form.useWatch('dataScope', form) as Role['dataScope'] | undefined;
  const canWrite = can('security:role:write');
  const groups: PermissionGroup[] = adminKind ? ADMIN_KIND_GROUPS[adminKind] : ['org', 'business'];

  function open(next: Editing) {
    form.resetFields();
    if (next?.mode === 'edit') form.setFieldsValue({ ...next.role, adminKind: next.role.adminKind ?? '' });
    else form.setFieldsValue({ adminKind: '', dataScope: 'unit', permissions: [] });
    setEditing(next);
  }

  async function submit(values: Record<string, unknown>) {
    const body = { ...values, adminKind: values.adminKind || null, unitIds: values.dataScope === 'custom' ? (values.unitIds ?? []) : [] };
    try {
      if (editing?.mode === 'create') await api('POST', '/api/roles', body);
      else if (editing?.mode === 'edit') {
        const { code: _code, ...rest } = body as Record<string, unknown>;
        await api('PATCH', `/api/roles/${editing.role.id}`, rest);
      }
      message.success(t('common.saved'));
      setEditing(null);
      await client.invalidateQueries({ queryKey: ['roles'] });
    } catch (e) {
      if (e instanceof ApiError) {
        if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field.split('.')[0], errors: [d.message] })));
        else message.error(e.message);
      }
    }
  }

  interface UnitOption {
    value: number;
    title: string;
    children: UnitOption[];
  }
  const unitTreeData = (function convert(nodes: ReturnType<typeof buildUnitTree>): UnitOption[] {
    return nodes.map((n) => ({ value: n.unit.id, title: n.unit.name, children: convert(n.children) }));
  })(buildUnitTree(units.data ?? []));

  return (
    <PageCard
      title={t('menu.roles')}
      extra={
        canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ mode: 'create' })} data-testid="role-create">
            {t('roles.create')}
          </Button>
        )
      }
    >
      <Table<Role>
        rowKey="id"
        size="middle"
        loading={roles.isLoading}
        dataSource={roles.data}
        pagination={false}
        columns={[
          { title: t('roles.name'), render: (_, r) => (i18n.language === 'en-US' ? r.nameEn : r.name) },
          // The code the security admin gave the role: an identifier, shown as one.
          { title: t('roles.code'), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          { title: t('roles.kind'), dataIndex: 'adminKind', render: (k: string | null) => (k ? <Tag color="red">{t(`adminKind.${k}`)}</Tag> : <Tag color="blue">{t('adminKind.business')}</Tag>) },
          { title: t('roles.dataScope'), dataIndex: 'dataScope', render: (s: string) => t(`dataScope.${s}`) },
          { title: t('roles.permissionCount'), render: (_, r) => r.permissions.length },
          { title: t('roles.userCount'), dataIndex: 'userCount' },
          {
            title: t('common.actions'),
            render: (_, r) =>
              canWrite && (
                <Space>
                  <Button size="small" onClick={() => open({ mode: 'edit', role: r })}>
                    {t('common.edit')}
                  </Button>
                  {!r.builtin && (
                    <Popconfirm
                      title={t('roles.deleteConfirm', { name: r.name })}
                      onConfirm={async () => {
                        try {
                          await api('DELETE', `/api/roles/${r.id}`);
                          message.success(t('common.deleted'));
                          await client.invalidateQueries({ queryKey: ['roles'] });
                        } catch (e) {
                          if (e instanceof ApiError) message.error(e.message);
                        }
                      }}
                    >
                      <Button size="small" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        width={640}
        title={editing?.mode === 'edit' ? t('roles.edit', { name: editing.role.name }) : t('roles.create')}
        onClose={() => setEditing(null)}
        extra={
          <Button type="primary" onClick={() => form.submit()} data-testid="role-save">
            {t('common.save')}
          </Button>
        }
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="code" label={t('roles.code')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,63}$/, message: t('roles.codeRule') }]}>
            <Input disabled={editing?.mode === 'edit'} data-testid="role-code" />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="name" label={t('roles.nameZh')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Input data-testid="role-name" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('roles.nameEn')} rules={[{ required: true }]} style={{ flex: 1, marginLeft: 8 }}>
              <Input data-testid="role-name-en" />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="adminKind" label={t('roles.kind')}>
            <Select
              // The three administrator roles are fixed and no new one is made on the web (the server refuses it too).
              disabled={editing?.mode === 'edit'}
              onChange={() => form.setFieldValue('permissions', [])}
              options={[{ value: '', label: t('adminKind.business') }, ...(editing?.mode === 'edit' ? (['system', 'security', 'audit'] as const).map((k) => ({ value: k, label: t(`adminKind.${k}`) })) : [])]}
            />
          </Form.Item>
          <Form.Item name="dataScope" label={t('roles.dataScope')} rules={[{ required: true }]}>
            <Select options={DATA_SCOPES.map((s) => ({ value: s, label: t(`dataScope.${s}`) }))} data-testid="role-scope" />
          </Form.Item>
          {dataScope === 'custom' && (
            <Form.Item name="unitIds" label={t('roles.customUnits')}>
              <TreeSelect treeData={unitTreeData} treeCheckable showCheckedStrategy={TreeSelect.SHOW_ALL} treeDefaultExpandAll treeCheckStrictly={false} />
            </Form.Item>
          )}
          <Form.Item name="description" label={t('roles.description')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="permissions" label={t('roles.permissions')}>
            <Checkbox.Group style={{ width: '100%' }}>
              <Space direction="vertical" style={{ width: '100%' }}>
                {groups.map((g) => (
                  <div key={g}>
                    <Typography.Text strong>{t(`permGroup.${g}`)}</Typography.Text>
                    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 4, marginTop: 4 }}>
                      {PERMISSION_GROUPS[g].map((p) => (
                        <Checkbox key={p} value={p}>
                          {t(`perm.${p}`)}
                        </Checkbox>
                      ))}
                    </div>
                  </div>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
        </Form>
      </Drawer>
    </PageCard>
  );
}
