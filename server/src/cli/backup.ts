import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { sqlitePathOf, type AppConfig } from '../config.js';

export function sqliteFileOf(config: AppConfig): string {
  const path = sqlitePathOf(config.databaseUrl);
  if (!path || path === ':memory:') {
    throw new Error('backup and restore here are for the embedded SQLite database; for PostgreSQL use pg_dump / pg_restore (see README)');
  }
  return path;
}

function integrityOf(file: string): string {
  const copy = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    return String(copy.pragma('integrity_check', { simple: true }));
  } finally {
    copy.close();
  }
}

/**
 * Online backup through SQLite's backup API: the server may keep running and writing; the copy
 * is a consistent snapshot. The copy is then opened and integrity-checked before we call it good.
 */
export async function backupSqlite(config: AppConfig, out: string, onProgress: (done: number, total: number) => void): Promise<{ pages: number; integrity: string }> {
  const source = new SqliteDatabase(sqliteFileOf(config), { fileMustExist: true });
  const temp = `${out}.partial`;
  try {
    let pages = 0;
    await source.backup(temp, {
      progress({ totalPages, remainingPages }) {
        pages = totalPages;
        onProgress(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    const integrity = integrityOf(temp);
    if (integrity !== 'ok') {
      rmSync(temp, { force: true });
      throw new Error(`the backup copy failed its integrity check: ${integrity}`);
    }
    renameSync(temp, out);
    return { pages, integrity };
  } finally {
    source.close();
  }
}

/**
 * Restores a backup over the database file. The server must be stopped. The file replaced is kept
 * beside it (`.before-restore`), so a restore can itself be undone.
 */
export function restoreSqlite(config: AppConfig, file: string): { replacedKeptAs: string | null } {
  const target = sqliteFileOf(config);
  if (!existsSync(file)) throw new Error(`no such file: ${file}`);
  const integrity = integrityOf(file);
  if (integrity !== 'ok') throw new Error(`the backup file failed its integrity check: ${integrity}`);
  let kept: string | null = null;
  if (existsSync(target)) {
    // Fold the write-ahead log into the file first, so the kept copy is the whole database.
    const current = new SqliteDatabase(target, { fileMustExist: true });
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    kept = `${target}.before-restore`;
    copyFileSync(target, kept);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(file, target);
  return { replacedKeptAs: kept };
}
