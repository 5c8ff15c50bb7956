import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../test/harness.js';
import { TEST_AUDIT_KEY, TEST_FIELD_KEY } from '../../../test/keys.js';

const run = promisify(execFile);
let url: string;
let drop: () => Promise<void>;
let dir: string;

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

async function sheet(name: string, rows: (string | number)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('产值税收');
  ws.addRow(['序号', '项目名称', '产值（万元）', '入库税收（万元）', '从业人员']);
  for (const r of rows) ws.addRow(r);
  const file = join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

beforeAll(async () => {
  ({ url, drop } = await freshDatabaseUrl(false));
  dir = mkdtempSync(join(tmpdir(), 'gj-returns-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await drop();
});

describe('gongjian import returns', () => {
  it('files a quarter for the demo’s producing project by name: a dry run writes nothing, a bad row refuses the sheet (exit 1), the good sheet commits', async () => {
    const good = await sheet('good.xlsx', [[1, '工业互联网平台及数据中心', 2500, 100, 170]]);
    const dry = await gongjian(['import', 'returns', good, '--period', '2025-Q1', '--unit', 'ZJGXQ', '--dry-run', '--json']);
    expect(dry.code, dry.out).toBe(0);
    expect(lastJson(dry.out)).toMatchObject({ rows: 1, matched: 1, committed: false, errors: [] });
    const bad = await sheet('bad.xlsx', [[1, '工业互联网平台及数据中心', 2500, 100, 170], [2, '不存在的项目', 1, 1, 1]]);
    const refused = await gongjian(['import', 'returns', bad, '--period', '2025-Q1', '--json']);
    expect(refused.code).toBe(1);
    expect(lastJson(refused.out)).toMatchObject({ committed: false, errors: [expect.objectContaining({ row: 3, value: '不存在的项目' })] });
    const done = await gongjian(['import', 'returns', good, '--period', '2025-Q1', '--unit', 'ZJGXQ']);
    expect(done.code, done.out).toBe(0);
    expect(done.out).toContain('1 filed');
    const again = await gongjian(['import', 'returns', good, '--period', '2025-Q1', '--json']);
    expect(lastJson(again.out)).toMatchObject({ committed: true, matched: 1 });
    const wrong = await gongjian(['import', 'returns', good, '--period', '2025-13']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.out).toContain('YYYY-Qn');
    // A year the platform does not keep: the console has no route schema in front of it.
    for (const period of ['0000-01', '1999-Q4']) {
      const ancient = await gongjian(['import', 'returns', good, '--period', period, '--json']);
      expect(ancient.code, period).not.toBe(0);
      expect(ancient.out, period).toContain('2000–2100');
    }
  });

  it('files a month where the unit files monthly, and refuses a month of a quarter filed whole, row by row', async () => {
    const good = await sheet('month.xlsx', [[1, '工业互联网平台及数据中心', 800, 30, 170]]);
    const month = await gongjian(['import', 'returns', good, '--period', '2024-05', '--unit', 'ZJGXQ', '--json']);
    expect(month.code, month.out).toBe(0);
    expect(lastJson(month.out)).toMatchObject({ rows: 1, matched: 1, committed: true, errors: [] });
    expect((await gongjian(['import', 'returns', good, '--period', '2024-Q2', '--json'])).out).toContain('2024年5月');
    const mixed = await gongjian(['import', 'returns', good, '--period', '2025-02', '--json']);
    expect(mixed.code).toBe(1);
    expect(lastJson(mixed.out)).toMatchObject({ committed: false, errors: [expect.objectContaining({ row: 2, message: expect.stringContaining('2025年一季度') })] });
  });
});
