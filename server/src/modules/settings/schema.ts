import { z } from 'zod';
import { SETTINGS, type SettingKey } from '../../../../common/settings.js';

const settingValue = z.union([z.number(), z.string()]);

/**
 * The change body: only the keys of the settings catalog, each optional. Strict, so a key such as
 * `constructor` or `__proto__` is a 400 before any code looks it up on an object.
 */
export const settingValuesSchema = z.strictObject(
  Object.fromEntries((Object.keys(SETTINGS) as SettingKey[]).map((key) => [key, settingValue.optional()])) as Record<SettingKey, z.ZodOptional<typeof settingValue>>,
);

export const settingsChangeBody = z.strictObject({ values: settingValuesSchema });

export const settingsAnswer = z.object({
  values: z.record(z.string(), settingValue),
  specs: z.record(z.string(), z.object({ category: z.string(), kind: z.string(), min: z.number().optional(), max: z.number().optional(), editable: z.boolean() })),
});
