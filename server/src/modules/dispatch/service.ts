import { sql, type Transaction } from 'kysely';
import { LIST_LEVELS, parsePeriod, periodOf, type ListLevel } from '../../../../common/dispatch.js';
import { inTransaction, isUniqueViolation } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { checkAttachment } from '../../platform/files.js';
import type { Services } from '../../platform/http.js';
import { unitsToWan, wanToUnits } from '../../platform/money.js';
import { loadSettings } from '../../platform/settings.js';
import { notify, usersWith } from '../notifications/index.js';
import { recomputePeriodLights, recomputeProjectFrom } from './lights.js';
import { owesReport, refreshLatest } from './repo.js';
import { assertDeadline, assertManage, assertOpenablePeriod, assertPlanEditable, assertReportInput, assertUnlistable, canDispatchIn, levelsEditable } from './policy.js';
import { chinaDay } from '../../platform/china-time.js';

/**
 * Monthly dispatch's one write path: the page, the sheet import, the console and the demo seed
 * all come through here. Every write is authorised by the policy, made in one transaction and
 * audited against the stored row.
 */
export type DispatchDeps = Pick<Services, 'db' | 'audit' | 'clock'>;
type Trx = Transaction<DB>;

/** The calendar date in China (the deadline is a Chinese office's day). */
export function chinaToday(now: Date): string {
  return chinaDay(now);
}

export function defaultDeadline(period: string, day: number): string {
  const { year, month } = parsePeriod(period)!;
  const next = month === 12 ? periodOf(year + 1, 1) : periodOf(year, month + 1);
  return `${next}-${String(day).padStart(2, '0')}`;
}

export function isLocked(period: { deadline: string; locked_at: string | null }, today: string): boolean {
  return period.locked_at !== null || today > period.deadline;
}

function checkedPeriod(period: string) {
  const parsed = parsePeriod(period);
  if (!parsed) throw new AppError(400, 'DISPATCH_PERIOD_BAD');
  return parsed;
}

export async function periodRow(db: Services['db'] | Trx, period: string) {
  checkedPeriod(period);
  const row = await db.selectFrom('dispatch_periods').selectAll().where('period', '=', period).executeTakeFirst();
  if (!row) throw new AppError(404, 'DISPATCH_PERIOD_NOT_OPEN', { period });
  return row;
}

/** Opens a period (the owner; the console's history import opens past ones as it goes). */
export async function openPeriod(gj: DispatchDeps, ctx: RequestContext, period: string, deadline?: string): Promise<number> {
  assertManage(ctx);
  const { year, month } = checkedPeriod(period);
  const today = chinaToday(gj.clock.now());
  assertOpenablePeriod(year, month, today);
  if (deadline !== undefined) assertDeadline(deadline, year, month, today);
  const day = (await loadSettings(gj.db)).dispatchDeadlineDay;
  // Twenty openings at once: the unique period makes all but one fail — a 409, never a 500.
  return uniqueAs409(new AppError(409, 'DISPATCH_PERIOD_EXISTS', { period }), () => inTransaction(gj.db, async (trx) => {
    const existing = await trx.selectFrom('dispatch_periods').select('id').where('period', '=', period).executeTakeFirst();
    if (existing) throw new AppError(409, 'DISPATCH_PERIOD_EXISTS', { period });
    const row = { period, year, month, deadline: deadline ?? defaultDeadline(period, day), locked_at: null, opened_by: ctx.actor?.userId ?? null, opened_at: gj.clock.now().toISOString(), reminded_at: null };
    const { id } = await trx.insertInto('dispatch_periods').values(row).returning('id').executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'dispatch.period-open', objectType: 'dispatch_period', objectId: id, detail: diffRows(null, row) });
    // Every key project gets its lights at once (start and 入库 do not wait for a report; a
    // project that never files keeps the light of its last reported figures).
    await recomputePeriodLights(trx, id, row.opened_at);
    return id;
  }));
}

/** Runs a write whose unique index decides a race: the loser gets `conflict`, not a 500. */
async function uniqueAs409<T>(conflict: AppError, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict;
    throw err;
  }
}

/**
 * After a list or plan change, the lights of the year's periods still open: a locked month's
 * lights stay as the month closed (a correction of its figures recomputes it; the owner may
 * recompute a period on purpose, audited).
 */
