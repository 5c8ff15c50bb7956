import type { Transaction } from 'kysely';
import { PROBLEM_DEADLINE_SETTING, type ProblemCategory, type ProblemStatus } from '../../../../common/problems.js';
import { inTransaction } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { numberAfter, reserveNumbers } from '../../platform/codes.js';
import type { Actor, RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkAttachment } from '../../platform/files.js';
import type { Services } from '../../platform/http.js';
import { loadSettings } from '../../platform/settings.js';
import { canProject } from '../projects/index.js';
import { chinaToday } from '../dispatch/index.js';
import { notify, usersWith } from '../notifications/index.js';
import { canAnswer, canAssign, canAttach, canConfirm, canDecide, canReadProblem } from './policy.js';
import { enterpriseOfActor, projectOfEnterprise } from '../enterprises/index.js';
import { attachmentById, coordinatingUnitId, highestProblemNumber, problemRecord, unitById, dueProblems } from './repo.js';
import type { AnswerInput, AssignInput, ConfirmInput, DecisionInput, RaiseInput } from './schema.js';

/**
 * Problems from 反映 to 销号: the one write path the pages, the portal, the seed and the schedule
 * use. Each step is a conditional update on the status it starts from, so of two people acting at
 * once exactly one wins (the other gets 409) on both databases; each is on the problem's timeline
 * and in the audit trail, in the same transaction.
 */
export type ProblemDeps = Pick<Services, 'db' | 'clock' | 'audit'>;

const DAY_MS = 86_400_000;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

