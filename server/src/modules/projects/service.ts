import type { Selectable, Transaction } from 'kysely';
import { ABOVE_100M_YUAN, STAGES, stageIndex, type Stage } from '../../../../common/projects.js';
import { LOCK_ENTERPRISE, inTransaction, lockKeys } from '../../db/portable.js';
import type { DB, ProjectsTable } from '../../db/schema.js';
import { numberAfter, reserveNumbers } from '../../platform/codes.js';
import { checkAttachment } from '../../platform/files.js';
import { wanToUnits } from '../../platform/money.js';
import { companyKey } from '../../platform/company-names.js';
import { searchInitials } from '../../platform/search.js';
import { writeProjectGrams } from './grams.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { canHostIn, canProject, type ProjectAction } from './policy.js';
import type { CreateProjectInput, PatchProjectInput, projectFields } from './schema.js';

/** What a write needs of the services: the CLI and the seed build this much, the server all. */
export type WriteDeps = Pick<Services, 'db' | 'dialect' | 'clock' | 'audit'>;

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

/**
 * The project row for a write of `action`, decided by the policy: not readable → 404 (existence
 * is not leaked), readable but not writable → 403.
 */
export async function loadForWrite(gj: WriteDeps, trx: Transaction<DB>, ctx: RequestContext, id: number, action: ProjectAction = 'update') {
  const row = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (!ctx.system && !canProject(ctx.actor, 'read', row))) throw notFound();
  if (!ctx.system && !canProject(ctx.actor, action, row)) throw new AppError(403, 'FORBIDDEN');
  return row;
}

export function assertVersion(current: number, sent: number) {
  if (current !== sent) throw new AppError(409, 'PROJECT_VERSION_CONFLICT', { current });
}

/**
 * After an UPDATE made conditional on the version read (`where version = ?`): no row moved means
 * another writer changed the project between our read and our write (on PostgreSQL the read does
 * not lock), so this writer loses with 409 instead of overwriting what the other wrote.
 */
export function assertMoved(readVersion: number) {
  return (result: { numUpdatedRows: bigint }) => {
    if (Number(result.numUpdatedRows) !== 1) throw new AppError(409, 'PROJECT_VERSION_CONFLICT', { current: readVersion + 1 });
  };
}

/** A unit outside the actor's scope answers as if it did not exist. */
export function assertHostUnit(ctx: RequestContext, unitId: number, action: 'update' | 'import' = 'update') {
  if (!ctx.system && !canHostIn(ctx.actor, action, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
}

/**
 * Columns derived from what a person typed: pinyin initials, the investor's normalised key. Every
 * write — form, import, conversion, seed, generator — takes them from here.
 */
export function derivedColumns(name: string, investorName: string | null | undefined) {
  const investor = companyKey(investorName);
  return { search_initials: searchInitials(name, investorName), investor_key: investor.key, investor_region_key: investor.region };
}

/** Project codes XM<year><5 digits>: `count` fresh ones, never handed out twice (see platform/codes). */
export async function newProjectCodes(trx: Transaction<DB>, year: number, count: number): Promise<string[]> {
  const prefix = `XM${year}`;
  const codes: string[] = [];
  while (codes.length < count) {
    const want = count - codes.length;
    const first = await reserveNumbers(trx, prefix, want, async () => {
      const highest = await trx.selectFrom('projects').select((eb) => eb.fn.max('code').as('code')).where('code', 'like', `${prefix}_____`).executeTakeFirst();
      return numberAfter(prefix, highest?.code);
    });
    const batch = Array.from({ length: want }, (_, i) => `${prefix}${String(first + i).padStart(5, '0')}`);
    // A ledger may have brought a code of this shape itself: such numbers are skipped.
    const taken = new Set((await trx.selectFrom('projects').select('code').where('code', 'in', batch).execute()).map((r) => r.code));
    codes.push(...batch.filter((c) => !taken.has(c)));
  }
  return codes;
}

export async function recordEvent(trx: Transaction<DB>, gj: Pick<Services, 'clock'>, ctx: RequestContext, projectId: number, kind: string, from: string | null, to: string | null, reason: string | null, detail?: unknown) {
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
export async function changeStage(gj: WriteDeps, ctx: RequestContext, id: number, input: { stage: Stage; actualDate?: string; reason?: string; version: number }) {
  // Inside the caller's transaction when there is one: the portal confirms evidence and moves the stage as one write.
  return inTransaction(gj.db, async (trx) => {
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
      .where('version', '=', before.version)
      .executeTakeFirst()
      .then(assertMoved(before.version));
    await applyDefaultPlans(trx, id, before.total_investment_yuan);
    await recordEvent(trx, gj, ctx, id, 'stage', from, to, input.reason ?? null, input.actualDate ? { actualDate: input.actualDate } : undefined);
    const after = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'project.stage', objectType: 'project', objectId: id, detail: { ...diffRows(before, after), reason: input.reason ?? null } });
  });
}

export async function changeStatus(gj: WriteDeps, ctx: RequestContext, id: number, input: { status: 'normal' | 'suspended' | 'terminated'; reason?: string; version: number }) {
  // Inside the caller's transaction when there is one (the demo seed suspends a few of its projects).
  return inTransaction(gj.db, async (trx) => {
    const before = await loadForWrite(gj, trx, ctx, id);
    assertVersion(before.version, input.version);
    if (before.status === input.status) throw new AppError(400, 'PROJECT_STATUS_SAME');
    if (input.status !== 'normal' && !input.reason?.trim()) throw new AppError(400, 'PROJECT_REASON_REQUIRED');
    await trx
      .updateTable('projects')
      .set({ status: input.status, status_reason: input.reason ?? null, version: before.version + 1, updated_at: gj.clock.now().toISOString() })
      .where('id', '=', id)
      .where('version', '=', before.version)
      .executeTakeFirst()
      .then(assertMoved(before.version));
    await recordEvent(trx, gj, ctx, id, 'status', before.status, input.status, input.reason ?? null);
    const after = await trx.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'project.status', objectType: 'project', objectId: id, detail: diffRows(before, after) });
  });
}

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