async function recomputeOpenPeriods(trx: Trx, projectIds: number[], year: number, now: Date): Promise<void> {
  const today = chinaToday(now);
  const periods = await trx.selectFrom('dispatch_periods').selectAll().where('year', '=', year).orderBy('month').execute();
  for (const p of periods) if (!isLocked(p, today)) await recomputePeriodLights(trx, p.id, now.toISOString(), projectIds);
}

/** Whether the project, on the given levels of the year's lists, owed a report in a period now locked. */
async function countedInLockedPeriod(trx: Trx, projectId: number, year: number, levels: ListLevel[], today: string): Promise<boolean> {
  if (!levels.length) return false;
  const entries = await trx.selectFrom('key_projects').select('added_at').where('project_id', '=', projectId).where('year', '=', year).where('level', 'in', levels).execute();
  const periods = await trx.selectFrom('dispatch_periods').select(['deadline', 'locked_at']).where('year', '=', year).execute();
  return periods.some((p) => isLocked(p, today) && entries.some((e) => new Date(e.added_at).getTime() <= new Date(`${p.deadline}T16:00:00Z`).getTime()));
}

/** The owner locks a period before its deadline (it locks by itself after it). */
export async function lockPeriod(gj: DispatchDeps, ctx: RequestContext, period: string): Promise<void> {
  assertManage(ctx);
  await inTransaction(gj.db, async (trx) => {
    const row = await periodRow(trx, period);
    if (row.locked_at) return;
    const at = gj.clock.now().toISOString();
    await trx.updateTable('dispatch_periods').set({ locked_at: at }).where('id', '=', row.id).where('locked_at', 'is', null).execute();
    await gj.audit.append(trx, ctx, { action: 'dispatch.period-lock', objectType: 'dispatch_period', objectId: row.id, detail: { period, lockedAt: at } });
  });
}

async function projectForDispatch(trx: Trx, projectId: number) {
  const project = await trx.selectFrom('projects').select(['id', 'host_unit_id', 'status', 'name', 'code']).where('id', '=', projectId).executeTakeFirst();
  if (!project) throw notFound();
  return project;
}

/**
 * Puts a project on the year's lists at the given levels with its annual plan (年度计划投资).
 * Levels the actor may not edit (the city's, for a unit) are kept as they are.
 */
export async function setKeyProject(gj: DispatchDeps, ctx: RequestContext, projectId: number, year: number, input: { levels: ListLevel[]; planWan: number | null }): Promise<void> {
  // Listing and unlisting at once: the list's key decides; the loser is told to reload.
  await uniqueAs409(new AppError(409, 'DISPATCH_CONCURRENT'), () => inTransaction(gj.db, async (trx) => {
    const project = await projectForDispatch(trx, projectId);
    if (!canDispatchIn(ctx, 'read', project.host_unit_id) && !ctx.system) throw notFound();
    const editable = ctx.system ? [...LIST_LEVELS] : levelsEditable(ctx, project.host_unit_id);
    const current = await trx.selectFrom('key_projects').select('level').where('project_id', '=', projectId).where('year', '=', year).execute();
    const before = new Set(current.map((c) => c.level as ListLevel));
    const wanted = new Set(input.levels);
    for (const level of LIST_LEVELS) if (before.has(level) !== wanted.has(level) && !editable.includes(level)) throw new AppError(403, 'DISPATCH_LEVEL_FORBIDDEN');
    const plan = await trx.selectFrom('project_year_plans').select('plan_yuan').where('project_id', '=', projectId).where('year', '=', year).executeTakeFirst();
    // A listed project has a plan above zero (a zero plan would switch its progress light off).
    if (wanted.size && (input.planWan === null ? !plan || Number(plan.plan_yuan) <= 0 : input.planWan <= 0)) throw new AppError(400, 'DISPATCH_PLAN_REQUIRED');
    const planChanges = input.planWan !== null && (!plan || Number(plan.plan_yuan) !== wanToUnits(input.planWan));
    if (planChanges && !ctx.system) assertPlanEditable(ctx, new Set([...before, ...wanted]));
    const clock = gj.clock.now();
    const now = clock.toISOString();
    const removed = [...before].filter((l) => !wanted.has(l));
    const added = [...wanted].filter((l) => !before.has(l));
    if (!ctx.system) assertUnlistable(ctx, await countedInLockedPeriod(trx, projectId, year, removed, chinaToday(clock)));
    if (removed.length) await trx.deleteFrom('key_projects').where('project_id', '=', projectId).where('year', '=', year).where('level', 'in', removed).execute();
    if (added.length) await trx.insertInto('key_projects').values(added.map((level) => ({ project_id: projectId, year, level, owner_unit_id: ownerUnitOf(ctx, level, project.host_unit_id), added_by: ctx.actor?.userId ?? null, added_at: now }))).execute();
    const planChange = input.planWan === null ? null : await writePlan(trx, projectId, year, wanToUnits(input.planWan), ctx.actor?.userId ?? null, now);
    await gj.audit.append(trx, ctx, { action: 'dispatch.key-project', objectType: 'project', objectId: projectId, detail: { year, levels: { from: [...before], to: [...wanted] }, ...(planChange ? { planWan: planChange } : {}) } });
    await recomputeOpenPeriods(trx, [projectId], year, clock);
  }));
}

