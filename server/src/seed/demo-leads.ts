import type { Transaction } from 'kysely';
import { DEFAULT_SETTINGS } from '../../../common/settings.js';
import type { LeadSource, LeadStatus } from '../../../common/leads.js';
import type { DB } from '../db/schema.js';
import type { FieldCipher } from '../platform/crypto.js';
import { DAY } from '../platform/clock.js';
import { wanToUnits } from '../platform/money.js';
import { nextDue } from '../modules/leads/deadlines.js';
import { companyKey } from '../platform/company-names.js';
import { searchInitials } from '../platform/search.js';

interface DemoLead {
  unit: string;
  by: string;
  title: string;
  enterprise: string;
  source: LeadSource;
  wan: number;
  status: LeadStatus;
  daysAgo: number;
  contact: [string, string];
  chain?: string;
  /** Index of an earlier demo lead this one collides with (a 撞车 waiting in the bureau's queue). */
  conflictWith?: number;
  activity?: { type: 'visit' | 'reception' | 'negotiation'; place: string; ours: string; theirs: string; notes: string };
}

/** A handful of leads across the city, one of them a conflict, so every page has something to show. */
const DEMO_LEADS: DemoLead[] = [
  { unit: 'ZJXQ', by: 'xinqu', title: '新能源汽车电驱系统项目', enterprise: '博世汽车部件（苏州）有限公司', source: 'office_suzhou', wan: 150000, status: 'negotiating', daysAgo: 20, contact: ['张经理', '13913800001'], chain: 'auto-parts', activity: { type: 'visit', place: '苏州工业园区', ours: '赵磊、钱晓东', theirs: '张经理', notes: '走访企业总部，了解电驱扩产计划' } },
  { unit: 'ZJXQ', by: 'xinqu', title: '光伏组件智能工厂', enterprise: '隆基绿能科技股份有限公司', source: 'expo', wan: 300000, status: 'following', daysAgo: 12, contact: ['刘总', '13913800002'], chain: 'power-equipment' },
  { unit: 'ZJGXQ', by: 'gaoxin', title: '智能语音产业园', enterprise: '科大讯飞股份有限公司', source: 'entrepreneur_network', wan: 50000, status: 'new', daysAgo: 3, contact: ['陈主任', '13913800003'] },
  { unit: 'ZJGXQ', by: 'gaoxin', title: '光伏电池片项目', enterprise: '隆基绿能科技（江苏）有限公司', source: 'agency', wan: 200000, status: 'new', daysAgo: 2, contact: ['周经理', '13913800004'], conflictWith: 1 },
  { unit: '321102', by: 'jingkou', title: '生物医药研发中心', enterprise: '药明康德新药开发有限公司', source: 'agency', wan: 80000, status: 'following', daysAgo: 9, contact: ['吴博士', '13913800005'], chain: 'medical-biopharma', activity: { type: 'reception', place: '京口区政府', ours: '周涛', theirs: '吴博士', notes: '接待企业考察团' } },
  { unit: 'ZJ-SWJ-SH', by: 'shangwu', title: '高端医疗器械产业化项目', enterprise: '上海微创医疗器械（集团）有限公司', source: 'office_shanghai', wan: 120000, status: 'new', daysAgo: 1, contact: ['孙总', '13913800006'] },
];

export async function seedDemoLeads(trx: Transaction<DB>, unitIds: Map<string, number>, cipher: FieldCipher, now: Date): Promise<number> {
  const users = new Map((await trx.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  const chains = new Map((await trx.selectFrom('chains').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  const ids: number[] = [];
  const createdAt: string[] = [];
  for (const [i, l] of DEMO_LEADS.entries()) {
    const at = new Date(now.getTime() - l.daysAgo * DAY).toISOString();
    const key = companyKey(l.enterprise);
    const owner = l.conflictWith === undefined ? undefined : DEMO_LEADS[l.conflictWith]!;
    const clock = { status: l.status, clock_start_at: at, responded_at: l.status === 'new' ? null : at, assessed_at: l.status === 'negotiating' ? at : null, fed_back_at: null, last_progress_at: null };
    const due = nextDue(clock, DEFAULT_SETTINGS, now);
    const unitId = unitIds.get(l.unit)!;
    const row = await trx
      .insertInto('leads')
      .values({
        code: `XS${at.slice(0, 4)}${String(i + 1).padStart(5, '0')}`,
        title: l.title,
        enterprise_name: l.enterprise,
        enterprise_key: key.key!,
        enterprise_region_key: key.region,
        enterprise_tags: '[]',
        chain_id: l.chain ? (chains.get(l.chain) ?? null) : null,
        estimated_investment_yuan: wanToUnits(l.wan),
        source: l.source,
        first_contact_date: at.slice(0, 10),
        contact_name: l.contact[0],
        contact_phone_enc: cipher.encrypt(l.contact[1]),
        unit_id: unitId,
        registered_unit_id: unitId,
        registered_by: users.get(l.by) ?? null,
        status: l.status,
        conflict_state: owner ? 'open' : null,
        conflict_lead_id: owner ? ids[l.conflictWith!]! : null,
        conflict_owner_unit_id: owner ? unitIds.get(owner.unit)! : null,
        conflict_registered_on: owner ? createdAt[l.conflictWith!]!.slice(0, 10) : null,
        search_initials: searchInitials(l.title, l.enterprise),
        clock_start_at: at,
        responded_at: clock.responded_at,
        assessed_at: clock.assessed_at,
        next_due_kind: due?.kind ?? null,
        next_due_at: due?.at ?? null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    createdAt.push(at);
    if (!owner) await trx.insertInto('credits').values({ object_type: 'lead', object_id: row.id, unit_id: unitId, share: 100, basis: 'first', decided_at: at }).execute();
    await trx.insertInto('lead_events').values({ lead_id: row.id, at, user_id: users.get(l.by) ?? null, unit_id: unitId, kind: 'create', from_value: null, to_value: 'new', reason: null, detail: null }).execute();
    if (owner) await trx.insertInto('lead_events').values({ lead_id: row.id, at, user_id: users.get(l.by) ?? null, unit_id: unitId, kind: 'conflict', from_value: null, to_value: DEMO_LEADS[l.conflictWith!]!.unit === 'ZJXQ' ? '镇江新区' : owner.unit, reason: null, detail: null }).execute();
    if (l.activity) {
      await trx
        .insertInto('activities')
        .values({ lead_id: row.id, project_id: null, unit_id: unitId, type: l.activity.type, date: at.slice(0, 10), place: l.activity.place, our_people: l.activity.ours, their_people: l.activity.theirs, notes: l.activity.notes, created_by: users.get(l.by) ?? null, created_at: at })
        .execute();
    }
  }
  return DEMO_LEADS.length;
}
