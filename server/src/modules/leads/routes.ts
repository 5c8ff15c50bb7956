import { z } from 'zod';
import { ARBITRATION_DECISIONS, DEADLINE_KINDS, FOLLOWUP_KINDS, HANDOFF_STATES, LEAD_SOURCES, LEAD_STATUSES } from '../../../../common/leads.js';
import { INVESTOR_TAGS } from '../../../../common/projects.js';
import { diffRows } from '../../platform/audit.js';
import { maskPhone } from '../../platform/crypto.js';
import { AppError, notFound } from '../../platform/errors.js';
import { actorOf, errorBody, idParams, noContent, pageQuery, type App, type Services } from '../../platform/http.js';
import { unitsToWan, wanToUnits } from '../../platform/money.js';
import { can } from '../../platform/context.js';
import { scopeAllowsUnit, type DataScope } from '../../platform/scope.js';
import { loadSettings } from '../../platform/settings.js';
import { isoDate, wan } from '../../platform/validation.js';
import { searchInitials } from '../../platform/search.js';
import { leadDeadlines } from './deadlines.js';
import { companyKey } from '../../platform/company-names.js';
import { LEAD_SORTABLE, listLeads, scopedLeads, type LeadSortKey } from './repo.js';
import {
  acceptHandoff,
  addFollowup,
  arbitrate,
  assertLeadVersion,
  changeLeadStatus,
  chinaDate,
  convertToProject,
  createLead,
  creditsOf,
  declineHandoff,
  findRegistrations,
  iso,
  loadLeadForWrite,
  nearRegistrations,
  recordLeadEvent,
  RECEIVING_KINDS,
  recheckOwnership,
  startHandoff,
} from './service.js';
import { leadStats } from './stats.js';
import { exportLeads } from './export.js';
import { importLeads, LEAD_FIELDS, leadTemplate } from './excel.js';
import { MAX_UPLOAD_BYTES } from '../../platform/excel/workbook.js';
import { acceptLedgerFiles, ledgerImportQuery, ledgerImportReport } from '../../platform/excel/http.js';
import { PassThrough } from 'node:stream';

const uscc = z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);

const leadFields = {
  title: z.string().trim().min(2).max(200),
  enterpriseName: z.string().trim().min(2).max(200),
  uscc: uscc.nullable(),
  enterpriseHome: z.string().trim().max(100).nullable(),
  enterpriseTags: z.array(z.enum(INVESTOR_TAGS)).max(INVESTOR_TAGS.length),
  chainId: z.number().int().positive().nullable(),
  industry: z.string().trim().max(100).nullable(),
  estimatedInvestmentWan: wan.nullable(),
  estimatedForeignUsdWan: wan.nullable(),
  source: z.enum(LEAD_SOURCES),
  firstContactDate: isoDate,
  contactName: z.string().trim().max(50).nullable(),
  contactPhone: z.string().trim().regex(/^[0-9+\- ]{5,20}$/).nullable(),
  nextStep: z.string().trim().max(500).nullable(),
  nextStepDate: isoDate.nullable(),
  remarks: z.string().max(2000).nullable(),
};

const conflictSchema = z.object({ ownerUnitName: z.string(), registeredAt: z.string() }).nullable();

const summarySchema = z.object({
  id: z.number(),
  code: z.string(),
  title: z.string(),
  enterpriseName: z.string(),
  uscc: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  chainId: z.number().nullable(),
  chainName: z.string().nullable(),
  estimatedInvestmentWan: z.number().nullable(),
  estimatedForeignUsdWan: z.number().nullable(),
  source: z.enum(LEAD_SOURCES),
  firstContactDate: z.string(),
  status: z.enum(LEAD_STATUSES),
  nextStep: z.string().nullable(),
  nextStepDate: z.string().nullable(),
  inConflict: z.boolean(),
  nextDueKind: z.enum(DEADLINE_KINDS).nullable(),
  nextDueAt: z.string().nullable(),
  overdue: z.boolean(),
  projectId: z.number().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});