function ownerUnitOf(ctx: RequestContext, level: ListLevel, hostUnitId: number): number {
  // The city's lists belong to the commission's unit; a district list to the project's unit.
  return level === 'district' ? hostUnitId : (ctx.actor?.unitId ?? hostUnitId);
}

/** Writes the year's plan; answers the change in 万元 (null when unchanged). */
export async function writePlan(trx: Trx, projectId: number, year: number, planYuan: number, userId: number | null, now: string): Promise<{ from: number | null; to: number } | null> {
  const current = await trx.selectFrom('project_year_plans').select('plan_yuan').where('project_id', '=', projectId).where('year', '=', year).executeTakeFirst();
  if (current && Number(current.plan_yuan) === planYuan) return null;
  if (current) await trx.updateTable('project_year_plans').set({ plan_yuan: planYuan, updated_by: userId, updated_at: now }).where('project_id', '=', projectId).where('year', '=', year).execute();
  else await trx.insertInto('project_year_plans').values({ project_id: projectId, year, plan_yuan: planYuan, updated_by: userId, updated_at: now }).execute();
  return { from: current ? unitsToWan(current.plan_yuan) : null, to: unitsToWan(planYuan)! };
}

export interface ReportInput {
  monthWan: number;
  cumulativeWan: number;
  progressText?: string | null;
  nextSteps?: string | null;
  problems?: string | null;
  /** The version the person edited (an update of an open period); absent for a first filing. */
  version?: number;
  /** Required to correct a figure of a locked period. */
  reason?: string | null;
}

export type FileOutcome = 'created' | 'updated' | 'corrected' | 'unchanged';

/** Whether the unit holds an approved late filing (补报) for the period, open today. */
async function lateGranted(trx: Trx, periodId: number, unitId: number, today: string): Promise<boolean> {
  const grant = await trx.selectFrom('dispatch_late_grants').select('id').where('period_id', '=', periodId).where('unit_id', '=', unitId).where('state', '=', 'approved').where('until', '>=', today).executeTakeFirst();
  return !!grant;
}

/**
 * Files (or edits, or corrects) one project's report for a period. An open period's report is
 * edited in place by a conditional update on its version; a locked period takes a first filing
 * only under an approved 补报, and a correction only as a new version with a reason.
 */
