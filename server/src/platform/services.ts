import type { AppConfig } from '../config.js';
import type { Database } from '../db/connect.js';
import { AuditTrail } from './audit.js';
import { FieldCipher } from './crypto.js';
import { FileStore } from './files.js';
import type { Services } from './http.js';

/** What every entry point (the server, the CLI) works with, built one way. */
export function createServices(config: AppConfig, database: Database): Services {
  return {
    database,
    db: database.db,
    dialect: database.dialect,
    config,
    clock: config.clock,
    audit: new AuditTrail(config.auditKey, database.dialect, config.clock),
    cipher: new FieldCipher(config.fieldKey),
    files: new FileStore(config.filesDir),
    routes: [],
  };
}
