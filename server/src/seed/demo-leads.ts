import type { Transaction } from 'kysely';
import type { LeadSource, LeadStatus } from '../../../common/leads.js';
import type { DB } from '../db/schema.js';
import { DAY } from '../platform/clock.js';
import { logActivityIn } from '../modules/activities/index.js';
import { changeLeadStatusIn, createLead, followupIn, loadLeadForWrite } from '../modules/leads/index.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';

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
  activity?: { type: 'visit' | 'reception' | 'negotiation'; place: string; ours: string; theirs: string; notes: string };
}

/** A handful of leads across the city, one of them a conflict, so every page has something to show. */
const DEMO_LEADS: DemoLead[] = [
  { unit: 'ZJXQ', by: 'xinqu', title: '新能源汽车电驱系统项目', enterprise: '博世汽车部件（苏州）有限公司', source: 'office_suzhou', wan: 150000, status: 'negotiating', daysAgo: 20, contact: ['张经理', '13913800001'], chain: 'auto-parts', activity: { type: 'visit', place: '苏州工业园区', ours: '赵磊、钱晓东', theirs: '张经理', notes: '走访企业总部，了解电驱扩产计划' } },
  { unit: 'ZJXQ', by: 'xinqu', title: '光伏组件智能工厂', enterprise: '隆基绿能科技股份有限公司', source: 'expo', wan: 300000, status: 'following', daysAgo: 12, contact: ['刘总', '13913800002'], chain: 'power-equipment' },
  { unit: 'ZJGXQ', by: 'gaoxin', title: '智能语音产业园', enterprise: '科大讯飞股份有限公司', source: 'entrepreneur_network', wan: 50000, status: 'new', daysAgo: 3, contact: ['陈主任', '13913800003'] },
  { unit: 'ZJGXQ', by: 'gaoxin', title: '光伏电池片项目', enterprise: '隆基绿能科技（江苏）有限公司', source: 'agency', wan: 200000, status: 'new', daysAgo: 2, contact: ['周经理', '13913800004'] },
  { unit: '321102', by: 'jingkou', title: '生物医药研发中心', enterprise: '药明康德新药开发有限公司', source: 'agency', wan: 80000, status: 'following', daysAgo: 9, contact: ['吴博士', '13913800005'], chain: 'medical-biopharma', activity: { type: 'reception', place: '京口区政府', ours: '周涛', theirs: '吴博士', notes: '接待企业考察团' } },
  { unit: 'ZJ-SWJ-SH', by: 'shangwu', title: '高端医疗器械产业化项目', enterprise: '上海微创医疗器械（集团）有限公司', source: 'office_shanghai', wan: 120000, status: 'new', daysAgo: 1, contact: ['孙总', '13913800006'] },
];

/**
 * Each demo lead is registered by its unit's demo user through the registry's own path, at its
 * date: first registration decides ownership (the 隆基 pair becomes a conflict by the rule, not by
 * decree), follow-ups meet deadlines, a visit counts as progress.
 */
export async function seedDemoLeads(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const chains = new Map((await trx.selectFrom('chains').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  // Oldest first, so "first" means what it says.
  for (const l of [...DEMO_LEADS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const at = new Date(now.getTime() - l.daysAgo * DAY);
    const gj = { ...deps, clock: { now: () => at } };
    const ctx = await demoContext(trx, l.by);
    const created = await createLead(
      trx,
      gj,
      ctx,
      {
        title: l.title,
        enterpriseName: l.enterprise,
        chainId: l.chain ? (chains.get(l.chain) ?? null) : null,
        estimatedInvestmentWan: l.wan,
        source: l.source,
        firstContactDate: at.toISOString().slice(0, 10),
        contactName: l.contact[0],
        contactPhone: l.contact[1],
      },
      units.get(l.unit)!,
    );
    const lead = await loadLeadForWrite(trx, ctx, created.id);
    if (l.status !== 'new') await followupIn(trx, gj, ctx, lead, { kind: l.status === 'negotiating' ? 'assess' : 'respond', note: l.status === 'negotiating' ? '已评估，进入洽谈' : '已电话联系企业' });
    if (l.activity) {
      await logActivityIn(trx, gj, ctx, { leadId: created.id, projectId: null }, { type: l.activity.type, date: at.toISOString().slice(0, 10), place: l.activity.place, ourPeople: l.activity.ours, theirPeople: l.activity.theirs, notes: l.activity.notes });
    }
    if (l.status === 'negotiating') await changeLeadStatusIn(trx, gj, ctx, await loadLeadForWrite(trx, ctx, created.id), { status: 'negotiating' });
  }
  return DEMO_LEADS.length;
}