export async function fileReport(gj: DispatchDeps, ctx: RequestContext, period: string, projectId: number, input: ReportInput, options: { trx?: Trx; source?: 'form' | 'import' | 'seed'; skipLights?: boolean } = {}): Promise<{ outcome: FileOutcome; version: number }> {
  const work = async (trx: Trx) => {
    const p = await periodRow(trx, period);
    const project = await projectForDispatch(trx, projectId);
    if (!canDispatchIn(ctx, 'file', project.host_unit_id)) throw notFound();
    assertReportInput(input);
    const listed = await trx.selectFrom('key_projects').select('level').where('project_id', '=', projectId).where('year', '=', p.year).executeTakeFirst();
    if (!listed) throw new AppError(409, 'DISPATCH_NOT_LISTED', { year: p.year });
    const monthYuan = wanToUnits(input.monthWan);
    const cumulativeYuan = wanToUnits(input.cumulativeWan);
    if (cumulativeYuan < monthYuan) throw new AppError(400, 'DISPATCH_CUMULATIVE_LESS', { month: p.month, cumulative: input.cumulativeWan, month_amount: input.monthWan });
    const now = gj.clock.now();
    const today = chinaToday(now);
    const locked = isLocked(p, today);
    const current = await trx.selectFrom('dispatch_reports').selectAll().where('project_id', '=', projectId).where('period_id', '=', p.id).where('is_current', '=', 1).executeTakeFirst();
    const values = {
      month_yuan: monthYuan,
      cumulative_yuan: cumulativeYuan,
      progress_text: input.progressText ?? null,
      next_steps: input.nextSteps ?? null,
      problems: input.problems ?? null,
    };
    const at = now.toISOString();
    const userId = ctx.actor?.userId ?? null;
    let outcome: FileOutcome;
    let version: number;
    if (current) {
      if (input.version !== undefined && input.version !== current.version) throw new AppError(409, 'DISPATCH_VERSION_CONFLICT', { current: current.version });
      const same = Number(current.month_yuan) === monthYuan && Number(current.cumulative_yuan) === cumulativeYuan && current.progress_text === values.progress_text && current.next_steps === values.next_steps && current.problems === values.problems;
      if (same) return { outcome: 'unchanged' as const, version: current.version };
      version = current.version + 1;
      if (!locked) {
        const done = await trx
          .updateTable('dispatch_reports')
          .set({ ...values, version, filed_by: userId, filed_at: at, source: options.source ?? 'form' })
          .where('id', '=', current.id)
          .where('version', '=', current.version)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'DISPATCH_VERSION_CONFLICT', { current: current.version });
        outcome = 'updated';
      } else {
        if (!input.reason?.trim()) throw new AppError(400, 'DISPATCH_REASON_REQUIRED');
        const done = await trx.updateTable('dispatch_reports').set({ is_current: 0 }).where('id', '=', current.id).where('is_current', '=', 1).executeTakeFirst();
        if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'DISPATCH_VERSION_CONFLICT', { current: current.version });
        await trx.insertInto('dispatch_reports').values({ ...values, project_id: projectId, period_id: p.id, unit_id: project.host_unit_id, version, is_current: 1, late: current.late, correction_reason: input.reason.trim(), source: options.source ?? 'form', filed_by: userId, filed_at: at }).execute();
        outcome = 'corrected';
      }
      await gj.audit.append(trx, ctx, { action: outcome === 'corrected' ? 'dispatch.report-correct' : 'dispatch.report-update', objectType: 'project', objectId: projectId, detail: { period, version, reason: input.reason ?? undefined, ...diffRows(current, { ...current, ...values }) } });
    } else {
      const late = locked && !ctx.system;
      if (late && !(await lateGranted(trx, p.id, project.host_unit_id, today))) throw new AppError(409, 'DISPATCH_LOCKED', { period, deadline: p.deadline });
      version = 1;
      // The unique (project, period, version) index makes a second first filing at once fail: one wins.
      await trx.insertInto('dispatch_reports').values({ ...values, project_id: projectId, period_id: p.id, unit_id: project.host_unit_id, version, is_current: 1, late: late ? 1 : 0, correction_reason: null, source: options.source ?? 'form', filed_by: userId, filed_at: at }).execute();
      outcome = 'created';
      await gj.audit.append(trx, ctx, { action: late ? 'dispatch.report-late' : 'dispatch.report-file', objectType: 'project', objectId: projectId, detail: { period, ...diffRows(null, values) } });
    }
    await refreshLatest(trx, projectId, p.year);
    if (!options.skipLights) await recomputeProjectFrom(trx, [projectId], p.year, p.month, at);
    return { outcome, version };
  };
  if (options.trx) return work(options.trx);
  try {
    return await inTransaction(gj.db, work);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, 'DISPATCH_VERSION_CONFLICT', { current: 1 });
    throw err;
  }
}

