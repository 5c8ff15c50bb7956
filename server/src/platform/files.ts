import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from './errors.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** What may be attached, recognised by its first bytes — the name's extension must agree. */
const KINDS: { mime: string; extensions: string[]; magic: number[] }[] = [
  { mime: 'application/pdf', extensions: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46] },
  { mime: 'image/png', extensions: ['png'], magic: [0x89, 0x50, 0x4e, 0x47] },
  { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  { mime: 'application/zip', extensions: ['docx', 'xlsx', 'pptx'], magic: [0x50, 0x4b, 0x03, 0x04] },
  { mime: 'application/x-ole-storage', extensions: ['doc', 'xls', 'ppt'], magic: [0xd0, 0xcf, 0x11, 0xe0] },
];

const OFFICE_MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** Checks size and type (by content, not by name); answers the MIME type to serve it with. */
export function checkAttachment(name: string, bytes: Buffer): string {
  if (bytes.length === 0) throw new AppError(400, 'IMPORT_FILE_EMPTY');
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError(413, 'IMPORT_FILE_TOO_LARGE', { max: MAX_ATTACHMENT_BYTES / 1024 / 1024 });
  const extension = name.toLowerCase().split('.').pop() ?? '';
  const kind = KINDS.find((k) => k.magic.every((b, i) => bytes[i] === b));
  if (!kind || !kind.extensions.includes(extension)) throw new AppError(400, 'ATTACHMENT_TYPE', { name });
  return OFFICE_MIME[extension] ?? kind.mime;
}

/** Files on disk under one directory, named by a random key (never by the user's file name). */
export class FileStore {
  constructor(private readonly dir: string) {}

  put(bytes: Buffer): { key: string; sha256: string } {
    const key = `${randomUUID()}.bin`;
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(join(this.dir, key), bytes, { mode: 0o600 });
    return { key, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  get(key: string): Buffer {
    if (!/^[0-9a-f-]{36}\.bin$/.test(key)) throw new Error('bad storage key');
    return readFileSync(join(this.dir, key));
  }

  remove(key: string): void {
    if (/^[0-9a-f-]{36}\.bin$/.test(key)) rmSync(join(this.dir, key), { force: true });
  }
}
