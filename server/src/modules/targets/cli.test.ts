import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connect.js';
import { freshDatabaseUrl } from '../../../test/harness.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from '../../../test/keys.js';

const run = promisify(execFile);
const SAMPLE = '../shared/samples/2023年度项目攻坚目标任务分解表.xlsx';
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

async function targetRows(year: number) {
  const database = openDatabase(url);
  try {
    const rows = await database.db.selectFrom('target_versions').select(['unit_id', 'indicator_code', 'value', 'source']).where('year', '=', year).execute();
    const audit = await database.db.selectFrom('audit_log').select('action').where('action', 'like', 'target.%').execute();
    return { rows, actions: audit.map((a) => a.action) };
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl(false));
});
afterAll(async () => drop());

describe('gongjian import targets', () => {
  it('imports the sample sheet through the service: dry run writes nothing, 8 units, re-import changes nothing, audited', async () => {
    const dry = await gongjian(['import', 'targets', SAMPLE, '--year', '2023', '--dry-run', '--json']);
    expect(dry.code, dry.out).toBe(0);
    expect(lastJson(dry.out)).toEqual({ rows: 8, units: 8, committed: false, errors: [] });
    expect((await targetRows(2023)).rows).toHaveLength(0);

    const done = await gongjian(['import', 'targets', SAMPLE, '--year', '2023', '--json']);
    expect(done.code, done.out).toBe(0);
    expect(lastJson(done.out)).toEqual({ rows: 8, units: 8, committed: true, errors: [] });
    const { rows, actions } = await targetRows(2023);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.source === 'import')).toBe(true);
    expect(actions).toEqual(expect.arrayContaining(['target.import-dry-run', 'target.set', 'target.import']));

    const again = await gongjian(['import', 'targets', SAMPLE, '--year', '2023']);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toContain('8 units, 0 rejected; 0 targets changed, 40 unchanged');
    expect((await targetRows(2023)).rows).toHaveLength(40);
  });

  it('exits non-zero on a rejected row or a bad year, and writes nothing', async () => {
    // The project ledger is no target table: refused whole.
    const wrong = await gongjian(['import', 'targets', '../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx', '--year', '2024', '--json']);
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('未找到目标任务分解表的表头');
    const year = await gongjian(['import', 'targets', SAMPLE, '--year', '23']);
    expect(year.code).not.toBe(0);
    expect((await targetRows(2024)).rows).toHaveLength(0);
  });
});