export async function assertReferences(trx: Transaction<DB>, body: { chainId?: number | null; deptUnitId?: number | null; officerUserId?: number | null }) {
  if (body.chainId && !(await trx.selectFrom('chains').select('id').where('id', '=', body.chainId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'chainId', code: 'unknown' }]);
  if (body.deptUnitId && !(await trx.selectFrom('units').select('id').where('id', '=', body.deptUnitId).executeTakeFirst())) throw new AppError(400, 'UNIT_NOT_FOUND');
  if (body.officerUserId && !(await trx.selectFrom('users').select('id').where('id', '=', body.officerUserId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'officerUserId', code: 'unknown' }]);
}


/**
 * Creates a project with its lifecycle rows, timeline entry and audit record, inside `trx`: the
 * one creation path of the form, the lead conversion, the console and the demo seed. The host
 * unit must be in the actor's scope; decisions about the same investor are serialised (a lead
 * registration racing this creation sees one or the other, never neither).
 */
export async function createProject(trx: Transaction<DB>, gj: WriteDeps, ctx: RequestContext, body: CreateProjectInput, options: { createdBy?: number | null } = {}): Promise<number> {
  assertHostUnit(ctx, body.hostUnitId);
  await assertReferences(trx, body);
  const investor = companyKey(body.investorName);
  await lockKeys(trx, gj.dialect, LOCK_ENTERPRISE, [investor.key, body.investorUscc]);
  const now = gj.clock.now();
  if (body.code && (await trx.selectFrom('projects').select('id').where('code', '=', body.code).executeTakeFirst())) throw new AppError(409, 'PROJECT_CODE_TAKEN', { code: body.code });
  const code = body.code ?? (await newProjectCodes(trx, now.getUTCFullYear(), 1))[0]!;
  const dates = body.stageDates ?? {};
  const reachedIndex = STAGES.indexOf(body.stage);
  // A date of a stage not reached yet is a plan at most, never an actual date.
  const actualOf = (stage: Stage) => (STAGES.indexOf(stage) <= reachedIndex ? (dates[stage]?.actual ?? null) : null);
  const inserted = await trx
    .insertInto('projects')
    .values({
      investor_tags: '[]',
      tags: '[]',
      ...toColumns(body),
      ...derivedColumns(body.name, body.investorName),
      code,
      name: body.name,
      host_unit_id: body.hostUnitId,
      total_investment_yuan: wanToUnits(body.totalInvestmentWan),
      stage: body.stage,
      status: 'normal',
      signed_date: actualOf('signed'),
      started_date: actualOf('started'),
      lead_id: body.leadId ?? null,
      version: 1,
      created_by: options.createdBy === undefined ? (ctx.actor?.userId ?? null) : options.createdBy,
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
        actual_date: actualOf(stage),
        // Reached without a date: recorded as unknown, never rejected (real ledgers lack them).
        actual_unknown: i <= reachedIndex && i > 0 && !actualOf(stage) ? 1 : 0,
      })),
    )
    .execute();
  await applyDefaultPlans(trx, inserted.id, wanToUnits(body.totalInvestmentWan));
  await recordEvent(trx, gj, ctx, inserted.id, 'create', null, body.stage, null, body.leadId ? { leadId: body.leadId } : undefined);
  const after = await trx.selectFrom('projects').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
  await gj.audit.append(trx, ctx, { action: 'project.create', objectType: 'project', objectId: inserted.id, detail: diffRows(null, after) });
  return inserted.id;
}

