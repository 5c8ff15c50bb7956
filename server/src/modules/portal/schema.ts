import { z } from 'zod';
import { STAGES } from '../../../../common/projects.js';
import { EVIDENCE_KINDS } from '../../../../common/problems.js';
import { isoDate } from '../../platform/validation.js';

/** The enterprise portal and milestone evidence: the request shapes. */
export const evidenceQuery = z.object({
  stage: z.enum(STAGES),
  reachedOn: isoDate,
  kind: z.enum(EVIDENCE_KINDS),
  note: z.string().trim().max(500).optional(),
  name: z.string().trim().min(1).max(200),
});
export const decideBody = z.object({ approve: z.boolean(), reason: z.string().trim().max(500).optional() });
export const evidenceParams = z.object({ id: z.coerce.number().int().positive().max(2147483647), evidenceId: z.coerce.number().int().positive().max(2147483647) });

export { evidenceSchema, portalSchema } from '../../../../common/problems-api.js';
