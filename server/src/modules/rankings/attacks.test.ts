import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/**
 * Targets and the 赛马榜 attacked: twenty writers at once (versions must stay unique and
 * consecutive, every answer a clean 200 or 409), the district next door, the administrators,
 * hostile sheets. On the demo data: this year's targets and published months.
 */
let t: TestApp;
let shangwu: Agent;
let gaoxin: Agent;
let xinqu: Agent;
const year = 2026;

const upload = (agent: Agent, url: string, file: Buffer) =>
  t.app.inject({ method: 'POST', url, payload: file, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' } });

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2026-11-20T02:00:00Z') });
  [shangwu, gaoxin, xinqu] = await Promise.all([t.login('shangwu'), t.login('gaoxin'), t.login('xinqu')]);
});
afterAll(async () => t.close());

const consecutive = (versions: number[]) => [...versions].sort((a, b) => a - b).every((v, i, all) => i === 0 || v === all[i - 1]! + 1);

describe('targets and rankings under attack', () => {
  it('twenty publishes of one month at once: each a new version, none twice, no 500', async () => {
    const before = await t.app.gj.db.selectFrom('published_rankings').select('version').where('period', '=', `${year}-10`).execute();
    const answers = await Promise.all(Array.from({ length: 20 }, () => shangwu.post('/api/rankings/publish', { period: `${year}-10` })));
    for (const a of answers) expect([200, 409, 503], a.body).toContain(a.statusCode);
    const ok = answers.filter((a) => a.statusCode === 200).map((a) => a.json().version as number);
    expect(ok.length).toBeGreaterThan(0);
    expect(new Set(ok).size).toBe(ok.length);
    const after = (await t.app.gj.db.selectFrom('published_rankings').select('version').where('period', '=', `${year}-10`).execute()).map((r) => r.version);
    expect(after.length).toBe(before.length + ok.length);
    expect(consecutive(after)).toBe(true);
    expect((await xinqu.get(`/api/rankings/published/${year}-10/verify`)).json().equal).toBe(true);
  });

  it('twenty new scheme versions and twenty counting-rule versions at once: versions unique and consecutive, no 500', async () => {
    const weights = { signed_100m: 40, signed_1b: 10, started_100m: 20, chain_share: 10, investment_wan: 20 };
    const schemes = await Promise.all(Array.from({ length: 20 }, () => shangwu.post('/api/rankings/schemes', { validFrom: `${year + 1}-01-01`, definition: { method: 'efficacy', weights, bonuses: [], deductions: [] } })));
    for (const a of schemes) expect([200, 409, 503], a.body).toContain(a.statusCode);
    const schemeVersions = (await t.app.gj.db.selectFrom('scoring_schemes').select('version').where('code', '=', 'default').execute()).map((r) => r.version);
    expect(new Set(schemeVersions).size).toBe(schemeVersions.length);
    expect(consecutive(schemeVersions)).toBe(true);

    const definition = { above100mYuan: 100_000_000, above10mUsd: 10_000_000, above1bYuan: 1_000_000_000, above100mUsd: 100_000_000 };
    const rules = await Promise.all(Array.from({ length: 20 }, () => shangwu.post('/api/rankings/counting-rules', { validFrom: `${year + 1}-01-01`, definition })));
    for (const a of rules) expect([200, 409, 503], a.body).toContain(a.statusCode);
    const ruleVersions = (await t.app.gj.db.selectFrom('counting_rules').select('version').execute()).map((r) => r.version);
    expect(consecutive(ruleVersions)).toBe(true);
    // Every indicator has exactly one version per counting-rule version.
    const perIndicator = await t.app.gj.db.selectFrom('indicators').select(['code', 'rule_version']).where('builtin', '=', 1).execute();
    const keys = perIndicator.map((i) => `${i.code}:${i.rule_version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('twenty writers of one target at once: every answer clean, the value in force is one of theirs, the history has no duplicate step', async () => {
    const unitId = await t.unitId('ZJXQ');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => shangwu.put('/api/targets', { year, items: [{ unitId, indicatorCode: 'signed_100m', value: 100 + (i % 2) }] })));
    for (const a of answers) expect([200, 409, 503], a.body).toContain(a.statusCode);
    const history = (await t.app.gj.db.selectFrom('target_versions').select('value').where('year', '=', year).where('unit_id', '=', unitId).where('indicator_code', '=', 'signed_100m').orderBy('id').execute()).map((r) => r.value);
    // A version equal to the one before it is a write that changed nothing: a race let it through.
    for (let i = 1; i < history.length; i++) expect(history[i], history.join(',')).not.toBe(history[i - 1]);
    const inForce = (await xinqu.get(`/api/targets?year=${year}`)).json().units.find((u: { unitId: number }) => u.unitId === unitId).targets.signed_100m;
    expect([100, 101]).toContain(inForce);
  });

  it('the district next door reads the board but not the rows behind a neighbour, and cannot publish, set, import or add versions', async () => {
    const xinquUnit = await t.unitId('ZJXQ');
    expect((await gaoxin.get(`/api/rankings?year=${year}`)).statusCode).toBe(200);
    expect([403, 404]).toContain((await gaoxin.get(`/api/rankings/rows?year=${year}&unitId=${xinquUnit}&indicator=signed_100m`)).statusCode);
    expect((await gaoxin.post('/api/rankings/publish', { period: `${year}-09` })).statusCode).toBe(403);
    expect((await gaoxin.put('/api/targets', { year, items: [{ unitId: xinquUnit, indicatorCode: 'signed_100m', value: 1 }] })).statusCode).toBe(403);
    expect((await upload(gaoxin, `/api/targets/import?year=${year}&dryRun=false`, Buffer.from('x'))).statusCode).toBe(403);
    expect((await gaoxin.post('/api/rankings/schemes', { validFrom: `${year + 1}-01-01`, definition: { method: 'efficacy', weights: { signed_100m: 1 }, bonuses: [], deductions: [] } })).statusCode).toBe(403);
  });

  it('the administrators reach no target or ranking', async () => {
    for (const username of ['admin', 'secadmin', 'auditor']) {
      const agent = await t.login(username);
      for (const url of [`/api/rankings?year=${year}`, `/api/rankings/published?year=${year}`, `/api/targets?year=${year}`, `/api/rankings/published/${year}-10`]) {
        expect((await agent.get(url)).statusCode, `${username} ${url}`).toBe(403);
      }
      expect((await agent.post('/api/rankings/publish', { period: `${year}-10` })).statusCode).toBe(403);
    }
  });

  it('a hostile sheet is refused in words and writes nothing', async () => {
    const count = async () => (await t.app.gj.db.selectFrom('target_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    // Not a workbook; a zip that is not a workbook; an empty body.
    const notZip = await upload(shangwu, `/api/targets/import?year=${year}&dryRun=false`, Buffer.from('<?xml version="1.0"?><html>not a sheet</html>'));
    expect(notZip.statusCode, notZip.body).toBe(400);
    expect(notZip.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    const zip = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');
    expect((await upload(shangwu, `/api/targets/import?year=${year}&dryRun=false`, zip)).statusCode).toBe(400);
    expect([400, 415]).toContain((await upload(shangwu, `/api/targets/import?year=${year}&dryRun=false`, Buffer.alloc(0))).statusCode);
    expect(await count()).toEqual(before);
  });
});
