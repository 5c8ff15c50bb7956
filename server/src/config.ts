import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { systemClock, type Clock } from './platform/clock.js';
import type { LogFormat } from './platform/logging.js';

export interface AppConfig {
  /** `file:/path.sqlite` or `postgres://…` */
  databaseUrl: string;
  /** Demo instance: seeds Zhenjiang, shows the banner and the demo accounts, relaxes admin MFA. */
  demo: boolean;
  /** The demo seeds the campaign in motion too (a few hundred projects with their year); off: only the hand-written records. */
  demoCampaign?: boolean;
  /** Key for SM4 field encryption (16 bytes); lives outside the database. */
  fieldKey: Buffer;
  /** Key for the HMAC-SM3 audit chain (32 bytes); lives outside the database. */
  auditKey: Buffer;
  clock: Clock;
  /** Set when the app is served over HTTPS: Secure cookies and HSTS. */
  https: boolean;
  /** Where attached files are kept (a directory; object storage can stand in later). */
  filesDir: string;
  /** Built web app to serve, if any. */
  webDist?: string;
  logLevel: string;
  /** `json` (pino's lines, for a machine) or `pretty` (one readable line per request); default json. */
  logFormat?: LogFormat;
  /** Behind a reverse proxy the client IP comes from X-Forwarded-For. */
  trustProxy: boolean;
  /**
   * The append-only file of MACed audit checkpoints, outside the database (see
   * `auditCheckpointFileOf` for where it goes when not set).
   */
  auditCheckpointFile?: string;
  /** How long a writer waits for the database's write lock before answering 503 (default: connect.ts). */
  lockWaitMs?: number;
}

export const DEFAULT_SQLITE_FILE = './data/gongjian.sqlite';

export function sqlitePathOf(url: string): string | null {
  if (url.startsWith('file:')) return url.slice('file:'.length);
  if (url === ':memory:') return url;
  return null;
}

/**
 * Where audit checkpoints are published: beside the SQLite file (with the data and its log), or in
 * the data directory for PostgreSQL; never inside the database they vouch for.
 */
export function auditCheckpointFileOf(config: Pick<AppConfig, 'auditCheckpointFile' | 'databaseUrl' | 'filesDir'>): string {
  if (config.auditCheckpointFile) return config.auditCheckpointFile;
  const sqlitePath = sqlitePathOf(config.databaseUrl);
  if (sqlitePath && sqlitePath !== ':memory:') return resolve(`${sqlitePath}.audit-checkpoints.jsonl`);
  // Only reached when the config names no file (loadConfig always does for PostgreSQL).
  return resolve(config.filesDir, '.audit-checkpoints.jsonl');
}

function keyFromHex(name: string, hex: string, bytes: number): Buffer {
  const key = Buffer.from(hex, 'hex');
  if (key.length !== bytes) throw new Error(`${name} must be ${bytes * 2} hexadecimal characters`);
  return key;
}

/**
 * Where a demo keeps its generated keys (used only when the environment gives none; then a backup
 * carries this file, else the operator keeps the keys).
 */
export function demoKeyFileOf(env: NodeJS.ProcessEnv, databaseUrl: string): string {
  const sqlitePath = sqlitePathOf(databaseUrl);
  return resolve(env.GONGJIAN_KEY_FILE ?? (sqlitePath && sqlitePath !== ':memory:' ? `${sqlitePath}.keys.json` : './data/demo.keys.json'));
}

/**
 * Keys come from the environment. A demo instance without them keeps generated keys in a file
 * beside its SQLite database — still outside the database, as the rules ask.
 */
function loadKeys(env: NodeJS.ProcessEnv, demo: boolean, databaseUrl: string): { fieldKey: Buffer; auditKey: Buffer } {
  if (env.GONGJIAN_FIELD_KEY && env.GONGJIAN_AUDIT_KEY) {
    return {
      fieldKey: keyFromHex('GONGJIAN_FIELD_KEY', env.GONGJIAN_FIELD_KEY, 16),
      auditKey: keyFromHex('GONGJIAN_AUDIT_KEY', env.GONGJIAN_AUDIT_KEY, 32),
    };
  }
  if (!demo) {
    throw new Error('GONGJIAN_FIELD_KEY (32 hex) and GONGJIAN_AUDIT_KEY (64 hex) must be set outside the demo');
  }
  const keyFile = demoKeyFileOf(env, databaseUrl);
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    const keys = { fieldKey: randomBytes(16).toString('hex'), auditKey: randomBytes(32).toString('hex') };
    writeFileSync(keyFile, JSON.stringify(keys, null, 2), { mode: 0o600 });
  }
  const stored = JSON.parse(readFileSync(keyFile, 'utf8')) as { fieldKey: string; auditKey: string };
  return {
    fieldKey: keyFromHex('fieldKey', stored.fieldKey, 16),
    auditKey: keyFromHex('auditKey', stored.auditKey, 32),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const databaseUrl = overrides.databaseUrl ?? env.DATABASE_URL ?? `file:${DEFAULT_SQLITE_FILE}`;
  const production = env.NODE_ENV === 'production';
  const demo = overrides.demo ?? (env.GONGJIAN_DEMO !== undefined ? env.GONGJIAN_DEMO !== '0' : !production);
  const keys = overrides.fieldKey && overrides.auditKey ? { fieldKey: overrides.fieldKey, auditKey: overrides.auditKey } : loadKeys(env, demo, databaseUrl);
  return {
    databaseUrl,
    demo,
    demoCampaign: overrides.demoCampaign ?? env.GONGJIAN_DEMO_CAMPAIGN !== '0',
    ...keys,
    clock: overrides.clock ?? systemClock,
    https: overrides.https ?? env.GONGJIAN_HTTPS === '1',
    webDist: overrides.webDist ?? env.GONGJIAN_WEB_DIST ?? resolve('web/dist'),
    filesDir: overrides.filesDir ?? env.GONGJIAN_FILES_DIR ?? resolve(dirname(sqlitePathOf(databaseUrl) ?? DEFAULT_SQLITE_FILE), 'files'),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    // A person at a terminal reads lines; anything else (a file, a pipe, systemd) gets JSON.
    logFormat: overrides.logFormat ?? (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty' ? env.LOG_FORMAT : process.stdout.isTTY ? 'pretty' : 'json'),
    trustProxy: overrides.trustProxy ?? env.GONGJIAN_TRUST_PROXY === '1',
    lockWaitMs: overrides.lockWaitMs ?? (env.GONGJIAN_LOCK_WAIT_MS ? Number(env.GONGJIAN_LOCK_WAIT_MS) : undefined),
    auditCheckpointFile:
      overrides.auditCheckpointFile ??
      env.GONGJIAN_AUDIT_CHECKPOINT_FILE ??
      (sqlitePathOf(databaseUrl) ? undefined : resolve(env.GONGJIAN_DATA_DIR ?? dirname(DEFAULT_SQLITE_FILE), 'audit-checkpoints.jsonl')),
  };
}
