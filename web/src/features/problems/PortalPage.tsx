import { BankOutlined, CloudUploadOutlined, EditOutlined, ReadOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Grid, Row, Skeleton, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ProblemCategory } from '../../../../common/problems';
import type { ApiError } from '../../api/client';
import { usePortal, useProblems, type Portal } from './api';
import { EvidenceRow, stagesAfter } from './evidence';
import { EvidenceForm } from './EvidenceForm';
import { ProblemCard } from './parts';
import { RaiseForm } from './RaiseForm';

/** Needs an enterprise most often brings, one tap from the portal: the form opens on that category. */
const SHORTCUTS: { category: ProblemCategory; icon: React.ReactNode; labelKey: string }[] = [
  { category: 'finance', icon: <BankOutlined />, labelKey: 'portal.needFinance' },
  { category: 'labour', icon: <TeamOutlined />, labelKey: 'portal.needLabour' },
  { category: 'other', icon: <ReadOutlined />, labelKey: 'portal.needPolicy' },
];

/** Done on, or planned for. */
function MilestoneDate({ actual, planned, proving }: { actual: string | null; planned: string | null; proving: boolean }) {
  const { t } = useTranslation();
  const date = actual ?? planned;
  if (!date && !proving) return null;
  return (
    <span style={{ fontSize: 12, color: actual ? undefined : '#8c8c8c' }}>
      {date && `${actual ? t('portal.reached') : t('portal.planned')} ${date}`}
      {proving && (
        <Tag color="gold" style={{ marginInlineStart: date ? 6 : 0, fontSize: 11, lineHeight: '16px' }}>
          {t('evidence.status.pending')}
        </Tag>
      )}
    </span>
  );
}

/**
 * A project's milestones, top to bottom: one column on a phone, two side by side on a wide screen
 * (eleven stages across would squeeze their names into broken words).
 */
function ProjectMilestones({ project, columns, onUpload }: { project: Portal['projects'][number]; columns: 1 | 2; onUpload: () => void }) {
  const { t } = useTranslation();
  const current = Math.max(0, project.milestones.findIndex((m) => m.stage === project.stage));
  const proving = new Set(project.evidence.filter((e) => e.status === 'pending').map((e) => e.stage));
  const items = project.milestones.map((m) => ({ title: t(`stage.${m.stage}`), content: <MilestoneDate actual={m.actualDate} planned={m.plannedDate} proving={proving.has(m.stage)} /> }));
  const half = columns === 2 ? Math.ceil(items.length / 2) : items.length;
  return (
    <Card size="small" title={<Typography.Text style={{ whiteSpace: 'normal' }}>{project.name}</Typography.Text>} extra={<Tag color="blue">{t(`stage.${project.stage}`)}</Tag>} data-testid={`portal-project-${project.id}`}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {project.code}
        </Typography.Text>
        {stagesAfter(project.stage).length > 0 && (
          <Button icon={<CloudUploadOutlined />} onClick={onUpload} data-testid={`portal-evidence-${project.id}`}>
            {t('evidence.upload')}
          </Button>
        )}
      </Flex>
      {items.length ? (
        <Row gutter={16} style={{ marginTop: 12 }}>
          <Col span={24 / columns}>
            <Steps size="small" orientation="vertical" current={current} items={items.slice(0, half)} />
          </Col>
          {columns === 2 && (
            <Col span={12}>
              <Steps size="small" orientation="vertical" initial={half} current={current} items={items.slice(half)} />
            </Col>
          )}
        </Row>
      ) : (
        <Typography.Paragraph type="secondary">{t('portal.noMilestones')}</Typography.Paragraph>
      )}
      {project.evidence.length > 0 && (
        <div style={{ marginTop: 4, paddingTop: 8, borderTop: '1px solid #f0f0f0' }} data-testid={`portal-evidence-list-${project.id}`}>
          <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>
            {t('evidence.mine')}
          </Typography.Text>
          {project.evidence.map((e, i) => (
            <EvidenceRow key={e.id} e={e} divider={i > 0} />
          ))}
        </div>
      )}
    </Card>
  );
}

