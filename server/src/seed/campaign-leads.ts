import type { Transaction } from 'kysely';
import type { LeadSource } from '../../../common/leads.js';
import type { DB } from '../db/schema.js';
import { logActivityIn } from '../modules/activities/index.js';
import { acceptHandoff, arbitrate, changeLeadStatusIn, createLead, declineHandoff, escalateOverdueHandoffs, followupIn, loadLeadForWrite, startHandoff } from '../modules/leads/index.js';
import type { RequestContext } from '../platform/context.js';
import { CAMPAIGN_SEED, type CampaignPlan } from './campaign-plan.js';
import { FORMS, HOMES, PRODUCTS, TRADES } from './campaign-words.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';
import { draw, type Draw } from './prng.js';

/**
 * The campaign's leads, each told through the lead services as its unit's officer would, at the
 * time it happened: a couple of dozen leads across the units in every state; the resident
 * offices' finds passed on to the districts (accepted, declined, escalated past the deadline and
 * decided by the commerce bureau, still waiting); one company registered again by a district
 * after another zone signed it (a conflict awaiting arbitration) and one pair already arbitrated.
 */
const DAY = 86_400_000;

/** 字号 of lead companies: apart from the ledger's, so no lead collides with a project by chance. */
const LEAD_BRANDS = ['澄源', '禾润', '峰岚', '朗越', '睿泽', '霆智', '沐川', '曜辰', '湛卢', '启衡', '璟昇', '泓远', '铂川', '澜舟', '辰熙', '嘉屹', '翊航', '沣禾', '昱新', '青禾', '觅川', '知微', '凌岳', '拓衡', '舜禹', '致远', '岩川', '恒屹'];
const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const TITLES = ['经理', '总', '主任', '董事长', '总监'];
const UNIT_SOURCES: [LeadSource, number][] = [['business_referral', 4], ['agency', 3], ['expo', 2], ['entrepreneur_network', 3], ['superior', 1], ['other', 1]];

const REGISTRANTS: [user: string, unit: string, weight: number][] = [
  ['xinqu', 'ZJXQ', 5],
  ['xcl', 'ZJXQ-XCL', 3],
  ['dagang', 'ZJXQ-DG', 2],
  ['gaoxin', 'ZJGXQ', 4],
  ['jqjd', 'ZJGXQ-JQ', 1],
  ['jingkou', '321102', 4],
  ['jkjd', '321102-JKL', 1],
  ['dingmao', '321102-DM', 1],
];
const UNIT_CHAINS: Record<string, string[]> = { ZJXQ: ['advanced-materials', 'marine-equipment', 'auto-parts'], 'ZJXQ-XCL': ['advanced-materials', 'energy-storage'], 'ZJXQ-DG': ['marine-equipment'], ZJGXQ: ['aerospace', 'next-gen-it', 'low-altitude', 'ai'], 'ZJGXQ-JQ': ['next-gen-it'], '321102': ['power-equipment', 'medical-biopharma'], '321102-JKL': ['next-gen-it'], '321102-DM': ['medical-biopharma'], 'ZJ-SWJ-SZ': ['auto-parts', 'next-gen-it'], 'ZJ-SWJ-SH': ['medical-biopharma', 'aerospace'], 'ZJ-SWJ-NJ': ['power-equipment', 'hydrogen', 'agri-machinery'] };

interface Made {
  id: number;
  at: number;
}

