import { FileImageOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceKind, EvidenceStatus } from '../../../../common/problems';
import { STAGES, type Stage } from '../../../../common/projects';
import { api, uploadFile } from '../../api/client';
import { formatTime } from '../../components/format';
import type { Evidence } from '../../../../common/problems-api';

export type { Evidence } from '../../../../common/problems-api';

export const EVIDENCE_STATUS_COLORS: Record<EvidenceStatus, string> = { pending: 'gold', confirmed: 'green', rejected: 'red' };

/** The stages a project may still prove it reached: those after the one it stands at. */
export function stagesAfter(stage: string): Stage[] {
  const at = STAGES.indexOf(stage as Stage);
  return STAGES.slice(at + 1);
}

export interface EvidenceInput {
  stage: Stage;
  reachedOn: string;
  kind: EvidenceKind;
  note?: string;
}

export const evidenceApi = {
  /** The file goes as the body; what it proves goes in the address. */
  submit: (projectId: number, input: EvidenceInput, file: File) => {
    const params = new URLSearchParams({ stage: input.stage, reachedOn: input.reachedOn, kind: input.kind, name: file.name });
    if (input.note?.trim()) params.set('note', input.note.trim());
    return uploadFile(`/api/portal/projects/${projectId}/evidence?${params}`, file) as Promise<Evidence>;
  },
  list: (projectId: number) => api<{ items: Evidence[] }>('GET', `/api/projects/${projectId}/evidence`).then((r) => r.items),
  decide: (projectId: number, evidenceId: number, body: { approve: boolean; reason?: string }) => api<Evidence>('POST', `/api/projects/${projectId}/evidence/${evidenceId}/decide`, body),
  fileUrl: (projectId: number, evidenceId: number) => `/api/projects/${projectId}/evidence/${evidenceId}/file`,
};

export function EvidenceStatusTag({ status }: { status: EvidenceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={EVIDENCE_STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="evidence-status">
      {t(`evidence.status.${status}`)}
    </Tag>
  );
}

function fileIcon(name: string) {
  if (/\.pdf$/i.test(name)) return <FilePdfOutlined />;
  if (/\.(png|jpe?g|gif|webp|heic|bmp)$/i.test(name)) return <FileImageOutlined />;
  return <PaperClipOutlined />;
}

/**
 * One piece of evidence: what it proves (stage, kind, date), its file, who sent it, its status and,
 * when rejected, why. `actions` are the reviewer's buttons.
 */
export function EvidenceRow({ e, actions, showSubmitter = false, divider = true }: { e: Evidence; actions?: ReactNode; showSubmitter?: boolean; divider?: boolean }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`evidence-${e.id}`} style={{ padding: '8px 0', borderTop: divider ? '1px solid #f0f0f0' : undefined }}>
      <Flex justify="space-between" align="flex-start" gap={8}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong>
            {t(`stage.${e.stage}`)} · {t(`evidence.kind.${e.kind}`)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
            {t('evidence.reachedOnShort', { date: e.reachedOn })}
          </Typography.Text>
          {showSubmitter && (
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {t('evidence.submittedBy', { name: e.submittedBy, at: formatTime(e.submittedAt).slice(0, 16) })}
            </Typography.Text>
          )}
        </div>
        <EvidenceStatusTag status={e.status} />
      </Flex>
      <Flex align="center" gap={6} style={{ marginTop: 4 }}>
        {fileIcon(e.fileName)}
        <a href={evidenceApi.fileUrl(e.projectId, e.id)} style={{ minWidth: 0, overflowWrap: 'anywhere' }} data-testid="evidence-file">
          {e.fileName}
        </a>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
          {Math.max(1, Math.round(e.size / 1024))} KB
        </Typography.Text>
      </Flex>
      {e.note && <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</Typography.Paragraph>}
      {e.status === 'rejected' && (
        <Typography.Paragraph type="danger" style={{ margin: '4px 0 0', overflowWrap: 'anywhere' }} data-testid="evidence-reason">
          {t('evidence.rejectedBecause', { reason: e.decisionReason ?? '—' })}
        </Typography.Paragraph>
      )}
      {e.status !== 'pending' && e.decidedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
          {t('evidence.decidedBy', { name: e.decidedBy ?? '—', at: formatTime(e.decidedAt).slice(0, 16) })}
        </Typography.Text>
      )}
      {actions && <div style={{ marginTop: 8 }}>{actions}</div>}
    </div>
  );
}
