import { pinyin } from 'pinyin-pro';
import type { Transaction } from 'kysely';
import { ABOVE_100M_YUAN, STAGES, stageIndex, type Stage } from '../../../../common/projects.js';
import type { DB } from '../../db/schema.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { scopedProjects } from './repo.js';

/** Lower-case pinyin initials of the name and the investor: what `zcdl` finds `中船动力` by. */
export function searchInitials(...texts: (string | null | undefined)[]): string {
  return texts
    .filter(Boolean)
    .map((t) => pinyin(t!, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase().replace(/[^a-z0-9]/g, ''))
    .join(' ')
    .slice(0, 400);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

/**
 * Default planned dates by the build-period rule of domain.md: < 1亿 builds in 12 months and
 * reaches capacity 6 months after production; 1–5亿 in 18 and 12; > 5亿 in 24 and 12.
 * Counted from the start (actual, else planned); only empty planned dates are filled.
 */
export function defaultPlannedDates(totalYuan: number, startDate: string | null): Partial<Record<Stage, string>> {
  if (!startDate) return {};
  const [build, capacity] = totalYuan < ABOVE_100M_YUAN ? [12, 6] : totalYuan <= 5 * ABOVE_100M_YUAN ? [18, 12] : [24, 12];
  const completed = addMonths(startDate, build);
  return { completed, producing: completed, capacity: addMonths(completed, capacity) };
}

export async function applyDefaultPlans(trx: Transaction<DB>, projectId: number, totalYuan: number): Promise<void> {
  const stages = await trx.selectFrom('project_stages').selectAll().where('project_id', '=', projectId).execute();
  const started = stages.find((s) => s.stage === 'started');
  const defaults = defaultPlannedDates(totalYuan, started?.actual_date ?? started?.planned_date ?? null);
  for (const [stage, date] of Object.entries(defaults)) {
    await trx.updateTable('project_stages').set({ planned_date: date }).where('project_id', '=', projectId).where('stage', '=', stage).where('planned_date', 'is', null).execute();
  }
}

/** The project row for a write, if the actor may see it; 404 otherwise (existence is not leaked). */
export async function loadForWrite(gj: Services, trx: Transaction<DB>, ctx: RequestContext, id: number) {
  const visible = await scopedProjects(trx, gj.dialect, ctx.actor!.scope).select('projects.id').where('projects.id', '=', id).executeTakeFirst();
  if (!visible) throw notFound();
  return trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function assertVersion(current: number, sent: number) {
  if (current !== sent) throw new AppError(409, 'PROJECT_VERSION_CONFLICT', { current });
}

export function assertHostUnit(ctx: RequestContext, unitId: number) {
  if (!scopeAllowsUnit(ctx.actor!.scope, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
}

export async function recordEvent(trx: Transaction<DB>, gj: Services, ctx: RequestContext, projectId: number, kind: string, from: string | null, to: string | null, reason: string | null, detail?: unknown) {
  await trx
    .insertInto('project_events')
    .values({ project_id: projectId, at: gj.clock.now().toISOString(), user_id: ctx.actor?.userId ?? null, kind, from_value: from?.slice(0, 100) ?? null, to_value: to?.slice(0, 100) ?? null, reason, detail: detail === undefined ? null : JSON.stringify(detail) })
    .execute();
}

/**
 * Moves a project to another stage. Forward: the reached stage needs its actual date; stages
 * jumped over without a date are marked unknown (real ledgers lack them). Backward: needs a
 * reason, and the dates of stages not reached any more are cleared.
 */
export async function changeStage(gj: Services, ctx: RequestContext, id: number, input: { stage: Stage; actualDate?: string; reason?: string; version: number }) {
  return gj.db.transaction().execute(async (trx) => {
    const before = await loadForWrite(gj, trx, ctx, id);
    assertVersion(before.version, input.version);
    if (before.status === 'terminated') throw new AppError(400, 'PROJECT_TERMINATED');
    const from = before.stage as Stage;
    const to = input.stage;
    if (from === to) throw new AppError(400, 'PROJECT_STAGE_SAME');
    const forward = stageIndex(to) > stageIndex(from);
    if (forward && !input.actualDate) throw new AppError(400, 'PROJECT_STAGE_DATE_REQUIRED');
    if (!forward && !input.reason?.trim()) throw new AppError(400, 'PROJECT_REASON_REQUIRED');
    if (forward) {
      for (const stage of STAGES.slice(stageIndex(from) + 1, stageIndex(to))) {
        await trx.updateTable('project_stages').set({ actual_unknown: 1 }).where('project_id', '=', id).where('stage', '=', stage).where('actual_date', 'is', null).execute();
      }
      await trx.updateTable('project_stages').set({ actual_date: input.actualDate!, actual_unknown: 0 }).where('project_id', '=', id).where('stage', '=', to).execute();
    } else {
      await trx.updateTable('project_stages').set({ actual_date: null, actual_unknown: 0 }).where('project_id', '=', id).where('stage', 'in', STAGES.slice(stageIndex(to) + 1)).execute();
    }
    const dates = await trx.selectFrom('project_stages').select(['stage', 'actual_date']).where('project_id', '=', id).where('stage', 'in', ['signed', 'started']).execute();
    await trx
      .updateTable('projects')
      .set({
        stage: to,
        signed_date: dates.find((d) => d.stage === 'signed')?.actual_date ?? null,
        started_date: dates.find((d) => d.stage === 'started')?.actual_date ?? null,
        version: before.version + 1,
        updated_at: gj.clock.now().toISOString(),
      })
      .where('id', '=', id)
      .execute();
    await applyDefaultPlans(trx, id, before.total_investment_yuan);
    await recordEvent(trx, gj, ctx, id, 'stage', from, to, input.reason ?? null, input.actualDate ? { actualDate: input.actualDate } : undefined);
    const after = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'project.stage', objectType: 'project', objectId: id, detail: { ...diffRows(before, after), reason: input.reason ?? null } });
  });
}

export async function changeStatus(gj: Services, ctx: RequestContext, id: number, input: { status: 'normal' | 'suspended' | 'terminated'; reason?: string; version: number }) {
  return gj.db.transaction().execute(async (trx) => {
    const before = await loadForWrite(gj, trx, ctx, id);
    assertVersion(before.version, input.version);
    if (before.status === input.status) throw new AppError(400, 'PROJECT_STATUS_SAME');
    if (input.status !== 'normal' && !input.reason?.trim()) throw new AppError(400, 'PROJECT_REASON_REQUIRED');
    await trx
      .updateTable('projects')
      .set({ status: input.status, status_reason: input.reason ?? null, version: before.version + 1, updated_at: gj.clock.now().toISOString() })
      .where('id', '=', id)
      .execute();
    await recordEvent(trx, gj, ctx, id, 'status', before.status, input.status, input.reason ?? null);
    const after = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'project.status', objectType: 'project', objectId: id, detail: diffRows(before, after) });
  });
}
