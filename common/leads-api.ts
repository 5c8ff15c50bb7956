import { z } from 'zod';
import { ACTIVITY_TYPES, DEADLINE_KINDS, HANDOFF_STATES, LEAD_SOURCES, LEAD_STATUSES } from './leads.js';

/**
 * The lead API's responses: the server validates and documents what it sends with these, the web
 * infers its types from them (a type-only import: nothing of zod reaches the bundle).
 */
export const conflictSchema = z.object({ ownerUnitName: z.string(), registeredAt: z.string() }).nullable();

export const leadSummarySchema = z.object({
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

export const handoffSchema = z.object({
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

export const leadDetailSchema = leadSummarySchema.extend({
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


export type LeadSummary = z.infer<typeof leadSummarySchema>;
export type LeadDetail = z.infer<typeof leadDetailSchema>;
export type Handoff = z.infer<typeof handoffSchema>;

/** Field work logged against a lead or a project. */
export const activityAttachmentSchema = z.object({ id: z.number(), fileName: z.string(), size: z.number(), uploadedAt: z.string() });
export const activitySchema = z.object({
  id: z.number(),
  leadId: z.number().nullable(),
  projectId: z.number().nullable(),
  subject: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  type: z.enum(ACTIVITY_TYPES),
  date: z.string(),
  place: z.string().nullable(),
  ourPeople: z.string().nullable(),
  theirPeople: z.string().nullable(),
  notes: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  attachments: z.array(activityAttachmentSchema),
});

export type Activity = z.infer<typeof activitySchema>;