const handoffSchema = z.object({
  id: z.number(),
  leadId: z.number(),
  leadTitle: z.string(),
  enterpriseName: z.string(),
  fromUnitId: z.number(),
  fromUnitName: z.string(),
  toUnitId: z.number(),
  toUnitName: z.string(),
  reason: z.string(),
  senderShare: z.number(),
  state: z.enum(HANDOFF_STATES),
  dueAt: z.string(),
  createdAt: z.string(),
  decisionReason: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

const detailSchema = summarySchema.extend({
  enterpriseHome: z.string().nullable(),
  enterpriseTags: z.array(z.string()),
  industry: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhoneMasked: z.string().nullable(),
  statusReason: z.string().nullable(),
  remarks: z.string().nullable(),
  registeredUnitName: z.string(),
  registeredAt: z.string(),
  /** What a later unit is told: only who registered first, and when. */
  conflict: conflictSchema,
  /** For the arbitrator only: the records in conflict. */
  conflictWith: z.object({ leadId: z.number().nullable(), projectId: z.number().nullable() }).nullable(),
  access: z.enum(['holder', 'watcher', 'receiver']),
  deadlines: z.array(z.object({ kind: z.enum(DEADLINE_KINDS), dueAt: z.string(), doneAt: z.string().nullable(), state: z.enum(['done', 'due', 'overdue']) })),
  credits: z.array(z.object({ unitId: z.number(), unitName: z.string(), share: z.number(), basis: z.string() })),
  handoffs: z.array(handoffSchema),
  timeline: z.array(z.object({ id: z.number(), at: z.string(), userName: z.string().nullable(), unitName: z.string().nullable(), kind: z.string(), from: z.string().nullable(), to: z.string().nullable(), reason: z.string().nullable() })),
});

type SummaryRow = Awaited<ReturnType<typeof listLeads>>['rows'][number];

function presentSummary(row: SummaryRow, now: string): z.infer<typeof summarySchema> {
  const due = iso(row.next_due_at);
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    enterpriseName: row.enterprise_name,
    uscc: row.enterprise_uscc,
    unitId: row.unit_id,
    unitName: row.unit_name,
    chainId: row.chain_id,
    chainName: row.chain_name,
    estimatedInvestmentWan: unitsToWan(row.estimated_investment_yuan === null ? null : Number(row.estimated_investment_yuan)),
    estimatedForeignUsdWan: unitsToWan(row.estimated_foreign_usd === null ? null : Number(row.estimated_foreign_usd)),
    source: row.source as z.infer<typeof summarySchema>['source'],
    firstContactDate: row.first_contact_date,
    status: row.status as z.infer<typeof summarySchema>['status'],
    nextStep: row.next_step,
    nextStepDate: row.next_step_date,
    inConflict: row.conflict_state === 'open',
    nextDueKind: (row.next_due_kind as z.infer<typeof summarySchema>['nextDueKind']) ?? null,
    nextDueAt: due,
    overdue: !!due && due < now,
    projectId: row.project_id,
    version: row.version,
    updatedAt: iso(row.updated_at)!,
  };
}

const HANDOFF_COLUMNS = ['lead_handoffs.id', 'lead_handoffs.lead_id', 'leads.title', 'leads.enterprise_name', 'lead_handoffs.from_unit_id', 'fu.name as from_name', 'lead_handoffs.to_unit_id', 'tu.name as to_name', 'lead_handoffs.reason', 'lead_handoffs.sender_share', 'lead_handoffs.state', 'lead_handoffs.due_at', 'lead_handoffs.created_at', 'lead_handoffs.decision_reason', 'lead_handoffs.decided_at'] as const;

function handoffQuery(gj: Services) {
  return gj.db
    .selectFrom('lead_handoffs')
    .innerJoin('leads', 'leads.id', 'lead_handoffs.lead_id')
    .innerJoin('units as fu', 'fu.id', 'lead_handoffs.from_unit_id')
    .innerJoin('units as tu', 'tu.id', 'lead_handoffs.to_unit_id')
    .select(HANDOFF_COLUMNS);
}

function presentHandoff(h: Awaited<ReturnType<ReturnType<typeof handoffQuery>['execute']>>[number]): z.infer<typeof handoffSchema> {
  return {
    id: h.id,
    leadId: h.lead_id,
    leadTitle: h.title,
    enterpriseName: h.enterprise_name,
    fromUnitId: h.from_unit_id,
    fromUnitName: h.from_name,
    toUnitId: h.to_unit_id,
    toUnitName: h.to_name,
    reason: h.reason,
    senderShare: h.sender_share,
    state: h.state as z.infer<typeof handoffSchema>['state'],
    dueAt: iso(h.due_at)!,
    createdAt: iso(h.created_at)!,
    decisionReason: h.decision_reason,
    decidedAt: iso(h.decided_at),
  };
}

export async function leadRoutes(app: App) {
  const gj: Services = app.gj;

  async function detail(scope: DataScope, canArbitrate: boolean, id: number): Promise<z.infer<typeof detailSchema>> {
    const row = await scopedLeads(gj.db, gj.dialect, scope)
      .leftJoin('chains', 'chains.id', 'leads.chain_id')
      .innerJoin('units as reg', 'reg.id', 'leads.registered_unit_id')
      .leftJoin('units as owner', 'owner.id', 'leads.conflict_owner_unit_id')
      .selectAll('leads')
      .select(['holder.name as unit_name', 'chains.name as chain_name', 'reg.name as registered_unit_name', 'owner.name as owner_unit_name'])
      .where('leads.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound();
    const [events, credits, handoffs, settings] = await Promise.all([
      gj.db
        .selectFrom('lead_events')
        .leftJoin('users', 'users.id', 'lead_events.user_id')
        .leftJoin('units', 'units.id', 'lead_events.unit_id')
        .select(['lead_events.id', 'lead_events.at', 'users.display_name', 'units.name as unit_name', 'lead_events.kind', 'lead_events.from_value', 'lead_events.to_value', 'lead_events.reason'])
        .where('lead_id', '=', id)
        .orderBy('lead_events.id', 'desc')
        .limit(300)
        .execute(),
      creditsOf(gj.db, 'lead', id),
      handoffQuery(gj).where('lead_handoffs.lead_id', '=', id).orderBy('lead_handoffs.id', 'desc').execute(),
      loadSettings(gj.db),
    ]);
    const now = gj.clock.now();
    const access = scope.all || scope.unitIds.includes(row.unit_id) ? 'holder' : handoffs.some((h) => (h.state === 'pending' || h.state === 'escalated') && scopeAllowsUnit(scope, h.to_unit_id)) ? 'receiver' : 'watcher';
    let phone: string | null = null;
    try {
      phone = maskPhone(gj.cipher.decryptOptional(row.contact_phone_enc));
    } catch {
      phone = '***';
    }
    return {
      ...presentSummary(row as unknown as SummaryRow, now.toISOString()),
      enterpriseHome: row.enterprise_home,
      enterpriseTags: JSON.parse(row.enterprise_tags),
      industry: row.industry,
      contactName: row.contact_name,
      contactPhoneMasked: phone,
      statusReason: row.status_reason,
      remarks: row.remarks,
      registeredUnitName: row.registered_unit_name,
      registeredAt: iso(row.created_at)!,
      conflict: row.conflict_state && row.owner_unit_name && row.conflict_registered_on ? { ownerUnitName: row.owner_unit_name, registeredAt: row.conflict_registered_on } : null,
      conflictWith: canArbitrate && row.conflict_state ? { leadId: row.conflict_lead_id, projectId: row.conflict_project_id } : null,
      access,
      deadlines: leadDeadlines({ status: row.status, clock_start_at: iso(row.clock_start_at)!, responded_at: iso(row.responded_at), assessed_at: iso(row.assessed_at), fed_back_at: iso(row.fed_back_at), last_progress_at: iso(row.last_progress_at) }, settings, now),
      credits: credits.map((c) => ({ unitId: c.unit_id, unitName: c.unit_name, share: c.share, basis: c.basis })),
      handoffs: handoffs.map(presentHandoff),
      timeline: events.map((e) => ({ id: e.id, at: iso(e.at)!, userName: e.display_name, unitName: e.unit_name, kind: e.kind, from: e.from_value, to: e.to_value, reason: e.reason })),
    };
  }

  const listQuery = z.object({
    ...pageQuery,
    q: z.string().trim().max(100).optional(),
    status: z.union([z.enum(LEAD_STATUSES), z.array(z.enum(LEAD_STATUSES))]).optional(),
    source: z.enum(LEAD_SOURCES).optional(),
    unitId: z.coerce.number().int().positive().optional(),
    chainId: z.coerce.number().int().positive().optional(),
    conflict: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    registeredYear: z.coerce.number().int().min(1990).max(2100).optional(),
    sort: z.enum(Object.keys(LEAD_SORTABLE) as [LeadSortKey, ...LeadSortKey[]]).default('id'),
    order: z.enum(['asc', 'desc']).default('desc'),
  });

  app.get(
    '/api/leads',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'Leads I may read (held by my units, followed after a hand-off or arbitration, or offered to me): filters, search, overdue, paged in the database',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(summarySchema), total: z.number(), totalInvestmentWan: z.number() }) },
      },
    },
    async (request) => {
      const { page, pageSize, sort, order, status, ...filter } = request.query;
      const now = gj.clock.now().toISOString();
      const { rows, total, totalInvestmentYuan } = await listLeads(gj.db, gj.dialect, actorOf(request).scope, { ...filter, status: status === undefined ? undefined : ([] as string[]).concat(status), now }, page, pageSize, sort, order);
      return { items: rows.map((r) => presentSummary(r, now)), total, totalInvestmentWan: unitsToWan(totalInvestmentYuan) ?? 0 };
    },
  );

  app.post(
    '/api/leads/check',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Before saving: registrations of the same enterprise in the city (credit code or normalised name) and near names — only enterprise, unit and date',
        body: z.object({ enterpriseName: z.string().trim().min(2).max(200), uscc: uscc.nullable().optional() }),
        response: {
          200: z.object({
            conflict: conflictSchema,
            same: z.array(z.object({ kind: z.enum(['lead', 'project']), enterpriseName: z.string(), unitName: z.string(), registeredOn: z.string(), visible: z.boolean() })),
            near: z.array(z.object({ kind: z.enum(['lead', 'project']), enterpriseName: z.string(), unitName: z.string(), registeredOn: z.string(), similarity: z.number(), visible: z.boolean() })),
          }),
        },
      },
    },
    async (request) => {
      const scope = actorOf(request).scope;
      const same = await findRegistrations(gj.db, scope, { name: request.body.enterpriseName, uscc: request.body.uscc ?? null });
      const near = await nearRegistrations(gj, scope, request.body.enterpriseName, new Set(same.map((s) => `${s.kind}:${s.id}`)));
      const first = same.find((s) => !s.visible);
      return {
        conflict: first ? { ownerUnitName: first.unitName, registeredAt: chinaDate(first.registeredAt) } : null,
        same: same.map((s) => ({ kind: s.kind, enterpriseName: s.enterpriseName, unitName: s.unitName, registeredOn: chinaDate(s.registeredAt), visible: s.visible })),
        near,
      };
    },
  );

  const createBody = z.object(leadFields).partial().extend({
    title: leadFields.title,
    enterpriseName: leadFields.enterpriseName,
    source: leadFields.source,
    firstContactDate: leadFields.firstContactDate,
    /** The registering unit; defaults to the user's own. */
    unitId: z.number().int().positive().optional(),
  });

  app.post(
    '/api/leads',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Register a lead. The first unit to register an enterprise owns it; a later one is saved but marked a conflict, and told only who registered first and when.',
        body: createBody,
        response: { 201: z.object({ id: z.number(), code: z.string(), conflict: conflictSchema }), 400: errorBody },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      const unitId = body.unitId ?? actor.unitId;
      if (!scopeAllowsUnit(actor.scope, unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
      const result = await gj.db.transaction().execute((trx) => createLead(trx, gj, request.ctx, body, unitId));
      request.audited = true;
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/leads/:id',
    { config: { auth: { permission: 'lead:read' } }, schema: { tags: ['leads'], summary: 'One lead with deadlines, credit shares, hand-offs and timeline; another unit’s lead is 404', params: idParams, response: { 200: detailSchema, 404: errorBody } } },
    async (request) => {
      const actor = actorOf(request);
      return detail(actor.scope, can(actor, 'lead:arbitrate'), request.params.id);
    },
  );

  app.get(
    '/api/leads/:id/contact',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'The contact’s full phone number, for the holder (audited)', params: idParams, response: { 200: z.object({ contactName: z.string().nullable(), contactPhone: z.string().nullable() }), 403: errorBody, 404: errorBody } },
    },
    async (request) => {
      const lead = await gj.db.transaction().execute((trx) => loadLeadForWrite(trx, request.ctx, request.params.id));
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'lead.contact-unmask', objectType: 'lead', objectId: lead.id });
      request.audited = true;
      return { contactName: lead.contact_name, contactPhone: gj.cipher.decryptOptional(lead.contact_phone_enc) };
    },
  );

  const patchBody = z.object(leadFields).partial().extend({ version: z.number().int().positive() });

  app.patch(
    '/api/leads/:id',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Edit a lead (holder only); a stale version answers 409', params: idParams, body: patchBody, response: { 200: detailSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request) => {
      const actor = actorOf(request);
      const b = request.body;
      await gj.db.transaction().execute(async (trx) => {
        const before = await loadLeadForWrite(trx, request.ctx, request.params.id);
        assertLeadVersion(before.version, b.version);
        if (b.chainId && !(await trx.selectFrom('chains').select('id').where('id', '=', b.chainId).executeTakeFirst())) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: 'chainId', code: 'unknown' }]);
        const set: Record<string, unknown> = {};
        const map: [keyof typeof b, string, ((v: never) => unknown)?][] = [
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
        const title = (b.title ?? before.title) as string;
        const enterprise = (b.enterpriseName ?? before.enterprise_name) as string;
        const key = companyKey(enterprise);
        const result = await trx
          .updateTable('leads')
          .set({ ...set, enterprise_key: key.key ?? enterprise, enterprise_region_key: key.region, search_initials: searchInitials(title, enterprise), version: before.version + 1, updated_at: gj.clock.now().toISOString() })
          .where('id', '=', before.id)
          .where('version', '=', b.version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new AppError(409, 'LEAD_VERSION_CONFLICT', { current: before.version });
        // A new name or credit code is a new registration of that company: renaming cannot dodge 首报.
        if ((before.enterprise_name !== enterprise || (b.uscc !== undefined && b.uscc !== before.enterprise_uscc)) && !before.conflict_state) {
          await recheckOwnership(trx, gj, request.ctx, before.id);
        }
        const after = await trx.selectFrom('leads').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
        const diff = diffRows(before, after);
        for (const k of ['version', 'search_initials', 'enterprise_key', 'enterprise_region_key', 'updated_at']) delete diff[k];
        if (diff.contact_phone_enc) diff.contact_phone_enc = { from: '(encrypted)', to: '(encrypted)' };
        await recordLeadEvent(trx, gj, request.ctx, before.id, 'edit', null, null, null, Object.keys(diff));
        await gj.audit.append(trx, request.ctx, { action: 'lead.update', objectType: 'lead', objectId: before.id, detail: diff });
      });
      request.audited = true;
      return detail(actor.scope, can(actor, 'lead:arbitrate'), request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/status',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Move a lead between 新线索 / 跟进中 / 洽谈中 / 已放弃 (abandoning or reopening needs a reason)',
        params: idParams,
        body: z.object({ status: z.enum(LEAD_STATUSES), reason: z.string().trim().max(500).optional(), version: z.number().int().positive() }),
        response: { 200: detailSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request) => {
      await changeLeadStatus(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      const actor = actorOf(request);
      return detail(actor.scope, can(actor, 'lead:arbitrate'), request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/followups',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Record a response, assessment, feedback or progress note: each meets its service deadline',
        params: idParams,
        body: z.object({ kind: z.enum(FOLLOWUP_KINDS), note: z.string().trim().min(1).max(2000) }),
        response: { 200: detailSchema, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (request) => {
      await addFollowup(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      const actor = actorOf(request);
      return detail(actor.scope, can(actor, 'lead:arbitrate'), request.params.id);
    },
  );

  app.post(
    '/api/leads/:id/handoffs',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Pass a lead to another unit with a reason and the share of credit the sender keeps; the receiver answers within the working-day deadline',
        params: idParams,
        body: z.object({ toUnitId: z.number().int().positive(), reason: z.string().trim().min(2).max(500), senderShare: z.number().int().min(0).max(100).default(0), version: z.number().int().positive() }),
        response: { 201: z.object({ id: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      const id = await startHandoff(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(201).send({ id });
    },
  );

  app.get(
    '/api/leads/handoff-targets',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: {
        tags: ['leads'],
        summary: 'Units a lead may be handed to (districts, zones, parks, streets, departments, resident offices), city-wide',
        response: { 200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string(), parentName: z.string().nullable() })) }) },
      },
    },
    async () => {
      const rows = await gj.db
        .selectFrom('units')
        .leftJoin('units as parent', 'parent.id', 'units.parent_id')
        .select(['units.id', 'units.name', 'units.kind', 'parent.name as parent_name'])
        .where('units.kind', 'in', RECEIVING_KINDS)
        .where('units.disabled', '=', 0)
        .orderBy('units.path')
        .execute();
      return { items: rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, parentName: r.parent_name })) };
    },
  );

  app.get(
    '/api/lead-handoffs',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'Hand-offs: offered to my units (in), sent by them (out), or escalated past their deadline (for the city commerce bureau)',
        querystring: z.object({ box: z.enum(['in', 'out', 'escalated']).default('in'), state: z.enum(HANDOFF_STATES).optional() }),
        response: { 200: z.object({ items: z.array(handoffSchema) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { box, state } = request.query;
      let q = handoffQuery(gj);
      if (box === 'escalated') {
        if (!can(actor, 'lead:arbitrate')) return { items: [] };
        q = q.where('lead_handoffs.state', '=', 'escalated');
      } else {
        const column = box === 'in' ? 'lead_handoffs.to_unit_id' : 'lead_handoffs.from_unit_id';
        if (!actor.scope.all) q = actor.scope.unitIds.length ? q.where(column, 'in', actor.scope.unitIds) : q.where('lead_handoffs.id', '<', 0);
        if (state) q = q.where('lead_handoffs.state', '=', state);
      }
      const rows = await q.orderBy('lead_handoffs.id', 'desc').limit(200).execute();
      return { items: rows.map(presentHandoff) };
    },
  );

  app.post(
    '/api/lead-handoffs/:id/accept',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Accept a hand-off (the receiver; or the city commerce bureau once escalated)', params: idParams, body: z.object({ reason: z.string().trim().max(500).optional() }), response: { 204: z.null(), 403: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      await acceptHandoff(gj, request.ctx, request.params.id, request.body, can(actorOf(request), 'lead:arbitrate'));
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/lead-handoffs/:id/decline',
    {
      config: { auth: { permission: 'lead:write' } },
      schema: { tags: ['leads'], summary: 'Decline a hand-off with a reason; the lead stays with the sender', params: idParams, body: z.object({ reason: z.string().trim().min(2).max(500) }), response: { 204: z.null(), 403: errorBody, 404: errorBody, 409: errorBody } },
    },
    async (request, reply) => {
      await declineHandoff(gj, request.ctx, request.params.id, request.body, can(actorOf(request), 'lead:arbitrate'));
      request.audited = true;
      return noContent(reply);
    },
  );

  const conflictItem = z.object({
    leadId: z.number(),
    code: z.string(),
    title: z.string(),
    enterpriseName: z.string(),
    unitName: z.string(),
    registeredAt: z.string(),
    ownerKind: z.enum(['lead', 'project']),
    ownerId: z.number(),
    ownerTitle: z.string(),
    ownerEnterpriseName: z.string(),
    ownerUnitName: z.string(),
    ownerRegisteredAt: z.string(),
  });

  app.get(
    '/api/lead-conflicts',
    {
      config: { auth: { permission: 'lead:arbitrate' } },
      schema: { tags: ['leads'], summary: 'The conflict queue (撞车) awaiting arbitration, both sides side by side', response: { 200: z.object({ items: z.array(conflictItem) }) } },
    },
    async () => {
      const rows = await gj.db
        .selectFrom('leads')
        .innerJoin('units as u', 'u.id', 'leads.unit_id')
        .leftJoin('leads as ol', 'ol.id', 'leads.conflict_lead_id')
        .leftJoin('projects as op', 'op.id', 'leads.conflict_project_id')
        .leftJoin('units as ou', 'ou.id', 'leads.conflict_owner_unit_id')
        .select(['leads.id', 'leads.code', 'leads.title', 'leads.enterprise_name', 'u.name as unit_name', 'leads.created_at', 'leads.conflict_lead_id', 'leads.conflict_project_id', 'ol.title as ol_title', 'ol.enterprise_name as ol_enterprise', 'ol.created_at as ol_created', 'op.name as op_name', 'op.investor_name as op_investor', 'op.created_at as op_created', 'ou.name as owner_unit_name'])
        .where('leads.conflict_state', '=', 'open')
        .orderBy('leads.id')
        .limit(500)
        .execute();
      return {
        items: rows.map((r) => ({
          leadId: r.id,
          code: r.code,
          title: r.title,
          enterpriseName: r.enterprise_name,
          unitName: r.unit_name,
          registeredAt: iso(r.created_at)!,
          ownerKind: r.conflict_lead_id ? ('lead' as const) : ('project' as const),
          ownerId: (r.conflict_lead_id ?? r.conflict_project_id)!,
          ownerTitle: (r.ol_title ?? r.op_name) ?? '',
          ownerEnterpriseName: (r.ol_enterprise ?? r.op_investor) ?? '',
          ownerUnitName: r.owner_unit_name ?? '',
          ownerRegisteredAt: iso(r.ol_created ?? r.op_created) ?? '',
        })),
      };
    },
  );

  app.post(
    '/api/lead-conflicts/:id/decide',
    {
      config: { auth: { permission: 'lead:arbitrate' } },
      schema: {
        tags: ['leads'],
        summary: 'Arbitrate a conflict: confirm the first owner, split the credit (owner’s share in percent), merge into the first record, or transfer to the later unit — always with a reason',
        params: idParams,
        body: z.object({ decision: z.enum(ARBITRATION_DECISIONS), ownerShare: z.number().int().min(1).max(99).optional(), reason: z.string().trim().min(2).max(500) }),
        response: { 204: z.null(), 400: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      await arbitrate(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/leads/:id/convert',
    {
      config: { auth: { permission: ['lead:write'] } },
      schema: {
        tags: ['leads'],
        summary: '转为项目: the signed lead becomes a project prefilled from it (stage 签约); lineage kept both ways, credit shares carried over',
        params: idParams,
        body: z.object({ hostUnitId: z.number().int().positive(), signedDate: isoDate, name: z.string().trim().min(2).max(200).optional(), totalInvestmentWan: wan.optional(), version: z.number().int().positive() }),
        response: { 201: z.object({ projectId: z.number() }), 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
      },
    },
    async (request, reply) => {
      if (!can(actorOf(request), 'project:write')) throw new AppError(403, 'FORBIDDEN');
      const projectId = await convertToProject(gj, request.ctx, request.params.id, request.body);
      request.audited = true;
      return reply.code(201).send({ projectId });
    },
  );

  app.get(
    '/api/leads/stats',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: {
        tags: ['leads'],
        summary: 'Per unit (incl. resident offices) and per staff member per month: leads registered, activities and visits, conversions to signed projects, overdue leads — within my scope',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: {
          200: z.object({
            year: z.number(),
            units: z.array(z.object({ unitId: z.number(), unitName: z.string(), unitKind: z.string(), leads: z.number(), activities: z.number(), visits: z.number(), conversions: z.number(), overdue: z.number() })),
            staff: z.array(z.object({ userId: z.number(), userName: z.string(), unitName: z.string(), month: z.string(), leads: z.number(), activities: z.number(), conversions: z.number() })),
          }),
        },
      },
    },
    async (request) => leadStats(gj, actorOf(request).scope, request.query.year ?? Number(chinaDate(gj.clock.now().toISOString()).slice(0, 4))),
  );

  acceptLedgerFiles(app);

  app.post(
    '/api/leads/import',
    {
      config: { auth: { permission: 'lead:write' } },
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['leads'],
        summary: 'Import a lead ledger (.xlsx/.xls as the body) into a unit: a dry run by default (conflicts reported as they would happen); commit=true writes every accepted row in one transaction',
        querystring: ledgerImportQuery(LEAD_FIELDS),
        response: {
          200: ledgerImportReport,
          400: errorBody,
          413: errorBody,
        },
      },
    },
    async (request) => {
      if (!scopeAllowsUnit(actorOf(request).scope, request.query.unitId)) throw new AppError(400, 'UNIT_NOT_FOUND');
      if (!Buffer.isBuffer(request.body)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
      const report = await importLeads(gj, request.ctx, request.body, request.query.unitId, { dryRun: !request.query.commit, lang: request.ctx.lang, mapping: request.query.mapping });
      request.audited = true;
      return report;
    },
  );

  app.get(
    '/api/leads/template',
    { config: { auth: { permission: 'lead:write' } }, schema: { tags: ['leads'], summary: 'The lead-ledger import template with dropdowns' } },
    async (_request, reply) => {
      const chains = (await gj.db.selectFrom('chains').select('name').orderBy('sort_order').execute()).map((c) => c.name);
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent('招商线索导入模板.xlsx')}`)
        .send(await leadTemplate(chains));
    },
  );

  app.get(
    '/api/leads/export',
    {
      config: { auth: { permission: 'lead:read' } },
      schema: { tags: ['leads'], summary: 'The filtered leads as .xlsx, streamed (phone numbers masked; formula-like cells defused)', querystring: listQuery.omit({ page: true, pageSize: true, sort: true, order: true }) },
    },
    async (request, reply) => {
      const { status, ...filter } = request.query;
      await gj.audit.appendAlone(gj.db, request.ctx, { action: 'lead.export', objectType: 'lead', detail: { filter: request.query } });
      request.audited = true;
      const stream = new PassThrough();
      exportLeads(stream, gj, actorOf(request).scope, { ...filter, status: status === undefined ? undefined : ([] as string[]).concat(status), now: gj.clock.now().toISOString() }, request.ctx.lang).catch((err) => {
        request.log.error({ err }, 'lead export failed');
        stream.destroy(err as Error);
      });
      const name = `${request.ctx.lang === 'en-US' ? 'leads' : '招商线索'}-${gj.clock.now().toISOString().slice(0, 10)}.xlsx`;
      return reply
        .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="leads.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(stream);
    },
  );

}