/** A unit asks to file after the lock (补报). */
export async function requestLate(gj: DispatchDeps, ctx: RequestContext, period: string, unitId: number, reason: string): Promise<number> {
  return inTransaction(gj.db, async (trx) => {
    const p = await periodRow(trx, period);
    if (!canDispatchIn(ctx, 'file', unitId)) throw notFound();
    // A city-wide filer passes the scope check for any id: the unit must also exist.
    const unit = await trx.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirst();
    if (!unit) throw notFound();
    if (!isLocked(p, chinaToday(gj.clock.now()))) throw new AppError(409, 'DISPATCH_NOT_LOCKED', { period });
    // One request waits per unit and period: the period row is locked first (a no-op update; SQLite
    // already runs one writer), so twenty requests at once make one, not twenty notices to the owner.
    await trx.updateTable('dispatch_periods').set({ reminded_at: sql`reminded_at` }).where('id', '=', p.id).execute();
    const waiting = await trx.selectFrom('dispatch_late_grants').select('id').where('period_id', '=', p.id).where('unit_id', '=', unitId).where('state', '=', 'pending').executeTakeFirst();
    if (waiting) throw new AppError(409, 'DISPATCH_LATE_PENDING', { period });
    const row = { period_id: p.id, unit_id: unitId, reason, state: 'pending', requested_by: ctx.actor?.userId ?? null, requested_at: gj.clock.now().toISOString(), decided_by: null, decided_at: null, decision_reason: null, until: null };
    const { id } = await trx.insertInto('dispatch_late_grants').values(row).returning('id').executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'dispatch.late-request', objectType: 'dispatch_late_grant', objectId: id, detail: { period, unitId, reason } });
    await notify(trx, await usersWith(trx, 'dispatch:manage', null), { kind: 'dispatch-late-request', params: { period, unit: unit.name, reason }, link: `/dispatch/board?period=${period}`, dedupKey: `dispatch-late-request:${id}` }, row.requested_at);
    return id;
  });
}

/** The period owner approves (open for a few days) or refuses a late filing. */
export async function decideLate(gj: DispatchDeps, ctx: RequestContext, grantId: number, input: { approve: boolean; reason?: string | null }): Promise<void> {
  assertManage(ctx);
  const days = (await loadSettings(gj.db)).dispatchLateGrantDays;
  await inTransaction(gj.db, async (trx) => {
    const grant = await trx.selectFrom('dispatch_late_grants').selectAll().where('id', '=', grantId).executeTakeFirst();
    if (!grant) throw notFound();
    if (grant.state !== 'pending') throw new AppError(409, 'DISPATCH_GRANT_DECIDED');
    const now = gj.clock.now();
    const until = input.approve ? chinaToday(new Date(now.getTime() + days * 86_400_000)) : null;
    const done = await trx
      .updateTable('dispatch_late_grants')
      .set({ state: input.approve ? 'approved' : 'refused', decided_by: ctx.actor?.userId ?? null, decided_at: now.toISOString(), decision_reason: input.reason ?? null, until })
      .where('id', '=', grantId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'DISPATCH_GRANT_DECIDED');
    await gj.audit.append(trx, ctx, { action: input.approve ? 'dispatch.late-approve' : 'dispatch.late-refuse', objectType: 'dispatch_late_grant', objectId: grantId, detail: { unitId: grant.unit_id, until, reason: input.reason ?? null } });
    const period = await trx.selectFrom('dispatch_periods').select('period').where('id', '=', grant.period_id).executeTakeFirstOrThrow();
    if (grant.requested_by) {
      await notify(trx, [grant.requested_by], { kind: 'dispatch-late-decided', params: { period: period.period, decision: input.approve ? 'approved' : 'refused', until: until ?? '', reason: input.reason ?? '' }, link: `/dispatch/reports?period=${period.period}`, dedupKey: `dispatch-late-decided:${grantId}` }, now.toISOString());
    }
  });
}

