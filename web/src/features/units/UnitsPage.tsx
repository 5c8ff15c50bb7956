import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Tag, Tree } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_KINDS } from '../../../../common/permissions';
import { api, ApiError } from '../../api/client';
import type { Unit } from '../../api/types';
import { PageCard } from '../../components/PageCard';
import { buildUnitTree, UNIT_KIND_COLORS, UnitTreeSelect, useUnits } from '../../components/units';

type Dialog = { kind: 'add'; parent: Unit } | { kind: 'move'; unit: Unit } | null;

export function UnitsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const units = useUnits();
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editForm] = Form.useForm();
  const [dialogForm] = Form.useForm();
  const selected = units.data?.find((u) => u.id === selectedId) ?? null;
  const kindOptions = UNIT_KINDS.map((k) => ({ value: k, label: t(`unitKind.${k}`) }));

  async function run(action: () => Promise<unknown>, done: string, form?: ReturnType<typeof Form.useForm>[0]) {
    try {
      await action();
      message.success(done);
      await client.invalidateQueries({ queryKey: ['units'] });
      return true;
    } catch (e) {
      if (e instanceof ApiError) {
        if (form && e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
        else message.error(e.message);
      }
      return false;
    }
  }

  const tree = buildUnitTree(units.data ?? [], (u) => (
    <span style={{ opacity: u.disabled ? 0.5 : 1 }}>
      {u.name} <Tag color={UNIT_KIND_COLORS[u.kind]}>{t(`unitKind.${u.kind}`)}</Tag>
      {u.disabled && <Tag>{t('common.disabled')}</Tag>}
    </span>
  ));

  return (
    <PageCard title={t('menu.units')}>
      <Row gutter={24}>
        <Col xs={24} lg={11}>
          {tree.length > 0 && (
            <Tree
              treeData={tree}
              defaultExpandAll
              blockNode
              selectedKeys={selectedId ? [selectedId] : []}
              onSelect={(keys) => {
                const id = (keys[0] as number | undefined) ?? null;
                setSelectedId(id);
                const unit = units.data?.find((u) => u.id === id);
                if (unit) editForm.setFieldsValue({ code: unit.code, name: unit.name, kind: unit.kind, sortOrder: unit.sortOrder });
              }}
              style={{ maxHeight: 'calc(100vh - 220px)', overflow: 'auto' }}
              data-testid="unit-tree"
            />
          )}
        </Col>
        <Col xs={24} lg={13}>
          {!selected ? (
            <Empty description={t('units.pick')} />
          ) : (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('units.path')} span={2}>
                  {selected.path
                    .split('/')
                    .filter(Boolean)
                    .map((id) => units.data?.find((u) => u.id === Number(id))?.name)
                    .join(' / ')}
                </Descriptions.Item>
                <Descriptions.Item label={t('units.status')}>{selected.disabled ? <Tag>{t('common.disabled')}</Tag> : <Tag color="green">{t('common.enabled')}</Tag>}</Descriptions.Item>
                <Descriptions.Item label="ID">{selected.id}</Descriptions.Item>
              </Descriptions>
              <Form
                form={editForm}
                layout="vertical"
                onFinish={(values) => run(() => api('PATCH', `/api/units/${selected.id}`, values), t('common.saved'), editForm)}
              >
                <Row gutter={12}>
                  <Col span={12}>
                    <Form.Item name="name" label={t('units.name')} rules={[{ required: true }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="code" label={t('units.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]+$/, message: t('units.codeRule') }]}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true }]}>
                      <Select options={kindOptions} />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name="sortOrder" label={t('units.sortOrder')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
                <Space wrap>
                  <Button type="primary" htmlType="submit">
                    {t('common.save')}
                  </Button>
                  <Button onClick={() => { dialogForm.resetFields(); setDialog({ kind: 'add', parent: selected }); }} disabled={selected.disabled} data-testid="unit-add-child">
                    {t('units.addChild')}
                  </Button>
                  {selected.parentId !== null && (
                    <>
                      <Button onClick={() => { dialogForm.resetFields(); setDialog({ kind: 'move', unit: selected }); }}>{t('units.move')}</Button>
                      <Button onClick={() => run(() => api('POST', `/api/units/${selected.id}/${selected.disabled ? 'enable' : 'disable'}`), t('common.saved'))}>
                        {selected.disabled ? t('common.enable') : t('common.disable')}
                      </Button>
                      <Popconfirm title={t('units.deleteConfirm', { name: selected.name })} onConfirm={() => run(() => api('DELETE', `/api/units/${selected.id}`), t('common.deleted')).then((ok) => ok && setSelectedId(null))}>
                        <Button danger>{t('common.delete')}</Button>
                      </Popconfirm>
                    </>
                  )}
                </Space>
              </Form>
            </Space>
          )}
        </Col>
      </Row>
      <Modal
        open={dialog !== null}
        title={dialog?.kind === 'add' ? t('units.addUnder', { name: dialog.parent.name }) : dialog?.kind === 'move' ? t('units.moveTitle', { name: dialog.unit.name }) : ''}
        onCancel={() => setDialog(null)}
        onOk={() => dialogForm.submit()}
        destroyOnHidden
      >
        <Form
          form={dialogForm}
          layout="vertical"
          onFinish={async (values) => {
            if (!dialog) return;
            const ok =
              dialog.kind === 'add'
                ? await run(() => api('POST', '/api/units', { ...values, parentId: dialog.parent.id, sortOrder: values.sortOrder ?? 0 }), t('common.created'), dialogForm)
                : await run(() => api('POST', `/api/units/${dialog.unit.id}/move`, values), t('common.saved'), dialogForm);
            if (ok) setDialog(null);
          }}
        >
          {dialog?.kind === 'add' ? (
            <>
              <Form.Item name="name" label={t('units.name')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="code" label={t('units.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]+$/, message: t('units.codeRule') }]}>
                <Input />
              </Form.Item>
              <Form.Item name="kind" label={t('units.kind')} rules={[{ required: true }]}>
                <Select options={kindOptions} />
              </Form.Item>
            </>
          ) : (
            <Form.Item name="parentId" label={t('units.newParent')} rules={[{ required: true }]}>
              <UnitTreeSelect />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </PageCard>
  );
}
