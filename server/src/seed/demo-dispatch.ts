import type { Transaction } from 'kysely';
import { periodOf } from '../../../common/dispatch.js';
import type { DB } from '../db/schema.js';
import { unitsToWan } from '../platform/money.js';
import { fileReport, openPeriod, requestLate, setKeyProject, type ReportInput } from '../modules/dispatch/index.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';

/**
 * The dispatch part of a Zhenjiang campaign in motion, dated relative to today: this year's key
 * projects with their plans, one period per month up to the current one (the current month open
 * and partly filed, the months before locked), paces that give green, yellow, a yellow turned red
 * by the two-yellows rule and red, and a late filing waiting for the commission's approval.
 * Everything goes through the dispatch services as the demo users, at the time it would happen.
 */
interface Listed {
  code: string;
  filer: string;
  level: 'province' | 'city' | 'district';
  /** Share of the total investment planned for this year, percent. */
  planPct: number;
  /** Points behind 序时进度 in month m (negative: ahead). */
  behind: (m: number, last: number) => number;
  progress: string;
}

const LISTED: Listed[] = [
  { code: 'XM2023XQ001', filer: 'fagai', level: 'province', planPct: 30, behind: () => -3, progress: '主体结构封顶，设备基础施工' },
  { code: 'XM2023XQ002', filer: 'fagai', level: 'city', planPct: 40, behind: (m, last) => (m === last ? 16 : 2), progress: '设备安装调试' },
  { code: 'XM2023XQ003', filer: 'xinqu', level: 'district', planPct: 25, behind: () => 35, progress: '施工图审查，待办理施工许可' },
  { code: 'XM2023XQ004', filer: 'xinqu', level: 'district', planPct: 45, behind: () => 15, progress: '土地平整，桩基施工' },
  { code: 'XM2023GX001', filer: 'fagai', level: 'city', planPct: 35, behind: () => 8, progress: '钢结构厂房吊装' },
  { code: 'XM2023GX002', filer: 'gaoxin', level: 'district', planPct: 40, behind: (m) => (m % 2 === 0 ? 6 : 14), progress: '装修及洁净车间施工' },
  { code: 'XM2023JK001', filer: 'fagai', level: 'city', planPct: 30, behind: (m) => (m <= 6 ? 22 : 5), progress: '扩建车间主体完工，生产线安装' },
  { code: 'XM2023JK003', filer: 'jkjd', level: 'district', planPct: 50, behind: (m) => (m >= 9 ? 12 : 4), progress: '园区改造二期施工' },
  { code: 'XM2023DY002', filer: 'fagai', level: 'district', planPct: 30, behind: () => 40, progress: '办理规划许可' },
];

const DAY = 86_400_000;
/** 10:00 in China on a date. */
const chinaMorning = (date: string) => new Date(`${date}T02:00:00Z`);
const earlier = (a: Date, b: Date) => (a.getTime() < b.getTime() ? a : b);

export async function seedDemoDispatch(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<{ periods: number; reports: number }> {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const year = china.getUTCFullYear();
  const current = china.getUTCMonth() + 1;
  const at = (when: Date) => ({ ...deps, clock: { now: () => earlier(when, now) } });
  const projects = new Map((await trx.selectFrom('projects').select(['id', 'code', 'total_investment_yuan']).where('code', 'in', LISTED.map((l) => l.code)).execute()).map((p) => [p.code, p]));
  const fagai = await demoContext(trx, 'fagai');
  const contexts = new Map<string, Awaited<ReturnType<typeof demoContext>>>();
  const ctxOf = async (username: string) => contexts.get(username) ?? contexts.set(username, await demoContext(trx, username)).get(username)!;

  // The lists are set at the start of the year.
  const yearStart = chinaMorning(`${year}-01-06`);
  const plans = new Map<string, number>();
  for (const l of LISTED) {
    const p = projects.get(l.code)!;
    const planWan = Math.round(unitsToWan(p.total_investment_yuan)! * (l.planPct / 100));
    plans.set(l.code, planWan);
    await setKeyProject(at(yearStart), l.level === 'district' ? await ctxOf(l.filer === 'fagai' ? 'fagai' : l.filer) : fagai, p.id, year, { levels: [l.level], planWan });
  }

  let reports = 0;
  const cumulative = new Map<string, number>();
  for (let m = 1; m <= current; m++) {
    const period = periodOf(year, m);
    const next = m === 12 ? `${year + 1}-01` : periodOf(year, m + 1);
    // The current month's period opens a few days before its end, so the demo always has one open.
    const opensAt = m === current ? new Date(now.getTime() - 3 * DAY) : chinaMorning(`${next}-01`);
    await openPeriod(at(opensAt), fagai, period);
    const filedAt = m === current ? new Date(now.getTime() - 2 * DAY) : chinaMorning(`${next}-03`);
    for (const l of LISTED) {
      // The current month: only 镇江新区 has filed so far. The month before: 健康路街道 missed it.
      if (m === current && !l.code.startsWith('XM2023XQ')) continue;
      if (m === current - 1 && l.code === 'XM2023JK003') continue;
      const plan = plans.get(l.code)!;
      const before = cumulative.get(l.code) ?? 0;
      const target = Math.max(before, Math.round(plan * (m / 12 - l.behind(m, current) / 100)));
      const input: ReportInput = { monthWan: target - before, cumulativeWan: target, progressText: l.progress, nextSteps: '加快施工进度，确保按期完成年度计划', problems: l.behind(m, current) > 10 ? '施工用工紧张，需协调劳务保障' : null };
      await fileReport(at(filedAt), await ctxOf(l.filer), period, projects.get(l.code)!.id, input);
      cumulative.set(l.code, target);
      reports++;
    }
  }
  // 健康路街道 asks to file last month late; the commission has not decided yet.
  if (current > 1) {
    const lastDeadline = `${periodOf(year, current)}-05`;
    const today = china.toISOString().slice(0, 10);
    if (today > lastDeadline) {
      const jkjd = await ctxOf('jkjd');
      await requestLate(at(new Date(now.getTime() - DAY)), jkjd, periodOf(year, current - 1), jkjd.actor!.unitId, '街道项目专员调岗交接，未能按时报送');
    }
  }
  return { periods: current, reports };
}
