import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function bankUnit(db: Db, id: number) {
  return db.selectFrom('units').select(['id', 'name', 'kind']).where('id', '=', id).where('kind', '=', 'bank').executeTakeFirst();
}

/** Each bank's chains of a year (all banks, or these). */
export async function assignments(db: Db, year: number, banks: number[] | null) {
  let q = db
    .selectFrom('units as b')
    .leftJoin('bank_chains as bc', (j) => j.onRef('bc.bank_unit_id', '=', 'b.id').on('bc.year', '=', year))
    .leftJoin('chains as c', 'c.id', 'bc.chain_id')
    .select(['b.id as bank_id', 'b.name as bank_name', 'c.id as chain_id', 'c.name as chain_name', 'c.sort_order'])
    .where('b.kind', '=', 'bank')
    .where('b.disabled', '=', 0);
  if (banks) q = q.where('b.id', 'in', banks.length ? banks : [-1]);
  return q.orderBy('b.sort_order').orderBy('b.id').orderBy('c.sort_order').execute();
}

/** Whether the enterprise is on the list in force of one of these chains for the year; answers the chain. */
export async function listedChain(db: Db, enterpriseId: number, chainIds: number[], year: number): Promise<number | null> {
  if (!chainIds.length) return null;
  const row = await sql<{ chain_id: number }>`select l.chain_id from key_list_items i join key_lists l on l.id = i.list_id
    where i.enterprise_id = ${enterpriseId} and l.year = ${year} and l.chain_id in (${sql.join(chainIds)})
      and l.version = (select max(l2.version) from key_lists l2 where l2.chain_id = l.chain_id and l2.year = l.year)
    order by l.chain_id limit 1`.execute(db);
  return row.rows[0]?.chain_id ?? null;
}

export async function creditLineById(db: Db, id: number) {
  return db.selectFrom('credit_lines').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function moveTotals(db: Db, creditLineId: number) {
  const rows = await db.selectFrom('credit_moves').select(['kind', (eb) => eb.fn.sum<string>('amount_yuan').as('total')]).where('credit_line_id', '=', creditLineId).groupBy('kind').execute();
  const of = (k: string) => Number(rows.find((r) => r.kind === k)?.total ?? 0);
  return { drawn: of('drawn'), repaid: of('repaid') };
}

/** Credit lines granted in a year by these banks (all when null), with what was drawn and repaid on each: one query. */
export async function creditLines(db: Db, year: number, banks: number[] | null, limit: number, offset: number) {
  let q = db
    .selectFrom('credit_lines as l')
    .innerJoin('units as b', 'b.id', 'l.bank_unit_id')
    .innerJoin('enterprises as e', 'e.id', 'l.enterprise_id')
    .innerJoin('chains as c', 'c.id', 'l.chain_id')
    .select((eb) => [
      'l.id',
      'l.bank_unit_id',
      'b.name as bank_name',
      'l.enterprise_id',
      'e.name as enterprise_name',
      'l.chain_id',
      'c.name as chain_name',
      'l.amount_yuan',
      'l.granted_on',
      'l.term_months',
      eb.selectFrom('credit_moves as m').select((x) => x.fn.coalesce(x.fn.sum<string>('m.amount_yuan'), sql<string>`0`).as('s')).whereRef('m.credit_line_id', '=', 'l.id').where('m.kind', '=', 'drawn').as('drawn'),
      eb.selectFrom('credit_moves as m').select((x) => x.fn.coalesce(x.fn.sum<string>('m.amount_yuan'), sql<string>`0`).as('s')).whereRef('m.credit_line_id', '=', 'l.id').where('m.kind', '=', 'repaid').as('repaid'),
    ])
    .where('l.granted_on', '>=', `${year}-01-01`)
    .where('l.granted_on', '<=', `${year}-12-31`);
  let count = db.selectFrom('credit_lines as l').select((eb) => eb.fn.countAll().as('n')).where('l.granted_on', '>=', `${year}-01-01`).where('l.granted_on', '<=', `${year}-12-31`);
  if (banks) {
    q = q.where('l.bank_unit_id', 'in', banks.length ? banks : [-1]);
    count = count.where('l.bank_unit_id', 'in', banks.length ? banks : [-1]);
  }
  const [rows, total] = await Promise.all([q.orderBy('l.granted_on', 'desc').orderBy('l.id', 'desc').limit(limit).offset(offset).execute(), count.executeTakeFirstOrThrow()]);
  return { rows, total: Number(total.n) };
}

/**
 * The year's sums, grouped in the database: granted per bank and chain (lines granted that year),
 * drawn and repaid per bank and chain (moves dated that year), and per month of each.
 */
export async function creditSums(db: Db, year: number, banks: number[] | null) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const bankFilter = banks ? sql`and l.bank_unit_id in (${sql.join(banks.length ? banks : [-1])})` : sql``;
  const granted = await sql<{ bank_unit_id: number; chain_id: number; month: string; total: string; n: string }>`select l.bank_unit_id, l.chain_id, substr(l.granted_on, 1, 7) as month, sum(l.amount_yuan) as total, count(*) as n
    from credit_lines l where l.granted_on between ${from} and ${to} ${bankFilter} group by l.bank_unit_id, l.chain_id, substr(l.granted_on, 1, 7)`.execute(db);
  const moved = await sql<{ bank_unit_id: number; chain_id: number; month: string; kind: string; total: string }>`select l.bank_unit_id, l.chain_id, substr(m.on_date, 1, 7) as month, m.kind, sum(m.amount_yuan) as total
    from credit_moves m join credit_lines l on l.id = m.credit_line_id where m.on_date between ${from} and ${to} ${bankFilter} group by l.bank_unit_id, l.chain_id, substr(m.on_date, 1, 7), m.kind`.execute(db);
  return { granted: granted.rows, moved: moved.rows };
}

