import type { Kysely } from 'kysely';
import { DEFAULT_SETTINGS, SETTINGS, type SettingKey, type Settings } from '../../../common/settings.js';
import type { DB } from '../db/schema.js';

/**
 * Settings are read from the database each time they are needed (one small table, one query):
 * a cache here would let two app instances disagree about a security policy.
 */
export async function loadSettings(db: Kysely<DB>): Promise<Settings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    // Own keys only: `constructor` is "in" every object.
    if (Object.hasOwn(SETTINGS, row.key)) settings[row.key] = JSON.parse(row.value);
  }
  return settings as Settings;
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
