import { stageIndex, type Stage } from '../../../../common/projects.js';
import type { EvidenceKind } from '../../../../common/problems.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkAttachment } from '../../platform/files.js';
import type { Services } from '../../platform/http.js';
import { chinaToday } from '../dispatch/index.js';
import { enterpriseOfActor, projectOfEnterprise } from '../enterprises/index.js';
import { notify, usersWith } from '../notifications/index.js';
import { changeStage } from '../projects/index.js';
import { canReadEvidence, canReviewEvidence } from './policy.js';
import { evidenceById, projectForEvidence } from './repo.js';

type Deps = Pick<Services, 'db' | 'clock' | 'audit' | 'files' | 'dialect' | 'cipher'>;

/**
 * An enterprise contact uploads the evidence of a milestone its project has reached (a stage after
 * the current one, on a date not in the future). The project's unit is told; nothing moves until
 * it confirms.
 */
export async function submitEvidence(gj: Deps, ctx: RequestContext, projectId: number, input: { stage: Stage; reachedOn: string; kind: EvidenceKind; note?: string; name: string }, bytes: Buffer): Promise<number> {
  const actor = ctx.actor!;
  const enterprise = await enterpriseOfActor(gj.db, actor);
  if (!enterprise || !actor.permissions.has('problem:write')) throw new AppError(403, 'PROBLEM_NOT_ENTERPRISE');
  const mime = checkAttachment(input.name, bytes);
  const today = chinaToday(gj.clock.now());
  if (input.reachedOn > today) throw new AppError(400, 'EVIDENCE_DATE_FUTURE', { date: input.reachedOn });
  const stored = gj.files.put(bytes);
  try {
    return await gj.db.transaction().execute(async (trx) => {
      const project = await projectOfEnterprise(trx, projectId, enterprise.uscc);
      if (!project) throw notFound();
      if (stageIndex(input.stage) <= stageIndex(project.stage as Stage)) throw new AppError(400, 'EVIDENCE_STAGE_REACHED');
      const at = gj.clock.now().toISOString();
      const row = await trx
        .insertInto('milestone_evidence')
        .values({ project_id: projectId, enterprise_id: enterprise.id, stage: input.stage, reached_on: input.reachedOn, kind: input.kind, note: input.note ?? null, file_name: input.name, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, status: 'pending', submitted_by: actor.userId, submitted_at: at, decided_by: null, decided_at: null, decision_reason: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await gj.audit.append(trx, ctx, { action: 'evidence.submit', objectType: 'project', objectId: projectId, detail: { evidenceId: row.id, stage: input.stage, reachedOn: input.reachedOn, kind: input.kind, fileName: input.name, sha256: stored.sha256 } });
      await notify(trx, await usersWith(trx, 'project:write', [project.host_unit_id]), { kind: 'evidence-submitted', params: { enterprise: enterprise.name, project: project.name, stage: input.stage }, link: `/projects/${projectId}`, dedupKey: `evidence-submitted:${row.id}` }, at);
      return row.id;
    });
  } catch (err) {
    gj.files.remove(stored.key);
    throw err;
  }
}

/**
 * The project's unit confirms the evidence — the project moves to the stage with the evidence's
 * date, in the same transaction — or rejects it with a reason. Of two reviewers at once, one wins.
 */
export async function decideEvidence(gj: Deps, ctx: RequestContext, projectId: number, evidenceId: number, input: { approve: boolean; reason?: string }): Promise<void> {
  const actor = ctx.actor!;
  if (!input.approve && !input.reason?.trim()) throw new AppError(400, 'EVIDENCE_REASON_REQUIRED');
  await gj.db.transaction().execute(async (trx) => {
    const project = await projectForEvidence(trx, projectId);
    if (!project || !canReadEvidence(actor, project, false)) throw notFound();
    if (!canReviewEvidence(actor, project)) throw new AppError(403, 'FORBIDDEN');
    const evidence = await evidenceById(trx, projectId, evidenceId);
    if (!evidence) throw notFound();
    const at = gj.clock.now().toISOString();
    const done = await trx
      .updateTable('milestone_evidence')
      .set({ status: input.approve ? 'confirmed' : 'rejected', decided_by: actor.userId, decided_at: at, decision_reason: input.reason ?? null })
      .where('id', '=', evidenceId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'EVIDENCE_DECIDED');
    // A stage reached since (by another piece of evidence, or by hand) is not moved back.
    const moves = input.approve && stageIndex(evidence.stage as Stage) > stageIndex(project.stage as Stage);
    if (moves) await changeStage({ ...gj, db: trx }, ctx, projectId, { stage: evidence.stage as Stage, actualDate: evidence.reached_on, reason: `企业上传佐证材料：${evidence.file_name}`, version: project.version });
    await gj.audit.append(trx, ctx, { action: input.approve ? 'evidence.confirm' : 'evidence.reject', objectType: 'project', objectId: projectId, detail: { evidenceId, stage: evidence.stage, reachedOn: evidence.reached_on, stageMoved: moves, reason: input.reason ?? null } });
    await notify(trx, [evidence.submitted_by], { kind: 'evidence-decided', params: { project: project.name, stage: evidence.stage, decision: input.approve ? 'confirmed' : 'rejected', reason: input.reason ?? '' }, link: '/portal', dedupKey: `evidence-decided:${evidenceId}` }, at);
  });
}

/** The evidence file, for the project's readers and the enterprise it belongs to; audited. */
export async function evidenceForDownload(gj: Deps, ctx: RequestContext, projectId: number, evidenceId: number) {
  const actor = ctx.actor!;
  const project = await projectForEvidence(gj.db, projectId);
  if (!project) throw notFound();
  const enterprise = await enterpriseOfActor(gj.db, actor);
  const own = !!enterprise && project.investor_uscc === enterprise.uscc;
  if (!canReadEvidence(actor, project, own)) throw notFound();
  const row = await evidenceById(gj.db, projectId, evidenceId);
  if (!row) throw notFound();
  await gj.audit.appendAlone(gj.db, ctx, { action: 'evidence.download', objectType: 'project', objectId: projectId, detail: { evidenceId, fileName: row.file_name } });
  return row;
}

