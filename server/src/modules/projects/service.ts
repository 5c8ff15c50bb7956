import type { Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { ABOVE_100M_YUAN, CATEGORIES, CHAIN_ROLES, INVESTOR_TAGS, NATURES, STAGES, stageIndex, type Stage } from '../../../../common/projects.js';
import type { DB, ProjectsTable } from '../../db/schema.js';
import { hasAtMost4Decimals, wanToUnits } from '../../platform/money.js';
import { companyKey } from '../../platform/company-names.js';
import { searchInitials } from '../../platform/search.js';
import { writeProjectGrams } from './grams.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import { scopedProjects } from './repo.js';

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

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d));
export const wan = z.number().min(0).max(1e9).refine(hasAtMost4Decimals, { message: 'at most 4 decimals' });

export const projectFields = {
  name: z.string().trim().min(2).max(200),
  investorName: z.string().trim().max(200).nullable(),
  investorUscc: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/).nullable(),
  investorRegion: z.string().trim().max(100).nullable(),
  investorTags: z.array(z.enum(INVESTOR_TAGS)).max(INVESTOR_TAGS.length),
  hostUnitId: z.number().int().positive(),
  deptUnitId: z.number().int().positive().nullable(),
  leaderName: z.string().trim().max(100).nullable(),
  officerUserId: z.number().int().positive().nullable(),
  chainId: z.number().int().positive().nullable(),
  chainRole: z.enum(CHAIN_ROLES).nullable(),
  nature: z.enum(NATURES).nullable(),
  category: z.enum(CATEGORIES).nullable(),
  totalInvestmentWan: wan,
  fixedAssetWan: wan.nullable(),
  foreignInvestmentUsdWan: wan.nullable(),
  registeredCapitalWan: wan.nullable(),
  landMu: z.string().trim().regex(/^\d+(\.\d{1,2})?$/).nullable(),
  expectedOutputWan: wan.nullable(),
  expectedTaxWan: wan.nullable(),
  expectedJobs: z.number().int().min(0).max(1_000_000).nullable(),
  sourceChannel: z.string().trim().max(32).nullable(),
  tags: z.array(z.string().trim().min(1).max(20)).max(20),
  progressText: z.string().max(2000).nullable(),
  remarks: z.string().max(2000).nullable(),
};


