import type { EvidenceKind, EvidenceStatus } from '../../../../common/problems.js';
import type { Evidence } from '../../../../common/problems-api.js';
import type { EvidenceRow } from './repo.js';

const iso = (v: string | Date | null) => (v == null ? null : new Date(v).toISOString());

/** The one place an evidence row becomes what the API answers (never its storage key). */
export function presentEvidence(r: EvidenceRow): Evidence {
  return {
    id: r.id,
    projectId: r.project_id,
    stage: r.stage,
    reachedOn: r.reached_on,
    kind: r.kind as EvidenceKind,
    note: r.note,
    fileName: r.file_name,
    size: r.size,
    status: r.status as EvidenceStatus,
    submittedBy: r.submitted_by_name,
    submittedAt: iso(r.submitted_at)!,
    decidedBy: r.decided_by_name,
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
  };
}
