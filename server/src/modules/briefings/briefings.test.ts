import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';
import { systemContext } from '../../platform/context.js';
import { fileReport, openPeriod, setKeyProject } from '../dispatch/index.js';
import { publishRanking } from '../rankings/index.js';
import { setTargets, targetsOfYear } from '../targets/index.js';
import { archiveDueBriefings } from './service.js';

/**
 * A hand-counted fixture for November 2025: two new districts, 甲区 and 乙区, and what they signed.
 *   a1 甲区 2亿 chain 3-01 · a2 甲区 15亿 chain 5-01 · a3 甲区 3亿 no chain 6-01
 *   b1 乙区 1.2亿 chain 6-01, credited 甲区 30 % / 乙区 70 % (one project city-wide)
 *   b2 乙区 0.8亿 (below 1亿) · b3 乙区 5亿 chain, terminated · a4 甲区 4亿 chain signed 12-20 (after the month)
 * City-wide as of 30 November: 亿元以上 a1 a2 a3 b1 = 4, 10亿元以上 a2 = 1, chain 3 of 4 = 75 %;
 * investment reported: a1 3,000万 in October, 5,000万 cumulative in November → 5000万元;
 * a1 is listed with a 1亿 plan: 50 % done against 91.7 % time progress → a red light.
 */
let t: TestApp;
let shangwu: Agent;
let leader: Agent;
let xinqu: Agent;
const unit = { A: 0, B: 0 };
const project: Record<string, number> = {};
const sys = systemContext('test');
const PERIOD = '2025-11';

async function addProject(key: string, body: Record<string, unknown>) {
  const fagai = await t.login('fagai');
  const res = await fagai.post('/api/projects', { name: `简报测试项目${key}`, ...body });
  expect(res.statusCode, res.body).toBe(201);
  project[key] = res.json().id;
}
const signed = (date: string) => ({ stage: 'signed', stageDates: { signed: { actual: date } } });

async function relogin() {
  [shangwu, leader, xinqu] = await Promise.all([t.login('shangwu'), t.login('leader'), t.login('xinqu')]);
}

