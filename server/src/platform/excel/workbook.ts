import ExcelJS from 'exceljs';
import * as XLSX from '@e965/xlsx';
import { AppError } from '../errors.js';

export type Cell = string | number | Date | null;
export interface Sheet {
  name: string;
  /** rows[r][c], 0-based; the sheet's row number is r + 1. Merged cells carry the merged value everywhere they cover. */
  rows: Cell[][];
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 5_000;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type WorkbookKind = 'xlsx' | 'xls';

/**
 * Checks a file before any parser touches it: size, a real xlsx (zip) or xls (OLE) signature,
 * and — for xlsx — the entry count and inflated size declared in the zip's central directory,
 * so a small file that would inflate to hundreds of megabytes is refused without inflating it.
 */
export function inspectWorkbook(file: Buffer): WorkbookKind {
  if (file.length === 0) throw new AppError(400, 'IMPORT_FILE_EMPTY');
  if (file.length > MAX_UPLOAD_BYTES) throw new AppError(413, 'IMPORT_FILE_TOO_LARGE', { max: MAX_UPLOAD_BYTES / 1024 / 1024 });
  if (file.subarray(0, 8).equals(OLE_MAGIC)) return 'xls';
  if (!file.subarray(0, 4).equals(ZIP_MAGIC)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
  // End of central directory: 22 bytes plus a comment of up to 65,535, at the very end.
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 65_535); i--) {
    if (file.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
  const entries = file.readUInt16LE(eocd + 10);
  const directoryOffset = file.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff || entries > MAX_ZIP_ENTRIES) throw new AppError(400, 'IMPORT_FILE_BOMB');
  let offset = directoryOffset;
  let inflated = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > file.length || file.readUInt32LE(offset) !== 0x02014b50) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
    const size = file.readUInt32LE(offset + 24);
    if (size === 0xffffffff) throw new AppError(400, 'IMPORT_FILE_BOMB');
    inflated += size;
    if (inflated > MAX_INFLATED_BYTES) throw new AppError(400, 'IMPORT_FILE_BOMB');
    offset += 46 + file.readUInt16LE(offset + 28) + file.readUInt16LE(offset + 30) + file.readUInt16LE(offset + 32);
  }
  return 'xlsx';
}

function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) return plain((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return null;
  }
  return String(value);
}

async function readXlsx(file: Buffer): Promise<Sheet[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
  }
  return workbook.worksheets.map((ws) => {
    const rows: Cell[][] = [];
    // rowCount and columnCount are computed by walking the sheet each time they are read: read once.
    const rowCount = ws.rowCount;
    const columnCount = ws.columnCount;
    // ExcelJS answers a merged cell's value for every cell the merge covers.
    for (let r = 1; r <= rowCount; r++) {
      const row = ws.getRow(r);
      const cells: Cell[] = [];
      for (let c = 1; c <= columnCount; c++) cells.push(plain(row.getCell(c).value));
      rows.push(cells);
    }
    return { name: ws.name, rows };
  });
}

function readXls(file: Buffer): Sheet[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(file, { type: 'buffer', cellDates: true, dense: false });
  } catch {
    throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
  }
  return workbook.SheetNames.map((name) => {
    const ws = workbook.Sheets[name]!;
    const rows = XLSX.utils.sheet_to_json<Cell[]>(ws, { header: 1, raw: true, defval: null, blankrows: true }) as Cell[][];
    for (const merge of ws['!merges'] ?? []) {
      const value = rows[merge.s.r]?.[merge.s.c] ?? null;
      for (let r = merge.s.r; r <= merge.e.r; r++) {
        rows[r] ??= [];
        for (let c = merge.s.c; c <= merge.e.c; c++) rows[r]![c] = value;
      }
    }
    return { name, rows };
  });
}

export async function readWorkbook(file: Buffer): Promise<Sheet[]> {
  const kind = inspectWorkbook(file);
  return kind === 'xls' ? readXls(file) : readXlsx(file);
}
