import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../test/harness.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from '../../../test/keys.js';

const run = promisify(execFile);
let url: string;
let drop: () => Promise<void>;

async function gongjian(args: string[]): Promise<{ code: number; out: string }> {
  const env = { ...process.env, DATABASE_URL: url, GONGJIAN_DEMO: '0', GONGJIAN_FIELD_KEY: TEST_FIELD_KEY.toString('hex'), GONGJIAN_AUDIT_KEY: TEST_AUDIT_KEY.toString('hex'), LANG: 'zh_CN.UTF-8' };
  try {
    const { stdout, stderr } = await run('node', ['bin/gongjian.mjs', ...args], { env, timeout: 90_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!);

beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl(false));
});
afterAll(async () => drop());

describe('gongjian import dispatch', () => {
  it('takes over a past month from the sample sheet: opens the period, 24 matched, row 29 rejected, the sums of the README', async () => {
    const ledger = await gongjian(['import', 'projects', '../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx', '--unit', '镇江新区', '--json']);
    expect(ledger.code, ledger.out).toBe(0);
    const sheet = '../shared/samples/镇江新区2023年6月重点项目进度调度表.xlsx';
    const dry = await gongjian(['import', 'dispatch', sheet, '--unit', 'ZJXQ', '--period', '2023-06', '--dry-run', '--json']);
    expect(dry.code, dry.out).toBe(0);
    expect(lastJson(dry.out)).toMatchObject({ rows: 25, matched: 24, committed: false, monthWan: 69_419, cumulativeWan: 370_418 });
    const done = await gongjian(['import', 'dispatch', sheet, '--unit', 'ZJXQ', '--period', '2023-06', '--json']);
    const report = lastJson(done.out);
    expect(report).toMatchObject({ rows: 25, matched: 24, created: 24, updated: 0, unchanged: 0, committed: true, monthWan: 69_419, cumulativeWan: 370_418 });
    expect(report.errors).toEqual([expect.objectContaining({ row: 29, value: '年产5万吨锂电池隔膜项目' })]);
    const again = lastJson((await gongjian(['import', 'dispatch', sheet, '--unit', 'ZJXQ', '--period', '2023-06', '--json'])).out);
    expect(again).toMatchObject({ matched: 24, created: 0, unchanged: 24 });
    const bad = await gongjian(['import', 'dispatch', sheet, '--unit', 'ZJXQ', '--period', '2023-13']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('期次应为');
  });
});
