import { Worker } from 'node:worker_threads';
import type { MessageKey } from '../i18n/index.js';
import { AppError } from '../errors.js';
import { readSheets } from './read-sheets.js';
import { zipEntries } from './zip.js';

export type Cell = string | number | Date | null;
export interface Sheet {
  name: string;
  /** rows[r][c], 0-based; the sheet's row number is r + 1. Merged cells carry the merged value everywhere they cover. */
  rows: Cell[][];
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export type WorkbookKind = 'xlsx' | 'xls';

/**
 * Checks a file before any parser touches it: size, a real xlsx (zip) or xls (OLE) signature,
 * and — for xlsx — the entry count and inflated size declared in the zip's central directory,
 * so a small file that says it would inflate to hundreds of megabytes is refused at once.
 */
export function inspectWorkbook(file: Buffer): WorkbookKind {
  return inspect(file).kind;
}

function inspect(file: Buffer): { kind: WorkbookKind; declared: number } {
  if (file.length === 0) throw new AppError(400, 'IMPORT_FILE_EMPTY');
  if (file.length > MAX_UPLOAD_BYTES) throw new AppError(413, 'IMPORT_FILE_TOO_LARGE', { max: MAX_UPLOAD_BYTES / 1024 / 1024 });
  if (file.subarray(0, 8).equals(OLE_MAGIC)) return { kind: 'xls', declared: file.length };
  if (!file.subarray(0, 4).equals(ZIP_MAGIC)) throw new AppError(400, 'IMPORT_FILE_NOT_EXCEL');
  // The declared sizes are a cheap first filter; the reader counts what it really inflates.
  return { kind: 'xlsx', declared: zipEntries(file).reduce((sum, e) => sum + e.declaredSize, 0) };
}

/** One workbook read at a time: the other core stays with the server. */
const READ_THREADS = 1;
/** Files waiting for the reader beyond this are refused (busy), not queued without end. */
const MAX_WAITING = 8;
const READ_TIMEOUT_MS = 120_000;
const READ_HEAP_MB = 1024;
/** Workbooks declaring at most this much (inflated, or as .xls) are read on the calling thread. */
const IN_THREAD_BYTES = 2 * 1024 * 1024;

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= READ_THREADS) {
    if (waiting.length >= MAX_WAITING) throw new AppError(503, 'IMPORT_BUSY');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/**
 * Reads every sheet of an uploaded workbook in a worker thread with a heap limit and a time
 * limit, so no file — however crafted — blocks other requests or takes the server's memory.
 * Cells come back sparse (only those holding a value), merged cells carry their value.
 */
export async function readWorkbook(file: Buffer): Promise<Sheet[]> {
  const { kind, declared } = inspect(file);
  // A small workbook (most ledgers are tens of KB) is read here, a few milliseconds, sparing the
  // thread's start (~350 ms). Its inflation is capped at what it declares, so an archive that
  // lies to be taken for small is refused as the bomb it is; nothing else can grow past the cap.
  if (declared <= IN_THREAD_BYTES) return readSheets(file, kind, IN_THREAD_BYTES);
  const release = await slot();
  try {
    return await new Promise<Sheet[]>((resolve, reject) => {
      const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
        workerData: { file, kind },
        // The worker loads tsx itself; inheriting the parent's loader flags would load it twice.
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: READ_HEAP_MB, maxYoungGenerationSizeMb: 64 },
      });
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        void worker.terminate();
      };
      const timer = setTimeout(() => finish(() => reject(new AppError(400, 'IMPORT_FILE_TOO_COMPLEX'))), READ_TIMEOUT_MS);
      worker.once('message', (message: { ok: true; sheets: Sheet[] } | { ok: false; status: number; code: MessageKey; params: Record<string, unknown> }) =>
        finish(() => (message.ok ? resolve(message.sheets) : reject(new AppError(message.status, message.code, message.params)))),
      );
      // Out of heap (ERR_WORKER_OUT_OF_MEMORY) or any crash of the reader: the file is refused.
      worker.once('error', () => finish(() => reject(new AppError(400, 'IMPORT_FILE_TOO_COMPLEX'))));
      worker.once('exit', () => finish(() => reject(new AppError(400, 'IMPORT_FILE_TOO_COMPLEX'))));
    });
  } finally {
    release();
  }
}
