import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { auditCheckpointFileOf, demoKeyFileOf, sqlitePathOf, type AppConfig } from '../config.js';
import type { CliContext } from './context.js';

export function sqliteFileOf(config: Pick<AppConfig, 'databaseUrl'>): string {
  const path = sqlitePathOf(config.databaseUrl);
  if (!path || path === ':memory:') {
    throw new Error('backup and restore here are for the embedded SQLite database; for PostgreSQL use pg_dump / pg_restore (see README)');
  }
  return path;
}

/** What travels beside a backup file: the demo's keys and the audit checkpoints as of the copy. */
export const keysBesideBackup = (out: string) => `${out}.keys.json`;
export const checkpointsBesideBackup = (out: string) => `${out}.audit-checkpoints.jsonl`;

const SIDECARS = ['-wal', '-shm', '-journal'];
function removeWithSidecars(file: string) {
  for (const suffix of ['', ...SIDECARS]) rmSync(`${file}${suffix}`, { force: true });
}

/**
 * Checks a copy the way a restore would rely on it: the pages are sound, no reference dangles,
 * and the audit trail's head names a record that is there with that hash. Closing the connection
 * removes the copy's own -wal/-shm, so nothing is left beside it.
 */
function verifyCopy(file: string): string {
  const copy = new SqliteDatabase(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') return integrity;
    const dangling = copy.pragma('foreign_key_check') as unknown[];
    if (dangling.length) return `${dangling.length} dangling references`;
    const head = copy.prepare('select last_id, last_hash from audit_head where id = 1').get() as { last_id: number; last_hash: string } | undefined;
    if (head && head.last_id > 0) {
      const record = copy.prepare('select hash from audit_log where id = ?').get(head.last_id) as { hash: string } | undefined;
      if (record?.hash !== head.last_hash) return `the audit head names record ${head.last_id}, which the copy does not hold as such`;
    }
    return 'ok';
  } finally {
    copy.close();
  }
}

/**
 * Online backup with `VACUUM INTO`: one read transaction, a consistent snapshot however much the
 * server writes meanwhile, and never a write lock. (The page-by-page backup API restarts whenever
 * another process writes, and a busy server writes all the time.) The copy is verified before it
 * takes the name asked for; a failed or interrupted one leaves no `.partial*` file behind.
 */
export function backupSqlite(config: AppConfig, out: string, env: NodeJS.ProcessEnv = process.env): { bytes: number; integrity: string; carried: string[] } {
  const file = sqliteFileOf(config);
  const temp = `${out}.partial-${process.pid}`;
  removeWithSidecars(temp);
  const carried: string[] = [];
  try {
    // The checkpoints first: every one of them then names a record the snapshot holds.
    const checkpoints = auditCheckpointFileOf(config);
    if (existsSync(checkpoints)) {
      copyFileSync(checkpoints, `${temp}.audit-checkpoints.jsonl`);
      carried.push(checkpointsBesideBackup(out));
    }
    const source = new SqliteDatabase(file, { fileMustExist: true, readonly: true });
    try {
      source.pragma('busy_timeout = 10000');
      source.prepare('vacuum into ?').run(temp);
    } finally {
      source.close();
    }
    const integrity = verifyCopy(temp);
    if (integrity !== 'ok') throw new Error(`the backup copy failed its check: ${integrity}`);
    // A demo's keys live in a file beside its database: without them the copy's encrypted fields
    // and audit chain cannot be read. Keys from the environment stay with the operator.
    const keyFile = demoKeyFileOf(env, config.databaseUrl);
    const keysFromEnv = !!(env.GONGJIAN_FIELD_KEY && env.GONGJIAN_AUDIT_KEY);
    if (!keysFromEnv && existsSync(keyFile)) {
      copyFileSync(keyFile, keysBesideBackup(out));
      carried.push(keysBesideBackup(out));
    }
    if (existsSync(`${temp}.audit-checkpoints.jsonl`)) renameSync(`${temp}.audit-checkpoints.jsonl`, checkpointsBesideBackup(out));
    renameSync(temp, out);
    return { bytes: statSync(out).size, integrity, carried };
  } finally {
    removeWithSidecars(temp);
    rmSync(`${temp}.audit-checkpoints.jsonl`, { force: true });
  }
}

