import { z } from 'zod';
import { ARBITRATION_DECISIONS, FOLLOWUP_KINDS, HANDOFF_STATES, LEAD_SOURCES, LEAD_STATUSES } from '../../../../common/leads.js';
import { INVESTOR_TAGS } from '../../../../common/projects.js';
import { pageQuery } from '../../platform/http.js';
import { isoDate, usccField, wan } from '../../platform/validation.js';
import { LEAD_SORTABLE, type LeadSortKey } from './repo.js';

/** The lead API's request and response shapes. */

export const uscc = usccField;

export const leadFields = {
  title: z.string().trim().min(2).max(200),
  enterpriseName: z.string().trim().min(2).max(200),
  uscc: uscc.nullable(),
  enterpriseHome: z.string().trim().max(100).nullable(),
  enterpriseTags: z.array(z.enum(INVESTOR_TAGS)).max(INVESTOR_TAGS.length),
  chainId: z.number().int().positive().max(2147483647).nullable(),
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

import { conflictSchema } from '../../../../common/leads-api.js';

export { conflictSchema, handoffSchema, leadDetailSchema, leadSummarySchema } from '../../../../common/leads-api.js';

export const leadListQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  status: z.union([z.enum(LEAD_STATUSES), z.array(z.enum(LEAD_STATUSES))]).optional(),
  source: z.enum(LEAD_SOURCES).optional(),
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  chainId: z.coerce.number().int().positive().max(2147483647).optional(),
  conflict: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  registeredYear: z.coerce.number().int().min(1990).max(2100).optional(),
  sort: z.enum(Object.keys(LEAD_SORTABLE) as [LeadSortKey, ...LeadSortKey[]]).default('id'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const conflictItem = z.object({
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

export type LeadFields = { [K in keyof typeof leadFields]: z.infer<(typeof leadFields)[K]> };

export const leadCreateBody = z.object(leadFields).partial().extend({
  title: leadFields.title,
  enterpriseName: leadFields.enterpriseName,
  source: leadFields.source,
  firstContactDate: leadFields.firstContactDate,
  /** The registering unit; defaults to the user's own. */
  unitId: z.number().int().positive().max(2147483647).optional(),
});
export const leadPatchBody = z.object(leadFields).partial().extend({ version: z.number().int().positive().max(2147483647) });
export type LeadPatch = Partial<LeadFields>;

export const checkBody = z.object({ enterpriseName: z.string().trim().min(2).max(200), uscc: uscc.nullable().optional() });
const candidate = { kind: z.enum(['lead', 'project']), enterpriseName: z.string().describe("another unit's candidate shows only the characters it shares with what was typed"), unitName: z.string(), registeredOn: z.string(), visible: z.boolean() };
export const checkResponse = z.object({ conflict: conflictSchema, same: z.array(z.object(candidate)), near: z.array(z.object({ ...candidate, similarity: z.number() })) });

export const statusBody = z.object({ status: z.enum(LEAD_STATUSES), reason: z.string().trim().max(500).optional(), version: z.number().int().positive().max(2147483647) });
export const followupBody = z.object({ kind: z.enum(FOLLOWUP_KINDS), note: z.string().trim().min(1).max(2000) });
export const handoffBody = z.object({ toUnitId: z.number().int().positive().max(2147483647), reason: z.string().trim().min(2).max(500), senderShare: z.number().int().min(0).max(100).default(0), version: z.number().int().positive().max(2147483647) });
export const handoffTargetsResponse = z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string(), parentName: z.string().nullable() })) });
export const handoffListQuery = z.object({ box: z.enum(['in', 'out', 'escalated']).default('in'), state: z.enum(HANDOFF_STATES).optional() });
export const acceptBody = z.object({ reason: z.string().trim().max(500).optional() });
export const declineBody = z.object({ reason: z.string().trim().min(2).max(500) });
export const decideBody = z.object({ decision: z.enum(ARBITRATION_DECISIONS), ownerShare: z.number().int().min(1).max(99).optional(), reason: z.string().trim().min(2).max(500) });
export const convertBody = z.object({ hostUnitId: z.number().int().positive().max(2147483647), signedDate: isoDate, name: z.string().trim().min(2).max(200).optional(), totalInvestmentWan: wan.optional(), version: z.number().int().positive().max(2147483647) });
export const statsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const statsResponse = z.object({
  year: z.number(),
  units: z.array(z.object({ unitId: z.number(), unitName: z.string(), unitKind: z.string(), leads: z.number(), activities: z.number(), visits: z.number(), conversions: z.number(), overdue: z.number() })),
  staff: z.array(z.object({ userId: z.number(), userName: z.string(), unitName: z.string(), month: z.string(), leads: z.number(), activities: z.number(), conversions: z.number() })),
});
export const contactResponse = z.object({ contactName: z.string().nullable(), contactPhone: z.string().nullable() });
