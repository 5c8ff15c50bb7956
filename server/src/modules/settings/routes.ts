import { z } from 'zod';
import { SETTINGS, type SettingKey } from '../../../../common/settings.js';
import { AppError } from '../../platform/errors.js';
import { actorOf, errorBody, type App } from '../../platform/http.js';
import { isSettingKey, loadSettings } from '../../platform/settings.js';

const settingsAnswer = z.object({
  values: z.record(z.string(), z.union([z.number(), z.string()])),
  specs: z.record(z.string(), z.object({ category: z.string(), kind: z.string(), min: z.number().optional(), max: z.number().optional(), editable: z.boolean() })),
});

export async function settingRoutes(app: App) {
  const gj = app.gj;
  const who = { auth: { permission: ['system:setting:write', 'security:policy:write'] as ('system:setting:write' | 'security:policy:write')[] } };

  function editable(permissions: ReadonlySet<string>, key: SettingKey): boolean {
    return SETTINGS[key].category === 'security' ? permissions.has('security:policy:write') : permissions.has('system:setting:write');
  }

  async function answer(permissions: ReadonlySet<string>) {
    const values = await loadSettings(gj.db);
    const specs = Object.fromEntries(
      Object.entries(SETTINGS).map(([key, spec]) => [key, { category: spec.category, kind: spec.kind, ...('min' in spec ? { min: spec.min, max: spec.max } : {}), editable: editable(permissions, key as SettingKey) }]),
    );
    return { values, specs };
  }

  app.get('/api/settings', { config: who, schema: { tags: ['settings'], summary: 'Settings and which of them I may change', response: { 200: settingsAnswer } } }, async (request) => answer(actorOf(request).permissions));

  app.patch(
    '/api/settings',
    {
      config: who,
      schema: { tags: ['settings'], summary: 'Change settings (security policy: security admin; platform: system admin)', body: z.object({ values: z.record(z.string(), z.union([z.number(), z.string()])) }), response: { 200: settingsAnswer, 400: errorBody, 403: errorBody } },
    },
    async (request) => {
      const actor = actorOf(request);
      const entries = Object.entries(request.body.values);
      for (const [key, value] of entries) {
        if (!isSettingKey(key)) throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: key, code: 'unknown' }]);
        if (!editable(actor.permissions, key)) throw new AppError(403, 'SETTING_FORBIDDEN', { key });
        const spec = SETTINGS[key];
        if (spec.kind === 'int') {
          if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
            if (key === 'auditRetentionDays' && typeof value === 'number' && value < spec.min) throw new AppError(400, 'AUDIT_RETENTION_TOO_SHORT');
            throw new AppError(400, 'SETTING_OUT_OF_RANGE', { key, min: spec.min, max: spec.max });
          }
        } else if (typeof value !== 'string' || value.trim().length === 0 || value.length > 100) {
          throw new AppError(400, 'VALIDATION_FAILED', {}, [{ field: key, code: 'invalid' }]);
        }
      }
      await gj.db.transaction().execute(async (trx) => {
        const before = await loadSettings(trx);
        const now = gj.clock.now().toISOString();
        for (const [key, value] of entries) {
          const json = JSON.stringify(value);
          const updated = await trx.updateTable('settings').set({ value: json, updated_at: now }).where('key', '=', key).executeTakeFirst();
          if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('settings').values({ key, value: json, updated_at: now }).execute();
        }
        const after = await loadSettings(trx);
        const changes = Object.fromEntries(entries.map(([k]) => [k, { from: before[k as SettingKey], to: after[k as SettingKey] }]));
        await gj.audit.append(trx, request.ctx, { action: 'settings.update', objectType: 'settings', detail: changes });
      });
      request.audited = true;
      return answer(actor.permissions);
    },
  );
}
