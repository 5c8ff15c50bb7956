import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Grid, Input, Modal, Result, Select, Space, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PROJECT_STATUSES, STAGES } from '../../../../common/projects';
import { api, ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { Fold } from '../../components/Fold';
import { formatTime } from '../../components/format';
import { MoneyCell } from '../../components/money';
import { DeskActions, PhoneActions, type PageAction } from '../../components/PageActions';
import { STAGE_COLORS, type ProjectDetail } from './api';
import { Attachments } from './Attachments';
import { EvidenceCard } from './EvidenceCard';
import { ActivityLog } from '../leads/ActivityLog';
import { ProjectLightsCard } from '../dispatch/ProjectLightsCard';
import { ProjectFacts } from './ProjectFacts';
import { ProjectForm } from './ProjectForm';
import { StageSheet } from './StageSheet';

type Dialog = 'stage' | 'status' | 'activity' | null;

export function ProjectDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { can } = useAuth();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message, modal } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm();
  const project = useQuery({ queryKey: ['project', id], queryFn: () => api<ProjectDetail>('GET', `/api/projects/${id}`), retry: false });
  const narrow = Grid.useBreakpoint().md === false;

  if (project.isLoading) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (project.error || !project.data) return <Result status="404" title={t('common.notFoundTitle')} subTitle={(project.error as ApiError | null)?.message} extra={<Button onClick={() => navigate('/projects')}>{t('menu.projects')}</Button>} />;
  const p = project.data;
  const reached = STAGES.indexOf(p.stage as (typeof STAGES)[number]);
  const refresh = (next: ProjectDetail) => {
    client.setQueryData(['project', id], next);
    void client.invalidateQueries({ queryKey: ['projects'] });
  };

  const conflict = (content: string) => modal.confirm({ title: t('projects.conflictTitle'), content, okText: t('projects.reload'), onOk: () => project.refetch() });

  async function submit(values: { status?: string; reason?: string }) {
    try {
      const next = await api<ProjectDetail>('POST', `/api/projects/${p.id}/status`, { status: values.status, reason: values.reason || undefined, version: p.version });
      refresh(next);
      setDialog(null);
      message.success(t('common.saved'));
    } catch (e) {
      if (!(e instanceof ApiError)) return;
      if (e.code === 'PROJECT_VERSION_CONFLICT') conflict(e.message);
      else if (e.details?.length) form.setFields(e.details.map((d) => ({ name: d.field, errors: [d.message] })));
      else message.error(e.message);
    }
  }

  const writable = can('project:write');
  const edit = { key: 'edit', label: t('common.edit'), onClick: () => setEditing(true) };
  const stage = { key: 'stage', label: t('projects.changeStage'), primary: true, testId: 'project-stage', onClick: () => setDialog('stage') };
  const status = { key: 'status', label: t('projects.changeStatus'), onClick: () => { form.resetFields(); setDialog('status'); } };
  const actions: PageAction[] = writable ? [edit, stage, status] : [];
  // On a phone the stage and the visit are what one came to do; editing waits under 更多.
  const phoneActions: PageAction[] = writable ? [stage, { key: 'activity', label: t('activities.logVisit'), testId: 'project-log-visit', onClick: () => setDialog('activity') }, status, edit] : [];
  const lifecycle = (
    <Steps
      size="small"
      labelPlacement="vertical"
      current={reached}
      status={p.status === 'terminated' ? 'error' : 'process'}
      items={p.stages.map((s, i) => ({
        title: t(`stage.${s.stage}`),
        description: (
          <div style={{ fontSize: 12 }}>
            <div style={{ color: s.late ? '#cf1322' : undefined }}>
              {t('projects.planned')}: {s.plannedDate ?? '—'}
            </div>
            <div>
              {t('projects.actual')}: {s.actualDate ?? (s.actualUnknown ? <Typography.Text type="warning">{t('projects.unknownDate')}</Typography.Text> : i <= reached ? '—' : '')}
            </div>
          </div>
        ),
      }))}
      style={{ overflowX: 'auto', paddingBottom: 8 }}
      data-testid="project-lifecycle"
    />
  );
  const tags = (
    <>
      <Tag color={STAGE_COLORS[p.stage]} data-testid="project-current-stage">{t(`stage.${p.stage}`)}</Tag>
      {p.status !== 'normal' && <Tag color={p.status === 'suspended' ? 'orange' : 'red'}>{t(`projects.status.${p.status}`)}</Tag>}
      {p.above100m && <Tag color="red">{t('projects.above100m')}</Tag>}
    </>
  );
  const activityLog = <ActivityLog target="projects" id={p.id} writable={writable} adding={narrow ? dialog === 'activity' : undefined} onAdding={narrow ? (open) => setDialog(open ? 'activity' : null) : undefined} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {narrow ? (
        <>
          <ProjectFacts p={p} tags={tags} />
          <Fold enabled testId="project-lifecycle-fold">
            <Card variant="borderless" title={t('projects.lifecycle')}>
              {lifecycle}
            </Card>
          </Fold>
        </>
      ) : (
        <Card
          variant="borderless"
          title={
            <Space wrap size={[8, 4]}>
              {p.name}
              {tags}
            </Space>
          }
          extra={<DeskActions actions={actions} />}
        >
          {lifecycle}
        </Card>
      )}
      <EvidenceCard
        projectId={p.id}
        reviewer={writable}
        onStageMoved={() => {
          void project.refetch();
          void client.invalidateQueries({ queryKey: ['projects'] });
        }}
      />
      <Fold enabled={narrow} testId="project-details-fold">
        <Card variant="borderless" title={t('projects.details')}>
          <Descriptions column={{ xs: 1, md: 3 }} size="small" bordered>
            <Descriptions.Item label={t('projects.field.code')}>{p.code}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.hostUnit')}>{p.hostUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.chain')}>{p.chainName ? `${p.chainName}${p.chainRole ? ` · ${t(`projects.chainRole.${p.chainRole}`)}` : ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.investor')}>{p.investorName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.uscc')}>{p.investorUscc ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.investorTags')}>{p.investorTags.map((x) => <Tag key={x}>{x}</Tag>)}</Descriptions.Item>
            <Descriptions.Item label={`${t('projects.field.total')}（${t('money.wan')}）`}><MoneyCell wan={p.totalInvestmentWan} /></Descriptions.Item>
            <Descriptions.Item label={`${t('projects.field.fixedAsset')}（${t('money.wan')}）`}><MoneyCell wan={p.fixedAssetWan} /></Descriptions.Item>
            <Descriptions.Item label={`${t('projects.field.foreign')}（${t('money.usdWan')}）`}><MoneyCell wan={p.foreignInvestmentUsdWan} /></Descriptions.Item>
            <Descriptions.Item label={t('projects.field.nature')}>{p.nature ? t(`projects.nature.${p.nature}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.category')}>{p.category ? t(`projects.category.${p.category}`) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.leader')}>{p.leaderName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.tags')}>{p.tags.map((x) => <Tag key={x} color="red">{x}</Tag>)}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.status')}>{t(`projects.status.${p.status}`)}{p.statusReason ? `（${p.statusReason}）` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('projects.updatedAt')}>{formatTime(p.updatedAt)}</Descriptions.Item>
            {p.leadId && <Descriptions.Item label={t('projects.fromLead')} span={3}><Link to={`/leads/${p.leadId}`} data-testid="project-lead-link">{t('projects.openLead')}</Link></Descriptions.Item>}
            <Descriptions.Item label={t('projects.field.progress')} span={3}>{p.progressText ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('projects.field.remarks')} span={3}>{p.remarks ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Fold>
      {narrow && activityLog}
      {can('dispatch:read') && (
        // Arriving from the warning list (…#lights) opens the lights on a phone too.
        <Fold enabled={narrow} openOnHash="#lights">
          <ProjectLightsCard projectId={p.id} />
        </Fold>
      )}
      <Fold enabled={narrow}>
        <Attachments projectId={p.id} writable={writable} />
      </Fold>
      {!narrow && activityLog}
      <Fold enabled={narrow} testId="project-history-fold">
        <Card variant="borderless" title={t('projects.history')}>
          <Timeline
            items={p.timeline.map((e) => ({
              color: e.kind === 'status' ? 'orange' : e.kind === 'stage' ? 'blue' : 'gray',
              children: (
                <div>
                  <Typography.Text type="secondary">{formatTime(e.at)} · {e.userName ?? '—'}</Typography.Text>
                  <div>
                    {e.kind === 'stage' && t('projects.event.stage', { from: t(`stage.${e.from}`), to: t(`stage.${e.to}`) })}
                    {e.kind === 'status' && t('projects.event.status', { from: t(`projects.status.${e.from}`), to: t(`projects.status.${e.to}`) })}
                    {e.kind === 'create' && t('projects.event.create', { stage: t(`stage.${e.to}`) })}
                    {e.kind === 'edit' && t('projects.event.edit')}
                    {e.kind === 'import' && t('projects.event.import', { stage: t(`stage.${e.to}`) })}
                    {e.kind === 'attachment' && t('projects.event.attachment', { name: e.to })}
                    {e.kind === 'detach' && t('projects.event.attachmentRemoved', { name: e.from })}
                    {e.kind === 'activity' && t(`activities.type.${e.to}`)}
                    {e.kind === 'arbitration' && t('leads.event.arbitration', { decision: t(`conflicts.decision.${e.to}`) })}
                    {e.reason && <Typography.Text type="secondary">（{e.reason}）</Typography.Text>}
                  </div>
                </div>
              ),
            }))}
          />
        </Card>
      </Fold>
      {narrow && <PhoneActions actions={phoneActions} testId="project-actions" />}
      <StageSheet project={p} open={dialog === 'stage'} onClose={() => setDialog(null)} onMoved={(next) => { refresh(next); setDialog(null); }} onConflict={conflict} />
      <Modal open={dialog === 'status'} title={t('projects.changeStatus')} onCancel={() => setDialog(null)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'project-dialog-ok' } as never}>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="status" label={t('projects.field.status')} rules={[{ required: true }]}>
            <Select options={PROJECT_STATUSES.filter((s) => s !== p.status).map((s) => ({ value: s, label: t(`projects.status.${s}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('projects.reason')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
      <ProjectForm open={editing} project={p} onClose={() => { setEditing(false); void project.refetch(); }} onSaved={(next) => { setEditing(false); refresh(next); }} />
    </Space>
  );
}
