import { z } from 'zod';
import { CHAIN_ROLES, CHAIN_SEGMENTS, ENTERPRISE_TAGS } from './key-enterprises.js';

/** The key-enterprise lists' and the 金链行动's responses, shared with the web (type-only there). */
export const keyEnterpriseSchema = z.object({
  enterpriseId: z.number(),
  enterpriseName: z.string(),
  uscc: z.string(),
  /** The company's industry (行业), as the registry has it. */
  industry: z.string().nullable(),
  tags: z.array(z.object({ tag: z.enum(ENTERPRISE_TAGS), source: z.string(), validFrom: z.string(), validTo: z.string().nullable() })),
  segment: z.enum(CHAIN_SEGMENTS).nullable(),
  role: z.enum(CHAIN_ROLES).nullable(),
  financingNeed: z.string().nullable(),
  /** Names it was known by before (a renamed company keeps its credit code). */
  formerNames: z.array(z.string()),
});

export const keyListSchema = z.object({
  list: z.object({ id: z.number(), chainId: z.number(), chainName: z.string(), year: z.number(), version: z.number(), source: z.string(), createdAt: z.string(), createdBy: z.string().nullable() }).nullable(),
  items: z.array(keyEnterpriseSchema),
});

export const keyListImportReportSchema = z.object({
  rows: z.number(),
  committed: z.boolean(),
  created: z.number(),
  renamed: z.number(),
  version: z.number().nullable(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
});

export const creditLineSchema = z.object({
  id: z.number(),
  bankUnitId: z.number(),
  bankName: z.string(),
  enterpriseId: z.number(),
  enterpriseName: z.string(),
  chainId: z.number(),
  chainName: z.string(),
  amountWan: z.number(),
  grantedOn: z.string(),
  termMonths: z.number().nullable(),
  drawnWan: z.number(),
  repaidWan: z.number(),
  outstandingWan: z.number(),
});

const figures = { grantedWan: z.number(), drawnWan: z.number(), repaidWan: z.number(), outstandingWan: z.number(), lines: z.number() };
export const creditTotalsSchema = z.object({
  byBank: z.array(z.object({ bankUnitId: z.number(), bankName: z.string(), ...figures })),
  byChain: z.array(z.object({ chainId: z.number(), chainName: z.string(), ...figures })),
  byMonth: z.array(z.object({ month: z.string(), grantedWan: z.number(), drawnWan: z.number(), repaidWan: z.number() })),
});

export const bankAssignmentSchema = z.object({ bankUnitId: z.number(), bankName: z.string(), chains: z.array(z.object({ id: z.number(), name: z.string() })) });

export const loanStatsSchema = z.object({
  periods: z.array(
    z.object({
      period: z.string(),
      version: z.number(),
      balanceYi: z.number(),
      ytdChangeYi: z.number(),
      yoyPercent: z.number().nullable(),
      mfgBalanceYi: z.number().nullable(),
      mfgYtdChangeYi: z.number().nullable(),
      mfgSharePercent: z.number().nullable(),
      institutions: z.array(z.object({ institutionId: z.number(), name: z.string(), balanceYi: z.number(), ytdChangeYi: z.number(), yoyPercent: z.number().nullable(), mfgBalanceYi: z.number().nullable() })),
    }),
  ),
});

const rowError = z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() });
export const loanImportReportSchema = z.object({
  period: z.string(),
  rows: z.number(),
  committed: z.boolean(),
  version: z.number().nullable(),
  total: z.object({ balanceYi: z.number(), ytdChangeYi: z.number(), yoyPercent: z.number().nullable(), mfgBalanceYi: z.number().nullable(), mfgYtdChangeYi: z.number().nullable() }).nullable(),
  institutions: z.array(z.object({ row: z.number(), name: z.string(), matched: z.string().nullable(), balanceYi: z.number() })),
  newInstitutions: z.array(z.string()),
  errors: z.array(rowError),
});

export type LoanStats = z.infer<typeof loanStatsSchema>;
export type LoanImportReport = z.infer<typeof loanImportReportSchema>;
/** The chain map: per segment, the enterprises on the year's list and the gaps with the firms courted (and whether a lead chases each, how far it got). */
export const chainMapSchema = z.object({
  chain: z.object({ id: z.number(), name: z.string() }),
  year: z.number(),
  listVersion: z.number().nullable(),
  segments: z.array(
    z.object({
      segment: z.enum(CHAIN_SEGMENTS),
      enterprises: z.array(z.object({ enterpriseId: z.number(), name: z.string(), role: z.enum(CHAIN_ROLES).nullable(), tags: z.array(z.enum(ENTERPRISE_TAGS)) })),
      gaps: z.array(z.object({ id: z.number(), name: z.string(), note: z.string().nullable(), targets: z.array(z.object({ name: z.string(), chased: z.boolean(), leadStatus: z.string().nullable() })) })),
    }),
  ),
  /** Listed enterprises whose segment the list does not say. */
  unplaced: z.array(z.object({ enterpriseId: z.number(), name: z.string() })),
});
export type ChainMap = z.infer<typeof chainMapSchema>;

export type KeyList = z.infer<typeof keyListSchema>;
export type KeyListImportReport = z.infer<typeof keyListImportReportSchema>;
export type CreditLine = z.infer<typeof creditLineSchema>;
export type CreditTotals = z.infer<typeof creditTotalsSchema>;
export type BankAssignment = z.infer<typeof bankAssignmentSchema>;
