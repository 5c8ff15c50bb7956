import { z } from 'zod';

export const SAVED_FILTER_PAGES = ['projects'] as const;
export type SavedFilterPage = (typeof SAVED_FILTER_PAGES)[number];

export const savedFilterSchema = z.object({ id: z.number(), page: z.enum(SAVED_FILTER_PAGES), name: z.string(), query: z.string(), createdAt: z.string() });
export type SavedFilter = z.infer<typeof savedFilterSchema>;

export const listQuery = z.object({ page: z.enum(SAVED_FILTER_PAGES) });
export const saveBody = z.object({ page: z.enum(SAVED_FILTER_PAGES), name: z.string().trim().min(1).max(50), query: z.string().max(2000) });
