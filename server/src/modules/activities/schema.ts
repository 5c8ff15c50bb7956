import { z } from 'zod';
import { ACTIVITY_TYPES } from '../../../../common/leads.js';
import { pageQuery } from '../../platform/http.js';
import { isoDate } from '../../platform/validation.js';

/**
 * Field work (走访, 接待, 洽谈, 考察, 签约仪式) logged against a lead or a project, by districts
 * and resident offices alike: the API's shapes.
 */
export const activityBody = z.object({
  type: z.enum(ACTIVITY_TYPES),
  date: isoDate,
  place: z.string().trim().max(200).nullable().optional(),
  ourPeople: z.string().trim().max(500).nullable().optional(),
  theirPeople: z.string().trim().max(500).nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
  /** Who did it, when not the user's own unit: e.g. the commerce bureau logging for its 驻上海招商组. */
  unitId: z.number().int().positive().max(2147483647).optional(),
});
export type ActivityInput = z.infer<typeof activityBody>;

export { activityAttachmentSchema, activitySchema } from '../../../../common/leads-api.js';

export const activityLogQuery = z.object({ ...pageQuery, type: z.enum(ACTIVITY_TYPES).optional(), from: isoDate.optional(), to: isoDate.optional() });
export const attachmentQuery = z.object({ name: z.string().trim().min(1).max(200) });
export const attachmentParams = z.object({ id: z.coerce.number().int().positive().max(2147483647), attachmentId: z.coerce.number().int().positive().max(2147483647) });
