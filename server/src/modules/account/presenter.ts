import type { SessionRow } from './repo.js';

export function presentSession(row: SessionRow, currentSessionId: number) {
  return { id: row.public_id, ip: row.ip, userAgent: row.user_agent, createdAt: row.created_at, lastSeenAt: row.last_seen_at, current: row.id === currentSessionId };
}