/** The document's text and its table rows (cells' text), from word/document.xml inside the .docx. */
async function readDocx(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
  const rows = [...xml.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((tr) => [...tr[0].matchAll(/<w:tc\b[\s\S]*?<\/w:tc>/g)].map((tc) => tc[0].replace(/<[^>]+>/g, '')));
  const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/') && !f.endsWith('/'));
  return { xml, text, rows, media };
}

beforeAll(async () => {
  t = await createTestApp({ start: new Date('2025-10-20T02:00:00Z') });
  const admin = await t.login('admin');
  const city = await t.unitId('321100');
  for (const [key, name] of [['A', '甲区'], ['B', '乙区']] as const) {
    const res = await admin.post('/api/units', { code: `BRIEF-${key}`, name, kind: 'district', parentId: city });
    expect(res.statusCode, res.body).toBe(201);
    unit[key] = res.json().id;
  }
  const chainId = (await t.app.gj.db.selectFrom('chains').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
  const demo = await targetsOfYear(t.app.gj.db, 2025);
  await setTargets(t.app.gj, sys, 2025, demo.map((d) => ({ unitId: d.unitId, indicatorCode: d.indicatorCode, value: null })), { source: 'console' });

  await addProject('a1', { hostUnitId: unit.A, totalInvestmentWan: 20_000, chainId, ...signed('2025-03-01') });
  await addProject('a2', { hostUnitId: unit.A, totalInvestmentWan: 150_000, chainId, ...signed('2025-05-01') });
  await addProject('a3', { hostUnitId: unit.A, totalInvestmentWan: 30_000, ...signed('2025-06-01') });
  await addProject('b1', { hostUnitId: unit.B, totalInvestmentWan: 12_000, chainId, ...signed('2025-06-01') });
  await addProject('b2', { hostUnitId: unit.B, totalInvestmentWan: 8_000, chainId, ...signed('2025-04-01') });
  await addProject('b3', { hostUnitId: unit.B, totalInvestmentWan: 50_000, chainId, ...signed('2025-09-09') });
  const fagai = await t.login('fagai');
  const b3 = (await fagai.get(`/api/projects/${project.b3}`)).json();
  expect((await fagai.post(`/api/projects/${project.b3}/status`, { status: 'terminated', reason: '企业撤资', version: b3.version })).statusCode).toBe(200);
  await addProject('a4', { hostUnitId: unit.A, totalInvestmentWan: 40_000, chainId, ...signed('2025-12-20') });
  const at = t.clock.now().toISOString();
  await t.app.gj.db.insertInto('credits').values([
    { object_type: 'project', object_id: project.b1!, unit_id: unit.A, share: 30, basis: 'split', decided_at: at },
    { object_type: 'project', object_id: project.b1!, unit_id: unit.B, share: 70, basis: 'split', decided_at: at },
  ]).execute();
  const targets = (u: number, v: number[]) => ['signed_100m', 'signed_1b', 'started_100m', 'chain_share', 'investment_wan'].map((code, i) => ({ unitId: u, indicatorCode: code, value: v[i]! }));
  await setTargets(t.app.gj, sys, 2025, [...targets(unit.A, [4, 1, 1, 70, 10_000]), ...targets(unit.B, [2, 1, 1, 70, 1_000])], { source: 'console' });

  await setKeyProject(t.app.gj, sys, project.a1!, 2025, { levels: ['city'], planWan: 10_000 });
  await openPeriod(t.app.gj, sys, '2025-10');
  await fileReport(t.app.gj, sys, '2025-10', project.a1!, { monthWan: 3_000, cumulativeWan: 3_000 });
  t.clock.advanceDays(31); // 2025-11-20
  await publishRanking(t.app.gj, sys, '2025-10');
  await openPeriod(t.app.gj, sys, PERIOD);
  await fileReport(t.app.gj, sys, PERIOD, project.a1!, { monthWan: 2_000, cumulativeWan: 5_000 });
  t.clock.advanceDays(15); // 2025-12-05
  await publishRanking(t.app.gj, sys, PERIOD);
  await relogin();
});
afterAll(async () => t.close());

describe('monthly briefing', () => {
  it('answers a .docx named in Chinese (RFC 5987) with the hand-counted headline, the published ranking, charts and the red list', async () => {
    // The regulator's loan sheet of the month is in: its figures join the overview.
    const jinrong = await t.login('jinrong');
    const loans = await t.app.inject({ method: 'POST', url: `/api/loan-stats/import?period=${PERIOD}&commit=true`, payload: readFileSync('../shared/samples/2023年6月末镇江市金融机构人民币贷款情况表.xlsx'), headers: { cookie: jinrong.cookie, 'x-csrf-token': jinrong.csrfToken, 'content-type': 'application/octet-stream' } });
    expect(loans.json().committed, loans.body.slice(0, 200)).toBe(true);
    const res = await leader.get(`/api/briefings/monthly?period=${PERIOD}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="briefing-${PERIOD}.docx"; filename*=UTF-8''${encodeURIComponent('镇江市重大项目攻坚月度简报（2025年11月）.docx')}`);
    const doc = await readDocx(res.rawPayload);
    expect(doc.text).toContain('镇江市重大项目攻坚月度简报（2025年11月）');
    expect(doc.text).toContain('截至2025年11月30日，全市新签约亿元以上项目4个，其中10亿元以上1个，“四群八链”项目占比75%。');
    expect(doc.text).toContain('全市重点项目累计完成投资5000万元，序时进度91.7%。');
    expect(doc.text).toContain('全市金融机构人民币各项贷款余额7,938.34亿元，比年初增加950.55亿元，同比增长12%；其中制造业贷款余额1,501.66亿元，占18.9%，比年初增加188.20亿元。');
    // The ranking table: exactly the published ranking, with movement against October's.
    const published = (await leader.get(`/api/rankings/published/${PERIOD}`)).json() as { items: { unitName: string; rank: number; score: number; previousRank: number | null }[] };
    expect(published.items.map((i) => i.unitName).sort()).toEqual(['乙区', '甲区']);
    const ranking = doc.rows.slice(doc.rows.findIndex((r) => r.join('|') === '名次|单位|得分|较上月') + 1).slice(0, published.items.length);
    expect(ranking).toEqual(published.items.map((i) => [String(i.rank), i.unitName, i.score.toFixed(2), i.previousRank === null ? '新上榜' : i.previousRank === i.rank ? '—' : i.previousRank > i.rank ? `↑${i.previousRank - i.rank}` : `↓${i.rank - i.previousRank}`]));
    expect(published.items.every((i) => i.previousRank !== null)).toBe(true);
    // Two charts as PNG images.
    expect(doc.media.length, doc.media.join()).toBe(2);
    expect(doc.media.every((m) => m.endsWith('.png'))).toBe(true);
    expect(doc.xml).toContain('<a:blip');
    // The red list: a1, half done against 91.7 % of the year.
    expect(doc.text).toContain('本月全市红灯预警共1项');
    expect(doc.rows.some((r) => r[1] === '简报测试项目a1' && r[2] === '甲区' && r[3] === '投资进度滞后')).toBe(true);
    expect(doc.text).toMatch(/以\d+(\.\d+)?分位列第一/);
    // Fonts as offices expect.
    expect(doc.xml).toContain('w:eastAsia="方正小标宋简体"');
    expect(doc.xml).toContain('w:eastAsia="仿宋_GB2312"');
    expect(doc.xml).toContain('w:eastAsia="黑体"');
    // Audited.
    const audit = await t.app.gj.db.selectFrom('audit_log').select(['action', 'object_id']).where('action', '=', 'briefing.generate').execute();
    expect(audit.map((a) => a.object_id)).toContain(PERIOD);
  });

  it('is the city’s: a district gets 403, a reader without targets 403, an unpublished month 404, a bad one 400', async () => {
    const district = await xinqu.get(`/api/briefings/monthly?period=${PERIOD}`);
    expect(district.statusCode).toBe(403);
    expect(district.json().error.code).toBe('BRIEFING_CITY_ONLY');
    expect((await (await t.login('icbc')).get(`/api/briefings/monthly?period=${PERIOD}`)).statusCode).toBe(403);
    expect((await shangwu.get('/api/briefings/monthly?period=2025-09')).statusCode).toBe(404);
    expect((await shangwu.get('/api/briefings/monthly?period=2025-13')).statusCode).toBe(400);
    expect((await xinqu.get('/api/briefings?year=2025')).statusCode).toBe(403);
  });

  it('archives a briefing for each month published in the last month once, and again after a new publish; lists and serves them', async () => {
    expect(await archiveDueBriefings(t.app.gj)).toEqual({ archived: ['2025-10', PERIOD] });
    expect(await archiveDueBriefings(t.app.gj)).toEqual({ archived: [] });
    t.clock.advanceDays(1);
    await publishRanking(t.app.gj, sys, PERIOD);
    expect(await archiveDueBriefings(t.app.gj)).toEqual({ archived: [PERIOD] });
    await relogin();
    const list = (await shangwu.get('/api/briefings?year=2025')).json() as { items: { id: number; period: string; version: number; fileName: string; size: number }[] };
    expect(list.items.map((i) => [i.period, i.version])).toEqual([[PERIOD, 2], [PERIOD, 1], ['2025-10', 1]]);
    const newest = list.items[0]!;
    expect(newest.fileName).toBe('镇江市重大项目攻坚月度简报（2025年11月）.docx');
    const file = await leader.get(`/api/briefings/${newest.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.length).toBe(newest.size);
    expect((await readDocx(file.rawPayload)).text).toContain('新签约亿元以上项目4个，其中10亿元以上1个，“四群八链”项目占比75%');
    expect((await xinqu.get(`/api/briefings/${newest.id}/file`)).statusCode).toBe(403);
    expect((await leader.get('/api/briefings/2147483647/file')).statusCode).toBe(404);
    const archived = await t.app.gj.db.selectFrom('audit_log').select('action').where('action', 'in', ['briefing.archive', 'briefing.download']).execute();
    expect(archived.filter((a) => a.action === 'briefing.archive').length).toBe(3);
    expect(archived.filter((a) => a.action === 'briefing.download').length).toBe(1);
  });
});
