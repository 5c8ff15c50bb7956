import { SaxesParser, type SaxesTagPlain } from 'saxes';
import * as XLSX from '@e965/xlsx';
import { AppError } from '../errors.js';
import { ZipReader } from './zip.js';
import type { Cell, Sheet } from './workbook.js';

/**
 * Limits of what one workbook may hold. A sheet is read sparsely — only the cells that exist and
 * hold a value — so a single far cell (ZZ200000, XFD1048576) or a data validation over the whole
 * sheet costs nothing; a value beyond these limits is refused, naming the cell, not allocated.
 */
export const SHEET_LIMITS = { rows: 100_000, columns: 256, cells: 3_000_000 } as const;

const notExcel = () => new AppError(400, 'IMPORT_FILE_NOT_EXCEL');

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** "B12" → {row: 11, col: 1}; null for anything else. */
function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref);
  if (!m) return null;
  return { row: Number(m[2]) - 1, col: columnIndex(m[1]!) };
}

/** Collects the cells of one sheet within the limits, counting across the workbook. */
class SheetBuilder {
  readonly rows: Cell[][] = [];
  private lastColumn = -1;
  constructor(
    readonly name: string,
    private readonly counter: { cells: number },
  ) {}

  set(row: number, col: number, value: Cell) {
    if (value === null || value === '') return;
    if (row >= SHEET_LIMITS.rows || col >= SHEET_LIMITS.columns) {
      throw new AppError(400, 'IMPORT_SHEET_TOO_LARGE', { sheet: this.name, cell: `${columnName(col)}${row + 1}`, rows: SHEET_LIMITS.rows, columns: columnName(SHEET_LIMITS.columns - 1) });
    }
    if (++this.counter.cells > SHEET_LIMITS.cells) throw new AppError(400, 'IMPORT_TOO_MANY_CELLS', { max: SHEET_LIMITS.cells });
    // Rows are filled densely only up to the last cell that holds a value.
    while (this.rows.length <= row) this.rows.push([]);
    const cells = this.rows[row]!;
    while (cells.length < col) cells.push(null);
    cells[col] = value;
    if (col > this.lastColumn) this.lastColumn = col;
  }

  /** A merged range carries its value in every cell it covers, within the cells that exist. */
  merge(range: string) {
    const [a, b] = range.split(':');
    const from = parseRef(a ?? '');
    const to = parseRef(b ?? a ?? '');
    if (!from || !to) return;
    const value = this.rows[from.row]?.[from.col] ?? null;
    if (value === null) return;
    // A title merged across the whole row (A1:XFD1) covers only the columns the sheet uses.
    const lastRow = Math.min(to.row, this.rows.length - 1);
    const lastColumn = Math.min(to.col, this.lastColumn);
    for (let r = from.row; r <= lastRow; r++) for (let c = from.col; c <= lastColumn; c++) if (r !== from.row || c !== from.col) this.set(r, c, value);
  }

  sheet(): Sheet {
    return { name: this.name, rows: this.rows };
  }
}

/** Feeds a (possibly large) UTF-8 buffer to a SAX parser a slice at a time, never as one string. */
function parse(buffer: Buffer, handlers: { open?: (tag: SaxesTagPlain) => void; close?: (tag: SaxesTagPlain) => void; text?: (text: string) => void }) {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', handlers.open as (tag: unknown) => void);
  if (handlers.close) parser.on('closetag', handlers.close as (tag: unknown) => void);
  if (handlers.text) {
    parser.on('text', handlers.text);
    parser.on('cdata', handlers.text);
  }
  const decoder = new TextDecoder('utf-8');
  const slice = 1 << 20;
  try {
    for (let i = 0; i < buffer.length; i += slice) parser.write(decoder.decode(buffer.subarray(i, i + slice), { stream: true }));
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notExcel();
  }
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Built-in number formats that are dates (ECMA-376 18.8.30, with the CJK ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
/** Built-in percent formats (0%, 0.00%). */
const PERCENT_FORMAT_IDS = new Set([9, 10]);

type NumberKind = 'date' | 'percent' | null;

function formatKind(code: string): NumberKind {
  // Quoted text, escapes, colours and locales say nothing about the value's kind.
  const bare = code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  if (/^(general|@)$/i.test(bare.trim())) return null;
  if (/[ymdhs年月日]/i.test(bare)) return 'date';
  return bare.includes('%') ? 'percent' : null;
}

/** The kind of number each cell style shows: a date, a percent (0.7 shown as 70%), or a plain number. */
function styles(zip: ZipReader): NumberKind[] {
  const xml = zip.read('xl/styles.xml');
  if (!xml) return [];
  const custom = new Map<number, NumberKind>();
  const kinds: NumberKind[] = [];
  let inCellXfs = false;
  parse(xml, {
    open(tag) {
      const name = local(tag.name);
      if (name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), formatKind(tag.attributes.formatCode ?? ''));
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        kinds.push(custom.has(id) ? custom.get(id)! : DATE_FORMAT_IDS.has(id) ? 'date' : PERCENT_FORMAT_IDS.has(id) ? 'percent' : null);
      }
    },
    close(tag) {
      if (local(tag.name) === 'cellXfs') inCellXfs = false;
    },
  });
  return kinds;
}

