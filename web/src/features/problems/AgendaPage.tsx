import { Alert, Card, Empty, Flex, Grid, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiError } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import { PageCard } from '../../components/PageCard';
import { useAgenda, type AgendaItem } from './api';
import { CategoryTag, Holdings, StatusTag } from './parts';

function Decisions({ item }: { item: AgendaItem }) {
  const { t } = useTranslation();
  if (!item.decisions.length) return <Typography.Text type="secondary">{t('problems.noDecision')}</Typography.Text>;
  return (
    <Flex vertical gap={4}>
      {item.decisions.map((d, i) => (
        <div key={i}>
          <Tag color="purple">{d.meetingDate ?? d.at.slice(0, 10)}</Tag>
          <span style={{ overflowWrap: 'anywhere' }}>{d.text}</span>
        </div>
      ))}
    </Flex>
  );
}

/** 调度会议题: what is past its deadline, who has held it how long, what the meeting decided; the Word list for the meeting. */
export function AgendaPage() {
  const { t } = useTranslation();
  const narrow = Grid.useBreakpoint().md === false;
  const agenda = useAgenda();
  const items = agenda.data ?? [];

  const columns: ColumnsType<AgendaItem> = [
    {
      key: 'title',
      title: t('problems.field.title'),
      width: 220,
      render: (_, a) => (
        <Flex vertical gap={4}>
          <Link to={`/problems/${a.id}`}>{a.title}</Link>
          <Flex gap={4} wrap>
            <StatusTag status={a.status} />
            <CategoryTag category={a.category} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {a.code} · {a.enterpriseName ?? a.raiserUnitName}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'lead', title: t('problems.field.lead'), dataIndex: 'leadUnitName', width: 130, render: (v: string | null) => v ?? '—' },
    { key: 'due', title: t('problems.field.due'), dataIndex: 'dueDate', width: 104 },
    {
      key: 'late',
      title: t('problems.daysOverdue'),
      dataIndex: 'daysOverdue',
      width: 96,
      align: 'right',
      sorter: (a, b) => a.daysOverdue - b.daysOverdue,
      defaultSortOrder: 'descend',
      render: (d: number) => <Typography.Text type="danger" strong>{t('problems.days', { count: d })}</Typography.Text>,
    },
    { key: 'holdings', title: t('problems.holdings'), width: 270, render: (_, a) => <Holdings holdings={a.holdings} nameWidth={110} /> },
    { key: 'decisions', title: t('problems.decisions'), render: (_, a) => <Decisions item={a} /> },
  ];

  return (
    <PageCard title={t('menu.problemAgenda')} extra={<ExportButton url={() => '/api/problems/agenda.docx'} fallbackName="agenda.docx" label={narrow ? t('problems.agendaDocxShort') : t('problems.agendaDocx')} testId="agenda-docx" />}>
      <Typography.Paragraph type="secondary">{t('problems.agendaHint')}</Typography.Paragraph>
      {agenda.error ? (
        <Alert type="warning" showIcon title={(agenda.error as ApiError).message} />
      ) : narrow ? (
        <Spin spinning={agenda.isLoading}>
          <Flex vertical gap={8} data-testid="agenda-cards">
            {!agenda.isLoading && !items.length && <Empty description={t('problems.agendaEmpty')} />}
            {items.map((a) => (
              <Card key={a.id} size="small" title={<Link to={`/problems/${a.id}`}>{a.title}</Link>} extra={<Typography.Text type="danger" strong>{t('problems.days', { count: a.daysOverdue })}</Typography.Text>}>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                  {a.code} · {a.leadUnitName ?? '—'} · {t('problems.dueOn', { date: a.dueDate ?? '—' })}
                </Typography.Paragraph>
                <Holdings holdings={a.holdings} nameWidth={110} />
                <div style={{ marginTop: 8 }}>
                  <Decisions item={a} />
                </div>
              </Card>
            ))}
          </Flex>
        </Spin>
      ) : (
        <Table<AgendaItem> rowKey="id" size="middle" loading={agenda.isLoading} dataSource={items} columns={columns} pagination={false} scroll={{ x: 1072 }} locale={{ emptyText: t('problems.agendaEmpty') }} data-testid="agenda-table" />
      )}
    </PageCard>
  );
}
