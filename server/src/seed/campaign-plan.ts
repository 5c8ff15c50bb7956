import { STAGES, type Stage } from '../../../common/projects.js';
import { chinaDay } from '../platform/china-time.js';
import { draw, type Draw } from './prng.js';
import { BRANDS, CAMPAIGN_UNITS, FOREIGN_HOMES, FORMS, HOMES, LEADERS, NO_CHAIN_TRADES, PRODUCTS, SERVICE_PRODUCTS, SUSPEND_REASONS, TERMINATE_REASONS, TRADES, type CampaignUnit } from './campaign-words.js';

/**
 * The demo campaign's ledger, planned in memory from a seed and today's date (China time): the
 * same `now` gives the same projects. Four groups: continuing projects signed two or three years
 * ago (now producing, at capacity, at target returns), last year's signings, this year's
 * signings up to today, and a pipeline of leads and negotiations not signed yet. Each project
 * lives a simulated life — signing, registration, land, start, statistics, completion,
 * production, capacity, returns — at realistic intervals; a few stall at a stage, so their
 * planned dates pass and the warnings light up. Actual dates are never after today.
 */
export const CAMPAIGN_SEED = 0x6a2026;

export interface PlannedProject {
  code: string;
  name: string;
  investor: string;
  investorRegion: string | null;
  investorTags: string[];
  unit: CampaignUnit;
  chain: string;
  role: 'strengthen' | 'extend' | 'fill';
  nature: 'new' | 'expansion' | 'renovation';
  category: 'industrial' | 'service';
  wan: number;
  foreignUsdWan: number | null;
  tags: string[];
  leader: string | null;
  stage: Stage;
  status: 'normal' | 'suspended' | 'terminated';
  statusReason: string | null;
  /** Every stage's simulated date: actual up to the stage reached, planned after it. */
  timeline: Record<Stage, string>;
  /** Planned dates as the ledger keeps them (the start's plan may precede the actual start). */
  planned: Partial<Record<Stage, string>>;
  /** When the project entered the ledger. */
  registeredOn: string;
  /** 亿元以上 by the counting rule (domestic ≥ 1亿, foreign ≥ 1000万美元). */
  above100m: boolean;
}

export interface CampaignPlan {
  today: string;
  year: number;
  projects: PlannedProject[];
  /** This year's full signing plan per unit (also the part not signed yet): the targets' basis. */
  yearPlan: Map<string, { signed: number; signed1b: number }>;
}

const DAY = 86_400_000;
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + Math.round(days) * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
const dayOfYear = (year: number, d: Draw) => addDays(`${year}-01-01`, d.int(0, 364));

function amountWan(d: Draw, unit: CampaignUnit): number {
  if (unit.kind === 'street') {
    const band = d.weighted([['small', 55], ['mid', 40], ['big', 5]] as const);
    const wan = band === 'small' ? d.between(2000, 9800) : band === 'mid' ? d.between(10000, 30000) : d.between(30000, 80000);
    return Math.round(wan / 100) * 100;
  }
  const band = d.weighted([['small', 12], ['mid', 55], ['big', 20], ['huge', 13]] as const);
  if (band === 'small') return Math.round(d.between(3000, 9500) / 100) * 100;
  if (band === 'mid') return Math.round(d.between(10000, 50000) / 100) * 100;
  if (band === 'big') return Math.round(d.between(50000, 100000) / 1000) * 1000;
  return Math.round((100000 * Math.exp(d.rand() * 1.8)) / 1000) * 1000;
}

/** A life from signing on: each stage's date, if nothing stalls it. */
function simulate(d: Draw, signed: string, wan: number, nature: PlannedProject['nature']): Record<Stage, string> {
  const lead = addDays(signed, -d.int(60, 240));
  const negotiating = addDays(signed, -d.int(10, Math.min(120, daysBetween(lead, signed) - 10)));
  const registered = addDays(signed, d.int(10, 60));
  const land = addDays(registered, nature === 'renovation' ? d.int(5, 20) : d.int(20, 120));
  const started = addDays(land, d.int(15, 100));
  const statistics = addDays(started, d.chance(0.2) ? d.int(70, 160) : d.int(15, 55));
  const buildMonths = wan < 10000 ? 12 : wan <= 50000 ? 18 : 24;
  const completed = addDays(started, buildMonths * 30.4 * d.between(0.85, 1.25));
  const producing = addDays(completed, d.int(0, 45));
  const capacity = addDays(producing, (wan < 10000 ? 6 : 12) * 30.4 * d.between(0.8, 1.3));
  const returns = addDays(capacity, d.int(150, 330));
  return { lead, negotiating, signed, registered, land, started, statistics, completed, producing, capacity, returns };
}