async function event(trx: Transaction<DB>, ctx: RequestContext, problemId: number, kind: string, holderUnitId: number | null, text: string | null, detail: Record<string, unknown> | null, at: string) {
  const row = await trx
    .insertInto('problem_events')
    .values({ problem_id: problemId, kind, actor_id: ctx.actor?.userId ?? null, actor_unit_id: ctx.actor?.unitId ?? null, holder_unit_id: holderUnitId, text, detail: detail ? JSON.stringify(detail) : null, at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The problem as the actor may see it, with the enterprise the actor speaks for: 404 unless it may
 * read it. Inside a step's transaction (`db` a transaction) or for a read.
 */
export async function loadReadable(db: ProblemDeps['db'] | Transaction<DB>, actor: Actor, id: number) {
  const [record, enterprise] = await Promise.all([problemRecord(db, id), enterpriseOfActor(db, actor)]);
  if (!record || !canReadProblem(actor, enterprise, record)) throw notFound();
  return { record, enterprise };
}

const loadForStep = (trx: Transaction<DB>, ctx: RequestContext, id: number) => loadReadable(trx, ctx.actor!, id);

/**
 * Moves the problem from `from` to its next state only if nobody moved it first (and, when the
 * caller sent the version it saw, only from that version).
 */
async function transition(trx: Transaction<DB>, id: number, from: readonly ProblemStatus[], version: number | undefined, current: number, set: Partial<Record<string, unknown>>, now: string) {
  if (version !== undefined && version !== current) throw new AppError(409, 'PROBLEM_VERSION_CONFLICT', { current });
  const done = await trx
    .updateTable('problems')
    .set({ ...set, version: current + 1, updated_at: now } as never)
    .where('id', '=', id)
    .where('version', '=', current)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'PROBLEM_STATE');
}

/** 反映问题: by a unit about a project of its scope (or none), or by an enterprise contact about its own. */
export async function raiseProblem(gj: ProblemDeps, ctx: RequestContext, input: RaiseInput): Promise<number> {
  return gj.db.transaction().execute((trx) => raiseProblemIn(trx, gj, ctx, input));
}

export async function raiseProblemIn(trx: Transaction<DB>, gj: ProblemDeps, ctx: RequestContext, input: RaiseInput): Promise<number> {
  const actor = ctx.actor!;
  const now = gj.clock.now();
  const enterprise = await enterpriseOfActor(trx, actor);
  let unitId = enterprise ? enterprise.serving_unit_id : actor.unitId;
  if (input.projectId) {
    if (enterprise) {
      const own = await projectOfEnterprise(trx, input.projectId, enterprise.uscc);
      if (!own) throw new AppError(400, 'PROBLEM_PROJECT_BAD');
      unitId = own.host_unit_id;
    } else {
      const project = await trx.selectFrom('projects').select(['host_unit_id', 'created_by']).where('id', '=', input.projectId).executeTakeFirst();
      if (!project || !canProject(actor, 'read', project)) throw new AppError(400, 'PROBLEM_PROJECT_BAD');
      unitId = project.host_unit_id;
    }
  }
  const year = chinaToday(now).slice(0, 4);
  const prefix = `WT${year}`;
  const n = await reserveNumbers(trx, prefix, 1, async () => numberAfter(prefix, await highestProblemNumber(trx, prefix)));
  const code = `${prefix}${String(n).padStart(5, '0')}`;
  const at = now.toISOString();
  const row = await trx
    .insertInto('problems')
    .values({ code, title: input.title, category: input.category, description: input.description, project_id: input.projectId ?? null, enterprise_id: enterprise?.id ?? null, unit_id: unitId, raised_by: actor.userId, raiser_unit_id: actor.unitId, status: 'raised', lead_unit_id: null, due_date: null, assigned_at: null, answered_at: null, closed_at: null, rating: null, reminded_for: null, escalated_at: null, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Until assigned, the coordinating office (项目办) holds it.
  await event(trx, ctx, row.id, 'raised', await coordinatingUnitId(trx), input.description.slice(0, 500), { category: input.category }, at);
  await gj.audit.append(trx, ctx, { action: 'problem.raise', objectType: 'problem', objectId: row.id, detail: { code, ...input } });
  const raiserUnit = await unitById(trx, actor.unitId);
  await notify(trx, await usersWith(trx, 'problem:assign', null), { kind: 'problem-raised', params: { title: input.title, unit: raiserUnit?.name ?? '' }, link: `/problems/${row.id}`, dedupKey: `problem-raised:${row.id}` }, at);
  return row.id;
}

/** 交办: to one lead department and any co-handling ones, with a deadline (the category's by default). */
export async function assignProblem(gj: ProblemDeps, ctx: RequestContext, id: number, input: AssignInput): Promise<void> {
  return gj.db.transaction().execute((trx) => assignProblemIn(trx, gj, ctx, id, input));
}

export async function assignProblemIn(trx: Transaction<DB>, gj: ProblemDeps, ctx: RequestContext, id: number, input: AssignInput): Promise<void> {
  const actor = ctx.actor!;
  const now = gj.clock.now();
  const today = chinaToday(now);
  const settings = await loadSettings(trx);
  const { record } = await loadForStep(trx, ctx, id);
  if (!actor.permissions.has('problem:assign')) throw new AppError(403, 'FORBIDDEN');
  if (!canAssign(actor, record)) throw new AppError(409, 'PROBLEM_STATE');
  const unitIds = [input.unitId, ...(input.coUnitIds ?? []).filter((u) => u !== input.unitId)];
  for (const unitId of new Set(unitIds)) {
    const unit = await unitById(trx, unitId);
    if (!unit || unit.disabled) throw new AppError(400, 'UNIT_NOT_FOUND');
    if (unit.kind !== 'department') throw new AppError(400, 'PROBLEM_HANDLER_BAD', { unit: unit.name });
  }
  const dueDate = input.dueDate ?? addDays(today, settings[PROBLEM_DEADLINE_SETTING[record.category as ProblemCategory]]);
  if (dueDate <= today || dueDate > addDays(today, 366)) throw new AppError(400, 'PROBLEM_DUE_BAD', { dueDate });
  const at = now.toISOString();
  // A reassignment starts the new department's clock and takes the problem off the agenda.
  await transition(trx, id, ['raised', 'assigned', 'returned'], input.version, record.version, { status: 'assigned', lead_unit_id: input.unitId, due_date: dueDate, assigned_at: at, reminded_for: null, escalated_at: null }, at);
  await trx.deleteFrom('problem_handlers').where('problem_id', '=', id).execute();
  await trx.insertInto('problem_handlers').values([...new Set(unitIds)].map((unit_id) => ({ problem_id: id, unit_id, role: unit_id === input.unitId ? 'lead' : 'co' }))).execute();
  await event(trx, ctx, id, 'assigned', input.unitId, input.note ?? null, { leadUnitId: input.unitId, coUnitIds: unitIds.slice(1), dueDate, reassigned: record.status !== 'raised' }, at);
  await gj.audit.append(trx, ctx, { action: 'problem.assign', objectType: 'problem', objectId: id, detail: { from: { status: record.status, leadUnitId: record.lead_unit_id, dueDate: record.due_date }, to: { leadUnitId: input.unitId, coUnitIds: unitIds.slice(1), dueDate } } });
  const lead = await unitById(trx, input.unitId);
  await notify(trx, await usersWith(trx, 'problem:handle', [...new Set(unitIds)]), { kind: 'problem-assigned', params: { title: record.title, unit: lead?.name ?? '', dueDate }, link: `/problems/${id}`, dedupKey: `problem-assigned:${id}:${at}` }, at);
}

/** 办理结果: the lead department answers; the problem goes back to the raising side to confirm. */
export async function answerProblem(gj: ProblemDeps, ctx: RequestContext, id: number, input: AnswerInput): Promise<void> {
  return gj.db.transaction().execute((trx) => answerProblemIn(trx, gj, ctx, id, input));
}

export async function answerProblemIn(trx: Transaction<DB>, gj: ProblemDeps, ctx: RequestContext, id: number, input: AnswerInput): Promise<void> {
  const actor = ctx.actor!;
  const now = gj.clock.now();
  const { record } = await loadForStep(trx, ctx, id);
  if (!canAnswer(actor, record)) {
    // The lead department answering twice is a state conflict; anyone else is simply not allowed.
    const isLead = actor.permissions.has('problem:handle') && record.lead_unit_id !== null && actor.scope.unitIds.includes(record.lead_unit_id);
    throw isLead ? new AppError(409, 'PROBLEM_STATE') : new AppError(403, 'FORBIDDEN');
  }
  const at = now.toISOString();
  await transition(trx, id, ['assigned', 'returned'], input.version, record.version, { status: 'answered', answered_at: at }, at);
  await event(trx, ctx, id, 'answered', record.raiser_unit_id, input.text, { late: !!record.due_date && chinaToday(now) > record.due_date }, at);
  await gj.audit.append(trx, ctx, { action: 'problem.answer', objectType: 'problem', objectId: id, detail: { from: record.status, text: input.text } });
  await notify(trx, [record.raised_by], { kind: 'problem-answered', params: { title: record.title }, link: `/problems/${id}`, dedupKey: `problem-answered:${id}:${at}` }, at);
}

/** 确认: satisfied closes it (销号) with a rating; not satisfied sends it back to the department with a reason. */
export async function confirmProblem(gj: ProblemDeps, ctx: RequestContext, id: number, input: ConfirmInput): Promise<ProblemStatus> {
  return gj.db.transaction().execute((trx) => confirmProblemIn(trx, gj, ctx, id, input));
}

export async function confirmProblemIn(trx: Transaction<DB>, gj: ProblemDeps, ctx: RequestContext, id: number, input: ConfirmInput): Promise<ProblemStatus> {
  const actor = ctx.actor!;
  const now = gj.clock.now();
  if (input.satisfied && !input.rating) throw new AppError(400, 'PROBLEM_RATING_REQUIRED');
  if (!input.satisfied && !input.reason?.trim()) throw new AppError(400, 'PROBLEM_REASON_REQUIRED');
  const { record, enterprise } = await loadForStep(trx, ctx, id);
  if (!canConfirm(actor, enterprise, { ...record, status: 'answered' })) throw new AppError(403, 'FORBIDDEN');
  if (record.status !== 'answered') throw new AppError(409, 'PROBLEM_STATE');
  const at = now.toISOString();
  if (input.satisfied) {
    await transition(trx, id, ['answered'], input.version, record.version, { status: 'closed', closed_at: at, rating: input.rating!, escalated_at: null }, at);
    await event(trx, ctx, id, 'closed', null, input.comment ?? null, { rating: input.rating }, at);
    await gj.audit.append(trx, ctx, { action: 'problem.close', objectType: 'problem', objectId: id, detail: { rating: input.rating, comment: input.comment ?? null } });
    return 'closed';
  }
  const current = await trx.selectFrom('problems').select('returned_count').where('id', '=', id).executeTakeFirstOrThrow();
  await transition(trx, id, ['answered'], input.version, record.version, { status: 'returned', returned_count: current.returned_count + 1 }, at);
  await event(trx, ctx, id, 'returned', record.lead_unit_id, input.reason!, null, at);
  await gj.audit.append(trx, ctx, { action: 'problem.return', objectType: 'problem', objectId: id, detail: { reason: input.reason } });
  await notify(trx, await usersWith(trx, 'problem:handle', record.lead_unit_id ? [record.lead_unit_id] : []), { kind: 'problem-returned', params: { title: record.title, reason: input.reason! }, link: `/problems/${id}`, dedupKey: `problem-returned:${id}:${at}` }, at);
  return 'returned';
}

/** A decision of the leading group's 调度会 on a problem, recorded by the coordinating office. */
export async function recordDecision(gj: ProblemDeps, ctx: RequestContext, id: number, input: DecisionInput): Promise<void> {
  return gj.db.transaction().execute((trx) => recordDecisionIn(trx, gj, ctx, id, input));
}

export async function recordDecisionIn(trx: Transaction<DB>, gj: ProblemDeps, ctx: RequestContext, id: number, input: DecisionInput): Promise<void> {
  const actor = ctx.actor!;
  const now = gj.clock.now();
  const { record } = await loadForStep(trx, ctx, id);
  if (!actor.permissions.has('problem:assign')) throw new AppError(403, 'FORBIDDEN');
  if (!canDecide(actor, record)) throw new AppError(409, 'PROBLEM_STATE');
  const at = now.toISOString();
  await event(trx, ctx, id, 'decision', record.lead_unit_id, input.text, { meetingDate: input.meetingDate ?? null }, at);
  await trx.updateTable('problems').set({ updated_at: at }).where('id', '=', id).execute();
  await gj.audit.append(trx, ctx, { action: 'problem.decision', objectType: 'problem', objectId: id, detail: { ...input } });
}

/** Evidence (photos from the phone's camera, documents) on a problem; type checked by content. */
export async function addProblemAttachment(gj: ProblemDeps & Pick<Services, 'files'>, ctx: RequestContext, id: number, fileName: string, bytes: Buffer) {
  const mime = checkAttachment(fileName, bytes);
  const stored = gj.files.put(bytes);
  try {
    const now = gj.clock.now().toISOString();
    const added = await gj.db.transaction().execute(async (trx) => {
      const { record, enterprise } = await loadForStep(trx, ctx, id);
      if (!canAttach(ctx.actor!, enterprise, record)) throw new AppError(403, 'FORBIDDEN');
      const eventId = await event(trx, ctx, id, 'attachment', null, fileName, { size: bytes.length }, now);
      const row = await trx
        .insertInto('problem_attachments')
        .values({ problem_id: id, event_id: eventId, file_name: fileName, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, uploaded_by: ctx.actor!.userId, uploaded_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await gj.audit.append(trx, ctx, { action: 'problem.attachment-add', objectType: 'problem', objectId: id, detail: { fileName, size: bytes.length, sha256: stored.sha256 } });
      return { id: row.id, eventId };
    });
    return { id: added.id, fileName, size: bytes.length, uploadedAt: now, eventId: added.eventId };
  } catch (err) {
    gj.files.remove(stored.key);
    throw err;
  }
}

/** An attachment for download, if the actor may read the problem; audited. */
export async function problemAttachmentForDownload(gj: ProblemDeps, ctx: RequestContext, id: number, attachmentId: number) {
  await loadReadable(gj.db, ctx.actor!, id);
  const row = await attachmentById(gj.db, id, attachmentId);
  if (!row) throw notFound();
  await gj.audit.appendAlone(gj.db, ctx, { action: 'problem.attachment-download', objectType: 'problem', objectId: id, detail: { attachmentId, fileName: row.file_name } });
  return row;
}

/**
 * The schedule's pass: a reminder to the lead department when a deadline is near (once per
 * deadline), and escalation onto the leading group's agenda once it has passed (once per
 * assignment). Idempotent, so two instances or a rerun change nothing twice.
 */
export async function remindAndEscalate(gj: ProblemDeps): Promise<{ reminded: number; escalated: number }> {
  const now = gj.clock.now();
  const today = chinaToday(now);
  const settings = await loadSettings(gj.db);
  const due = await dueProblems(gj.db, addDays(today, settings.problemReminderDays));
  let reminded = 0;
  let escalated = 0;
  const ctx: RequestContext = { actor: null, ip: 'schedule', requestId: `problem-deadlines-${now.getTime()}`, lang: 'zh-CN', userAgent: null, system: true };
  for (const p of due) {
    const at = now.toISOString();
    if (p.due_date! < today && !p.escalated_at) {
      const moved = await inTransaction(gj.db, async (trx) => {
        const done = await trx.updateTable('problems').set({ escalated_at: at, updated_at: at }).where('id', '=', p.id).where('escalated_at', 'is', null).where('status', 'in', ['assigned', 'returned']).executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) return false;
        await event(trx, ctx, p.id, 'escalated', p.lead_unit_id, null, { dueDate: p.due_date }, at);
        await gj.audit.append(trx, ctx, { action: 'problem.escalate', objectType: 'problem', objectId: p.id, detail: { dueDate: p.due_date, leadUnitId: p.lead_unit_id } });
        const users = [...(await usersWith(trx, 'problem:assign', null)), ...(await usersWith(trx, 'problem:handle', [p.lead_unit_id!]))];
        await notify(trx, users, { kind: 'problem-escalated', params: { title: p.title, unit: p.lead_unit_name, dueDate: p.due_date! }, link: `/problems/${p.id}`, dedupKey: `problem-escalated:${p.id}:${p.due_date}` }, at);
        return true;
      });
      if (moved) escalated++;
    } else if (p.due_date! >= today && p.reminded_for !== p.due_date) {
      const sent = await inTransaction(gj.db, async (trx) => {
        const done = await trx.updateTable('problems').set({ reminded_for: p.due_date }).where('id', '=', p.id).where((eb) => eb.or([eb('reminded_for', 'is', null), eb('reminded_for', '!=', p.due_date!)])).executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) return false;
        await event(trx, ctx, p.id, 'reminded', p.lead_unit_id, null, { dueDate: p.due_date }, at);
        await notify(trx, await usersWith(trx, 'problem:handle', [p.lead_unit_id!]), { kind: 'problem-reminder', params: { title: p.title, dueDate: p.due_date! }, link: `/problems/${p.id}`, dedupKey: `problem-reminder:${p.id}:${p.due_date}` }, at);
        return true;
      });
      if (sent) reminded++;
    }
  }
  return { reminded, escalated };
}

/**
 * A bank's answer to an enterprise's financing need (融资): on the problem's timeline for the
 * enterprise and the officers, audited, the raiser told. The caller (the finance module) has
 * checked that the enterprise is on a list of one of the bank's chains.
 */
export async function recordBankReply(gj: ProblemDeps, ctx: RequestContext, problemId: number, text: string): Promise<void> {
  await inTransaction(gj.db, async (trx) => {
    const p = await trx.selectFrom('problems').select(['id', 'title', 'raised_by', 'category', 'status']).where('id', '=', problemId).executeTakeFirst();
    if (!p || p.category !== 'finance') throw notFound();
    if (p.status === 'closed') throw new AppError(409, 'PROBLEM_STATE');
    const at = gj.clock.now().toISOString();
    await event(trx, ctx, problemId, 'bank_reply', null, text, null, at);
    await trx.updateTable('problems').set({ updated_at: at }).where('id', '=', problemId).execute();
    await gj.audit.append(trx, ctx, { action: 'problem.bank-reply', objectType: 'problem', objectId: problemId, detail: { text } });
    await notify(trx, [p.raised_by], { kind: 'problem-bank-reply', params: { title: p.title, bank: ctx.actor?.unitName ?? '' }, link: `/problems/${problemId}`, dedupKey: `problem-bank-reply:${problemId}:${at}` }, at);
  });
}
