import { z } from 'zod';
import { PROBLEM_CATEGORIES, PROBLEM_STATUSES } from '../../../../common/problems.js';
import { pageQuery } from '../../platform/http.js';
import { isoDate } from '../../platform/validation.js';

/** Problems (问题协调) and the enterprise portal (一门帮办): the request shapes. */
const id = z.number().int().positive().max(2147483647);
const version = z.number().int().positive().max(2147483647).optional();

export const raiseBody = z.object({
  title: z.string().trim().min(2).max(200),
  category: z.enum(PROBLEM_CATEGORIES),
  description: z.string().trim().min(2).max(5000),
  projectId: id.nullable().optional(),
});
export type RaiseInput = z.infer<typeof raiseBody>;

export const assignBody = z.object({
  unitId: id,
  coUnitIds: z.array(id).max(10).optional(),
  /** The category's deadline (a setting) when not given. */
  dueDate: isoDate.optional(),
  note: z.string().trim().max(1000).optional(),
  version,
});
export type AssignInput = z.infer<typeof assignBody>;

export const answerBody = z.object({ text: z.string().trim().min(2).max(5000), version });
export type AnswerInput = z.infer<typeof answerBody>;

export const confirmBody = z.object({
  satisfied: z.boolean(),
  rating: z.number().int().min(1).max(5).optional(),
  reason: z.string().trim().max(1000).optional(),
  comment: z.string().trim().max(1000).optional(),
  version,
});
export type ConfirmInput = z.infer<typeof confirmBody>;

export const decisionBody = z.object({ text: z.string().trim().min(2).max(2000), meetingDate: isoDate.optional() });
export type DecisionInput = z.infer<typeof decisionBody>;

export const listQuery = z.object({
  ...pageQuery,
  status: z.enum(PROBLEM_STATUSES).optional(),
  category: z.enum(PROBLEM_CATEGORIES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** `mine`: the problems my unit handles (a department's inbox). */
  handling: z.enum(['mine']).optional(),
  q: z.string().trim().max(100).optional(),
});

export const scorecardQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const attachmentQuery = z.object({ name: z.string().trim().min(1).max(200) });
export const attachmentParams = z.object({ id: z.coerce.number().int().positive().max(2147483647), attachmentId: z.coerce.number().int().positive().max(2147483647) });

export { agendaItemSchema, problemAttachmentSchema, problemDetailSchema, problemSummarySchema, scorecardRowSchema } from '../../../../common/problems-api.js';