interface Names {
  taken: Set<string>;
  investorKeys: Set<string>;
}

/** A round yearly output near `typical` (two significant digits). */
function yearlyOutput(d: Draw, typical: number): number {
  const x = typical * d.between(0.3, 1.5);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.max(1, Math.round(x / step) * step);
}

function productOf(d: Draw, chain: string): [string, string?, number?] {
  return d.pick(PRODUCTS[chain]!);
}

function projectName(d: Draw, product: [string, string?, number?], brand: string, nature: PlannedProject['nature'], wan: number, names: Names): string {
  const [title, unit, typical] = product;
  const service = SERVICE_PRODUCTS.has(title);
  for (let attempt = 0; ; attempt++) {
    const yearly = unit && typical ? `年产${yearlyOutput(d, typical)}${unit}` : '';
    const suffix = service
      ? d.pick(['项目', '二期项目'])
      : nature === 'expansion'
        ? d.pick(['扩建项目', '扩产项目'])
        : nature === 'renovation'
          ? d.pick(['智能化技术改造项目', '技改项目'])
          : wan >= 100000
            ? d.pick(['产业园', '生产基地', '项目'])
            : d.pick(['项目', '生产基地', '研发及产业化项目', '智能制造项目']);
    const form = d.weighted([['plain', 4], ['yearly', yearly && suffix !== '产业园' ? 3 : 0], ['brand', 3]] as const);
    // A name taken already gets the investor's 字号, as ledgers tell two such projects apart.
    const name = form === 'yearly' && attempt === 0 ? `${yearly}${title}${suffix}` : form === 'brand' || attempt > 0 ? `${brand}${title}${suffix}` : `${title}${suffix}`;
    if (!names.taken.has(name)) {
      names.taken.add(name);
      return name;
    }
  }
}

function investorOf(d: Draw, chain: string, product: string, foreign: boolean, names: Names): { investor: string; brand: string; region: string | null } {
  for (;;) {
    const brand = d.pick(BRANDS);
    const trade = d.pick(chain ? TRADES[chain]! : NO_CHAIN_TRADES[product]!);
    // The normalised company key drops the region and the legal form: keep it unique, so no two
    // generated projects (and no demo lead) look like one enterprise to the conflict check.
    if (names.investorKeys.has(brand + trade)) continue;
    names.investorKeys.add(brand + trade);
    if (foreign) return { investor: `${brand}（镇江）${trade}有限公司`, brand, region: d.pick(FOREIGN_HOMES) };
    const home = d.pick(HOMES);
    return { investor: `${home}${brand}${trade}${d.pick(FORMS)}`, brand, region: home };
  }
}

type Group = 'continuing' | 'previous' | 'current' | 'pipeline';

/**
 * One project of a group. Every draw is made before today decides anything, so a project keeps
 * its name, unit and amounts from one day to the next; only how far it got moves with the date.
 */
