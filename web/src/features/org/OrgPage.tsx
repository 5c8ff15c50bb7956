import { useQuery } from '@tanstack/react-query';
import { Col, Input, Row, Table, Tag, Tree } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { PageCard } from '../../components/PageCard';
import { buildUnitTree, UNIT_KIND_COLORS, useUnits } from '../../components/units';

interface DirectoryUser {
  id: number;
  username: string;
  displayName: string;
  unitId: number;
  unitName: string;
}

/** The organisation as far as my data scope reaches, and the colleagues in it. */
export function OrgPage() {
  const { t } = useTranslation();
  const units = useUnits();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const params = new URLSearchParams({ page: String(page.page), pageSize: String(page.pageSize), ...(unitId ? { unitId: String(unitId) } : {}), ...(q ? { q } : {}) });
  const people = useQuery({ queryKey: ['directory', params.toString()], queryFn: () => api<Page<DirectoryUser>>('GET', `/api/directory/users?${params}`) });
  const tree = buildUnitTree(units.data ?? [], (u) => (
    <span>
      {u.name} <Tag color={UNIT_KIND_COLORS[u.kind]}>{t(`unitKind.${u.kind}`)}</Tag>
    </span>
  ));
  return (
    <PageCard title={t('menu.org')}>
      <Row gutter={16}>
        <Col xs={24} md={9}>
          {tree.length > 0 && <Tree treeData={tree} defaultExpandAll onSelect={(keys) => { setUnitId(keys[0] as number | undefined); setPage({ ...page, page: 1 }); }} data-testid="org-tree" />}
        </Col>
        <Col xs={24} md={15}>
          <Input.Search allowClear placeholder={t('users.searchPlaceholder')} onSearch={(v) => { setQ(v); setPage({ ...page, page: 1 }); }} style={{ marginBottom: 12, maxWidth: 320 }} />
          <Table<DirectoryUser>
            rowKey="id"
            size="small"
            loading={people.isLoading}
            dataSource={people.data?.items}
            pagination={{ current: page.page, pageSize: page.pageSize, total: people.data?.total, showTotal: (n) => t('common.total', { count: n }), onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
            columns={[
              { title: t('users.displayName'), dataIndex: 'displayName' },
              { title: t('users.username'), dataIndex: 'username' },
              { title: t('users.unit'), dataIndex: 'unitName' },
            ]}
          />
        </Col>
      </Row>
    </PageCard>
  );
}