export async function seedCampaignLeads(trx: Transaction<DB>, deps: SeedWriteDeps, plan: CampaignPlan, projectIds: Map<string, number>, now: Date): Promise<{ leads: number; handoffs: number; conflicts: number }> {
  const d = draw(CAMPAIGN_SEED ^ 0x1ead);
  const chains = new Map((await trx.selectFrom('chains').select(['id', 'code']).execute()).map((c) => [c.code, c.id]));
  const units = new Map((await trx.selectFrom('units').select(['id', 'code']).execute()).map((u) => [u.code, u.id]));
  const contexts = new Map<string, RequestContext>();
  const ctxOf = async (username: string) => contexts.get(username) ?? contexts.set(username, await demoContext(trx, username)).get(username)!;
  const gjAt = (daysAgo: number) => ({ ...deps, clock: { now: () => new Date(now.getTime() - daysAgo * DAY) } });
  const taken = new Set<string>();
  const company = (chain: string) => {
    for (;;) {
      const brand = d.pick(LEAD_BRANDS);
      const trade = d.pick(TRADES[chain]!);
      if (taken.has(brand + trade)) continue;
      taken.add(brand + trade);
      return { brand, trade, name: `${d.pick(HOMES)}${brand}${trade}${d.pick(FORMS)}` };
    }
  };
  const contact = (): [string, string] => [`${d.pick(SURNAMES)}${d.pick(TITLES)}`, `139${String(d.int(0, 99_999_999)).padStart(8, '0')}`];
  let leads = 0;

  /** Registers a lead `daysAgo` for the unit as `user`; answers its id. */
  const register = async (user: string, unit: string, daysAgo: number, chain: string, enterprise: string, source: LeadSource): Promise<Made> => {
    const [name, phone] = contact();
    const wan = Math.round(d.between(8000, 250000) / 1000) * 1000;
    const gj = gjAt(daysAgo);
    const created = await createLead(trx, gj, await ctxOf(user), { title: `${d.pick(PRODUCTS[chain]!)[0]}项目`, enterpriseName: enterprise, chainId: chains.get(chain) ?? null, estimatedInvestmentWan: wan, source, firstContactDate: gj.clock.now().toISOString().slice(0, 10), contactName: name, contactPhone: phone }, units.get(unit)!);
    leads++;
    return { id: created.id, at: daysAgo };
  };
  const follow = async (user: string, lead: Made, daysAgo: number, kind: 'respond' | 'assess' | 'feedback' | 'progress', note: string) => {
    const ctx = await ctxOf(user);
    await followupIn(trx, gjAt(daysAgo), ctx, await loadLeadForWrite(trx, ctx, lead.id), { kind, note });
  };
  const setStatus = async (user: string, lead: Made, daysAgo: number, status: 'negotiating' | 'abandoned', reason?: string) => {
    const ctx = await ctxOf(user);
    await changeLeadStatusIn(trx, gjAt(daysAgo), ctx, await loadLeadForWrite(trx, ctx, lead.id), { status, ...(reason ? { reason } : {}) });
  };

  // The units' own leads, oldest first.
  const own = Array.from({ length: 22 }, () => {
    const [user, unit] = d.weighted(REGISTRANTS.map((r) => [r, r[2]] as const));
    const fate = d.weighted([['new', 10], ['following', 45], ['negotiating', 35], ['abandoned', 10]] as const);
    // A new lead is days old (its first answer is due); the others have had time to move.
    const daysAgo = fate === 'new' ? d.int(1, 4) : d.int(10, 280);
    return { user, unit, daysAgo, fate, chain: d.pick(UNIT_CHAINS[unit]!), source: d.weighted(UNIT_SOURCES), visit: d.chance(0.4) };
  }).sort((a, b) => b.daysAgo - a.daysAgo);
  for (const l of own) {
    const made = await register(l.user, l.unit, l.daysAgo, l.chain, company(l.chain).name, l.source);
    if (l.fate === 'new') continue;
    await follow(l.user, made, l.daysAgo - 1, 'respond', '已电话联系企业，了解投资意向');
    if (l.visit) await visit(trx, d, gjAt(l.daysAgo - 2), await ctxOf(l.user), made.id);
    if (l.fate === 'negotiating' || l.fate === 'abandoned') await follow(l.user, made, l.daysAgo - 3, 'assess', '已完成项目评估，符合园区产业定位');
    if (l.fate === 'negotiating') await setStatus(l.user, made, l.daysAgo - 4, 'negotiating');
    if (l.fate === 'abandoned') await setStatus(l.user, made, l.daysAgo - 5, 'abandoned', '企业投资意向变化，暂停对接');
  }

  // The resident offices' finds, passed on to the districts that fit them.
  const offices = [
    { office: 'ZJ-SWJ-SZ', source: 'office_suzhou' as const, to: 'ZJXQ', ago: 120, sent: 115, story: 'accepted' as const, by: 'xinqu' },
    { office: 'ZJ-SWJ-SH', source: 'office_shanghai' as const, to: 'ZJGXQ', ago: 90, sent: 86, story: 'accepted' as const, by: 'gaoxin' },
    { office: 'ZJ-SWJ-NJ', source: 'office_nanjing' as const, to: '321181', ago: 60, sent: 55, story: 'escalated-decided' as const, by: 'shangwu' },
    { office: 'ZJ-SWJ-SH', source: 'office_shanghai' as const, to: '321183', ago: 30, sent: 25, story: 'escalated' as const, by: 'shangwu' },
    { office: 'ZJ-SWJ-SZ', source: 'office_suzhou' as const, to: '321102', ago: 6, sent: 1, story: 'pending' as const, by: 'jingkou' },
  ];
  let handoffs = 0;
  const send = async (user: string, lead: Made, daysAgo: number, to: string, reason: string, senderShare: number) => {
    const ctx = await ctxOf(user);
    const row = await loadLeadForWrite(trx, ctx, lead.id);
    handoffs++;
    return startHandoff(gjAt(daysAgo), ctx, lead.id, { toUnitId: units.get(to)!, reason, senderShare, version: row.version });
  };
  for (const o of offices) {
    const chain = d.pick(UNIT_CHAINS[o.office]!);
    const made = await register('shangwu', o.office, o.ago, chain, company(chain).name, o.source);
    await follow('shangwu', made, o.ago - 1, 'respond', '驻点招商组拜访企业，企业有意在长三角布局生产基地');
    const handoff = await send('shangwu', made, o.sent, o.to, '项目产业方向与该地区主导产业契合，转交属地跟进', 30);
    if (o.story === 'accepted') {
      await acceptHandoff(gjAt(o.sent - 1), await ctxOf(o.by), handoff, { reason: '符合我区产业定位，安排专人对接' });
      await follow(o.by, made, o.sent - 3, 'respond', '已与企业建立联系，约定实地考察');
      await follow(o.by, made, o.sent - 10, 'assess', '企业已来我区考察，初步确定选址意向');
      await setStatus(o.by, made, o.sent - 12, 'negotiating');
    } else if (o.story !== 'pending') {
      // No answer within the deadline: the schedule sends it up to the commerce bureau.
      await escalateOverdueHandoffs(gjAt(o.sent - 10));
      if (o.story === 'escalated-decided') await acceptHandoff(gjAt(o.sent - 11), await ctxOf('shangwu'), handoff, { reason: '逾期未答复，由市商务局代为确认接收' });
    }
  }
  // A zone's find fits a park elsewhere better: the park declines, the zone sends it on again.
  const misfit = await register('gaoxin', 'ZJGXQ', 40, 'advanced-materials', company('advanced-materials').name, 'expo');
  await follow('gaoxin', misfit, 39, 'respond', '展会对接，企业关注新材料产业配套');
  const first = await send('gaoxin', misfit, 20, 'ZJXQ-XCL', '新材料项目，与新区新材料产业园配套更紧密', 40);
  await declineHandoff(gjAt(18), await ctxOf('xcl'), first, { reason: '园区近期无可供工业用地，建议转丹徒区' });
  await send('gaoxin', misfit, 2, '321112', '按新材料产业园建议，转丹徒区对接', 40);

  // A district registers a company a zone has already signed: a conflict for the commerce bureau.
  const signed = plan.projects.find((p) => p.unit.code === 'ZJXQ' && p.status === 'normal' && p.stage === 'started');
  let conflicts = 0;
  if (signed && projectIds.has(signed.code)) {
    await register('jingkou', '321102', 6, signed.chain || 'power-equipment', signed.investor, 'business_referral');
    conflicts++;
  }
  // Two units met the same company: the commerce bureau split the credit 60/40.
  const pair = company('medical-biopharma');
  await register('dingmao', '321102-DM', 70, 'medical-biopharma', `${pair.brand}${pair.trade}有限公司`, 'entrepreneur_network');
  const later = await register('xinqu', 'ZJXQ', 50, 'medical-biopharma', `${pair.brand}${pair.trade}（江苏）有限公司`, 'agency');
  await arbitrate(gjAt(40), await ctxOf('shangwu'), later.id, { decision: 'split', ownerShare: 60, reason: '丁卯街道首报并持续跟进，新区提供落地载体，按六四比例分成' });
  conflicts++;
  return { leads, handoffs, conflicts };
}

async function visit(trx: Transaction<DB>, d: Draw, gj: SeedWriteDeps & { clock: { now: () => Date } }, ctx: RequestContext, leadId: number) {
  const type = d.pick(['visit', 'reception', 'negotiation'] as const);
  const place = type === 'visit' ? `${d.pick(['苏州', '上海', '南京', '杭州', '深圳', '无锡'])}企业总部` : type === 'reception' ? '园区招商中心' : '管委会会议室';
  await logActivityIn(trx, gj, ctx, { leadId, projectId: null }, { type, date: gj.clock.now().toISOString().slice(0, 10), place, ourPeople: ctx.actor!.displayName, theirPeople: '企业负责人', notes: type === 'visit' ? '走访企业，了解投资计划和选址需求' : type === 'reception' ? '接待企业考察团，介绍园区产业配套' : '就用地、厂房和政策支持进行洽谈' });
}