/** Creates a project in its own transaction (the form's path). */
export async function addProject(gj: WriteDeps, ctx: RequestContext, body: CreateProjectInput): Promise<number> {
  return gj.db.transaction().execute((trx) => createProject(trx, gj, ctx, body));
}

/** Edits a project. The version moves in the same conditional UPDATE: of two concurrent writers, one loses (409). */
export async function updateProject(gj: WriteDeps, ctx: RequestContext, id: number, body: PatchProjectInput): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const before = await loadForWrite(gj, trx, ctx, id);
    assertVersion(before.version, body.version);
    if (typeof body.hostUnitId === 'number' && body.hostUnitId !== before.host_unit_id) assertHostUnit(ctx, body.hostUnitId);
    await assertReferences(trx, body);
    const changes = toColumns(body);
    const name = (changes.name as string | undefined) ?? before.name;
    const investor = changes.investor_name === undefined ? before.investor_name : (changes.investor_name as string | null);
    const result = await trx
      .updateTable('projects')
      .set({ ...changes, ...derivedColumns(name, investor), version: before.version + 1, updated_at: gj.clock.now().toISOString() })
      .where('id', '=', before.id)
      .where('version', '=', body.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError(409, 'PROJECT_VERSION_CONFLICT', { current: before.version });
    if (name !== before.name || investor !== before.investor_name) await writeProjectGrams(trx, [{ id: before.id, name, investor }]);
    const after = await trx.selectFrom('projects').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
    const diff = diffRows(before, after);
    delete diff.version;
    delete diff.search_initials;
    delete diff.investor_key;
    delete diff.investor_region_key;
    await recordEvent(trx, gj, ctx, before.id, 'edit', null, null, null, Object.keys(diff));
    await gj.audit.append(trx, ctx, { action: 'project.update', objectType: 'project', objectId: before.id, detail: diff });
  });
}

/** Stores an attachment's bytes and records it; on any refusal the bytes do not linger. */
export async function addProjectAttachment(gj: WriteDeps & { files: Services['files'] }, ctx: RequestContext, projectId: number, fileName: string, bytes: Buffer) {
  const mime = checkAttachment(fileName, bytes);
  const stored = gj.files.put(bytes);
  try {
    return await gj.db.transaction().execute(async (trx) => {
      await loadForWrite(gj, trx, ctx, projectId, 'attach');
      const at = gj.clock.now().toISOString();
      const row = await trx
        .insertInto('project_attachments')
        .values({ project_id: projectId, file_name: fileName, mime, size: bytes.length, sha256: stored.sha256, storage_key: stored.key, uploaded_by: ctx.actor?.userId ?? null, uploaded_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordEvent(trx, gj, ctx, projectId, 'attachment', null, fileName, null);
      await gj.audit.append(trx, ctx, { action: 'project.attachment-add', objectType: 'project', objectId: projectId, detail: { fileName, size: bytes.length, sha256: stored.sha256 } });
      return { id: row.id, file_name: fileName, mime, size: bytes.length, sha256: stored.sha256, display_name: ctx.actor?.displayName ?? null, uploaded_at: at };
    });
  } catch (err) {
    gj.files.remove(stored.key);
    throw err;
  }
}

export async function removeProjectAttachment(gj: WriteDeps & { files: Services['files'] }, ctx: RequestContext, projectId: number, attachmentId: number) {
  const removed = await gj.db.transaction().execute(async (trx) => {
    await loadForWrite(gj, trx, ctx, projectId, 'attach');
    const row = await trx.selectFrom('project_attachments').selectAll().where('id', '=', attachmentId).where('project_id', '=', projectId).executeTakeFirst();
    if (!row) throw notFound();
    await trx.deleteFrom('project_attachments').where('id', '=', row.id).execute();
    await recordEvent(trx, gj, ctx, projectId, 'detach', row.file_name, null, null);
    await gj.audit.append(trx, ctx, { action: 'project.attachment-remove', objectType: 'project', objectId: projectId, detail: { fileName: row.file_name, sha256: row.sha256 } });
    return row;
  });
  gj.files.remove(removed.storage_key);
}

/** An attachment of a project the actor may read, for download; 404 otherwise. */
export async function attachmentForDownload(gj: WriteDeps, ctx: RequestContext, projectId: number, attachmentId: number) {
  const project = await gj.db.selectFrom('projects').select(['host_unit_id', 'created_by']).where('id', '=', projectId).executeTakeFirst();
  if (!project || !canProject(ctx.actor, 'read', project)) throw notFound();
  const row = await gj.db.selectFrom('project_attachments').selectAll().where('id', '=', attachmentId).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) throw notFound();
  await gj.audit.appendAlone(gj.db, ctx, { action: 'project.attachment-download', objectType: 'project', objectId: projectId, detail: { attachmentId: row.id, fileName: row.file_name } });
  return row;
}
