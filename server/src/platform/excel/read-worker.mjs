// The thread that reads an uploaded workbook: parsing a hostile or merely large file here keeps
// the server's event loop free, and the thread's heap limit bounds what one file can take.
// Plain JavaScript so it can start under any runner; it loads the TypeScript reader through tsx.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { readSheets } = await import('./read-sheets.ts');
try {
  const sheets = readSheets(Buffer.from(workerData.file.buffer, workerData.file.byteOffset, workerData.file.byteLength), workerData.kind);
  parentPort.postMessage({ ok: true, sheets });
} catch (error) {
  if (error && error.name === 'AppError') parentPort.postMessage({ ok: false, status: error.status, code: error.code, params: error.params });
  else parentPort.postMessage({ ok: false, status: 400, code: 'IMPORT_FILE_NOT_EXCEL', params: {} });
}
