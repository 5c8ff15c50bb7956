import type { Kysely } from 'kysely';
import type { Portable } from '../portable.js';

/**
 * 投产达效 as indicators the ranking schemes can weigh: projects that started producing in the year
 * (投产项目数) and projects that reached 达效 in the year (达效项目数), counted by the stage's actual
 * date as the other stage counts are (so a published ranking is recomputed from the stage history).
 */
export async function up(db: Kysely<any>, _p: Portable): Promise<void> {
  const rules = await db.selectFrom('counting_rules').select('version').orderBy('version').limit(1).executeTakeFirst();
  if (!rules) return;
  const at = new Date().toISOString();
  await db
    .insertInto('indicators')
    .values(
      [
        { code: 'producing_count', name: '新投产项目数', name_en: 'Projects that started producing', unit: 'count', definition: { measure: 'count', stage: 'producing' } },
        { code: 'returns_reached', name: '达效项目数', name_en: 'Projects that reached their committed returns', unit: 'count', definition: { measure: 'count', stage: 'returns' } },
      ].map((i) => ({ ...i, version: 1, definition: JSON.stringify(i.definition), rule_version: rules.version, builtin: 1, created_at: at })),
    )
    .execute();
}
