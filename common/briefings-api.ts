import { z } from 'zod';

/** The archived monthly briefings (the schedule writes one when a month's 赛马榜 is published). */
export const briefingListSchema = z.object({
  items: z.array(z.object({ id: z.number(), period: z.string(), version: z.number(), fileName: z.string(), size: z.number(), createdAt: z.string() })),
});

export type BriefingList = z.infer<typeof briefingListSchema>;
