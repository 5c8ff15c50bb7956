import { z } from 'zod';
import { EVIDENCE_KINDS, EVIDENCE_STATUSES, PROBLEM_CATEGORIES, PROBLEM_EVENT_KINDS, PROBLEM_STATUSES } from './problems.js';

/**
 * The problem API's responses: the server validates and documents what it sends with these, the
 * web infers its types from them (a type-only import: nothing of zod reaches the bundle).
 */
export const problemSummarySchema = z.object({
  id: z.number(),
  code: z.string(),
  title: z.string(),
  category: z.enum(PROBLEM_CATEGORIES),
  status: z.enum(PROBLEM_STATUSES),
  projectId: z.number().nullable(),
  projectName: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  unitId: z.number(),
  unitName: z.string(),
  raisedByName: z.string(),
  raiserUnitName: z.string(),
  leadUnitId: z.number().nullable(),
  leadUnitName: z.string().nullable(),
  dueDate: z.string().nullable(),
  /** Past its deadline while a department holds it (or answered after it). */
  overdue: z.boolean(),
  escalated: z.boolean(),
  rating: z.number().nullable(),
  returnedCount: z.number(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

export const problemEventSchema = z.object({
  id: z.number(),
  kind: z.enum(PROBLEM_EVENT_KINDS),
  actorName: z.string().nullable(),
  actorUnitName: z.string().nullable(),
  holderUnitName: z.string().nullable(),
  text: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  at: z.string(),
});

export const problemAttachmentSchema = z.object({ id: z.number(), fileName: z.string(), size: z.number(), uploadedAt: z.string(), eventId: z.number().nullable() });

/** What the caller may do next, so that a page shows exactly the buttons that will work. */
export const problemActionsSchema = z.object({ assign: z.boolean(), answer: z.boolean(), confirm: z.boolean(), decide: z.boolean(), attach: z.boolean() });

export const problemDetailSchema = problemSummarySchema.extend({
  description: z.string(),
  version: z.number(),
  coUnits: z.array(z.object({ id: z.number(), name: z.string() })),
  events: z.array(problemEventSchema),
  attachments: z.array(problemAttachmentSchema),
  /** 超时倒查: who held the problem and for how long, in days (the open holding runs to now). */
  holdings: z.array(z.object({ unitName: z.string(), from: z.string(), to: z.string().nullable(), days: z.number() })),
  can: problemActionsSchema,
});

export const agendaItemSchema = problemSummarySchema.extend({
  daysOverdue: z.number(),
  holdings: problemDetailSchema.shape.holdings,
  decisions: z.array(z.object({ text: z.string(), meetingDate: z.string().nullable(), at: z.string() })),
});

export const scorecardRowSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  month: z.string(),
  received: z.number(),
  closed: z.number(),
  /** Median days from 交办 to 销号 of the problems closed that month; null when none closed. */
  medianDaysToClose: z.number().nullable(),
  /** Problems due that month, and of them answered after the deadline or still held past it. */
  due: z.number(),
  late: z.number(),
  /** Of the problems due that month, the share answered late or still open past the deadline, %. */
  overdueRate: z.number().nullable(),
  /** Mean rating (1–5) of those closed that month. */
  satisfaction: z.number().nullable(),
  returned: z.number(),
});

/** A milestone's evidence as the enterprise and the project's unit see it. */
export const evidenceSchema = z.object({
  id: z.number(),
  projectId: z.number(),
  stage: z.string(),
  reachedOn: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  note: z.string().nullable(),
  fileName: z.string(),
  size: z.number(),
  status: z.enum(EVIDENCE_STATUSES),
  submittedBy: z.string(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});

export const portalSchema = z.object({
  enterprise: z.object({ id: z.number(), name: z.string(), uscc: z.string(), servingUnitName: z.string() }),
  projects: z.array(
    z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      stage: z.string(),
      milestones: z.array(z.object({ stage: z.string(), plannedDate: z.string().nullable(), actualDate: z.string().nullable() })),
      evidence: z.array(evidenceSchema),
    }),
  ),
});

export type ProblemSummary = z.infer<typeof problemSummarySchema>;
export type ProblemDetail = z.infer<typeof problemDetailSchema>;
export type AgendaItem = z.infer<typeof agendaItemSchema>;
export type ScorecardRow = z.infer<typeof scorecardRowSchema>;
export type Portal = z.infer<typeof portalSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;