/** 一门帮办: the enterprise contact's home — who we are, one big button to ask, where our asks and projects stand. */
export function PortalPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const portal = usePortal();
  const problems = useProblems({}, 1, 50);
  const [raising, setRaising] = useState<{ category?: ProblemCategory } | null>(null);
  const [proving, setProving] = useState<Portal['projects'][number] | null>(null);

  if (portal.error) return <Alert type="warning" showIcon title={(portal.error as ApiError).message} />;
  const e = portal.data?.enterprise;
  const items = problems.data?.items ?? [];
  const waiting = items.filter((p) => p.status === 'answered');
  const others = items.filter((p) => p.status !== 'answered');

  const card = (p: (typeof items)[number]) => (
    <ProblemCard
      key={p.id}
      p={p}
      onOpen={() => navigate(`/problems/${p.id}`)}
      action={
        p.status === 'answered' && (
          <Button type="primary" block onClick={() => navigate(`/problems/${p.id}`)} data-testid={`portal-confirm-${p.id}`}>
            {t('portal.goConfirm')}
          </Button>
        )
      }
    />
  );

  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Row gutter={[16, 12]}>
        <Col xs={24} lg={10}>
          <Flex vertical gap={12}>
            <Card variant="borderless" size="small" style={{ background: 'linear-gradient(135deg, #c0392b 0%, #e3643f 100%)', color: '#fff' }} data-testid="portal-enterprise">
              {e ? (
                <>
                  <Typography.Title level={4} style={{ color: '#fff', margin: 0, overflowWrap: 'anywhere' }}>
                    {e.name}
                  </Typography.Title>
                  <div style={{ marginTop: 6, fontSize: 13, opacity: 0.92 }}>
                    {t('portal.uscc')}：<span style={{ fontFamily: 'monospace' }}>{e.uscc}</span>
                  </div>
                  <div style={{ fontSize: 13, opacity: 0.92 }}>
                    {t('portal.servingUnit')}：{e.servingUnitName || '—'}
                  </div>
                </>
              ) : (
                <Skeleton active paragraph={{ rows: 2 }} title={false} />
              )}
            </Card>
            <Button type="primary" size="large" block icon={<EditOutlined />} style={{ height: 64, fontSize: 20 }} onClick={() => setRaising({})} data-testid="portal-raise">
              {t('portal.raise')}
            </Button>
            <Flex gap={8}>
              {SHORTCUTS.map((s) => (
                <Button key={s.category} icon={s.icon} style={{ flex: 1, height: 44, padding: '0 4px' }} onClick={() => setRaising({ category: s.category })} data-testid={`portal-need-${s.category}`}>
                  {t(s.labelKey)}
                </Button>
              ))}
            </Flex>
            {waiting.length > 0 && (
              <Card size="small" variant="borderless" title={<span style={{ color: '#08979c' }}>{t('portal.waiting', { count: waiting.length })}</span>} data-testid="portal-waiting">
                <Flex vertical gap={8}>{waiting.map(card)}</Flex>
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={14}>
          <Flex vertical gap={12}>
            <Card size="small" variant="borderless" title={t('portal.myProblems')} extra={<Link to="/problems">{t('portal.all')}</Link>} loading={problems.isLoading} data-testid="portal-problems">
              {others.length ? <Flex vertical gap={8}>{others.map(card)}</Flex> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={waiting.length ? t('portal.noOthers') : t('portal.noProblems')} />}
            </Card>
            <Card size="small" variant="borderless" title={t('portal.myProjects')} loading={portal.isLoading} data-testid="portal-projects">
              {portal.data?.projects.length ? (
                <Flex vertical gap={8}>
                  {portal.data.projects.map((p) => (
                    <ProjectMilestones key={p.id} project={p} columns={screens.sm ? 2 : 1} onUpload={() => setProving(p)} />
                  ))}
                </Flex>
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.noProjects')} />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
      <EvidenceForm project={proving} onClose={() => setProving(null)} />
      <RaiseForm
        open={raising !== null}
        defaultCategory={raising?.category}
        ownProjects={(portal.data?.projects ?? []).map((p) => ({ id: p.id, name: p.name }))}
        onClose={() => setRaising(null)}
        onSaved={(id) => {
          setRaising(null);
          navigate(`/problems/${id}`);
        }}
      />
    </div>
  );
}
