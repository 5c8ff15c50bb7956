import { sql, type Kysely } from 'kysely';
import { STAGES, type Stage } from '../../../common/projects.js';
import type { DB } from '../db/schema.js';
import { defaultPlannedDates, derivedColumns, writeProjectGrams } from '../modules/projects/index.js';
import { mulberry32 } from './prng.js';

const PRODUCTS = ['新能源汽车电机控制器', '航空发动机叶片', '动力电池结构件', '高端功能膜材料', '氢燃料电池电堆', '医学影像设备', '碳纤维复合材料', '5G通信模组', '智能座舱电子', '深远海养殖装备', '高压开关柜', '工业机器人', '光伏逆变器', '生物制药原料药', '体外诊断试剂', '半导体封装材料', '智能农机', '船用低速柴油机', '无人机', '储能电池系统', '物流装备', '精密铝合金型材', '电子级化学品', '数据中心'];
const PLACES = ['苏州', '上海', '南京', '无锡', '常州', '杭州', '合肥', '深圳', '北京', '镇江', '扬州', '宁波'];
const WORDS = ['华瑞', '源达', '科鑫', '航晟', '博源', '恒鑫', '正达', '鑫晟', '润科', '泰晟', '华通', '瑞科', '达锐', '中科', '长江', '金港'];
const FORMS = ['有限公司', '股份有限公司', '集团有限公司', '科技有限公司', '新材料有限公司', '装备制造有限公司'];

/**
 * Fills the ledger with realistic Zhenjiang-like projects for benchmarks: names, investors,
 * units, chains, stages with dates, amounts from a few million to tens of 亿. Inserted in
 * batches inside transactions; `onProgress` reports rows done.
 */
export async function generateProjects(db: Kysely<DB>, count: number, options: { seed?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  const rand = mulberry32(options.seed ?? 2023);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const units = await db.selectFrom('units').select(['id', 'kind']).where('kind', 'in', ['district', 'zone', 'park', 'street']).execute();
  const chains = await db.selectFrom('chains').select('id').execute();
  const creator = await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirst();
  const start = Number((await db.selectFrom('projects').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const now = new Date().toISOString();
  const BATCH = 500;
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const rows = Array.from({ length: size }, (_, k) => {
      const n = start + done + k + 1;
      const product = pick(PRODUCTS);
      const name = rand() < 0.5 ? `年产${Math.floor(rand() * 40) + 1}万套${product}项目` : `${product}项目`;
      const investor = `${pick(PLACES)}${pick(WORDS)}${pick(FORMS)}`;
      // Amounts spread like real ledgers: many small, a long tail of 亿元 projects.
      const wan = Math.round(Math.exp(7 + rand() * 5.5));
      const stage = STAGES[Math.min(STAGES.length - 1, Math.floor(rand() * rand() * STAGES.length * 1.3))] as Stage;
      const year = 2019 + Math.floor(rand() * 7);
      const signed = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
      const reached = STAGES.indexOf(stage);
      const started = reached >= STAGES.indexOf('started') ? `${Math.min(year + 1, 2026)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-15` : null;
      return {
        code: `GEN${String(n).padStart(7, '0')}`,
        name,
        investor_name: investor,
        investor_tags: '[]',
        host_unit_id: pick(units).id,
        chain_id: rand() < 0.8 ? pick(chains).id : null,
        chain_role: pick(['strengthen', 'extend', 'fill']),
        nature: pick(['new', 'expansion', 'renovation']),
        category: 'industrial',
        total_investment_yuan: wan * 10_000,
        tags: rand() < 0.05 ? '["市重大"]' : '[]',
        stage,
        status: rand() < 0.03 ? 'suspended' : 'normal',
        signed_date: reached >= STAGES.indexOf('signed') ? signed : null,
        started_date: started,
        leader_name: pick(['王志斌', '刘晓明', '陈俊', '魏晓曦', '路月中', '张永意']),
        ...derivedColumns(name, investor),
        version: 1,
        created_by: creator?.id ?? null,
        created_at: now,
        updated_at: now,
      };
    });
    await db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('projects').values(rows).returning('id').execute();
      const stages = ids.flatMap(({ id }, k) => {
        const r = rows[k]!;
        const reached = STAGES.indexOf(r.stage);
        const planned = defaultPlannedDates(r.total_investment_yuan, r.started_date);
        return STAGES.map((stage, i) => {
          const actual = stage === 'signed' && i <= reached ? r.signed_date : stage === 'started' && i <= reached ? r.started_date : null;
          return { project_id: id, stage, planned_date: planned[stage] ?? null, actual_date: actual, actual_unknown: i <= reached && i > 0 && !actual ? 1 : 0 };
        });
      });
      // SQLite binds at most 32,766 parameters per statement: 5 columns × 5,500 rows stays under.
      for (let i = 0; i < stages.length; i += 5_500) await trx.insertInto('project_stages').values(stages.slice(i, i + 5_500)).execute();
      await writeProjectGrams(trx, ids.map(({ id }, k) => ({ id, name: rows[k]!.name, investor: rows[k]!.investor_name })), false);
    });
    options.onProgress?.(done + size, count);
  }
  // Fresh statistics after a bulk load, so both planners pick the indexes.
  await sql`analyze`.execute(db);
  return count;
}