export function toColumns(body: Partial<Record<keyof typeof projectFields, unknown>>): Partial<Selectable<ProjectsTable>> {
  const out: Record<string, unknown> = {};
  const map: [keyof typeof projectFields, string, ((v: never) => unknown)?][] = [
    ['name', 'name'],
    ['investorName', 'investor_name'],
    ['investorUscc', 'investor_uscc'],
    ['investorRegion', 'investor_region'],
    ['investorTags', 'investor_tags', (v: string[]) => JSON.stringify(v)],
    ['hostUnitId', 'host_unit_id'],
    ['deptUnitId', 'dept_unit_id'],
    ['leaderName', 'leader_name'],
    ['officerUserId', 'officer_user_id'],
    ['chainId', 'chain_id'],
    ['chainRole', 'chain_role'],
    ['nature', 'nature'],
    ['category', 'category'],
    ['totalInvestmentWan', 'total_investment_yuan', (v: number) => wanToUnits(v)],
    ['fixedAssetWan', 'fixed_asset_yuan', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['foreignInvestmentUsdWan', 'foreign_investment_usd', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['registeredCapitalWan', 'registered_capital_yuan', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['landMu', 'land_mu'],
    ['expectedOutputWan', 'expected_output_yuan', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['expectedTaxWan', 'expected_tax_yuan', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['expectedJobs', 'expected_jobs'],
    ['sourceChannel', 'source_channel'],
    ['tags', 'tags', (v: string[]) => JSON.stringify(v)],
    ['progressText', 'progress_text'],
    ['remarks', 'remarks'],
  ];
  for (const [field, column, convert] of map) {
    if (body[field] === undefined) continue;
    out[column] = convert ? convert(body[field] as never) : body[field];
  }
  return out as Partial<Selectable<ProjectsTable>>;
}

export async function nextCode(trx: Transaction<DB>, year: number): Promise<string> {
  const prefix = `XM${year}`;
  const last = await trx.selectFrom('projects').select('code').where('code', 'like', `${prefix}%`).orderBy('code', 'desc').limit(1).executeTakeFirst();
  const n = last ? Number(last.code.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(Number.isFinite(n) ? n : 1).padStart(5, '0')}`;
}

export async function assertReferences(trx: Transaction<DB>, body: { chainId?: number | null; deptUnitId?: number | null; officerUserId?: number | null }) {
  if (body.chainId && !(await trx.selectFrom('chains').select('id').where('id', '=', body.chainId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'chainId', code: 'unknown' }]);
  if (body.deptUnitId && !(await trx.selectFrom('units').select('id').where('id', '=', body.deptUnitId).executeTakeFirst())) throw new AppError(400, 'UNIT_NOT_FOUND');
  if (body.officerUserId && !(await trx.selectFrom('users').select('id').where('id', '=', body.officerUserId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'officerUserId', code: 'unknown' }]);
}


export const createBody = z.object(projectFields).partial().extend({
  name: projectFields.name,
  hostUnitId: projectFields.hostUnitId,
  totalInvestmentWan: projectFields.totalInvestmentWan,
  code: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
  stage: z.enum(STAGES).default('signed'),
  stageDates: z.partialRecord(z.enum(STAGES), z.object({ planned: isoDate.nullable().optional(), actual: isoDate.nullable().optional() })).optional(),
});
export type CreateProjectInput = z.infer<typeof createBody> & { leadId?: number | null };

/** Creates a project with its lifecycle rows, timeline entry and audit record, inside `trx`. */
export async function createProject(trx: Transaction<DB>, gj: Services, ctx: RequestContext, body: CreateProjectInput): Promise<number> {
  await assertReferences(trx, body);
  const now = gj.clock.now();
  const code = body.code ?? (await nextCode(trx, now.getUTCFullYear()));
  if (await trx.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirst()) throw new AppError(409, 'PROJECT_CODE_TAKEN', { code });
  const dates = body.stageDates ?? {};
  const reachedIndex = STAGES.indexOf(body.stage);
  const investor = companyKey(body.investorName);
  const inserted = await trx
    .insertInto('projects')
    .values({
      investor_tags: '[]',
      tags: '[]',
      ...toColumns(body),
      code,
      name: body.name,
      host_unit_id: body.hostUnitId,
      total_investment_yuan: wanToUnits(body.totalInvestmentWan),
      stage: body.stage,
      status: 'normal',
      signed_date: dates.signed?.actual ?? null,
      started_date: dates.started?.actual ?? null,
      search_initials: searchInitials(body.name, body.investorName),
      investor_key: investor.key,
      investor_region_key: investor.region,
      lead_id: body.leadId ?? null,
      version: 1,
      created_by: ctx.actor?.userId ?? null,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeProjectGrams(trx, [{ id: inserted.id, name: body.name, investor: body.investorName }], false);
  await trx
    .insertInto('project_stages')
    .values(
      STAGES.map((stage, i) => ({
        project_id: inserted.id,
        stage,
        planned_date: dates[stage]?.planned ?? null,
        actual_date: i <= reachedIndex ? (dates[stage]?.actual ?? null) : null,
        // Reached without a date: recorded as unknown, never rejected (real ledgers lack them).
        actual_unknown: i <= reachedIndex && i > 0 && !dates[stage]?.actual ? 1 : 0,
      })),
    )
    .execute();
  await applyDefaultPlans(trx, inserted.id, wanToUnits(body.totalInvestmentWan));
  await recordEvent(trx, gj, ctx, inserted.id, 'create', null, body.stage, null, body.leadId ? { leadId: body.leadId } : undefined);
  const after = await trx.selectFrom('projects').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
  await gj.audit.append(trx, ctx, { action: 'project.create', objectType: 'project', objectId: inserted.id, detail: diffRows(null, after) });
  return inserted.id;
}
