import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Card, Flex, Form, Input, Modal, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { evidenceApi, EvidenceRow, type Evidence } from '../problems/evidence';

/**
 * 阶段佐证材料: what the enterprise uploaded to prove a milestone, for the project's readers; whoever
 * may update the project confirms (the stage moves to it, on its date) or sends it back with a
 * reason the enterprise reads. Nothing at all when there is no evidence.
 */
export function EvidenceCard({ projectId, reviewer, onStageMoved }: { projectId: number; reviewer: boolean; onStageMoved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useQuery({ queryKey: ['project-evidence', projectId], queryFn: () => evidenceApi.list(projectId) });
  const [busy, setBusy] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<Evidence | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  async function decide(e: Evidence, approve: boolean, reason?: string) {
    setBusy(e.id);
    try {
      await evidenceApi.decide(projectId, e.id, { approve, reason });
      message.success(approve ? t('evidence.confirmed', { stage: t(`stage.${e.stage}`) }) : t('evidence.rejected'));
      setRejecting(null);
      if (approve) onStageMoved();
    } catch (err) {
      if (!(err instanceof ApiError)) return;
      if (!approve && err.code === 'EVIDENCE_REASON_REQUIRED') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else message.error(err.message);
    } finally {
      setBusy(null);
      // Decided here or by someone else first (EVIDENCE_DECIDED): show what stands now.
      void client.invalidateQueries({ queryKey: ['project-evidence', projectId] });
    }
  }

  const items = list.data ?? [];
  if (!items.length) return null;
  const pending = items.filter((e) => e.status === 'pending').length;

  return (
    <Card
      variant="borderless"
      title={
        <Flex align="center" gap={8}>
          {t('evidence.title')}
          {pending > 0 && <Badge count={t('evidence.pendingCount', { count: pending })} style={{ backgroundColor: '#faad14' }} />}
        </Flex>
      }
      data-testid="project-evidence"
    >
      {items.map((e, i) => (
        <EvidenceRow
          key={e.id}
          e={e}
          divider={i > 0}
          showSubmitter
          actions={
            reviewer &&
            e.status === 'pending' && (
              <Flex gap={8} wrap>
                <Popconfirm title={t('evidence.confirmTitle', { stage: t(`stage.${e.stage}`), date: e.reachedOn })} okText={t('evidence.confirm')} onConfirm={() => decide(e, true)} styles={{ root: { maxWidth: 'min(360px, calc(100vw - 16px))' } }} okButtonProps={{ 'data-testid': 'evidence-confirm-ok' } as never}>
                  <Button type="primary" size="small" icon={<CheckOutlined />} loading={busy === e.id} data-testid={`evidence-confirm-${e.id}`}>
                    {t('evidence.confirm')}
                  </Button>
                </Popconfirm>
                <Button
                  size="small"
                  danger
                  icon={<RollbackOutlined />}
                  disabled={busy === e.id}
                  onClick={() => {
                    form.resetFields();
                    setRejecting(e);
                  }}
                  data-testid={`evidence-reject-${e.id}`}
                >
                  {t('evidence.reject')}
                </Button>
              </Flex>
            )
          }
        />
      ))}
      <Modal
        open={rejecting !== null}
        title={t('evidence.rejectTitle')}
        onCancel={() => setRejecting(null)}
        onOk={() => form.submit()}
        okText={t('evidence.reject')}
        okButtonProps={{ danger: true, loading: busy !== null, 'data-testid': 'evidence-reject-ok' } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={(v) => rejecting && decide(rejecting, false, v.reason.trim())}>
          <Form.Item name="reason" label={t('evidence.rejectReason')} extra={t('evidence.rejectReasonHint')} rules={[{ required: true, whitespace: true, message: t('evidence.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="evidence-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
