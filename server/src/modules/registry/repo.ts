import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import { containsText } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

/** The city's registry, searched as the ledger is (two characters of the name, the credit code, pinyin initials), one page and the count. */
export async function searchRegistry(db: Db, dialect: Dialect, f: { q?: string; tag?: string }, today: string, page: number, pageSize: number) {
  const text = f.q?.trim() ?? '';
  const initials = /^[a-z]{2,}$/i.test(text) ? `%${text.toLowerCase()}%` : null;
  const where = (eb: ExpressionBuilder<DB, 'enterprises'>) => {
    const all = [];
    if (text) all.push(eb.or([containsText('enterprises.name', text, dialect), containsText('enterprises.uscc', text, dialect), ...(initials ? [eb('enterprises.search_initials', 'like', initials)] : [])]));
    // A tag in force today: not withdrawn, and within its validity.
    if (f.tag)
      all.push(
        eb.exists(
          eb
            .selectFrom('enterprise_tags as t')
            .select('t.id')
            .whereRef('t.enterprise_id', '=', 'enterprises.id')
            .where('t.tag', '=', f.tag)
            .where('t.retired_at', 'is', null)
            .where('t.valid_from', '<=', today)
            .where((x) => x.or([x('t.valid_to', 'is', null), x('t.valid_to', '>=', today)])),
        ),
      );
    return eb.and(all);
  };
  const [items, total] = await Promise.all([
    db
      .selectFrom('enterprises')
      .innerJoin('units as s', 's.id', 'enterprises.serving_unit_id')
      .select(['enterprises.id', 'enterprises.uscc', 'enterprises.name', 'enterprises.industry', 's.name as serving_unit_name'])
      .where((eb) => where(eb as unknown as ExpressionBuilder<DB, 'enterprises'>))
      .orderBy('enterprises.name')
      .orderBy('enterprises.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db.selectFrom('enterprises').select((eb) => eb.fn.countAll().as('n')).where(where).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** What a write to the record checks: who serves the company, its code and current industry. */
export async function recordHead(db: Db, id: number) {
  return db.selectFrom('enterprises').select(['id', 'uscc', 'name', 'industry', 'serving_unit_id']).where('id', '=', id).executeTakeFirst();
}

/** One enterprise's record: its names, tags, list memberships and the projects and leads that carry its credit code or name. */
export async function registryRecord(db: Db, id: number) {
  const e = await db
    .selectFrom('enterprises as e')
    .innerJoin('units as s', 's.id', 'e.serving_unit_id')
    .select(['e.id', 'e.uscc', 'e.name', 'e.name_key', 'e.industry', 'e.serving_unit_id', 's.name as serving_unit_name'])
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!e) return null;
  const [names, tags, lists, projects, leads] = await Promise.all([
    db.selectFrom('enterprise_names').select(['name', 'source', 'recorded_at']).where('enterprise_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('enterprise_tags as t')
      .leftJoin('users as r', 'r.id', 't.retired_by')
      .select(['t.id', 't.tag', 't.source', 't.valid_from', 't.valid_to', 't.retired_at', 't.retire_reason', 'r.display_name as retired_by_name'])
      .where('t.enterprise_id', '=', id)
      .orderBy('t.valid_from', 'desc')
      .orderBy('t.id')
      .execute(),
    db
      .selectFrom('key_list_items as i')
      .innerJoin('key_lists as l', 'l.id', 'i.list_id')
      .innerJoin('chains as c', 'c.id', 'l.chain_id')
      .select(['l.year', 'l.chain_id', 'c.name as chain_name', 'l.version', 'i.segment', 'i.role'])
      .where('i.enterprise_id', '=', id)
      .where((eb) => eb('l.version', '=', eb.selectFrom('key_lists as l2').select((x) => x.fn.max('l2.version').as('v')).whereRef('l2.chain_id', '=', 'l.chain_id').whereRef('l2.year', '=', 'l.year')))
      .orderBy('l.year', 'desc')
      .execute(),
    db.selectFrom('projects as p').innerJoin('units as h', 'h.id', 'p.host_unit_id').select(['p.id', 'p.code', 'p.name', 'p.stage', 'p.host_unit_id', 'p.created_by', 'h.name as host_name']).where('p.investor_uscc', '=', e.uscc).orderBy('p.id').limit(100).execute(),
    db
      .selectFrom('leads as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.id', 'l.code', 'l.title', 'l.status', 'l.unit_id', 'u.name as unit_name'])
      .where((eb) => eb.or([eb('l.enterprise_uscc', '=', e.uscc), ...(e.name_key ? [eb('l.enterprise_key', '=', e.name_key)] : [])]))
      .orderBy('l.id')
      .limit(100)
      .execute(),
  ]);
  return { e, names, tags, lists, projects, leads };
}

/** An enterprise's credit lines granted by these banks (all when null), with what is drawn and repaid: one query. */
export async function creditOfEnterprise(db: Db, enterpriseId: number, banks: number[] | null) {
  let q = db
    .selectFrom('credit_lines as l')
    .innerJoin('units as b', 'b.id', 'l.bank_unit_id')
    .innerJoin('chains as c', 'c.id', 'l.chain_id')
    .select((eb) => [
      'l.id',
      'b.name as bank_name',
      'c.name as chain_name',
      'l.amount_yuan',
      'l.granted_on',
      eb.selectFrom('credit_moves as m').select((x) => x.fn.sum<string>('m.amount_yuan').as('s')).whereRef('m.credit_line_id', '=', 'l.id').where('m.kind', '=', 'drawn').as('drawn'),
      eb.selectFrom('credit_moves as m').select((x) => x.fn.sum<string>('m.amount_yuan').as('s')).whereRef('m.credit_line_id', '=', 'l.id').where('m.kind', '=', 'repaid').as('repaid'),
    ])
    .where('l.enterprise_id', '=', enterpriseId);
  if (banks) q = q.where('l.bank_unit_id', 'in', banks.length ? banks : [-1]);
  return q.orderBy('l.granted_on', 'desc').limit(100).execute();
}
