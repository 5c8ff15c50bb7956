import type { Kysely, Transaction } from 'kysely';
import { isLockTimeout, type Dialect } from '../db/connect.js';
import type { AuditLogTable, DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { RequestContext } from './context.js';
import { readCheckpointFile, type AuditCheckpoint, type ClaimedCheckpoint } from './audit-checkpoint.js';
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
  /** The record concerned (for a refused checkpoint line: the record it claims). */
  id: number;
  kind: 'tampered' | 'missing-before' | 'head-mismatch' | 'anchor-unexplained' | 'checkpoint-missing' | 'checkpoint-mismatch' | 'checkpoint-count' | 'checkpoint-forged';
  /** For checkpoint problems: where the checkpoint came from, and what it expected against what is there. */
  source?: 'file' | 'given';
  line?: number;
  expected?: number;
  found?: number;
}

export interface VerifyOptions {
  /** The append-only checkpoint file: its latest line whose MAC holds is checked, forged lines are named. */
  checkpointFile?: string;
  /** A checkpoint the operator gives (`--checkpoint <id>:<hash>`, or a line or file of them). */
  given?: ClaimedCheckpoint[];
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyResult {
  checked: number;
  problems: ChainProblem[];
  /** The published checkpoint the chain was held to, if any. */
  checkpoint: AuditCheckpoint | null;
}

/**
 * Walks the chain in id order, a page at a time. A changed row fails its own HMAC; a deleted row
 * breaks the next row's link (or the ids skip); a deleted tail no longer meets the head. The head
 * and the anchor live in the database, so an attacker can rewrite them with the rows: the ends
 * are held to checkpoints published outside the database (and to the purge records, the only
 * legitimate reason for the anchor to move).
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  key: Buffer,
  progressOrOptions?: ((done: number, total: number) => void) | VerifyOptions,
): Promise<VerifyResult> {
  const options: VerifyOptions = typeof progressOrOptions === 'function' ? { onProgress: progressOrOptions } : (progressOrOptions ?? {});
  const fileReading = options.checkpointFile ? readCheckpointFile(key, options.checkpointFile) : null;
  const held: (ClaimedCheckpoint & { source: 'file' | 'given' })[] = [
    ...(fileReading?.latest ? [{ ...fileReading.latest, source: 'file' as const }] : []),
    ...(options.given ?? []).map((cp) => ({ ...cp, source: 'given' as const })),
  ];
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const total = Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const problems: ChainProblem[] = [];
  const anchorId = head.anchor_id ?? 1;
  let expectedId = anchorId;
  let prevHash = head.anchor_prev_hash ?? GENESIS_HASH;
  let checked = 0;
  let lastId = 0;
  // What the checkpoints need from the walk: the hash found at their id, the rows up to it, and
  // how many rows audited purges removed after it.
  const hashAt = new Map<number, string>();
  const rowsUpTo = new Map<number, number>(held.map((cp) => [cp.lastId, 0]));
  const purges: { id: number; deleted: number; anchorId?: number }[] = [];
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
      const intact = hmacSm3(key, chainPayload(id, prev_hash, rest)) === hash;
      if (!intact) problems.push({ id, kind: 'tampered' });
      if (rowsUpTo.has(id)) hashAt.set(id, hash);
      for (const [cpId, n] of rowsUpTo) if (id <= cpId) rowsUpTo.set(cpId, n + 1);
      if (intact && row.action === 'audit.purge') purges.push({ id, ...purgeDetail(row.detail) });
      prevHash = hash;
      expectedId = id + 1;
      lastId = id;
      checked++;
    }
    options.onProgress?.(checked, total);
  }
  if (head.last_id !== lastId || head.last_hash !== prevHash) {
    if (head.last_id > 0 || lastId > 0) problems.push({ id: head.last_id, kind: 'head-mismatch' });
  }

  // The anchor moves only by a purge, and every purge records where it left the anchor.
  const lastPurge = purges.filter((p) => p.deleted > 0).at(-1);
  const anchorExplained = anchorId === 1 || (lastPurge !== undefined && (lastPurge.anchorId === undefined || lastPurge.anchorId === anchorId));
  if (!anchorExplained) problems.push({ id: anchorId, kind: 'anchor-unexplained' });

  for (const line of fileReading?.refusedLines ?? []) problems.push({ id: 0, kind: 'checkpoint-forged', source: 'file', line });
  for (const cp of held) {
    if (cp.lastId === 0) continue;
    // Purged since (legitimately, if the anchor is explained): nothing left to compare.
    if (cp.lastId < anchorId && anchorExplained) continue;
    const found = hashAt.get(cp.lastId);
    if (found === undefined) problems.push({ id: cp.lastId, kind: 'checkpoint-missing', source: cp.source });
    else if (found !== cp.lastHash) problems.push({ id: cp.lastId, kind: 'checkpoint-mismatch', source: cp.source });
    if (cp.count !== undefined) {
      const purgedSince = purges.filter((p) => p.id > cp.lastId).reduce((sum, p) => sum + p.deleted, 0);
      const present = rowsUpTo.get(cp.lastId) ?? 0;
      if (present + purgedSince < cp.count) problems.push({ id: cp.lastId, kind: 'checkpoint-count', source: cp.source, expected: cp.count, found: present + purgedSince });
    }
  }
  return { checked, problems, checkpoint: fileReading?.latest ?? null };
}

function purgeDetail(detail: string | null): { deleted: number; anchorId?: number } {
  try {
    const parsed = JSON.parse(detail ?? '{}') as { deleted?: unknown; anchorId?: unknown };
    return { deleted: Number(parsed.deleted) || 0, anchorId: typeof parsed.anchorId === 'number' ? parsed.anchorId : undefined };
  } catch {
    return { deleted: 0 };
  }
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
    const locked = await head.executeTakeFirstOrThrow();
    const last = await trx.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).where('at', '<', cutoff).executeTakeFirst();
    const lastDeleted = last?.id === null || last?.id === undefined ? null : Number(last.id);
    let deleted = 0;
    // Recorded in the purge's own (chained) record: the only evidence that may move the anchor.
    let anchorId = locked.anchor_id ?? 1;
    if (lastDeleted !== null) {
      const next = await trx.selectFrom('audit_log').select(['id', 'prev_hash']).where('id', '>', lastDeleted).orderBy('id').limit(1).executeTakeFirst();
      const result = await trx.deleteFrom('audit_log').where('id', '<=', lastDeleted).executeTakeFirst();
      deleted = Number(result.numDeletedRows);
      const headRow = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      anchorId = next?.id ?? lastDeleted + 1;
      await trx
        .updateTable('audit_head')
        .set({ anchor_id: anchorId, anchor_prev_hash: next?.prev_hash ?? headRow.last_hash })
        .where('id', '=', 1)
        .execute();
    }
    await trail.append(trx, ctx, { action: 'audit.purge', username: operator, objectType: 'audit_log', detail: { cutoff, deleted, retentionDays, anchorId } });
    return { deleted };
  });
}

/**
 * Keeps the record of refused reads bounded: the first refusal per who (user, or address before
 * login), route and status in a window is recorded; the ones after it in that window are only
 * counted, and the count goes into the next record. Memory stays bounded by pruning old windows.
 */
export class RefusedReadThrottle {
  private readonly windows = new Map<string, { start: number; suppressed: number }>();

