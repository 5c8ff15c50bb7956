import ExcelJS from 'exceljs';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { importLoanSheet } from '../modules/finance/index.js';
import { demoContext, type SeedWriteDeps } from './demo-projects.js';

/** Mid-2023's figures per institution (the seed's 各项贷款余额 7,938.34亿元), in 0.01亿: balance, change this year, yoy %, manufacturing. */
const BASE: [name: string, balance: number, ytd: number, yoy: number, mfg: number][] = [
  ['工商银行镇江分行', 118652, 13821, 10.8, 26237],
  ['农业银行镇江分行', 104377, 12640, 12.1, 19864],
  ['中国银行镇江分行', 95831, 11792, 11.6, 23109],
  ['建设银行镇江分行', 101266, 12133, 11.3, 17625],
  ['交通银行镇江分行', 40218, 4576, 9.4, 8813],
  ['江苏银行镇江分行', 83645, 10418, 13.9, 16952],
  ['江苏镇江农村商业银行', 61239, 7325, 12.7, 14188],
  ['邮储银行镇江分行', 38942, 5107, 14.2, 4716],
  ['其他金融机构', 149664, 17243, 12.5, 18662],
];

/**
 * The regulator's loan sheets of the last six months, imported as 金融监管局 would import them
 * (through the importer, totals adding up): lending growing month by month, so the trend charts
 * and the briefing have figures.
 */
export async function seedDemoLoans(trx: Transaction<DB>, deps: SeedWriteDeps, now: Date): Promise<number> {
  const ctx = await demoContext(trx, 'jinrong');
  const china = new Date(now.getTime() + 8 * 3600_000);
  let sheets = 0;
  for (let back = 6; back >= 1; back--) {
    const d = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - back, 15));
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const grow = (v: number) => Math.round(v * (1 + 0.006 * (6 - back)));
    const rows = BASE.map(([name, balance, ytd, yoy, mfg]) => [name, grow(balance), Math.round((ytd * month) / 6), yoy, grow(mfg)] as const);
    const sum = (i: 1 | 2 | 4) => rows.reduce((s, r) => s + r[i], 0);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('贷款');
    ws.addRow([`${year}年${month}月末镇江市金融机构人民币贷款情况表`]);
    ws.addRow(['', '', '', '', '单位：亿元、%']);
    ws.addRow(['机构名称', '各项贷款', '各项贷款', '各项贷款', '其中：制造业贷款']);
    ws.addRow(['机构名称', '余额', '比年初增减', '同比增速', '余额']);
    ws.addRow(['全市合计', sum(1) / 100, sum(2) / 100, 12, sum(4) / 100]);
    for (const r of rows) ws.addRow([r[0], r[1] / 100, r[2] / 100, r[3], r[4] / 100]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const at = new Date(Date.UTC(year, month, 12, 2));
    const report = await importLoanSheet({ ...deps, clock: { now: () => (at < now ? at : now) } }, ctx, file, { period: `${year}-${String(month).padStart(2, '0')}`, dryRun: false, lang: 'zh-CN' });
    if (!report.committed) throw new Error(`demo loan sheet ${year}-${month}: ${JSON.stringify(report.errors)}`);
    sheets++;
  }
  return sheets;
}
