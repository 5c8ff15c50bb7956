import { SETTINGS, type SettingKey } from '../../../../common/settings.js';
import { actorOf, errorBody, type App } from '../../platform/http.js';
import { loadSettings } from '../../platform/settings.js';
import { settingsAnswer, settingsChangeBody } from './schema.js';
import { changeSettings, mayEditSetting } from './service.js';

export async function settingRoutes(app: App) {
  const gj = app.gj;
  const who = { auth: { permission: ['system:setting:write', 'security:policy:write'] as ('system:setting:write' | 'security:policy:write')[] } };

  async function answer(permissions: ReadonlySet<string>) {
    const values = await loadSettings(gj.db);
    const specs = Object.fromEntries(
      Object.entries(SETTINGS).map(([key, spec]) => [key, { category: spec.category, kind: spec.kind, ...('min' in spec ? { min: spec.min, max: spec.max } : {}), editable: mayEditSetting(permissions, key as SettingKey) }]),
    );
    return { values, specs };
  }

  app.get('/api/settings', { config: who, schema: { tags: ['settings'], summary: 'Settings and which of them I may change', response: { 200: settingsAnswer } } }, async (request) => answer(actorOf(request).permissions));

  app.patch(
    '/api/settings',
    {
      config: who,
      schema: { tags: ['settings'], summary: 'Change settings (security policy: security admin; platform: system admin)', body: settingsChangeBody, response: { 200: settingsAnswer, 400: errorBody, 403: errorBody } },
    },
    async (request) => {
      const actor = actorOf(request);
      await changeSettings(gj, request.ctx, actor.permissions, request.body.values);
      request.audited = true;
      return answer(actor.permissions);
    },
  );
}
