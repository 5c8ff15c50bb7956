import { CameraOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Flex, Grid, Rate, Result, Row, Space, Spin, Tag, Timeline, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { ApiError } from '../../api/client';
import { useAuth } from '../../app/auth';
import { formatTime } from '../../components/format';
import { AnswerPanel, AssignPanel, ConfirmPanel, DecisionPanel } from './ActionPanels';
import { ATTACHMENT_ACCEPT, isEnterpriseContact, problemApi, useProblem, type ProblemDetail } from './api';
import { CategoryTag, DueTags, EVENT_COLORS, Holdings, StatusTag, useEventText } from './parts';

/** Photos from the phone's camera, or any document; each goes up as soon as it is chosen. */
function AttachButtons({ p, onAdded }: { p: ProblemDetail; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const narrow = Grid.useBreakpoint().md === false;
  const [busy, setBusy] = useState(false);
  async function upload(file: File) {
    setBusy(true);
    try {
      await problemApi.attach(p.id, file);
      message.success(t('attachments.added'));
      onAdded();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  const chosen = (f: File) => {
    void upload(f);
    return false;
  };
  return (
    <Space wrap>
      {narrow && (
        <Upload showUploadList={false} accept="image/*" capture="environment" beforeUpload={chosen}>
          <Button icon={<CameraOutlined />} loading={busy}>{t('problems.takePhoto')}</Button>
        </Upload>
      )}
      <Upload showUploadList={false} accept={ATTACHMENT_ACCEPT} multiple beforeUpload={chosen}>
        <Button icon={<UploadOutlined />} loading={busy} data-testid="problem-attach">{narrow ? t('problems.chooseFile') : t('attachments.add')}</Button>
      </Upload>
    </Space>
  );
}

/** One problem: where it stands, its timeline, who held it how long, its files, and the next step I may take. */
export function ProblemDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { me } = useAuth();
  const navigate = useNavigate();
  const detail = useProblem(id);
  const eventText = useEventText();
  const narrow = Grid.useBreakpoint().md === false;

  if (detail.isLoading) return <Spin style={{ display: 'block', margin: '20vh auto' }} />;
  if (detail.error || !detail.data) {
    const back = isEnterpriseContact(me) ? '/portal' : '/problems';
    return <Result status="404" title={t('common.notFoundTitle')} subTitle={(detail.error as ApiError | null)?.message} extra={<Button onClick={() => navigate(back)}>{t(isEnterpriseContact(me) ? 'menu.portal' : 'menu.problemList')}</Button>} />;
  }
  const p = detail.data;
  const actions = [p.can.confirm && <ConfirmPanel key={`confirm-${p.version}`} p={p} />, p.can.answer && <AnswerPanel key={`answer-${p.version}`} p={p} />, p.can.assign && <AssignPanel key={`assign-${p.version}`} p={p} />, p.can.decide && <DecisionPanel key={`decide-${p.version}`} p={p} />].filter(Boolean);
  const lastAnswer = [...p.events].reverse().find((e) => e.kind === 'answered');

  const header = [
    { key: 'code', label: t('problems.field.code'), children: p.code },
    { key: 'raiser', label: t('problems.field.raiser'), children: `${p.enterpriseName ?? p.raiserUnitName} · ${p.raisedByName}` },
    { key: 'project', label: t('problems.field.project'), children: p.projectName ?? '—' },
    { key: 'created', label: t('problems.field.raisedAt'), children: formatTime(p.createdAt).slice(0, 16) },
    { key: 'lead', label: t('problems.field.lead'), children: <span data-testid="problem-lead">{p.leadUnitName ?? t('problems.notAssigned')}</span> },
    { key: 'co', label: t('problems.field.coUnits'), children: p.coUnits.length ? p.coUnits.map((u) => <Tag key={u.id}>{u.name}</Tag>) : '—' },
    { key: 'due', label: t('problems.field.due'), children: <DueTags p={p} /> },
    ...(p.returnedCount ? [{ key: 'returned', label: t('problems.field.returnedCount'), children: t('problems.times', { count: p.returnedCount }) }] : []),
    ...(p.status === 'closed' ? [{ key: 'rating', label: t('problems.field.rating'), children: <Rate disabled value={p.rating ?? 0} style={{ fontSize: 14 }} /> }, { key: 'closedAt', label: t('problems.field.closedAt'), children: formatTime(p.closedAt).slice(0, 16) }] : []),
  ];

  return (
    <Flex vertical gap={narrow ? 8 : 16}>
      <Card variant="borderless" size={narrow ? 'small' : undefined}>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="problem-title">
            {p.title}
          </Typography.Title>
          <StatusTag status={p.status} />
          <CategoryTag category={p.category} />
        </Flex>
        <Descriptions size="small" bordered={!narrow} column={{ xs: 1, sm: 1, md: 2, xl: 3 }} items={header} />
      </Card>
      <Row gutter={[16, narrow ? 8 : 16]}>
        {actions.length > 0 && (
          <Col xs={{ span: 24, order: 1 }} lg={{ span: 9, order: 2 }}>
            <Flex vertical gap={narrow ? 8 : 16}>
              {p.can.confirm && lastAnswer?.text && (
                <Card size="small" title={t('problems.answerToConfirm')} data-testid="answer-to-confirm">
                  <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>{lastAnswer.text}</Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {lastAnswer.actorUnitName} · {formatTime(lastAnswer.at).slice(0, 16)}
                  </Typography.Text>
                </Card>
              )}
              {actions}
            </Flex>
          </Col>
        )}
        <Col xs={{ span: 24, order: 2 }} lg={{ span: actions.length ? 15 : 24, order: 1 }}>
          <Flex vertical gap={narrow ? 8 : 16}>
            <Card variant="borderless" size="small" title={t('problems.field.description')}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{p.description}</Typography.Paragraph>
            </Card>
            <Card variant="borderless" size="small" title={t('problems.timeline')}>
              <Timeline
                data-testid="problem-timeline"
                items={p.events.map((e) => ({
                  key: e.id,
                  color: EVENT_COLORS[e.kind],
                  content: (
                    <div>
                      <Typography.Text strong>{eventText(e)}</Typography.Text>
                      {e.text && <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.text}</div>}
                      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                        {formatTime(e.at).slice(0, 16)} · {[e.actorUnitName, e.actorName].filter(Boolean).join(' ') || t('problems.system')}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            </Card>
            <Row gutter={[16, narrow ? 8 : 16]}>
              <Col xs={24} xl={12}>
                <Card variant="borderless" size="small" title={t('problems.holdings')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('problems.holdingsHint')}</Typography.Text>} style={{ height: '100%' }}>
                  <Holdings holdings={p.holdings} testId="problem-holdings" nameWidth={narrow ? 112 : 150} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card variant="borderless" size="small" title={t('attachments.title')} extra={!narrow && p.can.attach && <AttachButtons p={p} onAdded={() => void detail.refetch()} />} style={{ height: '100%' }}>
                  {narrow && p.can.attach && (
                    <div style={{ marginBottom: 8 }}>
                      <AttachButtons p={p} onAdded={() => void detail.refetch()} />
                    </div>
                  )}
                  {p.attachments.length === 0 ? (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attachments.none')} />
                  ) : (
                    <Flex vertical gap={6} data-testid="problem-attachments">
                      {p.attachments.map((a) => (
                        <Flex key={a.id} align="center" gap={8}>
                          <PaperClipOutlined />
                          <a href={problemApi.attachmentUrl(p.id, a.id)} style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
                            {a.fileName}
                          </a>
                          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                            {(a.size / 1024).toFixed(0)} KB
                          </Typography.Text>
                          <a href={problemApi.attachmentUrl(p.id, a.id)} aria-label={t('problems.download')}>
                            <DownloadOutlined />
                          </a>
                        </Flex>
                      ))}
                    </Flex>
                  )}
                </Card>
              </Col>
            </Row>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}
