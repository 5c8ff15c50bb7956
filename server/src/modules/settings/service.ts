import { SETTINGS, type SettingKey, type Settings } from '../../../../common/settings.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { loadSettings } from '../../platform/settings.js';

/** Security policy belongs to the security admin, platform settings to the system admin (三权分立). */
export function mayEditSetting(permissions: ReadonlySet<string>, key: SettingKey): boolean {
  return SETTINGS[key].category === 'security' ? permissions.has('security:policy:write') : permissions.has('system:setting:write');
}

function assertValueFits(key: SettingKey, value: number | string): void {
  const spec: { kind: 'int' | 'text'; min?: number; max?: number } = SETTINGS[key];
  if (spec.kind === 'int') {
    const min = spec.min!;
    const max = spec.max!;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      if (key === 'auditRetentionDays' && typeof value === 'number' && value < min) throw new AppError(400, 'AUDIT_RETENTION_TOO_SHORT');
      throw new AppError(400, 'SETTING_OUT_OF_RANGE', { key, min, max });
    }
  } else if (typeof value !== 'string' || value.trim().length === 0 || value.length > 100) {
    throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: key, code: 'invalid' }]);
  }
}

/** Validates, authorises, writes and audits a settings change in one transaction. */
export async function changeSettings(gj: Services, ctx: RequestContext, permissions: ReadonlySet<string>, values: Partial<Record<SettingKey, number | string>>): Promise<void> {
  const entries = (Object.entries(values) as [SettingKey, number | string | undefined][]).filter((e): e is [SettingKey, number | string] => e[1] !== undefined);
  for (const [key, value] of entries) {
    if (!mayEditSetting(permissions, key)) throw new AppError(403, 'SETTING_FORBIDDEN', { key });
    assertValueFits(key, value);
  }
  await gj.db.transaction().execute(async (trx) => {
    const before = await loadSettings(trx);
    const now = gj.clock.now().toISOString();
    for (const [key, value] of entries) {
      const json = JSON.stringify(value);
      const updated = await trx.updateTable('settings').set({ value: json, updated_at: now }).where('key', '=', key).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('settings').values({ key, value: json, updated_at: now }).execute();
    }
    const after: Settings = await loadSettings(trx);
    const changes = Object.fromEntries(entries.map(([k]) => [k, { from: before[k], to: after[k] }]));
    await gj.audit.append(trx, ctx, { action: 'settings.update', objectType: 'settings', detail: changes });
  });
}