export async function names(db: Db, table: 'units' | 'chains', ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function plans(db: Db, year: number, banks: number[] | null) {
  let q = db
    .selectFrom('bank_plans as p')
    .innerJoin('units as b', 'b.id', 'p.bank_unit_id')
    .innerJoin('chains as c', 'c.id', 'p.chain_id')
    .leftJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .select(['p.id', 'p.bank_unit_id', 'b.name as bank_name', 'p.chain_id', 'c.name as chain_name', 'p.enterprise_id', 'e.name as enterprise_name', 'p.text', 'p.updated_at'])
    .where('p.year', '=', year);
  if (banks) q = q.where('p.bank_unit_id', 'in', banks.length ? banks : [-1]);
  return q.orderBy('p.bank_unit_id').orderBy('p.chain_id').orderBy('p.id').execute();
}

/** Each month's loan sheet of a year (the newest version of each period), with its institutions' rows: two queries. */
export async function loanSheets(db: Db, year: number) {
  const sheets = await sql<{ id: number; period: string; version: number; balance_yuan: string; ytd_change_yuan: string; yoy_percent: string | null; mfg_balance_yuan: string | null; mfg_ytd_change_yuan: string | null }>`select s.id, s.period, s.version, s.balance_yuan, s.ytd_change_yuan, s.yoy_percent, s.mfg_balance_yuan, s.mfg_ytd_change_yuan
    from loan_sheets s where s.period like ${`${year}-%`} and s.version = (select max(s2.version) from loan_sheets s2 where s2.period = s.period) order by s.period`.execute(db);
  const ids = sheets.rows.map((s) => s.id);
  const rows = ids.length
    ? await db
        .selectFrom('loan_rows as r')
        .innerJoin('loan_institutions as i', 'i.id', 'r.institution_id')
        .select(['r.sheet_id', 'i.id as institution_id', 'i.name', 'i.sort_order', 'r.balance_yuan', 'r.ytd_change_yuan', 'r.yoy_percent', 'r.mfg_balance_yuan', 'r.mfg_ytd_change_yuan'])
        .where('r.sheet_id', 'in', ids)
        .orderBy('i.sort_order')
        .orderBy('i.id')
        .execute()
    : [];
  return { sheets: sheets.rows, rows };
}

/** The enterprises on the lists in force for the year of these chains (all chains when null), with the chain. */
export async function listedEnterprises(db: Db, chainIds: number[] | null, year: number) {
  const chainFilter = chainIds ? sql`and l.chain_id in (${sql.join(chainIds.length ? chainIds : [-1])})` : sql``;
  const rows = await sql<{ enterprise_id: number; chain_name: string }>`select i.enterprise_id, c.name as chain_name from key_list_items i
    join key_lists l on l.id = i.list_id join chains c on c.id = l.chain_id
    where l.year = ${year} ${chainFilter} and l.version = (select max(l2.version) from key_lists l2 where l2.chain_id = l.chain_id and l2.year = l.year)`.execute(db);
  const chains = new Map<number, string[]>();
  for (const r of rows.rows) chains.set(Number(r.enterprise_id), [...(chains.get(Number(r.enterprise_id)) ?? []), r.chain_name]);
  return chains;
}
