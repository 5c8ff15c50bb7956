import { z } from 'zod';
import { PROJECT_STATUSES, STAGES } from './projects.js';

/**
 * The project API's responses: the server validates and documents what it sends with these, the
 * web infers its types from them (a type-only import: nothing of zod reaches the bundle).
 */
export const projectSummarySchema = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  investorName: z.string().nullable(),
  hostUnitId: z.number(),
  hostUnitName: z.string(),
  chainId: z.number().nullable(),
  chainName: z.string().nullable(),
  chainRole: z.string().nullable(),
  stage: z.enum(STAGES),
  status: z.enum(PROJECT_STATUSES),
  totalInvestmentWan: z.number(),
  foreignInvestmentUsdWan: z.number().nullable(),
  above100m: z.boolean(),
  signedDate: z.string().nullable(),
  startedDate: z.string().nullable(),
  leaderName: z.string().nullable(),
  officerUserId: z.number().nullable(),
  tags: z.array(z.string()),
  version: z.number(),
  updatedAt: z.string(),
});

export const projectStageSchema = z.object({ stage: z.enum(STAGES), plannedDate: z.string().nullable(), actualDate: z.string().nullable(), actualUnknown: z.boolean(), late: z.boolean() });

export const projectDetailSchema = projectSummarySchema.extend({
  investorUscc: z.string().nullable(),
  investorRegion: z.string().nullable(),
  investorTags: z.array(z.string()),
  deptUnitId: z.number().nullable(),
  nature: z.string().nullable(),
  category: z.string().nullable(),
  fixedAssetWan: z.number().nullable(),
  registeredCapitalWan: z.number().nullable(),
  landMu: z.string().nullable(),
  expectedOutputWan: z.number().nullable(),
  expectedTaxWan: z.number().nullable(),
  expectedJobs: z.number().nullable(),
  sourceChannel: z.string().nullable(),
  progressText: z.string().nullable(),
  remarks: z.string().nullable(),
  statusReason: z.string().nullable(),
  /** The lead this project came from (转为项目), if any. */
  leadId: z.number().nullable(),
  stages: z.array(projectStageSchema),
  timeline: z.array(z.object({ id: z.number(), at: z.string(), userName: z.string().nullable(), kind: z.string(), from: z.string().nullable(), to: z.string().nullable(), reason: z.string().nullable() })),
});

export const projectListSchema = z.object({ items: z.array(projectSummarySchema), total: z.number(), totalInvestmentWan: z.number() });

export const projectAttachmentSchema = z.object({ id: z.number(), fileName: z.string(), mime: z.string(), size: z.number(), sha256: z.string(), uploadedBy: z.string().nullable(), uploadedAt: z.string() });

export type ProjectSummary = z.infer<typeof projectSummarySchema>;
export type ProjectDetail = z.infer<typeof projectDetailSchema>;
export type ProjectAttachment = z.infer<typeof projectAttachmentSchema>;
