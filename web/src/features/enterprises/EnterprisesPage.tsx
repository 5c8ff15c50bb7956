import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Grid, Input, Pagination, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageCard } from '../../components/PageCard';
import { useTypedSearch } from '../../components/useTypedSearch';
import { useEnterprises, type ServedEnterprise } from './api';
import { ContactsDrawer, type EnterpriseRef } from './ContactsDrawer';
import { RegisterForm } from './RegisterForm';

/** One enterprise as a card on a phone: name, credit code, who serves it, its accounts. */
function EnterpriseCard({ e, onContacts }: { e: ServedEnterprise; onContacts: () => void }) {
  const { t } = useTranslation();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid={`enterprise-card-${e.id}`}>
      <Typography.Text strong style={{ fontSize: 15, display: 'block', overflowWrap: 'anywhere' }}>
        {e.name}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
        {e.uscc}
      </Typography.Text>
      <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12, minWidth: 0 }} ellipsis>
          {e.servingUnitName}
        </Typography.Text>
        <Button size="small" icon={<TeamOutlined />} onClick={onContacts} data-testid={`enterprise-contacts-${e.id}`}>
          {t('enterprises.contactsCount', { count: e.contacts })}
        </Button>
      </Flex>
    </Card>
  );
}

/** 企业服务台账: the enterprises my units serve, registered by credit code, and their contacts' accounts. */
export function EnterprisesPage() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [typed, setTyped] = useTypedSearch((next) => {
    if (next === q) return;
    setQ(next);
    setPage(1);
  });
  const [registering, setRegistering] = useState(false);
  const [contactsOf, setContactsOf] = useState<{ e: EnterpriseRef; opening: boolean } | null>(null);
  const list = useEnterprises(q, page, pageSize);

  const columns: ColumnsType<ServedEnterprise> = [
    { key: 'name', title: t('enterprises.field.name'), dataIndex: 'name', render: (name: string) => <span style={{ overflowWrap: 'anywhere' }}>{name}</span> },
    { key: 'uscc', title: t('enterprises.field.uscc'), dataIndex: 'uscc', width: 200, render: (v: string) => <span style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{v}</span> },
    { key: 'unit', title: t('enterprises.field.servingUnit'), dataIndex: 'servingUnitName', width: 200, ellipsis: { showTitle: true } },
    {
      key: 'contacts',
      title: t('enterprises.field.contacts'),
      width: 180,
      render: (_, e) => (
        <Button size="small" icon={<TeamOutlined />} onClick={() => setContactsOf({ e, opening: false })} data-testid={`enterprise-contacts-${e.id}`}>
          {t('enterprises.contactsCount', { count: e.contacts })}
        </Button>
      ),
    },
  ];
  const paging = { current: page, pageSize, total: list.data?.total, showSizeChanger: !narrow, onChange: (p: number, s: number) => { setPage(p); setPageSize(s); } };

  const register = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="enterprise-register">
      {narrow ? t('enterprises.registerShort') : t('enterprises.register')}
    </Button>
  );

  // On a phone the button sits beside the search: in the header it pushed the title out of sight.
  return (
    <PageCard title={t('enterprises.title')} extra={!narrow && register}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {t('enterprises.intro')}
      </Typography.Paragraph>
      <Flex gap={8} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={narrow ? t('enterprises.searchShort') : t('enterprises.searchPlaceholder')} value={typed} onChange={(e) => setTyped(e.target.value)} style={{ width: narrow ? undefined : 320, flex: narrow ? 1 : undefined, minWidth: 0 }} data-testid="enterprise-search" />
        {narrow && register}
      </Flex>
      {narrow ? (
        <Spin spinning={list.isFetching}>
          <Flex vertical gap={8} data-testid="enterprise-cards">
            {list.data?.items.length === 0 && <Empty description={t('enterprises.none')} />}
            {list.data?.items.map((e) => <EnterpriseCard key={e.id} e={e} onContacts={() => setContactsOf({ e, opening: false })} />)}
          </Flex>
          {(list.data?.total ?? 0) > pageSize && <Pagination simple style={{ marginTop: 12, textAlign: 'center' }} {...paging} />}
        </Spin>
      ) : (
        <Table<ServedEnterprise>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          columns={columns}
          scroll={{ x: 860 }}
          locale={{ emptyText: t('enterprises.none') }}
          pagination={paging}
          footer={() => <Typography.Text strong>{t('common.total', { count: list.data?.total ?? 0 })}</Typography.Text>}
          data-testid="enterprise-table"
        />
      )}
      <RegisterForm
        open={registering}
        onClose={() => setRegistering(false)}
        onSaved={(e) => {
          setRegistering(false);
          // The next step is almost always the contact's account: open it straight away.
          setContactsOf({ e, opening: true });
        }}
      />
      <ContactsDrawer enterprise={contactsOf?.e ?? null} startOpening={contactsOf?.opening} onClose={() => setContactsOf(null)} />
    </PageCard>
  );
}
