import type { Transaction } from 'kysely';
import { previousQuarter, quarterOfDay } from '../../../common/returns.js';
import type { DB } from '../db/schema.js';
import { chinaDay } from '../platform/china-time.js';
import { filePeriod, setCommitments } from '../modules/returns/index.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';

/**
 * 投产达效 in motion, dated relative to today: the data centre of 高新区 producing, its last two
 * quarters past 80% of its design output — 达产 proposed and waiting for the unit to confirm; the
 * car-lamp plant of 丹阳 at 达产 whose committed tax of last year was not reached (on the gap
 * list), with 亩均 figures for both; filed by the commission's officer through the form's write path.
 */
const DEMO: { code: string; commitments: Record<string, number>; quarters: [outputWan: number, taxWan: number, jobs: number][] }[] = [
  { code: 'XM2023GX003', commitments: { designOutputWan: 20_000, capacityYear: 2024, returnsYear: 2026, returnsOutputWan: 22_000, returnsTaxWan: 1_200, jobs: 260, landMu: 60 }, quarters: [[2600, 110, 180], [3100, 150, 205], [3500, 170, 220], [4050, 210, 240], [4200, 230, 248]] },
  { code: 'XM2023DY001', commitments: { designOutputWan: 60_000, capacityYear: 2024, returnsYear: 2025, returnsOutputWan: 66_000, returnsTaxWan: 3_600, jobs: 520, landMu: 120 }, quarters: [[12800, 640, 470], [13500, 700, 485], [13900, 720, 500], [14600, 760, 505], [15100, 790, 512]] },
];

export async function seedDemoReturns(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const ctx = await demoContext(trx, 'fagai');
  const gj = { ...deps, clock: { now: () => now } };
  // The last five quarters that have ended, oldest first.
  const quarters = [previousQuarter(quarterOfDay(chinaDay(now)))];
  while (quarters.length < 5) quarters.unshift(previousQuarter(quarters[0]!));
  let filed = 0;
  for (const d of DEMO) {
    const project = await trx.selectFrom('projects').select('id').where('code', '=', d.code).executeTakeFirst();
    if (!project) continue;
    await setCommitments(gj, ctx, project.id, { ...d.commitments, version: 0 });
    for (const [i, [outputWan, taxWan, jobs]] of d.quarters.entries()) {
      await filePeriod(gj, ctx, project.id, quarters[i]!, { outputWan, taxWan, jobs }, { trx });
      filed++;
    }
  }
  return filed;
}
