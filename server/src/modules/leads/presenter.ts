import type { z } from 'zod';
import type { Settings } from '../../../../common/settings.js';
import { unitsToWan } from '../../platform/money.js';
import type { DataScope } from '../../platform/scope.js';
import { leadDeadlines } from './deadlines.js';
import { leadAccess } from './policy.js';
import type { handoffRows, leadDetailRows, listLeads } from './repo.js';
import type { handoffSchema, leadDetailSchema, leadSummarySchema } from './schema.js';
import { iso } from './service.js';

/** The one place lead rows become what the API answers. */

type SummaryRow = Awaited<ReturnType<typeof listLeads>>['rows'][number];

export function presentSummary(row: SummaryRow, now: string): z.infer<typeof leadSummarySchema> {
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
    source: row.source as z.infer<typeof leadSummarySchema>['source'],
    firstContactDate: row.first_contact_date,
    status: row.status as z.infer<typeof leadSummarySchema>['status'],
    nextStep: row.next_step,
    nextStepDate: row.next_step_date,
    inConflict: row.conflict_state === 'open',
    nextDueKind: (row.next_due_kind as z.infer<typeof leadSummarySchema>['nextDueKind']) ?? null,
    nextDueAt: due,
    overdue: !!due && due < now,
    projectId: row.project_id,
    version: row.version,
    updatedAt: iso(row.updated_at)!,
  };
}

export function presentHandoff(h: Awaited<ReturnType<typeof handoffRows>>[number]): z.infer<typeof handoffSchema> {
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

type DetailRows = NonNullable<Awaited<ReturnType<typeof leadDetailRows>>>;

/**
 * The detail page's lead. `maskedPhone` is the contact's number as the reader may see it;
 * `conflictParties` says whether the reader arbitrates (sees which records are in conflict).
 */
export function presentDetail(d: DetailRows, o: { scope: DataScope; conflictParties: boolean; settings: Settings; now: Date; maskedPhone: string | null }): z.infer<typeof leadDetailSchema> {
  const row = d.row;
  return {
    ...presentSummary(row as unknown as SummaryRow, o.now.toISOString()),
    enterpriseHome: row.enterprise_home,
    enterpriseTags: JSON.parse(row.enterprise_tags),
    industry: row.industry,
    contactName: row.contact_name,
    contactPhoneMasked: o.maskedPhone,
    statusReason: row.status_reason,
    remarks: row.remarks,
    registeredUnitName: row.registered_unit_name,
    registeredAt: iso(row.created_at)!,
    conflict: row.conflict_state && row.owner_unit_name && row.conflict_registered_on ? { ownerUnitName: row.owner_unit_name, registeredAt: row.conflict_registered_on } : null,
    conflictWith: o.conflictParties && row.conflict_state ? { leadId: row.conflict_lead_id, projectId: row.conflict_project_id } : null,
    access: leadAccess(o.scope, row, d.handoffs),
    deadlines: leadDeadlines({ status: row.status, clock_start_at: iso(row.clock_start_at)!, responded_at: iso(row.responded_at), assessed_at: iso(row.assessed_at), fed_back_at: iso(row.fed_back_at), last_progress_at: iso(row.last_progress_at) }, o.settings, o.now),
    credits: d.credits.map((c) => ({ unitId: c.unit_id, unitName: c.unit_name, share: c.share, basis: c.basis })),
    handoffs: d.handoffs.map(presentHandoff),
    timeline: d.events.map((e) => ({ id: e.id, at: iso(e.at)!, userName: e.display_name, unitName: e.unit_name, kind: e.kind, from: e.from_value, to: e.to_value, reason: e.reason })),
  };
}

type ConflictRow = Awaited<ReturnType<typeof import('./repo.js').conflictQueue>>[number];

export function presentConflict(r: ConflictRow) {
  return {
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
  };
}
