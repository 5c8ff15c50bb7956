import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { publishRanking } from '../modules/rankings/index.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';
import { chinaDay } from '../platform/china-time.js';

/**
 * The 赛马榜 of each month of this year that has ended, published by the commerce bureau on the
 * 10th of the next month (as the schedule would), so the board has a history and month-on-month
 * movement. Each is counted from the demo ledger as it stands: the demo was written at once.
 */
export async function seedDemoRankings(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const today = chinaDay(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const ctx = await demoContext(trx, 'shangwu');
  let published = 0;
  for (let m = 1; m < month; m++) {
    const period = `${year}-${String(m).padStart(2, '0')}`;
    const at = new Date(Math.min(Date.UTC(year, m, 10, 2), now.getTime()));
    await publishRanking({ db: trx, audit: deps.audit, dialect: deps.dialect, clock: { now: () => at } }, ctx, period, { trx });
    published++;
  }
  return published;
}