/** Stores a photo of the month's 形象进度. */
export async function addReportPhoto(gj: DispatchDeps & Pick<Services, 'files'>, ctx: RequestContext, period: string, projectId: number, fileName: string, bytes: Buffer): Promise<number> {
  const mime = checkAttachment(fileName, bytes);
  if (!mime.startsWith('image/')) throw new AppError(400, 'ATTACHMENT_TYPE', { name: fileName });
  const stored = gj.files.put(bytes);
  try {
    return await inTransaction(gj.db, async (trx) => {
      const p = await periodRow(trx, period);
      const project = await projectForDispatch(trx, projectId);
      if (!canDispatchIn(ctx, 'file', project.host_unit_id)) throw notFound();
      // A photo is part of the report: the form's rules — on the year's list, and after the lock
      // only under an open 补报 (a locked month's 形象进度 is not added to behind the city's back).
      const listed = await trx.selectFrom('key_projects').select('level').where('project_id', '=', projectId).where('year', '=', p.year).executeTakeFirst();
      if (!listed) throw new AppError(409, 'DISPATCH_NOT_LISTED', { year: p.year });
      const today = chinaToday(gj.clock.now());
      if (isLocked(p, today) && !ctx.system && !(await lateGranted(trx, p.id, project.host_unit_id, today))) throw new AppError(409, 'DISPATCH_LOCKED', { period, deadline: p.deadline });
      const { id } = await trx
        .insertInto('dispatch_photos')
        .values({ project_id: projectId, period_id: p.id, file_name: fileName, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, uploaded_by: ctx.actor?.userId ?? null, uploaded_at: gj.clock.now().toISOString() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await gj.audit.append(trx, ctx, { action: 'dispatch.photo-add', objectType: 'project', objectId: projectId, detail: { period, fileName, size: bytes.length, sha256: stored.sha256 } });
      return id;
    });
  } catch (err) {
    gj.files.remove(stored.key);
    throw err;
  }
}

/**
 * Reminds the units that have not filed, a few days (a setting) before the deadline: once per
 * period across every instance — the period row is claimed by a conditional update first.
 */
export async function remindMissingReports(gj: DispatchDeps): Promise<{ periods: number; notices: number }> {
  const now = gj.clock.now();
  const today = chinaToday(now);
  const days = (await loadSettings(gj.db)).dispatchReminderDays;
  const horizon = chinaToday(new Date(now.getTime() + days * 86_400_000));
  const due = await gj.db.selectFrom('dispatch_periods').selectAll().where('locked_at', 'is', null).where('reminded_at', 'is', null).where('deadline', '>=', today).where('deadline', '<=', horizon).execute();
  let notices = 0;
  let periods = 0;
  for (const p of due) {
    await inTransaction(gj.db, async (trx) => {
      const claimed = await trx.updateTable('dispatch_periods').set({ reminded_at: now.toISOString() }).where('id', '=', p.id).where('reminded_at', 'is', null).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return;
      periods++;
      const missing = await trx
        .selectFrom('projects as p')
        .innerJoin('units as u', 'u.id', 'p.host_unit_id')
        .where('p.status', '!=', 'terminated')
        .where(owesReport(p))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('dispatch_reports as r').select('r.id').whereRef('r.project_id', '=', 'p.id').where('r.period_id', '=', p.id).where('r.is_current', '=', 1))))
        .select(['u.id', 'u.name', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['u.id', 'u.name'])
        .execute();
      for (const unit of missing) {
        const users = await usersWith(trx, 'dispatch:write', [unit.id]);
        notices += await notify(trx, users, { kind: 'dispatch-reminder', params: { period: p.period, deadline: p.deadline, unit: unit.name, missing: Number(unit.n) }, link: `/dispatch/reports?period=${p.period}&state=missing`, dedupKey: `dispatch-reminder:${p.period}:${unit.id}` }, now.toISOString());
      }
      await gj.audit.append(trx, null, { action: 'dispatch.remind', username: 'system:schedule', objectType: 'dispatch_period', objectId: p.id, detail: { period: p.period, units: missing.length, notices } });
    });
  }
  return { periods, notices };
}

/**
 * A new version of the warning rules, in force from a date. Versions are never edited: the lights
 * already computed keep the version that produced them, and a period recomputed later takes the
 * version in force on its last day.
 */
export async function addWarningRule(gj: DispatchDeps, ctx: RequestContext, input: { effectiveFrom: string; definition: object; note?: string | null }): Promise<number> {
  assertManage(ctx);
  return inTransaction(gj.db, async (trx) => {
    const last = await trx.selectFrom('warning_rules').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const row = { version, effective_from: input.effectiveFrom, definition: JSON.stringify(input.definition), note: input.note ?? null, created_by: ctx.actor?.userId ?? null, created_at: gj.clock.now().toISOString() };
    await trx.insertInto('warning_rules').values(row).execute();
    await gj.audit.append(trx, ctx, { action: 'dispatch.rule-add', objectType: 'warning_rule', objectId: version, detail: diffRows(null, row) });
    return version;
  });
}
