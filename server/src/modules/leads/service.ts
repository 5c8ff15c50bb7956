import type { Transaction, Updateable } from 'kysely';
import { CLOSED_LEAD_STATUSES, FOLLOWUP_KINDS, type ArbitrationDecision, type FollowupKind, type LeadStatus } from '../../../../common/leads.js';
import type { DB, LeadsTable } from '../../db/schema.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { scopeAllowsUnit, type DataScope } from '../../platform/scope.js';
import { loadSettings } from '../../platform/settings.js';
import { LOCK_ENTERPRISE, inTransaction, lockKeys } from '../../db/portable.js';
import { numberAfter, reserveNumbers } from '../../platform/codes.js';
import { canHostIn, createProject } from '../projects/index.js';
import { canRegisterFor, canSeeConflictParties, handoffAccess } from './policy.js';
import { creditRows, handoffRows } from './repo.js';
import type { LeadPatch } from './schema.js';
import { countAgainstLimit } from '../../platform/rate-limit.js';
import type { Actor } from '../../platform/context.js';
import { searchInitials } from '../../platform/search.js';
import { addWorkingDays, nextDue } from './deadlines.js';
import { unitsToWan, wanToUnits } from '../../platform/money.js';
import { bigrams, companyKey, isPlausibleCompanyName, maskToTyped, nameSimilarity, NEAR_NAME_THRESHOLD, normaliseCompanyName, regionsCompatible } from '../../platform/company-names.js';
import { leadReadable, leadWritable } from './policy.js';
import { chinaDay } from '../../platform/china-time.js';

type Trx = Transaction<DB>;

/** What a lead write needs of the services: the CLI and the seed build this much, the server all. */
export type LeadDeps = Pick<Services, 'db' | 'dialect' | 'clock' | 'audit' | 'cipher'>;

/** The console and the seed decide as the operator: every registration in the city is theirs to see. */
function scopeOf(ctx: RequestContext): DataScope {
  return ctx.system ? { all: true, unitIds: [], self: false, userId: 0 } : ctx.actor!.scope;
}

/** Columns derived from what was typed — the company's key, pinyin initials — computed only here. */
export function leadDerivedColumns(title: string, enterpriseName: string) {
  const key = companyKey(enterpriseName);
  return { enterprise_key: key.key ?? enterpriseName, enterprise_region_key: key.region, search_initials: searchInitials(title, enterpriseName) };
}

/** Lead codes XS<year><5 digits> from the counter: never handed out twice. */
export async function newLeadCode(trx: Trx, year: string): Promise<string> {
  const prefix = `XS${year}`;
  for (;;) {
    const n = await reserveNumbers(trx, prefix, 1, async () => {
      const last = await trx.selectFrom('leads').select((eb) => eb.fn.max('code').as('code')).where('code', 'like', `${prefix}_____`).executeTakeFirst();
      return numberAfter(prefix, last?.code);
    });
    const code = `${prefix}${String(n).padStart(5, '0')}`;
    if (!(await trx.selectFrom('leads').select('id').where('code', '=', code).executeTakeFirst())) return code;
  }
}
type LeadRow = Omit<LeadsTable, 'id'> & { id: number };

/** A registration of the same enterprise somewhere in the city: a lead or a project. */
export interface Registration {
  kind: 'lead' | 'project';
  id: number;
  enterpriseName: string;
  unitId: number;
  unitName: string;
  registeredAt: string;
  /** Whether the asking user may read it (then it is a duplicate to look at, not a conflict). */
  visible: boolean;
}

function sameEnterprise(a: { uscc: string | null; key: string; region: string | null }, b: { uscc: string | null; key: string | null; region: string | null }): boolean {
  // The credit code, when both have one, decides; otherwise the normalised name with compatible regions.
  if (a.uscc && b.uscc) return a.uscc === b.uscc;
  return !!b.key && a.key === b.key && regionsCompatible(a.region, b.region);
}

/**
 * Every active registration of this enterprise in the city, oldest first: open leads (not
 * themselves waiting in a conflict) and projects not terminated, matched by credit code or by
 * normalised name.
 */
export async function findRegistrations(db: Trx | Services['db'], scope: DataScope, enterprise: { name: string; uscc: string | null }, excludeLeadId?: number): Promise<Registration[]> {
  const { key, region } = companyKey(enterprise.name);
  const me = { uscc: enterprise.uscc, key: key ?? '', region };
  const leads = await db
    .selectFrom('leads')
    .innerJoin('units', 'units.id', 'leads.unit_id')
    .select(['leads.id', 'leads.enterprise_name', 'leads.enterprise_uscc', 'leads.enterprise_key', 'leads.enterprise_region_key', 'leads.unit_id', 'units.name as unit_name', 'leads.created_at'])
    .where('leads.status', 'not in', CLOSED_LEAD_STATUSES as LeadStatus[])
    .where((eb) => eb.or([eb('leads.conflict_state', 'is', null), eb('leads.conflict_state', '!=', 'open')]))
    .where((eb) => eb.or([eb('leads.enterprise_key', '=', me.key), ...(me.uscc ? [eb('leads.enterprise_uscc', '=', me.uscc)] : [])]))
    .execute();
  const projects = await db
    .selectFrom('projects')
    .innerJoin('units', 'units.id', 'projects.host_unit_id')
    .select(['projects.id', 'projects.investor_name', 'projects.investor_uscc', 'projects.investor_key', 'projects.investor_region_key', 'projects.host_unit_id', 'units.name as unit_name', 'projects.created_at'])
    .where('projects.status', '!=', 'terminated')
    .where((eb) => eb.or([eb('projects.investor_key', '=', me.key), ...(me.uscc ? [eb('projects.investor_uscc', '=', me.uscc)] : [])]))
    .execute();
  const out: Registration[] = [];
  for (const l of leads) {
    if (l.id === excludeLeadId || !sameEnterprise(me, { uscc: l.enterprise_uscc, key: l.enterprise_key, region: l.enterprise_region_key })) continue;
    out.push({ kind: 'lead', id: l.id, enterpriseName: l.enterprise_name, unitId: l.unit_id, unitName: l.unit_name, registeredAt: String(l.created_at), visible: scopeAllowsUnit(scope, l.unit_id) });
  }
  for (const p of projects) {
    if (!sameEnterprise(me, { uscc: p.investor_uscc, key: p.investor_key, region: p.investor_region_key })) continue;
    out.push({ kind: 'project', id: p.id, enterpriseName: p.investor_name ?? '', unitId: p.host_unit_id, unitName: p.unit_name, registeredAt: String(p.created_at), visible: scopeAllowsUnit(scope, p.host_unit_id) });
  }
  return out.sort((a, b) => new Date(a.registeredAt).getTime() - new Date(b.registeredAt).getTime());
}