/** The backup command: the copy, and its audit record whether it succeeded or not. */
export async function backupCommand(cli: CliContext, out: string): Promise<{ bytes: number; integrity: string; carried: string[] }> {
  const { gj, ctx, operator } = cli;
  try {
    const result = backupSqlite(gj.config, out);
    await gj.audit.appendAlone(gj.db, ctx, { action: 'system.backup', username: operator, objectType: 'database', detail: { out, bytes: result.bytes, carried: result.carried } });
    return result;
  } catch (err) {
    await gj.audit.appendAlone(gj.db, ctx, { action: 'system.backup', username: operator, objectType: 'database', result: 'failure', detail: { out, error: (err as Error).message } });
    throw err;
  }
}

/**
 * Whether another process has the database open. A server keeps its connection open, in WAL
 * mode; leaving WAL mode needs every other connection gone, so the attempt answers the question
 * (and, when nobody is there, folds the write-ahead log into the file, so a kept copy is whole).
 */
function assertNobodyHasItOpen(target: string) {
  const current = new SqliteDatabase(target, { fileMustExist: true });
  try {
    current.pragma('busy_timeout = 0');
    current.pragma('journal_mode = DELETE');
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) {
      throw new Error(`${target} is open in another process (a running server, or a console command): stop it first, then restore`);
    }
    throw err;
  } finally {
    current.close();
  }
}

/** Moves `file` aside as `<file>.before-restore` (a restore can itself be undone); answers where. */
function keepAside(file: string): string | null {
  if (!existsSync(file)) return null;
  const kept = `${file}.before-restore`;
  copyFileSync(file, kept);
  return kept;
}

/**
 * Restores a backup over the database file, refusing while anything has it open. The keys and
 * audit checkpoints that travelled with the backup come back with it, so the restored trail
 * verifies (a demo restored to a new path would otherwise make itself new keys). Everything
 * replaced is kept beside it (`.before-restore`). Works from the environment alone: loading the
 * configuration first would make a demo's new keys before the backup's could be put in place.
 */
export function restoreSqlite(env: NodeJS.ProcessEnv, databaseUrl: string, file: string): { replacedKeptAs: string[]; carried: string[] } {
  const target = sqliteFileOf({ databaseUrl });
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const integrity = verifyCopy(file);
  if (integrity !== 'ok') throw new Error(`the backup file failed its check: ${integrity}`);
  const kept: string[] = [];
  if (existsSync(target)) {
    assertNobodyHasItOpen(target);
    kept.push(keepAside(target)!);
  }
  for (const suffix of SIDECARS) rmSync(`${target}${suffix}`, { force: true });
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  const carried: string[] = [];
  const keysFromEnv = !!(env.GONGJIAN_FIELD_KEY && env.GONGJIAN_AUDIT_KEY);
  if (!keysFromEnv && existsSync(keysBesideBackup(file))) {
    const keyFile = demoKeyFileOf(env, databaseUrl);
    const same = existsSync(keyFile) && readFileSync(keyFile).equals(readFileSync(keysBesideBackup(file)));
    if (!same) {
      const aside = keepAside(keyFile);
      if (aside) kept.push(aside);
      copyFileSync(keysBesideBackup(file), keyFile);
      carried.push(keyFile);
    }
  }
  // The checkpoints describe the trail they were taken of: the restored one's come with it, and
  // those of the trail replaced are kept aside (they name records the restored trail never had).
  const checkpoints = auditCheckpointFileOf({ auditCheckpointFile: env.GONGJIAN_AUDIT_CHECKPOINT_FILE, databaseUrl, filesDir: '.' });
  const aside = keepAside(checkpoints);
  if (aside) {
    kept.push(aside);
    rmSync(checkpoints);
  }
  if (existsSync(checkpointsBesideBackup(file))) {
    copyFileSync(checkpointsBesideBackup(file), checkpoints);
    carried.push(checkpoints);
  }
  return { replacedKeptAs: kept, carried };
}
