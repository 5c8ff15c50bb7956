import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * Zhenjiang's 四群八链 (14th five-year list, 2022) and the future areas added in 2024. The
 * taxonomy is data with validity dates, not an enum: names change year to year.
 */
export const CHAINS_2022: { code: string; name: string; cluster: string; validFrom: string }[] = [
  { code: 'power-equipment', name: '新型电力装备', cluster: '高端装备制造', validFrom: '2022-01-01' },
  { code: 'auto-parts', name: '汽车及零部件', cluster: '高端装备制造', validFrom: '2022-01-01' },
  { code: 'aerospace', name: '航空航天', cluster: '高端装备制造', validFrom: '2022-01-01' },
  { code: 'marine-equipment', name: '海工装备', cluster: '高端装备制造', validFrom: '2022-01-01' },
  { code: 'agri-machinery', name: '智能农机设备', cluster: '高端装备制造', validFrom: '2022-01-01' },
  { code: 'advanced-materials', name: '高性能材料', cluster: '新材料', validFrom: '2022-01-01' },
  { code: 'next-gen-it', name: '新一代信息技术', cluster: '数字经济', validFrom: '2022-01-01' },
  { code: 'medical-biopharma', name: '医疗器械和生物医药', cluster: '生命健康', validFrom: '2022-01-01' },
  { code: 'ai', name: '人工智能', cluster: '未来产业', validFrom: '2024-01-01' },
  { code: 'low-altitude', name: '低空经济', cluster: '未来产业', validFrom: '2024-01-01' },
  { code: 'energy-storage', name: '新型储能', cluster: '未来产业', validFrom: '2024-01-01' },
  { code: 'hydrogen', name: '氢能', cluster: '未来产业', validFrom: '2024-01-01' },
];

export async function seedTaxonomy(trx: Kysely<DB> | Transaction<DB>): Promise<void> {
  const existing = new Set((await trx.selectFrom('chains').select('code').execute()).map((r) => r.code));
  const missing = CHAINS_2022.filter((c) => !existing.has(c.code));
  if (missing.length === 0) return;
  await trx
    .insertInto('chains')
    .values(missing.map((c) => ({ code: c.code, name: c.name, cluster: c.cluster, valid_from: c.validFrom, valid_to: null, sort_order: CHAINS_2022.indexOf(c) })))
    .execute();
}
