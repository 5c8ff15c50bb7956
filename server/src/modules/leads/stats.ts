import { sql, type RawBuilder } from 'kysely';
import { toNumber } from '../../db/portable.js';
import type { Services } from '../../platform/http.js';
import { scopeCondition, type DataScope } from '../../platform/scope.js';
import { chinaYearStart } from '../../platform/china-time.js';

/** The calendar month (China time) of a timestamp column, the same text on both databases. */
function chinaMonth(gj: Services, column: string): RawBuilder<string> {
  return gj.dialect === 'postgres' ? sql<string>`to_char(${sql.ref(column)} at time zone 'Asia/Shanghai', 'YYYY-MM')` : sql<string>`substr(datetime(${sql.ref(column)}, '+8 hours'), 1, 7)`;
}

/** The kinds of unit that register leads and receive visits. */
const LEAD_UNIT_KINDS = ['district', 'zone', 'park', 'street', 'resident_office'];

/** The instants bounding a calendar year in China, as ISO strings comparable on both databases. */
function yearBounds(year: number): [string, string] {
  return [chinaYearStart(year), chinaYearStart(year + 1)];
}

/**
 * 招引 statistics for a year, per unit and per staff member per month, over my scope only: leads
 * registered, activities (and of them visits), conversions to signed projects, and leads now past
 * a service deadline. Every figure is one grouped query; nothing is counted row by row.
 */
export async function leadStats(gj: Services, scope: DataScope, year: number) {
  const [from, to] = yearBounds(year);
  // Every figure goes through the data scope, on the column that says whose it is.
  const db = gj.db;
  const [registered, activities, conversions, overdue] = await Promise.all([
    db.selectFrom('leads').select(['registered_unit_id as unit_id', (eb) => eb.fn.countAll().as('n')]).where('created_at', '>=', from).where('created_at', '<', to).groupBy('registered_unit_id').where((eb) => scopeCondition(eb, scope, eb.ref('registered_unit_id'))).execute(),
    
      db
        .selectFrom('activities')
        .select(['unit_id', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum<number>(eb.case().when('type', '=', 'visit').then(1).else(0).end()).as('visits')])
        .where('date', '>=', `${year}-01-01`)
        .where('date', '<=', `${year}-12-31`)
        .groupBy('unit_id').where((eb) => scopeCondition(eb, scope, eb.ref('unit_id'))).execute(),
    
      db
        .selectFrom('lead_events')
        .innerJoin('leads', 'leads.id', 'lead_events.lead_id')
        .select(['leads.unit_id', (eb) => eb.fn.countAll().as('n')])
        .where('lead_events.kind', '=', 'convert')
        .where('lead_events.at', '>=', from)
        .where('lead_events.at', '<', to)
        .groupBy('leads.unit_id').where((eb) => scopeCondition(eb, scope, eb.ref('leads.unit_id'))).execute(),
    db.selectFrom('leads').select(['unit_id', (eb) => eb.fn.countAll().as('n')]).where('next_due_at', '<', gj.clock.now().toISOString()).groupBy('unit_id').where((eb) => scopeCondition(eb, scope, eb.ref('unit_id'))).execute(),
  ]);
  // Every unit of my scope that works leads is listed, at 0 when it did nothing this year (a unit
  // with no leads is news); and any other unit that counted something.
  const unitIds = new Set<number>([...registered, ...activities, ...conversions, ...overdue].map((r) => r.unit_id));
  const units = await db
    .selectFrom('units')
    .select(['id', 'name', 'kind', 'path'])
    .where((eb) => eb.or([eb.and([eb('kind', 'in', LEAD_UNIT_KINDS), eb('disabled', '=', 0), scopeCondition(eb, scope, eb.ref('id'))]), ...(unitIds.size ? [eb('id', 'in', [...unitIds])] : [])]))
    .orderBy('path')
    .execute();
  const get = (rows: { unit_id: number; n: unknown }[], id: number) => toNumber(rows.find((r) => r.unit_id === id)?.n);

  const [staffLeads, staffActivities, staffConversions] = await Promise.all([
    
      db
        .selectFrom('leads')
        .select(['registered_by as user_id', chinaMonth(gj, 'leads.created_at').as('month'), (eb) => eb.fn.countAll().as('n')])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .where('registered_by', 'is not', null)
        .groupBy(['registered_by', chinaMonth(gj, 'leads.created_at')]).where((eb) => scopeCondition(eb, scope, eb.ref('registered_unit_id'))).execute(),
    
      db
        .selectFrom('activities')
        .select(['created_by as user_id', sql<string>`substr(date, 1, 7)`.as('month'), (eb) => eb.fn.countAll().as('n')])
        .where('date', '>=', `${year}-01-01`)
        .where('date', '<=', `${year}-12-31`)
        .where('created_by', 'is not', null)
        .groupBy(['created_by', sql`substr(date, 1, 7)`]).where((eb) => scopeCondition(eb, scope, eb.ref('unit_id'))).execute(),
    
      db
        .selectFrom('lead_events')
        .innerJoin('leads', 'leads.id', 'lead_events.lead_id')
        .select(['lead_events.user_id', chinaMonth(gj, 'lead_events.at').as('month'), (eb) => eb.fn.countAll().as('n')])
        .where('lead_events.kind', '=', 'convert')
        .where('lead_events.at', '>=', from)
        .where('lead_events.at', '<', to)
        .where('lead_events.user_id', 'is not', null)
        .groupBy(['lead_events.user_id', chinaMonth(gj, 'lead_events.at')]).where((eb) => scopeCondition(eb, scope, eb.ref('leads.unit_id'))).execute(),
  ]);
  const staff = new Map<string, { userId: number; month: string; leads: number; activities: number; conversions: number }>();
  const add = (rows: { user_id: number | null; month: string; n: unknown }[], field: 'leads' | 'activities' | 'conversions') => {
    for (const r of rows) {
      const key = `${r.user_id}|${r.month}`;
      const entry = staff.get(key) ?? { userId: r.user_id!, month: r.month, leads: 0, activities: 0, conversions: 0 };
      entry[field] += toNumber(r.n);
      staff.set(key, entry);
    }
  };
  add(staffLeads, 'leads');
  add(staffActivities, 'activities');
  add(staffConversions, 'conversions');
  const userIds = [...new Set([...staff.values()].map((s) => s.userId))];
  const users = userIds.length ? await db.selectFrom('users').innerJoin('units', 'units.id', 'users.unit_id').select(['users.id', 'users.display_name', 'units.name as unit_name']).where('users.id', 'in', userIds).execute() : [];
  return {
    year,
    units: units.map((u) => ({ unitId: u.id, unitName: u.name, unitKind: u.kind, leads: get(registered, u.id), activities: get(activities, u.id), visits: toNumber(activities.find((a) => a.unit_id === u.id)?.visits), conversions: get(conversions, u.id), overdue: get(overdue, u.id) })),
    staff: [...staff.values()]
      .map((s) => {
        const user = users.find((u) => u.id === s.userId);
        return { ...s, userName: user?.display_name ?? String(s.userId), unitName: user?.unit_name ?? '' };
      })
      .sort((a, b) => a.month.localeCompare(b.month) || a.userName.localeCompare(b.userName)),
  };
}
