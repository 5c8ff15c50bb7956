import { inflateRawSync } from 'node:zlib';
import { AppError } from '../errors.js';

/** What all the entries of one workbook may inflate to, counted while inflating. */
export const MAX_INFLATED_BYTES = 200 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 5_000;

export interface ZipEntry {
  name: string;
  /** What the central directory says the entry inflates to: a filter, never a promise. */
  declaredSize: number;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const bomb = () => new AppError(400, 'IMPORT_FILE_BOMB');
const notExcel = () => new AppError(400, 'IMPORT_FILE_NOT_EXCEL');

/**
 * The entries of a zip archive, from its central directory. Only what is needed to find and
 * inflate an entry is read; the sizes the directory declares are a first cheap filter at most —
 * `ZipReader.read` counts the bytes it actually inflates.
 */
export function zipEntries(file: Buffer): ZipEntry[] {
  // End of central directory: 22 bytes plus a comment of up to 65,535, at the very end.
  let eocd = -1;
  for (let i = file.length - 22; i >= Math.max(0, file.length - 22 - 65_535); i--) {
    if (file.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notExcel();
  const count = file.readUInt16LE(eocd + 10);
  const directoryOffset = file.readUInt32LE(eocd + 16);
  // Zip64 markers: a workbook a person saved never needs them; a crafted one might.
  if (count === 0xffff || directoryOffset === 0xffffffff || count > MAX_ZIP_ENTRIES) throw bomb();
  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  let declared = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > file.length || file.readUInt32LE(offset) !== 0x02014b50) throw notExcel();
    const method = file.readUInt16LE(offset + 10);
    const compressedSize = file.readUInt32LE(offset + 20);
    const size = file.readUInt32LE(offset + 24);
    const nameLength = file.readUInt16LE(offset + 28);
    const localHeaderOffset = file.readUInt32LE(offset + 42);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) throw bomb();
    declared += size;
    if (declared > MAX_INFLATED_BYTES) throw bomb();
    const name = file.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, declaredSize: size, method, compressedSize, localHeaderOffset });
    offset += 46 + nameLength + file.readUInt16LE(offset + 30) + file.readUInt16LE(offset + 32);
  }
  return entries;
}

/**
 * Inflates the entries of an archive on demand, never trusting what the archive says about
 * itself: every entry is inflated with a hard output limit — what is left of the workbook's
 * budget — so an archive whose index lies is stopped at the budget, not after inflating it all.
 */
export class ZipReader {
  private readonly byName = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(
    private readonly file: Buffer,
    private readonly budget = MAX_INFLATED_BYTES,
  ) {
    for (const entry of zipEntries(file)) this.byName.set(entry.name.replace(/^\//, ''), entry);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  read(name: string): Buffer | null {
    const entry = this.byName.get(name);
    if (!entry) return null;
    const at = entry.localHeaderOffset;
    if (at + 30 > this.file.length || this.file.readUInt32LE(at) !== 0x04034b50) throw notExcel();
    const start = at + 30 + this.file.readUInt16LE(at + 26) + this.file.readUInt16LE(at + 28);
    const end = start + entry.compressedSize;
    if (end > this.file.length) throw notExcel();
    const raw = this.file.subarray(start, end);
    const left = this.budget - this.inflated;
    let out: Buffer;
    if (entry.method === 0) {
      out = raw;
    } else if (entry.method === 8) {
      try {
        out = inflateRawSync(raw, { maxOutputLength: Math.max(1, left) });
      } catch (error) {
        // zlib stops at maxOutputLength with a RangeError: the entry is larger than what is left.
        if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb();
        throw notExcel();
      }
    } else {
      throw notExcel();
    }
    this.inflated += out.length;
    if (this.inflated > this.budget) throw bomb();
    return out;
  }
}