/** A number shown as a percent is read as the person sees it: 0.7 → "70%" (never 0.7 of something). */
export function percentText(n: number): string {
  return `${Number((n * 100).toPrecision(12))}%`;
}

function sharedStrings(zip: ZipReader): string[] {
  const xml = zip.read('xl/sharedStrings.xml');
  if (!xml) return [];
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  // Phonetic runs (<rPh>) are reading aids, not part of the text.
  let inPhonetic = false;
  parse(xml, {
    open(tag) {
      const name = local(tag.name);
      if (name === 'si') current = [];
      else if (name === 'rPh') inPhonetic = true;
      else if (name === 't' && !inPhonetic) inText = true;
    },
    close(tag) {
      const name = local(tag.name);
      if (name === 'si') {
        strings.push(current!.join(''));
        current = null;
        if (strings.length > SHEET_LIMITS.cells) throw new AppError(400, 'IMPORT_TOO_MANY_CELLS', { max: SHEET_LIMITS.cells });
      } else if (name === 'rPh') inPhonetic = false;
      else if (name === 't') inText = false;
    },
    text(text) {
      if (inText && current) current.push(text);
    },
  });
  return strings;
}

function resolveTarget(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25_569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function readSheet(xml: Buffer, builder: SheetBuilder, strings: string[], numberKinds: NumberKind[], date1904: boolean) {
  let row = -1;
  let col = -1;
  let cellType = 'n';
  let cellStyle = 0;
  let value: string[] | null = null;
  let inline: string[] | null = null;
  let capture: 'v' | 't' | 'f' | null = null;
  // A formula saved without its result (scripts write them so; Excel and WPS store the value).
  let formula: string[] | null = null;
  let inPhonetic = false;
  let nextRow = 0;
  let nextCol = 0;
  parse(xml, {
    open(tag) {
      switch (local(tag.name)) {
        case 'row': {
          const r = Number(tag.attributes.r);
          row = Number.isInteger(r) && r > 0 ? r - 1 : nextRow;
          nextRow = row + 1;
          nextCol = 0;
          break;
        }
        case 'c': {
          const ref = tag.attributes.r ? parseRef(tag.attributes.r) : null;
          if (ref) row = ref.row;
          col = ref ? ref.col : nextCol;
          nextCol = col + 1;
          cellType = tag.attributes.t ?? 'n';
          cellStyle = Number(tag.attributes.s ?? 0);
          value = null;
          inline = null;
          formula = null;
          break;
        }
        case 'f':
          capture = 'f';
          formula = [];
          break;
        case 'v':
          capture = 'v';
          value = [];
          break;
        case 'is':
          inline = [];
          break;
        case 'rPh':
          inPhonetic = true;
          break;
        case 't':
          if (inline && !inPhonetic) capture = 't';
          break;
        case 'mergeCell':
          if (tag.attributes.ref) builder.merge(tag.attributes.ref);
          break;
      }
    },
    text(text) {
      if (capture === 'v') value!.push(text);
      else if (capture === 't') inline!.push(text);
      else if (capture === 'f') formula!.push(text);
    },
    close(tag) {
      const name = local(tag.name);
      if (name === 'v' || name === 't' || name === 'f') capture = null;
      else if (name === 'rPh') inPhonetic = false;
      else if (name === 'c') {
        const raw = value?.join('') ?? null;
        let cell: Cell = null;
        if (cellType === 'inlineStr') cell = inline?.join('') ?? raw;
        // No result to read: the formula itself, so a value that was expected is reported (not a figure read as empty and its row taken as blank).
        else if (raw === null) cell = formula ? `=${formula.join('') || '…'}` : null;
        else if (cellType === 's') cell = strings[Number(raw)] ?? null;
        else if (cellType === 'str') cell = raw;
        else if (cellType === 'b') cell = raw === '1' ? 'TRUE' : 'FALSE';
        else if (cellType === 'e') cell = null;
        else if (cellType === 'd') cell = Number.isNaN(Date.parse(raw)) ? raw : new Date(raw);
        else {
          const n = Number(raw);
          const kind = numberKinds[cellStyle];
          cell = !Number.isFinite(n) ? raw : kind === 'date' ? excelDate(n, date1904) : kind === 'percent' ? percentText(n) : n;
        }
        if (row >= 0 && col >= 0) builder.set(row, col, cell);
      }
    },
  });
}

/** Every sheet of an xlsx workbook, in the workbook's order, read sparsely within the limits. */
export function readXlsxSparse(file: Buffer, inflateBudget?: number): Sheet[] {
  const zip = new ZipReader(file, inflateBudget);
  const workbook = zip.read('xl/workbook.xml');
  const rels = zip.read('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw notExcel();
  const targets = new Map<string, string>();
  parse(rels, {
    open(tag) {
      if (local(tag.name) === 'Relationship' && tag.attributes.Id && tag.attributes.Target) targets.set(tag.attributes.Id, resolveTarget(tag.attributes.Target));
    },
  });
  const sheets: { name: string; path: string }[] = [];
  let date1904 = false;
  parse(workbook, {
    open(tag) {
      const name = local(tag.name);
      if (name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
      if (name !== 'sheet') return;
      const id = Object.entries(tag.attributes).find(([key]) => local(key) === 'id' && key.includes(':'))?.[1];
      const path = id ? targets.get(id) : undefined;
      if (path) sheets.push({ name: tag.attributes.name ?? path, path });
    },
  });
  const counter = { cells: 0 };
  const numberKinds = styles(zip);
  const strings = sharedStrings(zip);
  return sheets.map(({ name, path }) => {
    const builder = new SheetBuilder(name, counter);
    const xml = zip.read(path);
    if (xml) readSheet(xml, builder, strings, numberKinds, date1904);
    return builder.sheet();
  });
}

/**
 * Legacy .xls: SheetJS keeps the cells it found under their addresses; they are walked as they
 * are (never through the sheet's declared range, which a file can set to the whole grid).
 */
export function readXlsSparse(file: Buffer): Sheet[] {
  let workbook: XLSX.WorkBook;
  try {
    workbook = XLSX.read(file, { type: 'buffer', cellDates: true, cellNF: true, dense: false, cellFormula: false, cellHTML: false, cellStyles: false });
  } catch {
    throw notExcel();
  }
  const counter = { cells: 0 };
  return workbook.SheetNames.map((name) => {
    const ws = workbook.Sheets[name]!;
    const builder = new SheetBuilder(name, counter);
    const addresses = Object.keys(ws)
      .filter((key) => key[0] !== '!')
      .map((key) => ({ key, ref: parseRef(key) }))
      .filter((a): a is { key: string; ref: { row: number; col: number } } => a.ref !== null)
      .sort((a, b) => a.ref.row - b.ref.row || a.ref.col - b.ref.col);
    for (const { key, ref } of addresses) {
      const cell = ws[key] as XLSX.CellObject;
      const v = cell.v;
      const value: Cell = v === undefined || v === null ? null : v instanceof Date || typeof v === 'number' || typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : null;
      const percent = typeof v === 'number' && typeof cell.z === 'string' && formatKind(cell.z) === 'percent';
      builder.set(ref.row, ref.col, cell.t === 'e' ? null : percent ? percentText(v) : value);
    }
    for (const m of ws['!merges'] ?? []) builder.merge(`${XLSX.utils.encode_cell(m.s)}:${XLSX.utils.encode_cell(m.e)}`);
    return builder.sheet();
  });
}
