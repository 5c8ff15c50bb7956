import { readXlsSparse, readXlsxSparse } from './sparse.js';
import type { Sheet, WorkbookKind } from './workbook.js';

/** What the reading thread runs: the sparse reader of the workbook's kind. */
export function readSheets(file: Buffer, kind: WorkbookKind, inflateBudget?: number): Sheet[] {
  return kind === 'xls' ? readXlsSparse(file) : readXlsxSparse(file, inflateBudget);
}
