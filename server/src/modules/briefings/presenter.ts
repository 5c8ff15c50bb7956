import type { BriefingList } from '../../../../common/briefings-api.js';

export function presentArchived(rows: { id: number; period: string; version: number; file_name: string; size: number; created_at: string }[]): BriefingList {
  return { items: rows.map((r) => ({ id: r.id, period: r.period, version: r.version, fileName: r.file_name, size: r.size, createdAt: r.created_at })) };
}

/** Content-Disposition with the Chinese name by RFC 5987 and an ASCII fallback for old clients. */
export function attachmentHeader(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