function candidate(d: Draw, group: Group, unit: CampaignUnit, year: number, today: string, names: Names): Omit<PlannedProject, 'code'> {
  const chain = d.chance(0.82) ? d.pick(unit.chains) : '';
  const foreign = chain !== '' && d.chance(0.05);
  const nature = d.weighted([['new', 75], ['expansion', 17], ['renovation', 8]] as const);
  let wan = amountWan(d, unit);
  const usd = Math.round(d.between(1500, 30000) / 100) * 100;
  if (foreign) wan = Math.round((usd * 7.1) / 100) * 100;
  const product = productOf(d, chain);
  const { investor, brand, region } = investorOf(d, chain, product[0], foreign, names);
  const name = projectName(d, product, brand, nature, wan, names);
  const signed =
    group === 'continuing' ? addDays(`${year - 3}-01-01`, d.int(0, 540)) : group === 'previous' ? dayOfYear(year - 1, d) : group === 'current' ? dayOfYear(year, d) : addDays(today, d.int(15, 180));
  let timeline = simulate(d, signed, wan, nature);
  if (group === 'pipeline') {
    // First met in the last half-year; the signing is planned, negotiations may have begun.
    const lead = addDays(today, -d.int(5, 200));
    const talks = addDays(lead, d.int(20, 150));
    timeline = { ...timeline, lead, negotiating: talks < signed ? talks : addDays(signed, -5) };
  }
  const stall = d.weighted([[STAGES.length - 1, 80], [2, 4], [3, 4], [4, 5], [5, 3], [7, 2], [8, 2]] as const);
  const status = d.weighted([['normal', 96], ['suspended', 2.5], ['terminated', 1.5]] as const);
  const reason = d.pick(status === 'suspended' ? SUSPEND_REASONS : TERMINATE_REASONS);
  const planLag = d.chance(0.6) ? d.int(0, 75) : 0;
  const tagDraw = d.rand();
  const leader = d.pick(LEADERS);
  const investorTag = d.chance(0.12) ? (foreign ? '世界500强' : d.pick(['上市公司', '央企', '国企', '专精特新小巨人', '高新技术企业'])) : null;
  const role = d.weighted([['strengthen', 45], ['extend', 35], ['fill', 20]] as const);

  let reached = 0;
  STAGES.forEach((s, i) => {
    if (i <= stall && timeline[s] <= today) reached = i;
  });
  const planned: Partial<Record<Stage, string>> = {};
  // From the signing on every stage has a plan; a reached start often came later than planned.
  STAGES.forEach((s, i) => {
    if (i >= 2) planned[s] = s === 'started' && i <= reached ? addDays(timeline[s], -planLag) : timeline[s];
  });
  // Only signed projects not yet built are suspended or terminated.
  const live = reached >= 2 && reached <= 5;
  const tags = wan >= 100000 ? [tagDraw < 0.4 ? '省重大' : '市重大'] : wan >= 50000 && tagDraw < 0.5 ? ['市重大'] : [];
  if (foreign) tags.push('外资');
  return {
    name,
    investor,
    investorRegion: region,
    investorTags: investorTag ? [investorTag] : [],
    unit,
    chain,
    role,
    nature,
    category: SERVICE_PRODUCTS.has(product[0]) ? 'service' : 'industrial',
    wan,
    foreignUsdWan: foreign ? usd : null,
    tags,
    leader: wan >= 50000 ? leader : null,
    stage: STAGES[reached]!,
    status: live ? status : 'normal',
    statusReason: live && status !== 'normal' ? reason : null,
    timeline,
    planned,
    registeredOn: group === 'pipeline' ? timeline.lead : signed,
    above100m: foreign ? usd >= 1000 : wan >= 10000,
  };
}

const GROUPS: [Group, number][] = [
  ['continuing', 30],
  ['previous', 150],
  ['current', 180],
  ['pipeline', 24],
];

export function planCampaign(now: Date, seed = CAMPAIGN_SEED): CampaignPlan {
  const today = chinaDay(now);
  const year = Number(today.slice(0, 4));
  const d = draw(seed);
  const names: Names = { taken: new Set(), investorKeys: new Set() };
  const weights = CAMPAIGN_UNITS.map((u) => [u, u.weight] as const);
  const kept: Omit<PlannedProject, 'code'>[] = [];
  const yearPlan = new Map<string, { signed: number; signed1b: number }>(CAMPAIGN_UNITS.map((u) => [u.code, { signed: 0, signed1b: 0 }]));
  for (const [group, count] of GROUPS) {
    for (let i = 0; i < count; i++) {
      // Every unit gets one of each group first, whatever the weights draw.
      const unit = i < CAMPAIGN_UNITS.length ? CAMPAIGN_UNITS[i]! : d.weighted(weights);
      const p = candidate(d, group, unit, year, today, names);
      if (group === 'current') {
        // The year's plan is the whole year's, signed yet or not.
        const plan = yearPlan.get(unit.code)!;
        if (p.above100m) plan.signed++;
        if (p.wan >= 100000) plan.signed1b++;
        if (p.timeline.signed > today) continue;
      }
      kept.push(p);
    }
  }
  // The ledger in the order it was registered (the newest first on its default page), numbered
  // per year of registration and unit: XM2026XQ201, …
  kept.sort((a, b) => (a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : 0));
  const counter = new Map<string, number>();
  const projects = kept.map((p) => {
    const key = `${p.registeredOn.slice(0, 4)}${p.unit.abbr}`;
    const n = (counter.get(key) ?? 200) + 1;
    counter.set(key, n);
    return { ...p, code: `XM${key}${n}` };
  });
  return { today, year, projects, yearPlan };
}
