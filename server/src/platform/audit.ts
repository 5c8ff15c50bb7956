import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from '../db/connect.js';
import type { AuditLogTable, DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { RequestContext } from './context.js';
import { hmacSm3 } from './crypto.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  action: string;
  objectType?: string;
  objectId?: string | number | null;
  result?: 'success' | 'failure';
  /** Free detail: a diff from `diffRows`, an error code, a file hash… */
  detail?: unknown;
  /** For events before a session exists (a failed login): who it was about. */
  username?: string;
  userId?: number;
  unitId?: number;
}

/** Fields whose values never enter the audit trail; a change to them is recorded as changed. */
const SECRET_FIELDS = new Set(['password_hash', 'totp_secret_enc', 'phone_enc', 'id_number_enc', 'token_hash', 'csrf_token']);

/**
 * The before/after difference of two stored rows (never the request body): only changed fields,
 * secrets redacted.
 */
export function diffRows(before: object | null | undefined, after: object | null | undefined): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updated_at') continue;
    const from = b[key] ?? null;
    const to = a[key] ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    changes[key] = SECRET_FIELDS.has(key) ? { from: from === null ? null : '***', to: to === null ? null : '***' } : { from, to };
  }
  return changes;
}

type AuditRow = Omit<AuditLogTable, 'id' | 'hash' | 'prev_hash'>;

/** The exact bytes the chain signs: every stored field in a fixed order, plus the row's id and predecessor. */
export function chainPayload(id: number, prevHash: string, row: AuditRow): string {
  return JSON.stringify([
    id,
    prevHash,
    row.at,
    row.user_id,
    row.username,
    row.unit_id,
    row.roles,
    row.ip,
    row.action,
    row.object_type,
    row.object_id,
    row.result,
    row.detail,
    row.request_id,
  ]);
}

/**
 * The audit writer. Appends are serialised on the single `audit_head` row (locked FOR UPDATE on
 * PostgreSQL; SQLite serialises writers already), so the HMAC-SM3 chain stays linear across
 * app instances.
 */
export class AuditTrail {
  constructor(
    private readonly key: Buffer,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
  ) {}

  async append(trx: Transaction<DB>, ctx: Pick<RequestContext, 'actor' | 'ip' | 'requestId'> | null, entry: AuditEntry): Promise<number> {
    let head = trx.selectFrom('audit_head').selectAll().where('id', '=', 1);
    if (this.dialect === 'postgres') head = head.forUpdate();
    const current = await head.executeTakeFirstOrThrow();
    const actor = ctx?.actor ?? null;
    const row: AuditRow = {
      at: this.clock.now().toISOString(),
      user_id: actor?.userId ?? entry.userId ?? null,
      username: actor?.username ?? entry.username ?? null,
      unit_id: actor?.unitId ?? entry.unitId ?? null,
      roles: actor ? actor.roles.map((r) => r.code).join(',') : null,
      ip: ctx?.ip ?? null,
      action: entry.action,
      object_type: entry.objectType ?? null,
      object_id: entry.objectId === undefined || entry.objectId === null ? null : String(entry.objectId),
      result: entry.result ?? 'success',
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      request_id: ctx?.requestId ?? null,
    };
    const id = current.last_id + 1;
    const hash = hmacSm3(this.key, chainPayload(id, current.last_hash, row));
    await trx.insertInto('audit_log').values({ id, ...row, prev_hash: current.last_hash, hash }).execute();
    await trx.updateTable('audit_head').set({ last_id: id, last_hash: hash }).where('id', '=', 1).execute();
    return id;
  }

  /** For events outside any business transaction (logins, denied requests). */
  appendAlone(db: Kysely<DB>, ctx: Pick<RequestContext, 'actor' | 'ip' | 'requestId'> | null, entry: AuditEntry): Promise<number> {
    return db.transaction().execute((trx) => this.append(trx, ctx, entry));
  }
}

export interface ChainProblem {
  id: number;
  kind: 'tampered' | 'missing-before' | 'head-mismatch';
}

/**
 * Walks the chain in id order, a page at a time. A changed row fails its own HMAC; a deleted row
 * breaks the next row's link (or the ids skip); a deleted tail no longer meets the head.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  key: Buffer,
  onProgress?: (done: number, total: number) => void,
): Promise<{ checked: number; problems: ChainProblem[] }> {
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const problems: ChainProblem[] = [];
  let expectedId = head.anchor_id ?? 1;
  let prevHash = head.anchor_prev_hash ?? GENESIS_HASH;
  let checked = 0;
  let lastId = 0;
  const PAGE = 2000;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', lastId).orderBy('id').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.id < expectedId) {
        // Older than the purge anchor: it should have been purged; still check its own HMAC.
        expectedId = row.id;
      }
      if (row.id !== expectedId || row.prev_hash !== prevHash) problems.push({ id: row.id, kind: 'missing-before' });
      const { id, hash, prev_hash, ...rest } = row;
      if (hmacSm3(key, chainPayload(id, prev_hash, rest)) !== hash) problems.push({ id, kind: 'tampered' });
      prevHash = hash;
      expectedId = id + 1;
      lastId = id;
      checked++;
    }
    onProgress?.(checked, total);
  }
  if (head.last_id !== lastId || head.last_hash !== prevHash) {
    if (head.last_id > 0 || lastId > 0) problems.push({ id: head.last_id, kind: 'head-mismatch' });
  }
  return { checked, problems };
}

/**
 * Deletes records older than the retention period (never under 184 days: the database refuses).
 * The head keeps an anchor — the first kept row and the hash it chains from — so verification
 * still starts from a known point after a purge.
 */
export async function purgeAudit(
  db: Kysely<DB>,
  trail: AuditTrail,
  dialect: Dialect,
  retentionDays: number,
  now: Date,
  ctx: Pick<RequestContext, 'actor' | 'ip' | 'requestId'> | null,
  operator?: string,
): Promise<{ deleted: number }> {
  if (retentionDays < 184) throw new Error('audit retention may not be shorter than 184 days');
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    let head = trx.selectFrom('audit_head').selectAll().where('id', '=', 1);
    if (dialect === 'postgres') head = head.forUpdate();
    await head.executeTakeFirstOrThrow();
    const last = await trx.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).where('at', '<', cutoff).executeTakeFirst();
    const lastDeleted = last?.id === null || last?.id === undefined ? null : Number(last.id);
    let deleted = 0;
    if (lastDeleted !== null) {
      const next = await trx.selectFrom('audit_log').select(['id', 'prev_hash']).where('id', '>', lastDeleted).orderBy('id').limit(1).executeTakeFirst();
      const result = await trx.deleteFrom('audit_log').where('id', '<=', lastDeleted).executeTakeFirst();
      deleted = Number(result.numDeletedRows);
      const headRow = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      await trx
        .updateTable('audit_head')
        .set({ anchor_id: next?.id ?? lastDeleted + 1, anchor_prev_hash: next?.prev_hash ?? headRow.last_hash })
        .where('id', '=', 1)
        .execute();
    }
    await trail.append(trx, ctx, { action: 'audit.purge', username: operator, objectType: 'audit_log', detail: { cutoff, deleted, retentionDays } });
    return { deleted };
  });
}
