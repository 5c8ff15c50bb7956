import { z } from 'zod';
import { CATEGORIES, CHAIN_ROLES, INVESTOR_TAGS, NATURES, PROJECT_STATUSES, STAGES } from '../../../../common/projects.js';
import { exportColumns, exportLang } from '../../platform/excel/http.js';
import { pageQuery } from '../../platform/http.js';
import { isoDate, usccField, wan } from '../../platform/validation.js';
import { EXPORT_KEYS } from './export.js';
import { SORTABLE, type SortKey } from './repo.js';

export { projectAttachmentSchema, projectDetailSchema, projectListSchema, projectSummarySchema } from '../../../../common/projects-api.js';

/** What a person can set on a project (the form, the PATCH, the service's input). */
export const projectFields = {
  name: z.string().trim().min(2).max(200),
  investorName: z.string().trim().max(200).nullable(),
  investorUscc: usccField.nullable(),
  investorRegion: z.string().trim().max(100).nullable(),
  investorTags: z.array(z.enum(INVESTOR_TAGS)).max(INVESTOR_TAGS.length),
  hostUnitId: z.number().int().positive().max(2147483647),
  deptUnitId: z.number().int().positive().max(2147483647).nullable(),
  leaderName: z.string().trim().max(100).nullable(),
  officerUserId: z.number().int().positive().max(2147483647).nullable(),
  chainId: z.number().int().positive().max(2147483647).nullable(),
  chainRole: z.enum(CHAIN_ROLES).nullable(),
  nature: z.enum(NATURES).nullable(),
  category: z.enum(CATEGORIES).nullable(),
  totalInvestmentWan: wan,
  fixedAssetWan: wan.nullable(),
  foreignInvestmentUsdWan: wan.nullable(),
  registeredCapitalWan: wan.nullable(),
  landMu: z.string().trim().regex(/^\d+(\.\d{1,2})?$/).nullable(),
  expectedOutputWan: wan.nullable(),
  expectedTaxWan: wan.nullable(),
  expectedJobs: z.number().int().min(0).max(1_000_000).nullable(),
  sourceChannel: z.string().trim().max(32).nullable(),
  tags: z.array(z.string().trim().min(1).max(20)).max(20),
  progressText: z.string().max(2000).nullable(),
  remarks: z.string().max(2000).nullable(),
};
export type ProjectFields = { [K in keyof typeof projectFields]: z.infer<(typeof projectFields)[K]> };

export const createBody = z.object(projectFields).partial().extend({
  name: projectFields.name,
  hostUnitId: projectFields.hostUnitId,
  totalInvestmentWan: projectFields.totalInvestmentWan,
  code: z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_-]+$/).optional(),
  stage: z.enum(STAGES).default('signed'),
  stageDates: z.partialRecord(z.enum(STAGES), z.object({ planned: isoDate.nullable().optional(), actual: isoDate.nullable().optional() })).optional(),
});
export type CreateProjectInput = z.infer<typeof createBody> & { leadId?: number | null };

export const patchBody = z.object(projectFields).partial().extend({ version: z.number().int().positive().max(2147483647) });
export type PatchProjectInput = z.infer<typeof patchBody>;

export const stageBody = z.object({ stage: z.enum(STAGES), actualDate: isoDate.optional(), reason: z.string().trim().max(500).optional(), version: z.number().int().positive().max(2147483647) });
export const statusBody = z.object({ status: z.enum(PROJECT_STATUSES), reason: z.string().trim().max(500).optional(), version: z.number().int().positive().max(2147483647) });

export const listQuery = z.object({
  ...pageQuery,
  q: z.string().trim().max(100).optional(),
  unitId: z.coerce.number().int().positive().max(2147483647).optional(),
  chainId: z.coerce.number().int().positive().max(2147483647).optional(),
  stage: z.union([z.enum(STAGES), z.array(z.enum(STAGES))]).optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  minWan: z.coerce.number().min(0).optional(),
  maxWan: z.coerce.number().min(0).optional(),
  above100m: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  signedYear: z.coerce.number().int().min(1990).max(2100).optional(),
  startedYear: z.coerce.number().int().min(1990).max(2100).optional(),
  tag: z.string().trim().max(20).optional(),
  leader: z.string().trim().max(100).optional(),
  officerId: z.coerce.number().int().positive().max(2147483647).optional(),
  // Newest first by default: the id order is the cheapest one for both databases.
  sort: z.enum(Object.keys(SORTABLE) as [SortKey, ...SortKey[]]).default('id'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const exportQuery = listQuery.omit({ page: true, pageSize: true, sort: true, order: true }).extend({ columns: exportColumns(EXPORT_KEYS), lang: exportLang });

export const attachmentParams = z.object({ id: z.coerce.number().int().positive().max(2147483647), attachmentId: z.coerce.number().int().positive().max(2147483647) });
export const attachmentQuery = z.object({ name: z.string().trim().min(1).max(200) });