/**
 * Near names for the form, before saving: rows sharing a bigram with the name's core (narrowed in
 * SQL), scored by similarity here. Only name, unit and date are shown — never contacts or amounts.
 */
export async function nearRegistrations(gj: Pick<Services, 'db'>, scope: DataScope, name: string, exactIds: Set<string>) {
  const me = normaliseCompanyName(name);
  const grams = [...new Set(bigrams(me.core))].slice(0, 6);
  if (!grams.length) return [];
  const leads = await gj.db
    .selectFrom('leads')
    .innerJoin('units', 'units.id', 'leads.unit_id')
    .select(['leads.id', 'leads.enterprise_name as name', 'leads.unit_id', 'units.name as unit_name', 'leads.created_at'])
    .where('leads.status', 'not in', CLOSED_LEAD_STATUSES as LeadStatus[])
    .where((eb) => eb.or(grams.map((g) => eb('leads.enterprise_key', 'like', `%${g}%`))))
    .limit(300)
    .execute();
  const projects = await gj.db
    .selectFrom('projects')
    .innerJoin('units', 'units.id', 'projects.host_unit_id')
    .select(['projects.id', 'projects.investor_name as name', 'projects.host_unit_id as unit_id', 'units.name as unit_name', 'projects.created_at'])
    .where('projects.status', '!=', 'terminated')
    .where((eb) => eb.or(grams.map((g) => eb('projects.investor_key', 'like', `%${g}%`))))
    .limit(300)
    .execute();
  const scored = [...leads.map((r) => ({ ...r, kind: 'lead' as const })), ...projects.map((r) => ({ ...r, kind: 'project' as const }))]
    .filter((r) => r.name && !exactIds.has(`${r.kind}:${r.id}`))
    .map((r) => ({ kind: r.kind, enterpriseName: r.name!, unitName: r.unit_name, registeredOn: String(r.created_at).slice(0, 10), similarity: Math.round(nameSimilarity(me, normaliseCompanyName(r.name!)) * 100) / 100, visible: scopeAllowsUnit(scope, r.unit_id) }))
    .filter((r) => r.similarity >= NEAR_NAME_THRESHOLD);
  // One line per company and unit is enough for a person to recognise it.
  const seen = new Set<string>();
  return scored
    .sort((a, b) => b.similarity - a.similarity)
    .filter((r) => {
      const k = `${r.enterpriseName}|${r.unitName}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, 10);
}

/** The date in China of an ISO instant, as the conflict notice shows it. */
export function chinaDate(iso: string): string {
  return chinaDay(iso);
}

export async function recordLeadEvent(trx: Trx, gj: LeadDeps, ctx: RequestContext, leadId: number, kind: string, from: string | null, to: string | null, reason: string | null, detail?: unknown) {
  await trx
    .insertInto('lead_events')
    .values({ lead_id: leadId, at: gj.clock.now().toISOString(), user_id: ctx.actor?.userId ?? null, unit_id: ctx.actor?.unitId ?? null, kind, from_value: from?.slice(0, 100) ?? null, to_value: to?.slice(0, 100) ?? null, reason: reason?.slice(0, 2000) ?? null, detail: detail === undefined ? null : JSON.stringify(detail) })
    .execute();
}

/** Recomputes the stored next deadline (what lists sort and filter on) from the lead's clock. */
export async function refreshDue(trx: Trx, gj: LeadDeps, leadId: number) {
  const lead = await trx.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
  const due = nextDue({ ...lead, clock_start_at: String(lead.clock_start_at), responded_at: iso(lead.responded_at), assessed_at: iso(lead.assessed_at), fed_back_at: iso(lead.fed_back_at), last_progress_at: iso(lead.last_progress_at) }, await loadSettings(trx), gj.clock.now());
  await trx.updateTable('leads').set({ next_due_kind: due?.kind ?? null, next_due_at: due?.at ?? null }).where('id', '=', leadId).execute();
}

/** Timestamps come back as strings from SQLite and as strings or Dates from PostgreSQL. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

export async function loadLeadForWrite(trx: Trx, ctx: RequestContext, id: number): Promise<LeadRow> {
  if (ctx.system) {
    const any = await trx.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!any) throw notFound();
    return any as LeadRow;
  }
  const row = await trx
    .selectFrom('leads')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => leadWritable(eb, ctx.actor!.scope))
    .executeTakeFirst();
  if (row) return row as LeadRow;
  // Readable but not ours to change (a watcher, a receiver still deciding): 403; else not there.
  const readable = await trx.selectFrom('leads').select('id').where('id', '=', id).where((eb) => leadReadable(eb, ctx.actor!.scope)).executeTakeFirst();
  throw readable ? new AppError(403, 'LEAD_READ_ONLY') : notFound();
}

export function assertLeadVersion(current: number, sent: number) {
  if (current !== sent) throw new AppError(409, 'LEAD_VERSION_CONFLICT', { current });
}

function assertOpen(lead: LeadRow) {
  if (CLOSED_LEAD_STATUSES.includes(lead.status as LeadStatus)) throw new AppError(400, 'LEAD_CLOSED');
}

/**
 * Every change of a lead moves its version, conditionally on the version this writer read: if
 * another writer got there first (PostgreSQL reads do not lock), this one loses with 409 instead
 * of overwriting that change.
 */
async function bumpLead(trx: Trx, gj: LeadDeps, lead: LeadRow, changes: Updateable<LeadsTable>) {
  const moved = await trx
    .updateTable('leads')
    .set({ ...changes, version: lead.version + 1, updated_at: gj.clock.now().toISOString() })
    .where('id', '=', lead.id)
    .where('version', '=', lead.version)
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'LEAD_VERSION_CONFLICT', { current: lead.version + 1 });
  await refreshDue(trx, gj, lead.id);
  return (await trx.selectFrom('leads').selectAll().where('id', '=', lead.id).executeTakeFirstOrThrow()) as LeadRow;
}

/** Which deadline fields a follow-up of each kind meets: a feedback also means it was answered and assessed. */
function followupChanges(lead: LeadRow, kind: FollowupKind, now: string): Updateable<LeadsTable> {
  const out: Updateable<LeadsTable> = {};
  const upTo = FOLLOWUP_KINDS.indexOf(kind);
  if (upTo >= 0 && !lead.responded_at) out.responded_at = now;
  if (upTo >= 1 && !lead.assessed_at) out.assessed_at = now;
  if (upTo >= 2 && !lead.fed_back_at) out.fed_back_at = now;
  if (kind === 'progress') out.last_progress_at = now;
  return out;
}

export async function addFollowup(gj: LeadDeps, ctx: RequestContext, id: number, input: { kind: FollowupKind; note: string }) {
  await gj.db.transaction().execute(async (trx) => followupIn(trx, gj, ctx, await loadLeadForWrite(trx, ctx, id), input));
}

/** A follow-up inside the caller's transaction (the form's path and the demo seed's). */
export async function followupIn(trx: Trx, gj: LeadDeps, ctx: RequestContext, lead: LeadRow, input: { kind: FollowupKind; note: string }) {
  assertOpen(lead);
  const now = gj.clock.now().toISOString();
  const after = await bumpLead(trx, gj, lead, { ...followupChanges(lead, input.kind, now), ...(lead.status === 'new' ? { status: 'following' } : {}) });
  await recordLeadEvent(trx, gj, ctx, lead.id, 'followup', null, input.kind, input.note);
  await gj.audit.append(trx, ctx, { action: 'lead.followup', objectType: 'lead', objectId: lead.id, detail: { kind: input.kind, ...diffRows(lead, after) } });
}

/** An activity logged against a lead counts as its first response and as progress. */
export async function touchByActivity(trx: Trx, gj: LeadDeps, leadId: number) {
  // No version comes with an activity: the row is locked while read (PostgreSQL; SQLite's writer
  // is alone already), so the bump below works on the latest lead instead of losing to a 409.
  let read = trx.selectFrom('leads').selectAll().where('id', '=', leadId);
  if (gj.dialect === 'postgres') read = read.forUpdate();
  const lead = (await read.executeTakeFirstOrThrow()) as LeadRow;
  if (CLOSED_LEAD_STATUSES.includes(lead.status as LeadStatus)) return;
  const now = gj.clock.now().toISOString();
  // A visit answers the lead and shows progress; assessing and feeding back stay explicit follow-ups.
  await bumpLead(trx, gj, lead, { ...(lead.responded_at ? {} : { responded_at: now }), last_progress_at: now, ...(lead.status === 'new' ? { status: 'following' } : {}) });
}

const MANUAL_STATUSES: LeadStatus[] = ['new', 'following', 'negotiating', 'abandoned'];

export async function changeLeadStatus(gj: LeadDeps, ctx: RequestContext, id: number, input: { status: LeadStatus; reason?: string; version: number }) {
  await gj.db.transaction().execute(async (trx) => {
    const lead = await loadLeadForWrite(trx, ctx, id);
    assertLeadVersion(lead.version, input.version);
    await changeLeadStatusIn(trx, gj, ctx, lead, input);
  });
}

/** A status change inside the caller's transaction (the form's path and the demo seed's). */
export async function changeLeadStatusIn(trx: Trx, gj: LeadDeps, ctx: RequestContext, lead: LeadRow, input: { status: LeadStatus; reason?: string }) {
  if (!MANUAL_STATUSES.includes(input.status)) throw new AppError(400, 'LEAD_STATUS_NOT_ALLOWED');
  if (lead.status === input.status) throw new AppError(400, 'LEAD_STATUS_SAME');
  const reopening = CLOSED_LEAD_STATUSES.includes(lead.status as LeadStatus);
  if (reopening && lead.status !== 'abandoned') throw new AppError(400, 'LEAD_CLOSED');
  if ((input.status === 'abandoned' || reopening) && !input.reason?.trim()) throw new AppError(400, 'LEAD_REASON_REQUIRED');
  const now = gj.clock.now().toISOString();
  const changes: Updateable<LeadsTable> = { status: input.status, status_reason: input.reason?.trim() || null };
  if (input.status !== 'new' && !lead.responded_at) changes.responded_at = now;
  // Reopened: the holder's deadlines start again.
  if (reopening) Object.assign(changes, { clock_start_at: now, responded_at: null, assessed_at: null, fed_back_at: null, last_progress_at: null });
  const after = await bumpLead(trx, gj, lead, changes);
  await recordLeadEvent(trx, gj, ctx, lead.id, 'status', lead.status, input.status, input.reason ?? null);
  await gj.audit.append(trx, ctx, { action: 'lead.status', objectType: 'lead', objectId: lead.id, detail: diffRows(lead, after) });
}

/** Replaces an object's credit shares (percent, summing to 100). */
async function setCredits(trx: Trx, gj: LeadDeps, objectType: 'lead' | 'project', objectId: number, shares: { unitId: number; share: number }[], basis: string) {
  await trx.deleteFrom('credits').where('object_type', '=', objectType).where('object_id', '=', objectId).execute();
  const merged = new Map<number, number>();
  for (const s of shares) if (s.share > 0) merged.set(s.unitId, (merged.get(s.unitId) ?? 0) + s.share);
  if (!merged.size) return;
  await trx
    .insertInto('credits')
    .values([...merged].map(([unit_id, share]) => ({ object_type: objectType, object_id: objectId, unit_id, share, basis, decided_at: gj.clock.now().toISOString() })))
    .execute();
}


async function unitName(trx: Trx, id: number): Promise<string> {
  return (await trx.selectFrom('units').select('name').where('id', '=', id).executeTakeFirst())?.name ?? String(id);
}

async function addWatcher(trx: Trx, leadId: number, unitId: number, reason: string) {
  await trx.insertInto('lead_watchers').values({ lead_id: leadId, unit_id: unitId, reason }).onConflict((oc) => oc.columns(['lead_id', 'unit_id']).doNothing()).execute();
}

export interface NewLead {
  title: string;
  enterpriseName: string;
  uscc?: string | null;
  enterpriseHome?: string | null;
  enterpriseTags?: string[];
  chainId?: number | null;
  industry?: string | null;
  estimatedInvestmentWan?: number | null;
  estimatedForeignUsdWan?: number | null;
  source: string;
  firstContactDate: string;
  contactName?: string | null;
  contactPhone?: string | null;
  nextStep?: string | null;
  nextStepDate?: string | null;
  remarks?: string | null;
  status?: LeadStatus;
  statusReason?: string | null;
}

/**
 * Registers a lead for `unitId` inside `trx`. What the registering user cannot see, another unit
 * registered first: the lead is saved all the same, marked a conflict, and the answer names only
 * that unit and the date (首报, 防撞车).
 */
export async function createLead(trx: Trx, gj: LeadDeps, ctx: RequestContext, body: NewLead, unitId: number, createdBy?: number | null): Promise<{ id: number; code: string; conflict: { ownerUnitName: string; registeredAt: string } | null }> {
  if (!ctx.system && !canRegisterFor(ctx.actor, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
  const key = companyKey(body.enterpriseName);
  // The ownership decision is serialised per enterprise: of two units registering the same new
  // company at once, the second waits, then sees the first and becomes the conflict.
  await lockKeys(trx, gj.dialect, LOCK_ENTERPRISE, [key.key ?? body.enterpriseName, body.uscc]);
  if (body.chainId && !(await trx.selectFrom('chains').select('id').where('id', '=', body.chainId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'chainId', code: 'unknown' }]);
  const now = gj.clock.now();
  // What the registering user cannot see, someone else registered first: that is a conflict.
  const registrations = await findRegistrations(trx, scopeOf(ctx), { name: body.enterpriseName, uscc: body.uscc ?? null });
  const owner = registrations.find((r) => !r.visible);
  const code = await newLeadCode(trx, chinaDate(now.toISOString()).slice(0, 4));
  const inserted = await trx
    .insertInto('leads')
    .values({
      code,
      title: body.title,
      enterprise_name: body.enterpriseName,
      ...leadDerivedColumns(body.title, body.enterpriseName),
      enterprise_uscc: body.uscc ?? null,
      enterprise_home: body.enterpriseHome ?? null,
      enterprise_tags: JSON.stringify(body.enterpriseTags ?? []),
      chain_id: body.chainId ?? null,
      industry: body.industry ?? null,
      estimated_investment_yuan: body.estimatedInvestmentWan == null ? null : wanToUnits(body.estimatedInvestmentWan),
      estimated_foreign_usd: body.estimatedForeignUsdWan == null ? null : wanToUnits(body.estimatedForeignUsdWan),
      source: body.source,
      first_contact_date: body.firstContactDate,
      contact_name: body.contactName ?? null,
      contact_phone_enc: gj.cipher.encryptOptional(body.contactPhone ?? null),
      unit_id: unitId,
      registered_unit_id: unitId,
      registered_by: createdBy === undefined ? (ctx.actor?.userId ?? null) : createdBy,
      status: body.status ?? 'new',
        status_reason: body.statusReason ?? null,
      next_step: body.nextStep ?? null,
      next_step_date: body.nextStepDate ?? null,
      remarks: body.remarks ?? null,
      conflict_state: owner ? 'open' : null,
      conflict_lead_id: owner?.kind === 'lead' ? owner.id : null,
      conflict_project_id: owner?.kind === 'project' ? owner.id : null,
      conflict_owner_unit_id: owner?.unitId ?? null,
      conflict_registered_on: owner ? chinaDate(owner.registeredAt) : null,
      clock_start_at: now.toISOString(),
      version: 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The first registration holds the whole credit; a conflicting one waits for arbitration.
  if (!owner) await trx.insertInto('credits').values({ object_type: 'lead', object_id: inserted.id, unit_id: unitId, share: 100, basis: 'first', decided_at: now.toISOString() }).execute();
  await refreshDue(trx, gj, inserted.id);
  await recordLeadEvent(trx, gj, ctx, inserted.id, 'create', null, body.status ?? 'new', null);
  if (owner) await recordLeadEvent(trx, gj, ctx, inserted.id, 'conflict', null, owner.unitName, null, { registeredOn: chinaDate(owner.registeredAt) });
  const after = await trx.selectFrom('leads').selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow();
  await gj.audit.append(trx, ctx, { action: 'lead.create', objectType: 'lead', objectId: inserted.id, detail: { ...diffRows(null, { ...after, contact_phone_enc: after.contact_phone_enc ? '(encrypted)' : null }), conflictWith: owner ? { kind: owner.kind, id: owner.id } : null } });
  return { id: inserted.id, code, conflict: owner ? { ownerUnitName: owner.unitName, registeredAt: chinaDate(owner.registeredAt) } : null };
}

/**
 * After a lead's company changed (name or credit code): if another unit had registered that
 * company before this lead was, the lead becomes a conflict exactly as if it had been registered
 * under the new name, and its credit waits for arbitration.
 */
export async function recheckOwnership(trx: Trx, gj: LeadDeps, ctx: RequestContext, leadId: number): Promise<void> {
  const lead = await trx.selectFrom('leads').selectAll().where('id', '=', leadId).executeTakeFirstOrThrow();
  await lockKeys(trx, gj.dialect, LOCK_ENTERPRISE, [lead.enterprise_key, lead.enterprise_uscc]);
  const registrations = await findRegistrations(trx, scopeOf(ctx), { name: lead.enterprise_name, uscc: lead.enterprise_uscc }, leadId);
  const createdAt = new Date(String(iso(lead.created_at))).getTime();
  const owner = registrations.find((r) => !r.visible && new Date(r.registeredAt).getTime() < createdAt);
  if (!owner) return;
  await trx
    .updateTable('leads')
    .set({ conflict_state: 'open', conflict_lead_id: owner.kind === 'lead' ? owner.id : null, conflict_project_id: owner.kind === 'project' ? owner.id : null, conflict_owner_unit_id: owner.unitId, conflict_registered_on: chinaDate(owner.registeredAt) })
    .where('id', '=', leadId)
    .execute();
  await trx.deleteFrom('credits').where('object_type', '=', 'lead').where('object_id', '=', leadId).execute();
  await recordLeadEvent(trx, gj, ctx, leadId, 'conflict', null, owner.unitName, null, { registeredOn: chinaDate(owner.registeredAt), after: 'edit' });
}

// ---------------------------------------------------------------- hand-offs (信息流转)
// Hand-offs and arbitration run inside the caller's transaction when there is one: the demo seed
// writes its leads' whole stories (sent, accepted, escalated, arbitrated) in its one transaction.

export const RECEIVING_KINDS = ['department', 'resident_office', 'district', 'zone', 'park', 'street'];

export async function startHandoff(gj: LeadDeps, ctx: RequestContext, id: number, input: { toUnitId: number; reason: string; senderShare: number; version: number }) {
  return inTransaction(gj.db, async (trx) => {
    const lead = await loadLeadForWrite(trx, ctx, id);
    assertLeadVersion(lead.version, input.version);
    assertOpen(lead);
    if (lead.conflict_state === 'open') throw new AppError(400, 'LEAD_IN_CONFLICT');
    if (input.toUnitId === lead.unit_id) throw new AppError(400, 'LEAD_HANDOFF_SAME_UNIT');
    const target = await trx.selectFrom('units').select(['id', 'kind', 'name', 'disabled']).where('id', '=', input.toUnitId).executeTakeFirst();
    if (!target || target.disabled === 1 || !RECEIVING_KINDS.includes(target.kind)) throw new AppError(400, 'LEAD_HANDOFF_TARGET');
    const pending = await trx.selectFrom('lead_handoffs').select('id').where('lead_id', '=', id).where('state', 'in', ['pending', 'escalated']).executeTakeFirst();
    if (pending) throw new AppError(409, 'LEAD_HANDOFF_PENDING');
    const settings = await loadSettings(trx);
    const now = gj.clock.now();
    const row = await trx
      .insertInto('lead_handoffs')
      .values({ lead_id: id, from_unit_id: lead.unit_id, to_unit_id: input.toUnitId, reason: input.reason, sender_share: input.senderShare, state: 'pending', due_at: addWorkingDays(now, settings.leadHandoffWorkingDays).toISOString(), created_by: ctx.actor?.userId ?? null, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await bumpLead(trx, gj, lead, {});
    await recordLeadEvent(trx, gj, ctx, id, 'handoff', await unitName(trx, lead.unit_id), target.name, input.reason, { handoffId: row.id, toUnitId: input.toUnitId, senderShare: input.senderShare });
    await gj.audit.append(trx, ctx, { action: 'lead.handoff', objectType: 'lead', objectId: id, detail: { handoffId: row.id, fromUnitId: lead.unit_id, toUnitId: input.toUnitId, senderShare: input.senderShare, reason: input.reason } });
    return row.id;
  });
}

async function loadHandoffForDecision(trx: Trx, ctx: RequestContext, handoffId: number) {
  const h = await trx.selectFrom('lead_handoffs').selectAll().where('id', '=', handoffId).executeTakeFirst();
  const access = h ? handoffAccess(ctx.actor, h) : { read: false, decide: false };
  if (!h || !access.read) throw notFound();
  if (!access.decide) throw new AppError(403, 'LEAD_READ_ONLY');
  if (h.state !== 'pending' && h.state !== 'escalated') throw new AppError(409, 'LEAD_HANDOFF_NOT_PENDING');
  return h;
}

export async function acceptHandoff(gj: LeadDeps, ctx: RequestContext, handoffId: number, input: { reason?: string }) {
  await inTransaction(gj.db, async (trx) => {
    const h = await loadHandoffForDecision(trx, ctx, handoffId);
    const lead = (await trx.selectFrom('leads').selectAll().where('id', '=', h.lead_id).executeTakeFirstOrThrow()) as LeadRow;
    const now = gj.clock.now().toISOString();
    await trx.updateTable('lead_handoffs').set({ state: 'accepted', decided_by: ctx.actor!.userId, decided_at: now, decision_reason: input.reason ?? null }).where('id', '=', h.id).execute();
    // Credit travels by the rule agreed when sending: the sender keeps its share of what it held.
    const current = await creditRows(trx, 'lead', lead.id);
    const held = current.find((c) => c.unit_id === h.from_unit_id)?.share ?? 0;
    const kept = Math.round((held * h.sender_share) / 100);
    const shares = current.filter((c) => c.unit_id !== h.from_unit_id).map((c) => ({ unitId: c.unit_id, share: c.share }));
    shares.push({ unitId: h.from_unit_id, share: kept }, { unitId: h.to_unit_id, share: held - kept });
    await setCredits(trx, gj, 'lead', lead.id, shares, 'handoff');
    await addWatcher(trx, lead.id, h.from_unit_id, 'handoff');
    await trx.deleteFrom('lead_watchers').where('lead_id', '=', lead.id).where('unit_id', '=', h.to_unit_id).execute();
    // The receiver's service deadlines start now.
    const after = await bumpLead(trx, gj, lead, { unit_id: h.to_unit_id, clock_start_at: now, responded_at: null, assessed_at: null, fed_back_at: null, last_progress_at: null });
    await recordLeadEvent(trx, gj, ctx, lead.id, 'handoff-accept', await unitName(trx, h.from_unit_id), await unitName(trx, h.to_unit_id), input.reason ?? null, { handoffId: h.id, senderShare: h.sender_share, onBehalf: !scopeAllowsUnit(ctx.actor!.scope, h.to_unit_id) || undefined });
    await gj.audit.append(trx, ctx, { action: 'lead.handoff-accept', objectType: 'lead', objectId: lead.id, detail: { handoffId: h.id, ...diffRows(lead, after) } });
  });
}

export async function declineHandoff(gj: LeadDeps, ctx: RequestContext, handoffId: number, input: { reason: string }) {
  await inTransaction(gj.db, async (trx) => {
    const h = await loadHandoffForDecision(trx, ctx, handoffId);
    await trx.updateTable('lead_handoffs').set({ state: 'declined', decided_by: ctx.actor!.userId, decided_at: gj.clock.now().toISOString(), decision_reason: input.reason }).where('id', '=', h.id).execute();
    await recordLeadEvent(trx, gj, ctx, h.lead_id, 'handoff-decline', await unitName(trx, h.from_unit_id), await unitName(trx, h.to_unit_id), input.reason, { handoffId: h.id });
    await gj.audit.append(trx, ctx, { action: 'lead.handoff-decline', objectType: 'lead', objectId: h.lead_id, detail: { handoffId: h.id, reason: input.reason } });
  });
}

/** Hand-offs past their answer deadline go to the city commerce bureau (run on a schedule). */
export async function escalateOverdueHandoffs(gj: LeadDeps): Promise<{ escalated: number }> {
  const now = gj.clock.now().toISOString();
  const overdue = await gj.db.selectFrom('lead_handoffs').select(['id', 'lead_id', 'to_unit_id']).where('state', '=', 'pending').where('due_at', '<', now).execute();
  const system: RequestContext = { actor: null, ip: '127.0.0.1', requestId: 'schedule:lead-handoffs', lang: 'zh-CN', userAgent: null };
  for (const h of overdue) {
    await inTransaction(gj.db, async (trx) => {
      const moved = await trx.updateTable('lead_handoffs').set({ state: 'escalated', escalated_at: now }).where('id', '=', h.id).where('state', '=', 'pending').executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) return;
      await recordLeadEvent(trx, gj, system, h.lead_id, 'handoff-escalate', null, await unitName(trx, h.to_unit_id), null, { handoffId: h.id });
      await gj.audit.append(trx, system, { action: 'lead.handoff-escalate', objectType: 'lead', objectId: h.lead_id, detail: { handoffId: h.id } });
    });
  }
  return { escalated: overdue.length };
}

// ---------------------------------------------------------------- arbitration (撞车仲裁)

/**
 * The city commerce bureau decides a conflict between a later lead and the first registration
 * (a lead or a project). One lead survives; the other closes; credit shares are recorded on
 * what survives, and the unit that lost keeps read access to follow it.
 */
export async function arbitrate(gj: LeadDeps, ctx: RequestContext, laterId: number, input: { decision: ArbitrationDecision; ownerShare?: number; reason: string }) {
  await inTransaction(gj.db, async (trx) => {
    const later = (await trx.selectFrom('leads').selectAll().where('id', '=', laterId).executeTakeFirst()) as LeadRow | undefined;
    if (!later) throw notFound();
    if (later.conflict_state !== 'open') throw new AppError(409, 'LEAD_NOT_IN_CONFLICT');
    const owner = later.conflict_lead_id ? ((await trx.selectFrom('leads').selectAll().where('id', '=', later.conflict_lead_id).executeTakeFirst()) as LeadRow | undefined) : undefined;
    const project = later.conflict_project_id ? await trx.selectFrom('projects').selectAll().where('id', '=', later.conflict_project_id).executeTakeFirst() : undefined;
    const ownerUnit = owner?.unit_id ?? project?.host_unit_id;
    if (!ownerUnit) throw new AppError(409, 'LEAD_NOT_IN_CONFLICT');
    if (input.decision === 'split' && (input.ownerShare === undefined || input.ownerShare <= 0 || input.ownerShare >= 100)) throw new AppError(400, 'LEAD_SHARE_REQUIRED');
    if (input.decision === 'transfer' && !owner) throw new AppError(400, 'LEAD_TRANSFER_PROJECT');
    const now = gj.clock.now().toISOString();
    const detail = { decision: input.decision, ownerShare: input.ownerShare ?? null, ownerUnitId: ownerUnit, laterUnitId: later.unit_id, ownerLeadId: owner?.id ?? null, ownerProjectId: project?.id ?? null };
    const closeLater = async (status: LeadStatus) => {
      await bumpLead(trx, gj, later, { status, status_reason: input.reason, conflict_state: 'resolved' });
    };
    const survivor: { type: 'lead' | 'project'; id: number } = owner ? { type: 'lead', id: owner.id } : { type: 'project', id: project!.id };
    switch (input.decision) {
      case 'confirm':
        await closeLater('abandoned');
        await setCredits(trx, gj, survivor.type, survivor.id, [{ unitId: ownerUnit, share: 100 }], 'arbitration');
        break;
      case 'split':
      case 'merge': {
        const ownerShare = input.decision === 'split' ? input.ownerShare! : 100;
        await closeLater('merged');
        await setCredits(trx, gj, survivor.type, survivor.id, [{ unitId: ownerUnit, share: ownerShare }, { unitId: later.unit_id, share: 100 - ownerShare }], 'arbitration');
        // Merged: what the later unit did with the company moves to the surviving record.
        if (input.decision === 'merge') {
          await trx.updateTable('activities').set(owner ? { lead_id: owner.id } : { lead_id: null, project_id: project!.id }).where('lead_id', '=', later.id).execute();
        }
        if (owner) await addWatcher(trx, owner.id, later.unit_id, 'arbitration');
        break;
      }
      case 'transfer':
        // The later unit keeps going; the first registration closes and its unit follows along.
        await bumpLead(trx, gj, owner!, { status: 'transferred', status_reason: input.reason });
        await bumpLead(trx, gj, later, { conflict_state: 'resolved' });
        await setCredits(trx, gj, 'lead', later.id, [{ unitId: later.unit_id, share: 100 }], 'arbitration');
        await addWatcher(trx, later.id, owner!.unit_id, 'arbitration');
        break;
    }
    await recordLeadEvent(trx, gj, ctx, later.id, 'arbitration', null, input.decision, input.reason, detail);
    if (owner) await recordLeadEvent(trx, gj, ctx, owner.id, 'arbitration', null, input.decision, input.reason, detail);
    if (project) {
      await trx.insertInto('project_events').values({ project_id: project.id, at: now, user_id: ctx.actor!.userId, kind: 'arbitration', from_value: null, to_value: input.decision, reason: input.reason.slice(0, 500), detail: JSON.stringify(detail) }).execute();
    }
    await gj.audit.append(trx, ctx, { action: 'lead.arbitrate', objectType: 'lead', objectId: later.id, detail: { ...detail, reason: input.reason } });
  });
}

// ---------------------------------------------------------------- 转为项目

export async function convertToProject(gj: Services, ctx: RequestContext, id: number, input: { hostUnitId: number; signedDate: string; name?: string; totalInvestmentWan?: number; version: number }) {
  // The project is the converter's to create: project:write, in a unit of its scope.
  if (!ctx.system && !ctx.actor?.permissions.has('project:write')) throw new AppError(403, 'FORBIDDEN');
  return gj.db.transaction().execute(async (trx) => {
    const lead = await loadLeadForWrite(trx, ctx, id);
    assertLeadVersion(lead.version, input.version);
    if (lead.project_id) throw new AppError(409, 'LEAD_ALREADY_CONVERTED');
    assertOpen(lead);
    if (lead.conflict_state === 'open') throw new AppError(400, 'LEAD_IN_CONFLICT');
    if (!canHostIn(ctx.actor, 'update', input.hostUnitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
    const projectId = await createProject(trx, gj, ctx, {
      name: input.name ?? lead.title,
      hostUnitId: input.hostUnitId,
      totalInvestmentWan: input.totalInvestmentWan ?? (unitsToWan(lead.estimated_investment_yuan) ?? 0),
      foreignInvestmentUsdWan: unitsToWan(lead.estimated_foreign_usd),
      investorName: lead.enterprise_name,
      investorUscc: lead.enterprise_uscc,
      investorRegion: lead.enterprise_home,
      chainId: lead.chain_id,
      sourceChannel: lead.source,
      stage: 'signed',
      stageDates: { signed: { actual: input.signedDate } },
      leadId: lead.id,
    });
    // The lead's credit shares carry over to the project it became.
    const credits = await creditRows(trx, 'lead', lead.id);
    await setCredits(trx, gj, 'project', projectId, credits.length ? credits.map((c) => ({ unitId: c.unit_id, share: c.share })) : [{ unitId: lead.unit_id, share: 100 }], 'lead');
    const after = await bumpLead(trx, gj, lead, { status: 'signed', project_id: projectId });
    await recordLeadEvent(trx, gj, ctx, id, 'convert', lead.status, 'signed', null, { projectId });
    await gj.audit.append(trx, ctx, { action: 'lead.convert', objectType: 'lead', objectId: id, detail: { projectId, ...diffRows(lead, after) } });
    return projectId;
  });
}

// ---------------------------------------------------------------- edits, look-ups, contact

/** The lead's columns for a change of its descriptive fields (API names → stored columns). */
function leadColumns(gj: LeadDeps, b: LeadPatch): Updateable<LeadsTable> {
  const set: Record<string, unknown> = {};
  const map: [keyof LeadPatch, string, ((v: never) => unknown)?][] = [
    ['title', 'title'],
    ['enterpriseName', 'enterprise_name'],
    ['uscc', 'enterprise_uscc'],
    ['enterpriseHome', 'enterprise_home'],
    ['enterpriseTags', 'enterprise_tags', (v: string[]) => JSON.stringify(v)],
    ['chainId', 'chain_id'],
    ['industry', 'industry'],
    ['estimatedInvestmentWan', 'estimated_investment_yuan', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['estimatedForeignUsdWan', 'estimated_foreign_usd', (v: number | null) => (v === null ? null : wanToUnits(v))],
    ['source', 'source'],
    ['firstContactDate', 'first_contact_date'],
    ['contactName', 'contact_name'],
    ['contactPhone', 'contact_phone_enc', (v: string | null) => gj.cipher.encryptOptional(v)],
    ['nextStep', 'next_step'],
    ['nextStepDate', 'next_step_date'],
    ['remarks', 'remarks'],
  ];
  for (const [field, column, convert] of map) if (b[field] !== undefined) set[column] = convert ? convert(b[field] as never) : b[field];
  return set as Updateable<LeadsTable>;
}

/**
 * Changes a lead's descriptive fields: the one edit path of the form's PATCH and the ledger
 * import. A new company name or credit code is a new registration of that company, so ownership
 * is checked again (neither a rename nor a re-import can dodge 首报).
 */
export async function updateLead(trx: Trx, gj: LeadDeps, ctx: RequestContext, before: LeadRow, changes: LeadPatch, how: { version: number; event: 'edit' | 'import'; detail?: Record<string, unknown> }): Promise<void> {
  assertLeadVersion(before.version, how.version);
  if (changes.chainId && !(await trx.selectFrom('chains').select('id').where('id', '=', changes.chainId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'chainId', code: 'unknown' }]);
  const title = changes.title ?? before.title;
  const enterprise = changes.enterpriseName ?? before.enterprise_name;
  const result = await trx
    .updateTable('leads')
    .set({ ...leadColumns(gj, changes), ...leadDerivedColumns(title, enterprise), version: before.version + 1, updated_at: gj.clock.now().toISOString() })
    .where('id', '=', before.id)
    .where('version', '=', how.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new AppError(409, 'LEAD_VERSION_CONFLICT', { current: before.version });
  const companyChanged = before.enterprise_name !== enterprise || (changes.uscc !== undefined && changes.uscc !== before.enterprise_uscc);
  if (companyChanged && !before.conflict_state) await recheckOwnership(trx, gj, ctx, before.id);
  const after = await trx.selectFrom('leads').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
  const diff = diffRows(before, after);
  for (const k of ['version', 'search_initials', 'enterprise_key', 'enterprise_region_key', 'updated_at']) delete diff[k];
  if (diff.contact_phone_enc) diff.contact_phone_enc = { from: '(encrypted)', to: '(encrypted)' };
  await recordLeadEvent(trx, gj, ctx, before.id, how.event, null, null, null, how.event === 'edit' ? Object.keys(diff) : { ...how.detail, fields: Object.keys(diff) });
  await gj.audit.append(trx, ctx, { action: how.event === 'edit' ? 'lead.update' : 'lead.import-update', objectType: 'lead', objectId: before.id, detail: diff });
}

export async function editLead(gj: LeadDeps, ctx: RequestContext, id: number, body: LeadPatch & { version: number }): Promise<void> {
  const { version, ...changes } = body;
  await gj.db.transaction().execute(async (trx) => updateLead(trx, gj, ctx, await loadLeadForWrite(trx, ctx, id), changes, { version, event: 'edit' }));
}

/** Look-ups per user per minute: a person typing checks a few names, a script fishing checks hundreds. */
export const CHECK_LIMIT_PER_MINUTE = 30;

/**
 * Before saving: registrations of the same enterprise (credit code or normalised name) and near
 * names. Exact matches say only enterprise, unit and date. Near names are offered only for a
 * plausible full company name, and another unit's is masked to the characters it shares with
 * what was typed — a fragment such as 汽车部件 cannot list other districts' companies. Rate-
 * limited per user and audited, since each answer tells something of other units.
 */
export async function checkRegistration(gj: LeadDeps, ctx: RequestContext, body: { enterpriseName: string; uscc?: string | null }) {
  const actor = ctx.actor!;
  await countAgainstLimit(gj.db, `lead-check:${actor.userId}`, CHECK_LIMIT_PER_MINUTE, 60, gj.clock.now());
  const same = await findRegistrations(gj.db, actor.scope, { name: body.enterpriseName, uscc: body.uscc ?? null });
  const near = isPlausibleCompanyName(body.enterpriseName) ? await nearRegistrations(gj, actor.scope, body.enterpriseName, new Set(same.map((s) => `${s.kind}:${s.id}`))) : [];
  const first = same.find((s) => !s.visible);
  await gj.audit.appendAlone(gj.db, ctx, { action: 'lead.check', objectType: 'lead', detail: { enterpriseName: body.enterpriseName, uscc: body.uscc ?? null, same: same.length, near: near.length, otherUnits: [...new Set([...same, ...near].filter((r) => !r.visible).map((r) => r.unitName))] } });
  return {
    conflict: first ? { ownerUnitName: first.unitName, registeredAt: chinaDate(first.registeredAt) } : null,
    same: same.map((s) => ({ kind: s.kind, enterpriseName: s.enterpriseName, unitName: s.unitName, registeredOn: chinaDate(s.registeredAt), visible: s.visible })),
    near: near.map((n) => (n.visible ? n : { ...n, enterpriseName: maskToTyped(n.enterpriseName, body.enterpriseName) })),
  };
}

/** The contact's full phone number, for the holder; audited. */
export async function unmaskContact(gj: LeadDeps, ctx: RequestContext, id: number) {
  const lead = await gj.db.transaction().execute((trx) => loadLeadForWrite(trx, ctx, id));
  await gj.audit.appendAlone(gj.db, ctx, { action: 'lead.contact-unmask', objectType: 'lead', objectId: lead.id });
  return { contactName: lead.contact_name, contactPhone: gj.cipher.decryptOptional(lead.contact_phone_enc) };
}

/** Registers a lead for a unit of the actor's scope (its own by default). */
export async function registerLead(gj: LeadDeps, ctx: RequestContext, body: NewLead & { unitId?: number }) {
  const { unitId, ...lead } = body;
  return gj.db.transaction().execute((trx) => createLead(trx, gj, ctx, lead, unitId ?? ctx.actor!.unitId));
}

/** The hand-off boxes; the escalated one is the arbitrator's. */
export async function handoffBox(gj: LeadDeps, actor: Actor, box: 'in' | 'out' | 'escalated', state?: string) {
  if (box === 'escalated' && !canSeeConflictParties(actor)) return [];
  return handoffRows(gj.db, actor.scope, box, state);
}
