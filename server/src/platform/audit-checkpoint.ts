import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { auditCheckpointFileOf, type AppConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import type { Clock } from './clock.js';
import { hmacSm3, safeEqual } from './crypto.js';

/**
 * A point the audit chain had reached, published outside the database. The head row inside the
 * database is data that anyone with database access can rewrite together with the rows; a
 * checkpoint MACed under the audit key (which lives outside the database) cannot be rewritten
 * without the key, so cutting the chain's newest or oldest records becomes visible.
 */
export interface AuditCheckpoint {
  at: string;
  /** The newest record when the checkpoint was taken, and its chain hash. */
  lastId: number;
  lastHash: string;
  /** How many records the trail held; only an audited purge may lower it. */
  count: number;
  /** The first record kept (1 before any purge). */
  anchorId: number;
}

/** A checkpoint named by an operator on the command line: an id and a hash, nothing else. */
export interface ClaimedCheckpoint {
  lastId: number;
  lastHash: string;
  count?: number;
  anchorId?: number;
  at?: string;
}

const VERSION = 1;

/** Checkpoint MACs use their own key derived from the audit key, so a checkpoint line can never pass as a chain hash. */
function checkpointKey(auditKey: Buffer): Buffer {
  return Buffer.from(hmacSm3(auditKey, 'gongjian-audit-checkpoint'), 'hex');
}

function checkpointPayload(cp: AuditCheckpoint): string {
  return JSON.stringify([VERSION, cp.at, cp.lastId, cp.lastHash, cp.count, cp.anchorId]);
}

export function signCheckpoint(auditKey: Buffer, cp: AuditCheckpoint): string {
  return JSON.stringify({ v: VERSION, ...cp, mac: hmacSm3(checkpointKey(auditKey), checkpointPayload(cp)) });
}

/** Where the trail stands now, read in one transaction so count and head agree. */
export async function currentCheckpoint(db: Kysely<DB>, at: Date): Promise<AuditCheckpoint> {
  return db.transaction().execute(async (trx) => {
    const head = await trx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    const count = Number((await trx.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('id', '<=', head.last_id).executeTakeFirstOrThrow()).n);
    return { at: at.toISOString(), lastId: head.last_id, lastHash: head.last_hash, count, anchorId: head.anchor_id ?? 1 };
  });
}

/**
 * Appends one checkpoint line. One `appendFileSync` of one short line with O_APPEND, so several
 * instances writing the same file do not interleave inside a line.
 */
export async function writeAuditCheckpoint(db: Kysely<DB>, auditKey: Buffer, file: string, at: Date): Promise<AuditCheckpoint> {
  const cp = await currentCheckpoint(db, at);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${signCheckpoint(auditKey, cp)}\n`, { mode: 0o600 });
  return cp;
}

export interface CheckpointFileReading {
  /** The last line whose MAC holds; null when the file is missing or holds none. */
  latest: AuditCheckpoint | null;
  /** 1-based line numbers whose MAC (or shape) does not hold: forged or damaged, never trusted. */
  refusedLines: number[];
  /** Whether the file exists at all. */
  found: boolean;
}

export function parseCheckpointLine(auditKey: Buffer, line: string): AuditCheckpoint | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { v, at, lastId, lastHash, count, anchorId, mac } = parsed;
  if (v !== VERSION || typeof at !== 'string' || typeof lastHash !== 'string' || typeof mac !== 'string') return null;
  if (![lastId, count, anchorId].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) return null;
  const cp: AuditCheckpoint = { at, lastId: lastId as number, lastHash, count: count as number, anchorId: anchorId as number };
  return safeEqual(hmacSm3(checkpointKey(auditKey), checkpointPayload(cp)), mac) ? cp : null;
}

export function readCheckpointFile(auditKey: Buffer, file: string): CheckpointFileReading {
  if (!existsSync(file)) return { latest: null, refusedLines: [], found: false };
  const refusedLines: number[] = [];
  let latest: AuditCheckpoint | null = null;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const cp = parseCheckpointLine(auditKey, line);
      if (!cp) refusedLines.push(i + 1);
      // The furthest point ever published is the one to hold the chain to.
      else if (!latest || cp.lastId >= latest.lastId) latest = cp;
    });
  return { latest, refusedLines, found: true };
}

/** `<id>:<hash>` as an operator copies it from a report or another system's log. */
export function parseClaimedCheckpoint(text: string): ClaimedCheckpoint | null {
  const match = /^(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  return match ? { lastId: Number(match[1]), lastHash: match[2]!.toLowerCase() } : null;
}

/** Publishes where the trail stands now to the configured checkpoint file. */
export function publishAuditCheckpoint(gj: { db: Kysely<DB>; config: AppConfig; clock: Clock }): Promise<AuditCheckpoint> {
  return writeAuditCheckpoint(gj.db, gj.config.auditKey, auditCheckpointFileOf(gj.config), gj.clock.now());
}

/**
 * What an operator passes to `audit verify --checkpoint`: `<id>:<hash>`, or a file holding such
 * lines or a copy of the checkpoint file (a copy kept elsewhere survives whoever edits this one).
 * MACed lines that do not verify are refused, never used.
 */
export function readGivenCheckpoints(auditKey: Buffer, argument: string): { given: ClaimedCheckpoint[]; refusedLines: number[] } {
  const claimed = parseClaimedCheckpoint(argument);
  if (claimed) return { given: [claimed], refusedLines: [] };
  if (!existsSync(argument)) throw new Error(`--checkpoint wants <id>:<64 hex hash> or a file; ${argument} is neither`);
  const given: ClaimedCheckpoint[] = [];
  const refusedLines: number[] = [];
  let latestSigned: AuditCheckpoint | null = null;
  readFileSync(argument, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const plain = parseClaimedCheckpoint(line);
      if (plain) return void given.push(plain);
      const signed = parseCheckpointLine(auditKey, line);
      if (!signed) refusedLines.push(i + 1);
      else if (!latestSigned || signed.lastId >= latestSigned.lastId) latestSigned = signed;
    });
  if (latestSigned) given.push(latestSigned);
  return { given, refusedLines };
}
