import { z } from 'zod';
import { INDICATOR_UNITS } from './targets.js';

/**
 * The 赛马榜's responses (server validates and documents with these; the web infers its types).
 * Values in each indicator's unit: projects (shares count as fractions), 万元, percent.
 */
export const rankedIndicatorSchema = z.object({
  code: z.string(),
  value: z.number().nullable(),
  target: z.number(),
  completion: z.number(),
  score: z.number(),
  weight: z.number(),
});

export const rankingItemSchema = z.object({
  unitId: z.number(),
  unitName: z.string(),
  rank: z.number(),
  score: z.number(),
  /** The rank in the previous month's published ranking (null when there is none). */
  previousRank: z.number().nullable(),
  indicators: z.array(rankedIndicatorSchema),
  adjustments: z.array(z.object({ code: z.string(), points: z.number() })),
});

export const rankingSchema = z.object({
  scheme: z.object({ id: z.number(), name: z.string(), version: z.number() }),
  year: z.number(),
  asOf: z.string(),
  timeProgress: z.number(),
  indicators: z.array(z.object({ code: z.string(), name: z.string(), unit: z.enum(INDICATOR_UNITS), version: z.number(), weight: z.number() })),
  /** Set when this is a published (frozen) ranking. */
  published: z.object({ period: z.string(), version: z.number(), publishedAt: z.string() }).nullable(),
  items: z.array(rankingItemSchema),
});

export const publishedListSchema = z.object({
  items: z.array(z.object({ period: z.string(), version: z.number(), asOf: z.string(), publishedAt: z.string(), leader: z.string().nullable() })),
});

export const verifySchema = z.object({ period: z.string(), version: z.number(), equal: z.boolean(), recomputed: z.array(rankingItemSchema.omit({ previousRank: true })) });

export const rankingRowsSchema = z.object({
  total: z.number(),
  /** Projects behind the figure that the reader may not read: counted, not named. */
  hidden: z.number(),
  items: z.array(
    z.object({
      projectId: z.number(),
      code: z.string(),
      name: z.string(),
      hostUnitName: z.string(),
      share: z.number(),
      totalInvestmentWan: z.number(),
      date: z.string().nullable(),
      inNumerator: z.boolean().nullable(),
      reportedWan: z.number().nullable(),
      /** 亩均税收: the project's committed land (亩); reportedWan is then its year of tax at the pace of the quarters filed. */
      landMu: z.number().nullable(),
    }),
  ),
});

export type RankingResponse = z.infer<typeof rankingSchema>;
export type RankingRowsResponse = z.infer<typeof rankingRowsSchema>;
