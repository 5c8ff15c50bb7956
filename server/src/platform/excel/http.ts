import { z } from 'zod';
import type { App } from '../http.js';
import { MAX_UPLOAD_BYTES } from './workbook.js';
import type { LedgerLayout } from './ledger.js';
import { columnLetter } from './values.js';

/**
 * What every ledger import endpoint shares: the file as the request body, the query (unit, dry
 * run or commit, the person's corrections of the guessed mapping) and the report's shape.
 */
export function acceptLedgerFiles(app: App): void {
  // Ledger files arrive as the request body itself (no multipart), checked before parsing.
  app.addContentTypeParser(
    ['application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.ms-excel'],
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );
}

export function ledgerImportQuery<F extends string>(fields: readonly [F, ...F[]]) {
  return z.object({
    unitId: z.coerce.number().int().positive().max(2147483647),
    commit: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
    /** Corrections of the guessed mapping: JSON {"B": "name", "F": null}. */
    mapping: z
      .string()
      .max(2000)
      .optional()
      .transform((v, ctx) => {
        if (!v) return undefined;
        try {
          return z.record(z.string().regex(/^[A-Z]{1,3}$/), z.enum(fields).nullable()).parse(JSON.parse(v)) as Record<string, F | null>;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'mapping' });
          return z.NEVER;
        }
      }),
  });
}

const cellValue = z.union([z.string(), z.number(), z.null()]);

export const ledgerImportReport = z.object({
  fileSha256: z.string(),
  sheet: z.string(),
  mapping: z.array(z.object({ column: z.string(), header: z.string(), field: z.string().nullable() })),
  rows: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), value: z.string(), message: z.string() })),
  outcomes: z.array(
    z.object({
      row: z.number(),
      outcome: z.string(),
      name: z.string(),
      code: z.string().nullable(),
      note: z.string().optional(),
      /** The dry run's reading of the row, field by field (amounts in 万, dates as YYYY-MM-DD, codes for dictionary values). */
      values: z.record(z.string(), cellValue).optional(),
      /** An update's fields that change, stored value → the file's. */
      changes: z.array(z.object({ field: z.string(), from: cellValue, to: cellValue })).optional(),
    }),
  ),
  totalInvestmentWan: z.number(),
});

/** The person's corrections of the guessed mapping (column letter → field) win over the guess. */
export function applyMappingCorrections<F extends string>(layout: LedgerLayout<F>, mapping: Record<string, F | null> | undefined): void {
  for (const [letter, field] of Object.entries(mapping ?? {})) {
    const column = layout.columns.find((c) => columnLetter(c.index) === letter);
    if (!column) continue;
    if (field) for (const other of layout.columns) if (other.field === field) other.field = null;
    column.field = field;
  }
}

/**
 * The columns an export is asked for (`columns=code,name,…`), each one of `known`; an unknown one
 * is a 400 naming the field, not a column silently dropped. Absent: the caller's default.
 */
export function exportColumns(known: readonly string[]) {
  return z
    .string()
    .max(1000)
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const keys = [...new Set(v.split(',').map((k) => k.trim()).filter(Boolean))];
      if (keys.some((k) => !known.includes(k))) {
        ctx.addIssue({ code: 'custom', message: `unknown column: ${keys.filter((k) => !known.includes(k)).join(',')}`, params: { messageKey: 'FIELD_EXPORT_COLUMN' } });
        return z.NEVER;
      }
      return keys;
    });
}

/** The language of an exported workbook: the page's, or as the request says it (Accept-Language, the cookie). */
export const exportLang = z.enum(['zh-CN', 'en-US']).optional();

/** The media type of an .xlsx workbook, for the routes that send one. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