  constructor(
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  /** null: counted, do not record; otherwise record, noting how many went unrecorded before. */
  admit(key: string, nowMs: number): { suppressedBefore: number } | null {
    const current = this.windows.get(key);
    if (current && nowMs - current.start < this.windowMs) {
      current.suppressed++;
      return null;
    }
    if (!current && this.windows.size >= this.maxKeys) {
      for (const [k, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(k);
      // Still full of live windows: an attack across many keys; record nothing more until they age.
      if (this.windows.size >= this.maxKeys) return null;
    }
    this.windows.set(key, { start: nowMs, suppressed: 0 });
    return { suppressedBefore: current?.suppressed ?? 0 };
  }
}

/**
 * Audit records that met a database locked past the wait (the request they record answered 503
 * for the same reason). Kept in order and written as soon as the lock frees; on shutdown one last
 * attempt. Records that fail for any other reason are reported, not retried.
 */
export class PendingAudits {
  private readonly queue: (() => Promise<unknown>)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(private readonly onError: (err: unknown) => void) {}

  get size(): number {
    return this.queue.length;
  }

  add(write: () => Promise<unknown>): void {
    this.queue.push(write);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, 200);
    this.timer.unref();
  }

  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      try {
        await this.queue[0]!();
        this.queue.shift();
      } catch (err) {
        if (isLockTimeout(err)) return this.schedule();
        this.queue.shift();
        this.onError(err);
      }
    }
  }
}
