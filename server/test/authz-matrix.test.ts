/**
 * The authorisation matrix: every registered route × every demo role (and an anonymous caller),
 * and for routes on one object, × the object's unit relative to the caller's (own / sibling /
 * parent / child) → the expected status; for lists, the exact count. The expectations are
 * written out by hand from the rules in domain.md and the seeded demo, not computed from the code.
 * A meta-test fails when a route is registered that this file does not cover.
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { archiveBriefing } from '../src/modules/briefings/index.js';
import { publishRanking } from '../src/modules/rankings/index.js';
import { setTargets, targetsOfYear } from '../src/modules/targets/index.js';
import { systemContext } from '../src/platform/context.js';
import { DEMO_PASSWORD } from '../src/seed/demo-data.js';
import { DEMO_ENTERPRISE_USCC } from '../src/seed/demo-projects.js';
import { withUsccCheck } from '../../common/uscc.js';
import { createTestApp, type Agent, type TestApp } from './harness.js';

const SAMPLE_LEDGER = readFileSync('../shared/samples/镇江新区2023年重点产业项目推进台账.xlsx');
const SAMPLE_TARGETS = readFileSync('../shared/samples/2023年度项目攻坚目标任务分解表.xlsx');
const SAMPLE_LOANS = readFileSync('../shared/samples/2023年6月末镇江市金融机构人民币贷款情况表.xlsx');
const ROLES = ['admin', 'secadmin', 'auditor', 'leader', 'shangwu', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd', 'ziguiju', 'icbc', 'qiye', 'gongxin', 'jinrong'] as const;
type Role = (typeof ROLES)[number];
type Caller = Role | 'anonymous';
type Relation = 'own' | 'sibling' | 'parent' | 'child';

/** Each role's unit relations in the demo tree (unit codes); a missing relation does not exist there. */
const RELATIVES: Record<Role, Partial<Record<Relation, string>>> = {
  admin: { own: '321100', child: 'ZJXQ' },
  secadmin: { own: '321100', child: 'ZJXQ' },
  auditor: { own: '321100', child: 'ZJXQ' },
  leader: { own: '321100', child: 'ZJXQ' },
  shangwu: { own: 'ZJ-SWJ', parent: '321100', sibling: 'ZJ-FGW', child: 'ZJ-SWJ-SZ' },
  fagai: { own: 'ZJ-FGW', parent: '321100', sibling: 'ZJ-SWJ' },
  xinqu: { own: 'ZJXQ', parent: '321100', sibling: 'ZJGXQ', child: 'ZJXQ-DG' },
  gaoxin: { own: 'ZJGXQ', parent: '321100', sibling: 'ZJXQ', child: 'ZJGXQ-JQ' },
  jingkou: { own: '321102', parent: '321100', sibling: 'ZJXQ', child: '321102-JKL' },
  jkjd: { own: '321102-JKL', parent: '321102', sibling: '321102-DM' },
  ziguiju: { own: 'ZJ-ZGJ', parent: '321100', sibling: 'ZJ-FGW' },
  icbc: { own: 'BANK-ICBC', parent: '321100', sibling: 'BANK-BOC' },
  qiye: { own: 'ZJXQ-QY-001', parent: 'ZJXQ', sibling: 'ZJXQ-DG' },
  // City-wide roles in a bureau: what they see does not depend on where a row is, as for the leader.
  gongxin: { own: '321100', child: 'ZJXQ' },
  jinrong: { own: '321100', child: 'ZJXQ' },
};

/** A user of the demo in each unit used above, for routes on one account. */
const USER_IN_UNIT: Record<string, string> = {
  '321100': 'leader',
  ZJXQ: 'xinqu2',
  'ZJ-SWJ': 'shangwu',
  'ZJ-FGW': 'fagai',
  'ZJ-SWJ-SZ': '',
  ZJGXQ: 'gaoxin',
  'ZJXQ-DG': 'dagang',
  'ZJGXQ-JQ': 'jqjd',
  '321102': 'jingkou',
  '321102-JKL': 'jkjd',
  '321102-DM': 'dingmao',
  'ZJ-ZGJ': 'ziguiju',
  'BANK-ICBC': 'icbc',
  'BANK-BOC': '',
  'ZJXQ-QY-001': 'qiye',
};

const ALL_SCOPE: Role[] = ['admin', 'secadmin', 'auditor', 'leader', 'shangwu', 'fagai', 'gongxin', 'jinrong'];
const PROJECT_READERS: Role[] = ['leader', 'shangwu', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd', 'ziguiju', 'gongxin'];
const PROJECT_WRITERS: Role[] = ['fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
const LEAD_READERS: Role[] = ['leader', 'shangwu', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
const LEAD_WRITERS: Role[] = ['shangwu', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
const DISPATCH_READERS: Role[] = ['leader', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
const DISPATCH_WRITERS: Role[] = ['fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
/** Targets are the city's (the commerce bureau sets them); every unit that is compared reads them all. */
const TARGET_READERS: Role[] = ['leader', 'shangwu', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
/** The monthly briefing is the city's document: target readers with the whole city in scope (briefings/policy.ts). */
const BRIEFING_READERS: Role[] = ['leader', 'shangwu', 'fagai'];
/** 领导驾驶舱: the roles with `dashboard:read` (leaders, bureaus, districts, streets), each within its data scope. */
const DASHBOARD_READERS: Role[] = ['leader', 'shangwu', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'];
/** 问题协调: readers (each within the problem rules of problems/policy.ts), raisers, the handling department, the office. */
const PROBLEM_READERS: Role[] = ['leader', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd', 'ziguiju', 'qiye'];
const PROBLEM_WRITERS: Role[] = ['xinqu', 'gaoxin', 'jingkou', 'jkjd', 'qiye'];
const ENTERPRISE_WRITERS: Role[] = ['xinqu', 'gaoxin', 'jingkou', 'jkjd'];
/** Key lists: project readers, the chain bureau, the regulator, and a bank for its chains. */
const LIST_READERS: Role[] = [...PROJECT_READERS, 'jinrong', 'icbc'];
const FINANCE_READERS: Role[] = ['leader', 'icbc', 'jinrong'];

/** A one-row key list for a dry-run import. */
async function returnsSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('税收');
  ws.addRow(['序号', '项目名称', '产值', '税收']);
  ws.addRow([1, '矩阵投产项目', 100, 5]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function keyListSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('清单');
  ws.addRow(['序号', '企业名称', '统一社会信用代码']);
  ws.addRow([1, '矩阵清单企业有限公司', '91321100MA1MX0001L']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
/** A credit code no one has: digits, so every character is in the code's alphabet, and its check character. */
const freshUscc = () => withUsccCheck(`913211${String(Date.now()).slice(-8)}${String(counter++ % 1000).padStart(3, '0')}`);
const TODAY = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** The demo's open dispatch period (this month's), found when the matrix starts. */
let PERIOD = '';
/** A month whose 赛马榜 is published (the demo publishes each ended month of the year). */
let PUBLISHED = '';
const YEAR = () => PERIOD.slice(0, 4);
/** Key projects each reader sees this year: the demo's 9 listed and the 15 fixture projects, by scope. */
const KEY_PROJECTS = { leader: 24, fagai: 24, xinqu: 7, gaoxin: 4, jingkou: 5, jkjd: 2 };
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]);
/** The unit each caller files its own projects in. */
const OWN_UNIT = (who: Role) => RELATIVES[who].own!;

/** Project visibility: strictly the data scope (no ancestors, unlike the unit tree). */
function projectVisible(caller: Role, rel: Relation): number {
  if (ALL_SCOPE.includes(caller)) return 200;
  if (rel === 'own') return 200;
  if (rel === 'child') return ['xinqu', 'gaoxin', 'jingkou'].includes(caller) ? 200 : 404;
  return 404;
}

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 32)]);

function upload(c: Ctx, who: Caller, url: string, body: Buffer) {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  const agent = who === 'anonymous' ? undefined : c.agents.get(who);
  if (agent) Object.assign(headers, { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken });
  return c.t.app.inject({ method: 'POST', url, payload: body, headers });
}

async function projectVersion(c: Ctx, id: number): Promise<number> {
  return (await c.t.app.gj.db.selectFrom('projects').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

async function leadVersion(c: Ctx, id: number): Promise<number> {
  return (await c.t.app.gj.db.selectFrom('leads').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
}

/** A fresh lead of the commerce bureau handed to `toCode`'s unit: a hand-off for one caller to answer. */
async function freshHandoff(c: Ctx, toCode: string): Promise<number> {
  const shangwu = c.agents.get('shangwu')!;
  const lead = (await shangwu.post('/api/leads', { title: '矩阵流转', enterpriseName: unique('矩阵流转企业'), source: 'other', firstContactDate: '2026-03-01' })).json();
  const res = await shangwu.post(`/api/leads/${lead.id}/handoffs`, { toUnitId: c.ids[`unit:${toCode}`], reason: '矩阵测试', version: 1 });
  if (res.statusCode !== 201) throw new Error(`fixture hand-off: ${res.body}`);
  return res.json().id;
}

/** A problem raised by `who` and taken to `state` (assigned to 市自然资源和规划局, answered by it). */
async function freshProblem(c: Ctx, who: Role, state: 'raised' | 'assigned' | 'answered'): Promise<number> {
  const raised = await c.agents.get(who)!.post('/api/problems', { title: unique('矩阵问题'), category: 'other', description: '矩阵测试问题' });
  if (raised.statusCode !== 201) throw new Error(`fixture problem: ${raised.body}`);
  const id = raised.json().id as number;
  if (state === 'raised') return id;
  await c.agents.get('fagai')!.post(`/api/problems/${id}/assign`, { unitId: c.ids['unit:ZJ-ZGJ'] });
  if (state === 'answered') await c.agents.get('ziguiju')!.post(`/api/problems/${id}/answer`, { text: '矩阵答复' });
  return id;
}

async function leadLedger(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('线索');
  ws.addRow(['企业名称', '意向项目', '线索来源', '首次接洽日期']);
  ws.addRow([unique('矩阵导入企业'), '矩阵导入项目', '展会', '2026-03-01']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A one-row dispatch sheet naming no project of anyone's: a dry run that answers with a row error. */
async function dispatchSheet(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('调度');
  ws.addRow(['项目名称', '建设单位', '本月完成', '累计完成']);
  ws.addRow(['矩阵不存在的项目', '矩阵企业', 10, 100]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const newLead = (name = unique('矩阵线索企业')) => ({ title: '矩阵线索', enterpriseName: name, source: 'other', firstContactDate: '2026-03-01' });

async function nextStage(c: Ctx, id: number): Promise<string> {
  const { stage } = await c.t.app.gj.db.selectFrom('projects').select('stage').where('id', '=', id).executeTakeFirstOrThrow();
  const order = ['lead', 'negotiating', 'signed', 'registered', 'land', 'started', 'statistics', 'completed', 'producing', 'capacity', 'returns'];
  return order[order.indexOf(stage) + 1] ?? 'returns';
}

function only(allowed: Role[], yes: number, no = 403): Record<Caller, number> {
  const out = { anonymous: 401 } as Record<Caller, number>;
  for (const r of ROLES) out[r] = allowed.includes(r) ? yes : no;
  return out;
}
const everyone = (status: number, anonymous = 401) => ({ ...only([...ROLES], status), anonymous });

interface Probe {
  /** The request for one caller; `rel` and the resolved target for relation routes. */
  call(ctx: Ctx, caller: Caller, target?: { unitId: number; username: string; code: string }): Promise<LightMyRequestResponse>;
  status: Record<Caller, number>;
  /** Per-relation status for routes on one object (overrides `status` where given). */
  relation?: (caller: Role, rel: Relation) => number;
  /** For lists: the exact number of items each caller gets. */
  count?: Partial<Record<Caller, number>>;
  /** Which user to aim at for relation routes (default: a user in the related unit). */
  target?: 'unit' | 'user' | 'project' | 'lead';
}

interface Ctx {
  t: TestApp;
  agents: Map<Role, Agent>;
  anonymous: (method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;
  ids: Record<string, number>;
}

function send(ctx: Ctx, caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  if (caller === 'anonymous') return ctx.anonymous(method, url, body);
  const agent = ctx.agents.get(caller)!;
  switch (method) {
    case 'GET':
      return agent.get(url);
    case 'POST':
      return agent.post(url, body);
    case 'PATCH':
      return agent.patch(url, body);
    case 'PUT':
      return agent.put(url, body);
    default:
      return agent.delete(url);
  }
}

/** Unit visibility: the whole city for all-scope roles; else own subtree (or unit) and ancestors. */
function rankingRowsVisible(caller: Role, rel: Relation): number {
  if (ALL_SCOPE.includes(caller) || rel === 'own') return 200;
  if (rel === 'child') return ['xinqu', 'gaoxin', 'jingkou'].includes(caller) ? 200 : 403;
  return 403;
}

function unitVisible(caller: Role, rel: Relation): number {
  if (ALL_SCOPE.includes(caller)) return 200;
  if (rel === 'own' || rel === 'parent') return 200;
  if (rel === 'child') return ['xinqu', 'gaoxin', 'jingkou'].includes(caller) ? 200 : 404;
  return 404;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

const MATRIX: Record<string, Probe> = {
  'GET /healthz': { call: (c, who) => send(c, who, 'GET', '/healthz'), status: everyone(200, 200) },
  'GET /api/openapi.json': { call: (c, who) => send(c, who, 'GET', '/api/openapi.json'), status: everyone(200, 200) },
  'GET /api/public/info': { call: (c, who) => send(c, who, 'GET', '/api/public/info'), status: everyone(200, 200) },
  'POST /api/auth/login': {
    call: (c, who) => c.anonymous('POST', '/api/auth/login', { username: who === 'anonymous' ? 'nobody' : who, password: DEMO_PASSWORD }),
    status: { ...everyone(200), anonymous: 401 },
  },
  'POST /api/auth/mfa': { call: (c, who) => send(c, who, 'POST', '/api/auth/mfa', { ticket: 'not-a-real-ticket', code: '123456' }), status: everyone(401, 401) },
  'POST /api/auth/logout': {
    // A session of its own, so that the matrix's agents stay logged in.
    async call(c, who) {
      if (who === 'anonymous') return c.anonymous('POST', '/api/auth/logout');
      const agent = await c.t.login(who, undefined, '10.9.0.1');
      return agent.post('/api/auth/logout');
    },
    status: everyone(204),
  },
  'GET /api/auth/csrf': { call: (c, who) => send(c, who, 'GET', '/api/auth/csrf'), status: everyone(200) },
  'GET /api/me': { call: (c, who) => send(c, who, 'GET', '/api/me'), status: everyone(200) },
  'POST /api/account/password': { call: (c, who) => send(c, who, 'POST', '/api/account/password', { currentPassword: 'not-mine', newPassword: 'Another#Pass9' }), status: everyone(400) },
  'GET /api/account/sessions': { call: (c, who) => send(c, who, 'GET', '/api/account/sessions'), status: everyone(200) },
  'DELETE /api/account/sessions/:sessionId': { call: (c, who) => send(c, who, 'DELETE', '/api/account/sessions/no-such-session'), status: everyone(404) },
  'POST /api/account/mfa/setup': { call: (c, who) => send(c, who, 'POST', '/api/account/mfa/setup'), status: everyone(200) },
  'POST /api/account/mfa/enable': { call: (c, who) => send(c, who, 'POST', '/api/account/mfa/enable', { code: 'abcdef' }), status: everyone(400) },
  'POST /api/account/mfa/disable': { call: (c, who) => send(c, who, 'POST', '/api/account/mfa/disable', { password: 'not-mine' }), status: everyone(400) },

  'GET /api/units': {
    call: (c, who) => send(c, who, 'GET', '/api/units'),
    status: everyone(200),
    // The demo's 32 units plus the fixture unit made under 镇江新区 (so 新区 sees its 4, the fixture and the city).
    count: { admin: 33, secadmin: 33, auditor: 33, leader: 33, shangwu: 33, fagai: 33, gongxin: 33, jinrong: 33, xinqu: 6, gaoxin: 3, jingkou: 5, jkjd: 3, ziguiju: 2, icbc: 2, qiye: 3 },
  },
  'GET /api/units/:id': { call: (c, who, target) => send(c, who, 'GET', `/api/units/${target?.unitId ?? 1}`), status: everyone(200), relation: unitVisible, target: 'unit' },
  'POST /api/units': {
    call: (c, who) => send(c, who, 'POST', '/api/units', { code: unique('M'), name: '矩阵测试单位', kind: 'park', parentId: c.ids.xinqu }),
    status: only(['admin'], 201),
  },
  'PATCH /api/units/:id': { call: (c, who, target) => send(c, who, 'PATCH', `/api/units/${target?.unitId}`, { sortOrder: 5 }), status: only(['admin'], 200), target: 'unit' },
  'POST /api/units/:id/move': {
    call: (c, who) => send(c, who, 'POST', `/api/units/${c.ids.movable}/move`, { parentId: c.ids.xinqu }),
    status: only(['admin'], 200),
  },
  'POST /api/units/:id/disable': { call: (c, who) => send(c, who, 'POST', `/api/units/${c.ids.movable}/disable`), status: only(['admin'], 200) },
  'POST /api/units/:id/enable': { call: (c, who) => send(c, who, 'POST', `/api/units/${c.ids.movable}/enable`), status: only(['admin'], 200) },
  'DELETE /api/units/:id': {
    async call(c, who) {
      // Admin deletes a unit made for it; everyone else is refused before the unit matters.
      const id = who === 'admin' ? (await c.agents.get('admin')!.post('/api/units', { code: unique('D'), name: '待删除', kind: 'park', parentId: c.ids.xinqu })).json().id : c.ids.movable;
      return send(c, who, 'DELETE', `/api/units/${id}`);
    },
    status: only(['admin'], 204),
  },

  'GET /api/users': {
    call: (c, who) => send(c, who, 'GET', '/api/users?pageSize=200'),
    status: only(['admin', 'secadmin'], 200),
    count: { admin: 20, secadmin: 20 },
  },
  'GET /api/directory/users': {
    call: (c, who) => send(c, who, 'GET', '/api/directory/users?pageSize=200'),
    status: only(['admin', 'secadmin', 'leader', 'shangwu', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd', 'ziguiju', 'icbc', 'gongxin', 'jinrong'], 200),
    count: { admin: 20, secadmin: 20, leader: 20, shangwu: 20, fagai: 20, gongxin: 20, jinrong: 20, xinqu: 5, gaoxin: 2, jingkou: 3, jkjd: 1, ziguiju: 1, icbc: 1 },
  },
  'GET /api/users/:id': { call: (c, who, target) => send(c, who, 'GET', `/api/users/${c.ids[`user:${target?.username}`]}`), status: only(['admin', 'secadmin'], 200), target: 'user' },
  'GET /api/users/:id/sensitive': { call: (c, who, target) => send(c, who, 'GET', `/api/users/${c.ids[`user:${target?.username}`]}/sensitive`), status: only(['admin'], 200), target: 'user' },
  'POST /api/users': {
    call: (c, who) => send(c, who, 'POST', '/api/users', { username: unique('m'), displayName: '矩阵', unitId: c.ids.xinqu, password: 'Matrix#Pass2026', roleIds: [] }),
    status: only(['admin'], 201),
  },
  'PATCH /api/users/:id': { call: (c, who, target) => send(c, who, 'PATCH', `/api/users/${c.ids[`user:${target?.username}`]}`, { email: 'someone@example.cn' }), status: only(['admin'], 200), target: 'user' },
  'PUT /api/users/:id/roles': { call: (c, who) => send(c, who, 'PUT', `/api/users/${c.ids['user:xcl']}/roles`, { roleIds: [c.ids['role:district']!] }), status: only(['secadmin'], 200) },
  'POST /api/users/:id/disable': { call: (c, who) => send(c, who, 'POST', `/api/users/${c.ids['user:jqjd']}/disable`), status: only(['admin'], 200) },
  'POST /api/users/:id/enable': { call: (c, who) => send(c, who, 'POST', `/api/users/${c.ids['user:jqjd']}/enable`), status: only(['admin'], 200) },
  'POST /api/users/:id/unlock': { call: (c, who) => send(c, who, 'POST', `/api/users/${c.ids['user:jqjd']}/unlock`), status: only(['admin'], 200) },
  'POST /api/users/:id/reset-password': {
    call: (c, who) => send(c, who, 'POST', `/api/users/${c.ids['user:dingmao']}/reset-password`, { password: `Reset#${unique('P')}9` }),
    status: only(['admin'], 204),
  },

  'GET /api/permissions': { call: (c, who) => send(c, who, 'GET', '/api/permissions'), status: only(['admin', 'secadmin'], 200) },
  'GET /api/roles': { call: (c, who) => send(c, who, 'GET', '/api/roles'), status: only(['admin', 'secadmin'], 200), count: { admin: 14, secadmin: 14 } }, // 13 built-in + the fixture role
  'GET /api/roles/:id': { call: (c, who) => send(c, who, 'GET', `/api/roles/${c.ids['role:district']}`), status: only(['admin', 'secadmin'], 200) },
  'POST /api/roles': {
    call: (c, who) => send(c, who, 'POST', '/api/roles', { code: unique('r_'), name: '矩阵角色', nameEn: 'Matrix role', dataScope: 'unit', permissions: ['project:read'] }),
    status: only(['secadmin'], 201),
  },
  'PATCH /api/roles/:id': { call: (c, who) => send(c, who, 'PATCH', `/api/roles/${c.ids['role:spare']}`, { description: '改' }), status: only(['secadmin'], 200) },
  'DELETE /api/roles/:id': {
    async call(c, who) {
      const id = who === 'secadmin' ? (await c.agents.get('secadmin')!.post('/api/roles', { code: unique('del_'), name: '待删', nameEn: 'To delete', dataScope: 'self', permissions: [] })).json().id : c.ids['role:spare'];
      return send(c, who, 'DELETE', `/api/roles/${id}`);
    },
    status: only(['secadmin'], 204),
  },

  'GET /api/settings': { call: (c, who) => send(c, who, 'GET', '/api/settings'), status: only(['admin', 'secadmin'], 200) },
  'PATCH /api/settings': {
    call: (c, who) => send(c, who, 'PATCH', '/api/settings', { values: who === 'secadmin' ? { lockoutThreshold: 5 } : { platformName: '镇江市项目攻坚平台' } }),
    status: only(['admin', 'secadmin'], 200),
  },

  'GET /api/chains': { call: (c, who) => send(c, who, 'GET', '/api/chains'), status: only([...PROJECT_READERS, 'jinrong', 'icbc'], 200), count: Object.fromEntries([...PROJECT_READERS, 'jinrong', 'icbc'].map((r) => [r, 12])) },
  'POST /api/chains': {
    call: (c, who) => send(c, who, 'POST', '/api/chains', { code: unique('m-').toLowerCase(), name: '矩阵产业链', cluster: '矩阵产业群', validFrom: '2026-01-01' }),
    status: only(['fagai'], 201),
  },
  'PATCH /api/chains/:id': { call: (c, who) => send(c, who, 'PATCH', `/api/chains/${c.ids.chain}`, { sortOrder: 99 }), status: only(['fagai'], 200) },
  'GET /api/projects': {
    call: (c, who) => send(c, who, 'GET', '/api/projects?pageSize=200'),
    status: only(PROJECT_READERS, 200),
    // The demo's 12 projects of 2023 (新区 4 incl. park and street, 高新区 3, 京口区 3 incl. 开发区 and
    // 健康路, 丹阳 2) and 15 signed this year (新区 4, 高新区 2, 京口区 2, 润州 1, 丹徒 1, 丹阳 2, 扬中 1,
    // 句容 2), plus one fixture project in each unit of RELATIVES (15 units).
    count: { leader: 42, shangwu: 42, fagai: 42, gongxin: 42, xinqu: 11, gaoxin: 7, jingkou: 8, jkjd: 2, ziguiju: 1 },
  },
  'GET /api/projects/:id': { call: (c, who, target) => send(c, who, 'GET', `/api/projects/${c.ids[`project:${target?.code}`]}`), status: only(PROJECT_READERS, 200), relation: projectVisible, target: 'project' },
  'POST /api/projects': {
    call: (c, who) => send(c, who, 'POST', '/api/projects', { name: '矩阵测试项目', hostUnitId: who === 'anonymous' ? 1 : c.ids[`unit:${OWN_UNIT(who)}`], totalInvestmentWan: 5000 }),
    status: only(PROJECT_WRITERS, 201),
  },
  'PATCH /api/projects/:id': {
    async call(c, who, target) {
      const id = c.ids[`project:${target?.code}`]!;
      return send(c, who, 'PATCH', `/api/projects/${id}`, { remarks: `改于${who}`, version: await projectVersion(c, id) });
    },
    status: only(PROJECT_WRITERS, 200),
    relation: projectVisible,
    target: 'project',
  },
  'POST /api/projects/:id/stage': {
    async call(c, who) {
      const id = c.ids[`project:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]!;
      return send(c, who, 'POST', `/api/projects/${id}/stage`, { stage: await nextStage(c, id), actualDate: '2026-03-01', version: await projectVersion(c, id) });
    },
    status: only(PROJECT_WRITERS, 200),
  },
  'POST /api/projects/:id/status': {
    async call(c, who) {
      const id = c.ids[`project:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]!;
      return send(c, who, 'POST', `/api/projects/${id}/status`, { status: 'suspended', reason: '矩阵测试', version: await projectVersion(c, id) });
    },
    status: only(PROJECT_WRITERS, 200),
  },

  'GET /api/projects/:id/attachments': { call: (c, who, target) => send(c, who, 'GET', `/api/projects/${c.ids[`project:${target?.code}`]}/attachments`), status: only(PROJECT_READERS, 200), relation: projectVisible, target: 'project' },
  'POST /api/projects/:id/attachments': {
    call: (c, who) => upload(c, who, `/api/projects/${c.ids[`project:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]}/attachments?name=report.pdf`, PDF),
    status: only(PROJECT_WRITERS, 201),
  },
  'GET /api/projects/:id/attachments/:attachmentId': {
    // The fixture attachment sits on 镇江新区's project.
    call: (c, who) => send(c, who, 'GET', `/api/projects/${c.ids['project:ZJXQ']}/attachments/${c.ids.attachment}`),
    status: { ...only(PROJECT_READERS, 404), leader: 200, shangwu: 200, fagai: 200, gongxin: 200, xinqu: 200 },
  },
  'DELETE /api/projects/:id/attachments/:attachmentId': {
    async call(c, who) {
      const project = c.ids[`project:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]!;
      // Writers remove one of their own; everyone else is refused before the attachment matters.
      const attachment = PROJECT_WRITERS.includes(who as Role) ? (await upload(c, who, `/api/projects/${project}/attachments?name=old.pdf`, PDF)).json().id : c.ids.attachment;
      return send(c, who, 'DELETE', `/api/projects/${project}/attachments/${attachment}`);
    },
    status: only(PROJECT_WRITERS, 204),
  },
  'GET /api/projects/export': { call: (c, who) => send(c, who, 'GET', '/api/projects/export?columns=code,name'), status: only(['leader', 'fagai', 'xinqu', 'gaoxin', 'jingkou', 'jkjd'], 200) },
  'GET /api/projects/template': { call: (c, who) => send(c, who, 'GET', '/api/projects/template'), status: only(['xinqu', 'gaoxin', 'jingkou', 'jkjd'], 200) },
  'POST /api/projects/import': {
    // A dry run of the sample ledger into the caller's own unit.
    call(c, who) {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      const agent = who === 'anonymous' ? undefined : c.agents.get(who);
      if (agent) Object.assign(headers, { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken });
      const unit = who === 'anonymous' ? 1 : c.ids[`unit:${OWN_UNIT(who)}`];
      return c.t.app.inject({ method: 'POST', url: `/api/projects/import?unitId=${unit}`, payload: SAMPLE_LEDGER, headers });
    },
    status: only(['xinqu', 'gaoxin', 'jingkou', 'jkjd'], 200),
  },


  'GET /api/leads': {
    call: (c, who) => send(c, who, 'GET', '/api/leads?pageSize=200'),
    status: only(LEAD_READERS, 200),
    // The demo's 6 leads (新区 2, 高新区 2, 京口区 1, 驻上海招商组 1) plus one fixture lead in each unit of RELATIVES (15); 新区 also reads the one handed to it.
    count: { leader: 21, shangwu: 21, xinqu: 6, gaoxin: 4, jingkou: 4, jkjd: 1 },
  },
  'GET /api/leads/:id': { call: (c, who, target) => send(c, who, 'GET', `/api/leads/${c.ids[`lead:${target?.code}`]}`), status: only(LEAD_READERS, 200), relation: projectVisible, target: 'lead' },
  'GET /api/leads/:id/contact': { call: (c, who, target) => send(c, who, 'GET', `/api/leads/${c.ids[`lead:${target?.code}`]}/contact`), status: only(LEAD_WRITERS, 200), relation: projectVisible, target: 'lead' },
  'POST /api/leads/check': { call: (c, who) => send(c, who, 'POST', '/api/leads/check', { enterpriseName: '博世汽车部件有限公司' }), status: only(LEAD_WRITERS, 200) },
  'POST /api/leads': { call: (c, who) => send(c, who, 'POST', '/api/leads', newLead()), status: only(LEAD_WRITERS, 201) },
  'PATCH /api/leads/:id': {
    async call(c, who, target) {
      const id = c.ids[`lead:${target?.code}`]!;
      return send(c, who, 'PATCH', `/api/leads/${id}`, { remarks: `改于${who}`, version: await leadVersion(c, id) });
    },
    status: only(LEAD_WRITERS, 200),
    relation: projectVisible,
    target: 'lead',
  },
  'POST /api/leads/:id/status': {
    async call(c, who) {
      const id = c.ids[`lead:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]!;
      const { status, version } = await c.t.app.gj.db.selectFrom('leads').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
      return send(c, who, 'POST', `/api/leads/${id}/status`, { status: status === 'negotiating' ? 'following' : 'negotiating', version });
    },
    status: only(LEAD_WRITERS, 200),
  },
  'POST /api/leads/:id/followups': {
    call: (c, who) => send(c, who, 'POST', `/api/leads/${c.ids[`lead:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]}/followups`, { kind: 'progress', note: '矩阵跟进' }),
    status: only(LEAD_WRITERS, 200),
  },
  'POST /api/leads/:id/handoffs': {
    async call(c, who) {
      if (!LEAD_WRITERS.includes(who as Role)) return send(c, who, 'POST', `/api/leads/${c.ids['lead:321100']}/handoffs`, { toUnitId: c.ids.xinqu, reason: '矩阵', version: 1 });
      const lead = (await send(c, who, 'POST', '/api/leads', newLead())).json();
      const to = who === 'xinqu' ? 'ZJGXQ' : 'ZJXQ';
      return send(c, who, 'POST', `/api/leads/${lead.id}/handoffs`, { toUnitId: c.ids[`unit:${to}`], reason: '矩阵流转', version: 1 });
    },
    status: only(LEAD_WRITERS, 201),
  },
  'GET /api/leads/handoff-targets': { call: (c, who) => send(c, who, 'GET', '/api/leads/handoff-targets'), status: only(LEAD_WRITERS, 200) },
  'GET /api/lead-handoffs': {
    call: (c, who) => send(c, who, 'GET', '/api/lead-handoffs?box=in'),
    status: only(LEAD_READERS, 200),
    // The fixture hand-off to 镇江新区.
    count: { leader: 1, shangwu: 1, xinqu: 1, gaoxin: 0, jingkou: 0, jkjd: 0 },
  },
  'POST /api/lead-handoffs/:id/accept': {
    async call(c, who) {
      const id = LEAD_WRITERS.includes(who as Role) ? await freshHandoff(c, who === 'shangwu' ? 'ZJXQ' : OWN_UNIT(who as Role)) : c.ids.handoff!;
      return send(c, who, 'POST', `/api/lead-handoffs/${id}/accept`, {});
    },
    status: only(LEAD_WRITERS, 204),
  },
  'POST /api/lead-handoffs/:id/decline': {
    async call(c, who) {
      const id = LEAD_WRITERS.includes(who as Role) ? await freshHandoff(c, who === 'shangwu' ? 'ZJXQ' : OWN_UNIT(who as Role)) : c.ids.handoff!;
      return send(c, who, 'POST', `/api/lead-handoffs/${id}/decline`, { reason: '矩阵婉拒' });
    },
    status: only(LEAD_WRITERS, 204),
  },
  'GET /api/lead-conflicts': { call: (c, who) => send(c, who, 'GET', '/api/lead-conflicts'), status: only(['shangwu'], 200), count: { shangwu: 1 } },
  'POST /api/lead-conflicts/:id/decide': {
    async call(c, who) {
      let id = c.ids.demoConflict!;
      if (who === 'shangwu') {
        const name = unique('矩阵撞车企业');
        await c.agents.get('xinqu')!.post('/api/leads', newLead(name));
        id = (await c.agents.get('gaoxin')!.post('/api/leads', newLead(name))).json().id;
      }
      return send(c, who, 'POST', `/api/lead-conflicts/${id}/decide`, { decision: 'confirm', reason: '矩阵仲裁' });
    },
    status: only(['shangwu'], 204),
  },
  'POST /api/leads/:id/convert': {
    async call(c, who) {
      if (!LEAD_WRITERS.includes(who as Role)) return send(c, who, 'POST', `/api/leads/${c.ids['lead:321100']}/convert`, { hostUnitId: c.ids.xinqu, signedDate: '2026-03-02', version: 1 });
      const lead = (await send(c, who, 'POST', '/api/leads', newLead())).json();
      return send(c, who, 'POST', `/api/leads/${lead.id}/convert`, { hostUnitId: c.ids[`unit:${OWN_UNIT(who as Role)}`], signedDate: '2026-03-02', version: 1 });
    },
    // Converting needs project rights too: the commerce bureau registers and arbitrates, districts build.
    status: only(['xinqu', 'gaoxin', 'jingkou', 'jkjd'], 201),
  },
  'GET /api/leads/template': { call: (c, who) => send(c, who, 'GET', '/api/leads/template'), status: only(LEAD_WRITERS, 200) },
  'POST /api/leads/import': {
    // A dry run of a one-row ledger into the caller's own unit.
    async call(c, who) {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      const agent = who === 'anonymous' ? undefined : c.agents.get(who);
      if (agent) Object.assign(headers, { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken });
      const unit = who === 'anonymous' ? 1 : c.ids[`unit:${OWN_UNIT(who)}`];
      return c.t.app.inject({ method: 'POST', url: `/api/leads/import?unitId=${unit}`, payload: await leadLedger(), headers });
    },
    status: only(LEAD_WRITERS, 200),
  },
  'GET /api/leads/stats': { call: (c, who) => send(c, who, 'GET', '/api/leads/stats?year=2026'), status: only(LEAD_READERS, 200) },
  'GET /api/leads/export': { call: (c, who) => send(c, who, 'GET', '/api/leads/export'), status: only(LEAD_READERS, 200) },

  'GET /api/leads/:id/activities': { call: (c, who, target) => send(c, who, 'GET', `/api/leads/${c.ids[`lead:${target?.code}`]}/activities`), status: only(LEAD_READERS, 200), relation: projectVisible, target: 'lead' },
  'POST /api/leads/:id/activities': {
    call: (c, who) => send(c, who, 'POST', `/api/leads/${c.ids[`lead:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]}/activities`, { type: 'visit', date: '2026-03-03', place: '上海' }),
    status: only(LEAD_WRITERS, 201),
  },
  'GET /api/projects/:id/activities': { call: (c, who, target) => send(c, who, 'GET', `/api/projects/${c.ids[`project:${target?.code}`]}/activities`), status: only(PROJECT_READERS, 200), relation: projectVisible, target: 'project' },
  'POST /api/projects/:id/activities': {
    call: (c, who) => send(c, who, 'POST', `/api/projects/${c.ids[`project:${who === 'anonymous' ? '321100' : OWN_UNIT(who)}`]}/activities`, { type: 'inspection', date: '2026-03-03' }),
    status: only(PROJECT_WRITERS, 201),
  },
  'GET /api/activities': {
    call: (c, who) => send(c, who, 'GET', '/api/activities?pageSize=200'),
    status: only(LEAD_READERS, 200),
    // The demo's 2 activities (新区, 京口区) and the fixture one of 新区.
    count: { leader: 3, shangwu: 3, xinqu: 2, gaoxin: 0, jingkou: 1, jkjd: 0 },
  },
  'POST /api/activities/:id/attachments': {
    // On the fixture activity of 新区's lead: only who may write that lead.
    call: (c, who) => upload(c, who, `/api/activities/${c.ids.activity}/attachments?name=photo.pdf`, PDF),
    status: { ...only(['fagai', ...LEAD_WRITERS], 404), shangwu: 201, xinqu: 201 },
  },
  'GET /api/activities/:id/attachments/:attachmentId': {
    call: (c, who) => send(c, who, 'GET', `/api/activities/${c.ids.activity}/attachments/${c.ids.activityAttachment}`),
    status: { ...only([...PROJECT_READERS, ...LEAD_READERS], 404), leader: 200, shangwu: 200, xinqu: 200 },
  },

  'GET /api/saved-filters': { call: (c, who) => send(c, who, 'GET', '/api/saved-filters?page=projects'), status: everyone(200), count: Object.fromEntries(ROLES.map((r) => [r, r === 'xinqu' ? 1 : 0])) },
  'POST /api/saved-filters': { call: (c, who) => send(c, who, 'POST', '/api/saved-filters', { page: 'projects', name: `矩阵${who}`, query: 'stage=started' }), status: everyone(201) },
  'DELETE /api/saved-filters/:id': {
    // Only the owner: xinqu deletes its own; everyone else gets 404 for xinqu's filter.
    call: (c, who) => send(c, who, 'DELETE', `/api/saved-filters/${c.ids.savedFilter}`),
    status: { ...everyone(404), xinqu: 204 },
  },

  'GET /api/dispatch/periods': { call: (c, who) => send(c, who, 'GET', '/api/dispatch/periods'), status: only(DISPATCH_READERS, 200) },
  'POST /api/dispatch/periods': { call: (c, who) => send(c, who, 'POST', '/api/dispatch/periods', { period: '2001-01' }), status: only(['fagai'], 201) },
  'POST /api/dispatch/periods/:period/lock': { call: (c, who) => send(c, who, 'POST', '/api/dispatch/periods/2000-12/lock'), status: only(['fagai'], 204) },
  'GET /api/dispatch/periods/:period/board': { call: (c, who) => send(c, who, 'GET', `/api/dispatch/periods/${PERIOD}/board`), status: only(DISPATCH_READERS, 200) },
  'GET /api/dispatch/periods/:period/reports': { call: (c, who) => send(c, who, 'GET', `/api/dispatch/periods/${PERIOD}/reports?pageSize=200`), status: only(DISPATCH_READERS, 200), count: KEY_PROJECTS },
  'GET /api/dispatch/periods/:period/projects/:projectId': { call: (c, who, target) => send(c, who, 'GET', `/api/dispatch/periods/${PERIOD}/projects/${c.ids[`project:${target?.code}`]}`), status: only(DISPATCH_READERS, 200), relation: projectVisible, target: 'project' },
  'PUT /api/dispatch/periods/:period/projects/:projectId': {
    call: (c, who, target) => send(c, who, 'PUT', `/api/dispatch/periods/${PERIOD}/projects/${c.ids[`project:${target?.code}`]}`, { monthWan: 10, cumulativeWan: 100, progressText: `矩阵${who}` }),
    status: only(DISPATCH_WRITERS, 200),
    relation: projectVisible,
    target: 'project',
  },
  'POST /api/dispatch/periods/:period/projects/:projectId/photos': {
    call: (c, who, target) => upload(c, who, `/api/dispatch/periods/${PERIOD}/projects/${c.ids[`project:${target?.code}`]}/photos?name=site.png`, PNG),
    status: only(DISPATCH_WRITERS, 201),
    relation: (caller, rel) => (projectVisible(caller, rel) === 200 ? 201 : 404),
    target: 'project',
  },
  'GET /api/dispatch/periods/:period/projects/:projectId/photos/:photoId': {
    // The fixture photo of 新区's project: only who may read 新区's dispatch.
    call: (c, who) => send(c, who, 'GET', `/api/dispatch/periods/${PERIOD}/projects/${c.ids['project:ZJXQ']}/photos/${c.ids.dispatchPhoto}`),
    status: { ...only(DISPATCH_READERS, 404), leader: 200, fagai: 200, xinqu: 200 },
  },
  'POST /api/dispatch/periods/:period/late-requests': {
    call: (c, who) => send(c, who, 'POST', '/api/dispatch/periods/2000-11/late-requests', { unitId: who === 'anonymous' ? 1 : c.ids[`unit:${OWN_UNIT(who)}`], reason: '矩阵补报' }),
    status: only(DISPATCH_WRITERS, 201),
  },
  'POST /api/dispatch/late-requests/:id/decision': { call: (c, who) => send(c, who, 'POST', `/api/dispatch/late-requests/${c.ids.lateRequest}/decision`, { approve: true }), status: only(['fagai'], 204) },
  'POST /api/dispatch/import': {
    call: async (c, who) => upload(c, who, `/api/dispatch/import?unitId=${who === 'anonymous' ? 1 : c.ids[`unit:${OWN_UNIT(who)}`]}&period=${PERIOD}`, await dispatchSheet()),
    status: only(DISPATCH_WRITERS, 200),
  },
  'GET /api/dispatch/periods/:period/export': { call: (c, who) => send(c, who, 'GET', `/api/dispatch/periods/${PERIOD}/export`), status: only(DISPATCH_READERS, 200) },
  'GET /api/dispatch/key-projects': { call: (c, who) => send(c, who, 'GET', `/api/dispatch/key-projects?year=${YEAR()}&pageSize=200`), status: only(DISPATCH_READERS, 200), count: KEY_PROJECTS },
  'PUT /api/dispatch/key-projects/:projectId/:year': {
    call: (c, who, target) => send(c, who, 'PUT', `/api/dispatch/key-projects/${c.ids[`project:${target?.code}`]}/${YEAR()}`, { levels: ['district'], planWan: 1200 }),
    status: only(DISPATCH_WRITERS, 204),
    relation: (caller, rel) => (projectVisible(caller, rel) === 200 ? 204 : 404),
    target: 'project',
  },
  'GET /api/warnings': { call: (c, who) => send(c, who, 'GET', `/api/warnings?period=${PERIOD}`), status: only(DISPATCH_READERS, 200) },
  'POST /api/warnings/recompute': { call: (c, who) => send(c, who, 'POST', '/api/warnings/recompute', { period: PERIOD }), status: only(['fagai'], 200) },
  'GET /api/warnings/rules': { call: (c, who) => send(c, who, 'GET', '/api/warnings/rules'), status: only(DISPATCH_READERS, 200) },
  'POST /api/warnings/rules': {
    call: (c, who) => send(c, who, 'POST', '/api/warnings/rules', { effectiveFrom: '2099-01-01', definition: { progress: { yellowAbove: 10, redAbove: 30 }, start: { redMonthsLate: 3 }, registration: { yellowMonths: 1, redMonths: 2 }, consecutiveYellowsToRed: 2, levels: ['city'] } }),
    status: only(['fagai'], 201),
  },
  'GET /api/dispatch/forecast': { call: (c, who) => send(c, who, 'GET', `/api/dispatch/forecast?period=${PERIOD}`), status: only(DISPATCH_READERS, 200) },
  'GET /api/projects/:id/lights': { call: (c, who, target) => send(c, who, 'GET', `/api/projects/${c.ids[`project:${target?.code}`]}/lights`), status: only(DISPATCH_READERS, 200), relation: projectVisible, target: 'project' },
  'GET /api/indicators': { call: (c, who) => send(c, who, 'GET', '/api/indicators'), status: only(TARGET_READERS, 200) },
  'GET /api/targets': { call: (c, who) => send(c, who, 'GET', '/api/targets?year=2026'), status: only(TARGET_READERS, 200) },
  'PUT /api/targets': {
    call: (c, who) => send(c, who, 'PUT', '/api/targets', { year: 2001, items: [{ unitId: c.ids['unit:ZJXQ'], indicatorCode: 'signed_100m', value: 1 }] }),
    status: only(['shangwu'], 200),
  },
  // A dry run of the city's sample sheet: checked and counted, nothing written.
  'POST /api/targets/import': { call: (c, who) => upload(c, who, '/api/targets/import?year=2001', SAMPLE_TARGETS), status: only(['shangwu'], 200) },
  'GET /api/rankings': { call: (c, who) => send(c, who, 'GET', `/api/rankings?year=${PUBLISHED.slice(0, 4)}&asOf=${PUBLISHED}-28`), status: only(TARGET_READERS, 200) },
  // The board is every reader's; the rows behind a unit's figure only where the reader's scope reaches.
  'GET /api/rankings/rows': {
    call: (c, who, target) => send(c, who, 'GET', `/api/rankings/rows?year=${PUBLISHED.slice(0, 4)}&asOf=${PUBLISHED}-28&unitId=${target?.unitId}&indicator=signed_100m`),
    status: only(TARGET_READERS, 200),
    relation: rankingRowsVisible,
    target: 'unit',
  },
  'GET /api/rankings/published': { call: (c, who) => send(c, who, 'GET', `/api/rankings/published?year=${PUBLISHED.slice(0, 4)}`), status: only(TARGET_READERS, 200) },
  'GET /api/rankings/published/:period': { call: (c, who) => send(c, who, 'GET', `/api/rankings/published/${PUBLISHED}`), status: only(TARGET_READERS, 200) },
  'GET /api/rankings/published/:period/verify': { call: (c, who) => send(c, who, 'GET', `/api/rankings/published/${PUBLISHED}/verify`), status: only(TARGET_READERS, 200) },
  'POST /api/rankings/publish': { call: (c, who) => send(c, who, 'POST', '/api/rankings/publish', { period: PUBLISHED }), status: only(['shangwu'], 200) },
  // Versions valid from 2099: nothing the other rows read changes.
  'POST /api/rankings/schemes': {
    call: (c, who) => send(c, who, 'POST', '/api/rankings/schemes', { validFrom: '2099-01-01', definition: { method: 'efficacy', weights: { signed_100m: 1 }, bonuses: [], deductions: [] } }),
    status: only(['shangwu'], 200),
  },
  'POST /api/rankings/counting-rules': {
    call: (c, who) => send(c, who, 'POST', '/api/rankings/counting-rules', { validFrom: '2099-01-01', definition: { above100mYuan: 100_000_000, above10mUsd: 10_000_000, above1bYuan: 1_000_000_000, above100mUsd: 100_000_000 } }),
    status: only(['shangwu'], 200),
  },
  'GET /api/briefings/monthly': { call: (c, who) => send(c, who, 'GET', `/api/briefings/monthly?period=${PUBLISHED}`), status: only(BRIEFING_READERS, 200) },
  'GET /api/briefings': { call: (c, who) => send(c, who, 'GET', `/api/briefings?year=${PUBLISHED.slice(0, 4)}`), status: only(BRIEFING_READERS, 200) },
  'GET /api/briefings/:id/file': { call: (c, who) => send(c, who, 'GET', `/api/briefings/${c.ids.briefing}/file`), status: only(BRIEFING_READERS, 200) },
  // A unit of one's scope (own, or below for a district); any other is not found.
  'GET /api/dashboard': {
    call: (c, who, target) => send(c, who, 'GET', `/api/dashboard?year=${YEAR()}&unitId=${target?.unitId}`),
    status: only(DASHBOARD_READERS, 200),
    relation: projectVisible,
    target: 'unit',
  },
  'GET /api/dashboard/rows': {
    call: (c, who, target) => send(c, who, 'GET', `/api/dashboard/rows?year=${YEAR()}&unitId=${target?.unitId}&panel=top`),
    status: only(DASHBOARD_READERS, 200),
    relation: projectVisible,
    target: 'unit',
  },
  // The demo's 7 problems and one fixture problem in each unit used here (the enterprise's is its own): by the problem rules.
  'GET /api/problems': {
    call: (c, who) => send(c, who, 'GET', '/api/problems?pageSize=200'),
    status: only(PROBLEM_READERS, 200),
    count: { leader: 22, fagai: 22, xinqu: 6, gaoxin: 3, jingkou: 6, jkjd: 2, ziguiju: 4, qiye: 2 },
  },
  'GET /api/problems/:id': { call: (c, who, target) => send(c, who, 'GET', `/api/problems/${c.ids[`problem:${target?.code}`]}`), status: only(PROBLEM_READERS, 200), relation: projectVisible, target: 'unit' },
  'POST /api/problems': { call: (c, who) => send(c, who, 'POST', '/api/problems', { title: '矩阵问题', category: 'other', description: '矩阵测试' }), status: only(PROBLEM_WRITERS, 201) },
  'POST /api/problems/:id/assign': { call: (c, who) => send(c, who, 'POST', `/api/problems/${c.ids['problem:ZJXQ']}/assign`, { unitId: c.ids['unit:ZJ-ZGJ'] }), status: only(['fagai'], 200) },
  'POST /api/problems/:id/answer': {
    call: async (c, who) => send(c, who, 'POST', `/api/problems/${who === 'ziguiju' ? await freshProblem(c, 'xinqu', 'assigned') : c.ids['problem:ZJXQ']}/answer`, { text: '矩阵答复' }),
    status: only(['ziguiju'], 200),
  },
  'POST /api/problems/:id/confirm': {
    call: async (c, who) => send(c, who, 'POST', `/api/problems/${PROBLEM_WRITERS.includes(who as Role) ? await freshProblem(c, who as Role, 'answered') : c.ids['problem:ZJXQ']}/confirm`, { satisfied: true, rating: 5 }),
    status: only(PROBLEM_WRITERS, 200),
  },
  'POST /api/problems/:id/decisions': { call: (c, who) => send(c, who, 'POST', `/api/problems/${c.ids['problem:ZJXQ']}/decisions`, { text: '矩阵决定' }), status: only(['fagai'], 200) },
  'POST /api/problems/:id/attachments': {
    async call(c, who) {
      const id = PROBLEM_WRITERS.includes(who as Role) ? await freshProblem(c, who as Role, 'raised') : who === 'ziguiju' ? await freshProblem(c, 'xinqu', 'assigned') : c.ids['problem:ZJXQ'];
      return upload(c, who, `/api/problems/${id}/attachments?name=fixture.png`, PNG);
    },
    status: only([...PROBLEM_WRITERS, 'ziguiju', 'fagai'], 201),
  },
  // The attachment is on 新区's fixture problem: the city and 新区 read it; other readers do not know it.
  'GET /api/problems/:id/attachments/:attachmentId': {
    call: (c, who) => send(c, who, 'GET', `/api/problems/${c.ids['problem:ZJXQ']}/attachments/${c.ids.problemAttachment}`),
    status: { ...only(PROBLEM_READERS, 404), leader: 200, fagai: 200, xinqu: 200 },
  },
  'GET /api/problems/agenda': { call: (c, who) => send(c, who, 'GET', '/api/problems/agenda'), status: only(['leader', 'fagai'], 200) },
  'GET /api/problems/agenda.docx': { call: (c, who) => send(c, who, 'GET', '/api/problems/agenda.docx'), status: only(['leader', 'fagai'], 200) },
  'GET /api/problems/scorecard': { call: (c, who) => send(c, who, 'GET', `/api/problems/scorecard?year=${YEAR()}`), status: only(PROBLEM_READERS.filter((r) => r !== 'qiye'), 200) },
  'GET /api/portal': { call: (c, who) => send(c, who, 'GET', '/api/portal'), status: only(['qiye'], 200) },
  // Enterprises a unit serves (the demo's one is 新区's) and their contacts' accounts: the serving unit's.
  'GET /api/enterprises': { call: (c, who) => send(c, who, 'GET', '/api/enterprises'), status: only(ENTERPRISE_WRITERS, 200), count: { xinqu: 1, gaoxin: 0, jingkou: 0, jkjd: 0 } },
  'POST /api/enterprises': { call: (c, who) => send(c, who, 'POST', '/api/enterprises', { uscc: freshUscc(), name: unique('矩阵企业') }), status: only(ENTERPRISE_WRITERS, 201) },
  // The registry is the city's reference data for officers (and the chain bureau); linked records as far as each may see.
  'GET /api/enterprise-registry': { call: (c, who) => send(c, who, 'GET', '/api/enterprise-registry?q=%E5%A4%A7%E5%85%A8'), status: only(PROJECT_READERS, 200), count: Object.fromEntries(PROJECT_READERS.map((r) => [r, 1])) },
  'GET /api/enterprise-registry/:id': { call: (c, who) => send(c, who, 'GET', `/api/enterprise-registry/${c.ids.enterprise}`), status: only(PROJECT_READERS, 200) },
  // Keeping a record: the serving unit (新区 serves the demo enterprise; the parent is not its server) and the chain bureau.
  'PUT /api/enterprise-registry/:id/industry': {
    call: (c, who) => send(c, who, 'PUT', `/api/enterprise-registry/${c.ids.enterprise}/industry`, { industry: unique('新能源汽车零部件') }),
    status: only(['xinqu', 'gongxin'], 204),
  },
  'POST /api/enterprise-registry/:id/tags': {
    call: (c, who) => send(c, who, 'POST', `/api/enterprise-registry/${c.ids.enterprise}/tags`, { tag: 'gazelle', source: unique('矩阵认定文件'), validFrom: '2026-01-01' }),
    status: only(['xinqu', 'gongxin'], 201),
  },
  'POST /api/enterprise-registry/:id/tags/:tagId/retire': {
    call: async (c, who) => {
      // A fresh tag for each caller, recorded by the chain bureau, so every allowed caller has one to withdraw.
      const added = await send(c, 'gongxin', 'POST', `/api/enterprise-registry/${c.ids.enterprise}/tags`, { tag: 'gazelle', source: unique('矩阵撤销文件'), validFrom: '2026-01-01' });
      return send(c, who, 'POST', `/api/enterprise-registry/${c.ids.enterprise}/tags/${added.json().id}/retire`, { reason: '矩阵撤销', lastDay: '2026-06-30' });
    },
    status: only(['xinqu', 'gongxin'], 204),
  },
  'GET /api/enterprises/:id/contacts': { call: (c, who) => send(c, who, 'GET', `/api/enterprises/${c.ids.enterprise}/contacts`), status: { ...only(ENTERPRISE_WRITERS, 404), xinqu: 200 } },
  'POST /api/enterprises/:id/contacts': {
    call: (c, who) => send(c, who, 'POST', `/api/enterprises/${c.ids.enterprise}/contacts`, { username: unique('mx'), displayName: '矩阵联系人', phone: '13900000000' }),
    status: { ...only(ENTERPRISE_WRITERS, 404), xinqu: 201 },
  },
  // Milestone evidence: the enterprise uploads for its own project (新区新材料产业园's); the project's readers see it, its writers decide.
  'POST /api/portal/projects/:id/evidence': { call: (c, who) => upload(c, who, `/api/portal/projects/${c.ids.enterpriseProject}/evidence?stage=producing&reachedOn=${TODAY()}&kind=photo&name=fixture.png`, PNG), status: only(['qiye'], 201) },
  'GET /api/projects/:id/evidence': { call: (c, who) => send(c, who, 'GET', `/api/projects/${c.ids.enterpriseProject}/evidence`), status: { ...only(PROJECT_READERS, 404), leader: 200, shangwu: 200, fagai: 200, gongxin: 200, xinqu: 200 } },
  'GET /api/projects/:id/evidence/:evidenceId/file': {
    call: (c, who) => send(c, who, 'GET', `/api/projects/${c.ids.enterpriseProject}/evidence/${c.ids.evidence}/file`),
    status: { ...only([...PROJECT_READERS, 'qiye'], 404), leader: 200, shangwu: 200, fagai: 200, gongxin: 200, xinqu: 200, qiye: 200 },
  },
  'POST /api/projects/:id/evidence/:evidenceId/decide': {
    async call(c, who) {
      const evidence = (await upload(c, 'qiye', `/api/portal/projects/${c.ids.enterpriseProject}/evidence?stage=producing&reachedOn=${TODAY()}&kind=photo&name=fixture.png`, PNG)).json().id;
      return send(c, who, 'POST', `/api/projects/${c.ids.enterpriseProject}/evidence/${evidence}/decide`, { approve: false, reason: '矩阵退回' });
    },
    status: { ...only(PROJECT_WRITERS, 404), fagai: 200, xinqu: 200 },
  },
  // Key-enterprise lists: the chain bureau keeps them; officers and the regulator read all; 工行 reads its chains' (新型电力装备, not 汽车及零部件).
  'GET /api/key-enterprises': { call: (c, who) => send(c, who, 'GET', `/api/key-enterprises?year=${YEAR()}&chainId=${c.ids['chain:power-equipment']}`), status: only(LIST_READERS, 200) },
  'GET /api/key-enterprises/versions': { call: (c, who) => send(c, who, 'GET', `/api/key-enterprises/versions?year=${YEAR()}&chainId=${c.ids['chain:auto-parts']}`), status: { ...only(LIST_READERS, 200), icbc: 404 } },
  'GET /api/key-enterprises/export': { call: (c, who) => send(c, who, 'GET', `/api/key-enterprises/export?year=${YEAR()}&chainId=${c.ids['chain:power-equipment']}`), status: only(LIST_READERS, 200) },
  'GET /api/chain-map': { call: (c, who) => send(c, who, 'GET', `/api/chain-map?year=${YEAR()}&chainId=${c.ids['chain:auto-parts']}`), status: { ...only(LIST_READERS, 200), icbc: 404 } },
  // Chain 2001 does not exist: the bureau is refused with 400 after its right is checked; everyone else 403.
  'PUT /api/chain-map/gaps': { call: (c, who) => send(c, who, 'PUT', '/api/chain-map/gaps', { chainId: 2147483647, gaps: [] }), status: only(['gongxin'], 400) },
  // 投产达效与亩均效益: readers of projects read (each within its scope); commitments are the project's editors'; figures and stage decisions the host unit's filers'.
  'GET /api/returns': { call: (c, who) => send(c, who, 'GET', '/api/returns?period=2026-Q3'), status: only(PROJECT_READERS, 200) },
  'GET /api/returns/parks': { call: (c, who) => send(c, who, 'GET', '/api/returns/parks?period=2026-Q3'), status: only(PROJECT_READERS, 200) },
  'GET /api/returns/gaps': { call: (c, who) => send(c, who, 'GET', '/api/returns/gaps'), status: only(PROJECT_READERS, 200) },
  'GET /api/returns/projects/:id': { call: (c, who, target) => send(c, who, 'GET', `/api/returns/projects/${c.ids[`project:${target?.code}`]}`), status: only(PROJECT_READERS, 200), relation: projectVisible, target: 'project' },
  'PUT /api/returns/projects/:id/commitments': {
    async call(c, who, target) {
      const id = c.ids[`project:${target?.code}`]!;
      const current = await c.t.app.gj.db.selectFrom('project_commitments').select('version').where('project_id', '=', id).executeTakeFirst();
      return send(c, who, 'PUT', `/api/returns/projects/${id}/commitments`, { jobs: 10, version: current?.version ?? 0 });
    },
    status: only(PROJECT_WRITERS, 200),
    relation: projectVisible,
    target: 'project',
  },
  'PUT /api/returns/projects/:id/quarters/:period': {
    async call(c, who) {
      const current = await c.t.app.gj.db.selectFrom('project_returns').select('version').where('project_id', '=', c.ids.producingProject!).where('period', '=', '2026-Q1').executeTakeFirst();
      return send(c, who, 'PUT', `/api/returns/projects/${c.ids.producingProject}/quarters/2026-Q1`, { outputWan: 100 + ROLES.indexOf(who as Role), taxWan: 5, version: current?.version ?? 0 });
    },
    // 高新区's project: the commission (city scope) and 高新区 file it; the other districts do not see it.
    status: { ...only(DISPATCH_WRITERS, 404), fagai: 200, gaoxin: 200 },
  },
  'POST /api/returns/proposals/:id/decide': {
    async call(c, who) {
      const proposal = await c.t.app.gj.db
        .insertInto('returns_proposals')
        .values({ project_id: c.ids.producingProject!, stage: 'capacity', period: '2026-Q1', evidence: '{}', rule_version: 1, state: 'proposed', proposed_at: new Date().toISOString(), decided_by: null, decided_at: null, decision_reason: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return send(c, who, 'POST', `/api/returns/proposals/${proposal.id}/decide`, { decision: 'dismiss', reason: '矩阵不予认定' });
    },
    status: { ...only(DISPATCH_WRITERS, 404), fagai: 204, gaoxin: 204 },
  },
  'POST /api/returns/import': { call: async (c, who) => upload(c, who, '/api/returns/import?period=2026-Q1', await returnsSheet()), status: only(DISPATCH_WRITERS, 200) },
  'GET /api/returns/template': { call: (c, who) => send(c, who, 'GET', '/api/returns/template?period=2026-Q1'), status: only(DISPATCH_WRITERS, 200) },
  'PUT /api/key-enterprises': { call: (c, who) => send(c, who, 'PUT', '/api/key-enterprises', { year: 2001, chainId: c.ids['chain:power-equipment'], items: [] }), status: only(['gongxin'], 200) },
  'POST /api/key-enterprises/import': { call: async (c, who) => upload(c, who, `/api/key-enterprises/import?year=2001&chainId=${c.ids['chain:power-equipment']}`, await keyListSheet()), status: only(['gongxin'], 200) },
  // 金链行动: a bank its own, the regulator (and the leader, finance:read city-wide) all; the demo's 3 lines are 工行's.
  'GET /api/banks/assignments': { call: (c, who) => send(c, who, 'GET', `/api/banks/assignments?year=${YEAR()}`), status: only(FINANCE_READERS, 200), count: { leader: 3, jinrong: 3, icbc: 1 } },
  'PUT /api/banks/:id/chains/:year': { call: (c, who) => send(c, who, 'PUT', `/api/banks/${c.ids['unit:BANK-BOC']}/chains/2001`, { chainIds: [] }), status: only(['jinrong'], 204) },
  'GET /api/credit-lines': { call: (c, who) => send(c, who, 'GET', `/api/credit-lines?year=${YEAR()}`), status: only(FINANCE_READERS, 200), count: { leader: 3, jinrong: 3, icbc: 3 } },
  'POST /api/credit-lines': { call: (c, who) => send(c, who, 'POST', '/api/credit-lines', { enterpriseId: c.ids.listedEnterprise, amountWan: 10, grantedOn: TODAY() }), status: only(['icbc'], 201) },
  'POST /api/credit-lines/:id/moves': { call: (c, who) => send(c, who, 'POST', `/api/credit-lines/${c.ids.creditLine}/moves`, { kind: 'drawn', amountWan: 1, onDate: TODAY() }), status: only(['icbc'], 201) },
  'GET /api/financing-needs': { call: (c, who) => send(c, who, 'GET', `/api/financing-needs?year=${YEAR()}`), status: only(FINANCE_READERS, 200) },
  // No financing need of an enterprise on 工行's chains in the demo: the bank is told there is none (404); the others lack the right.
  'POST /api/financing-needs/:id/replies': { call: (c, who) => send(c, who, 'POST', `/api/financing-needs/${c.ids['problem:ZJXQ']}/replies?year=${YEAR()}`, { text: '矩阵回复' }), status: only(['icbc'], 404) },
  'GET /api/credit/totals': { call: (c, who) => send(c, who, 'GET', `/api/credit/totals?year=${YEAR()}`), status: only(FINANCE_READERS, 200) },
  'GET /api/bank-plans': { call: (c, who) => send(c, who, 'GET', `/api/bank-plans?year=${YEAR()}`), status: only(FINANCE_READERS, 200), count: { leader: 2, jinrong: 2, icbc: 2 } },
  'PUT /api/bank-plans': { call: (c, who) => send(c, who, 'PUT', '/api/bank-plans', { year: Number(YEAR()), chainId: c.ids['chain:power-equipment'], text: '矩阵方案' }), status: only(['icbc'], 200) },
  // The regulator's loan sheet: it imports (a dry run here); city-wide finance readers read every institution's figures, a bank none.
  'POST /api/loan-stats/import': { call: (c, who) => upload(c, who, `/api/loan-stats/import?period=2023-06`, SAMPLE_LOANS), status: only(['jinrong'], 200) },
  'GET /api/loan-stats': { call: (c, who) => send(c, who, 'GET', `/api/loan-stats?year=${YEAR()}`), status: { ...only(FINANCE_READERS, 200), icbc: 403 } },
  'GET /api/notifications': { call: (c, who) => send(c, who, 'GET', '/api/notifications'), status: everyone(200) },
  'POST /api/notifications/:id/read': {
    // Anyone may mark their own; another's id (the fixture notice of fagai) changes nothing but answers the same.
    call: (c, who) => send(c, who, 'POST', `/api/notifications/${c.ids.notification}/read`),
    status: everyone(204),
  },
  'POST /api/notifications/read-all': { call: (c, who) => send(c, who, 'POST', '/api/notifications/read-all'), status: everyone(204) },
  'GET /api/workbench': { call: (c, who) => send(c, who, 'GET', '/api/workbench'), status: everyone(200) },

  'GET /api/audit': { call: (c, who) => send(c, who, 'GET', '/api/audit?pageSize=1'), status: only(['auditor'], 200) },
  'GET /api/audit/verify': { call: (c, who) => send(c, who, 'GET', '/api/audit/verify'), status: only(['auditor'], 200) },
  'GET /api/audit/export': { call: (c, who) => send(c, who, 'GET', '/api/audit/export?result=failure'), status: only(['auditor'], 200) },
};

let ctx: Ctx;

beforeAll(async () => {
  const t = await createTestApp();
  const agents = new Map<Role, Agent>();
  for (const role of ROLES) agents.set(role, await t.login(role, undefined, `10.8.0.${ROLES.indexOf(role) + 1}`));
  const ids: Record<string, number> = { xinqu: await t.unitId('ZJXQ') };
  for (const [code] of Object.entries(USER_IN_UNIT)) ids[`unit:${code}`] = await t.unitId(code);
  for (const name of [...ROLES, 'xinqu2', 'dagang', 'jqjd', 'dingmao', 'xcl']) ids[`user:${name}`] = await t.userId(name);
  const roles = await t.app.gj.db.selectFrom('roles').select(['id', 'code']).execute();
  for (const r of roles) ids[`role:${r.code}`] = r.id;
  const admin = agents.get('admin')!;
  ids.movable = (await admin.post('/api/units', { code: 'MATRIX-MOVE', name: '矩阵可移动单位', kind: 'park', parentId: ids.xinqu })).json().id;
  ids['role:spare'] = (await agents.get('secadmin')!.post('/api/roles', { code: 'matrix_spare', name: '备用', nameEn: 'Spare', dataScope: 'unit', permissions: [] })).json().id;
  // One project in each unit that appears as someone's own / sibling / parent / child unit.
  const fagai = agents.get('fagai')!;
  for (const code of Object.keys(USER_IN_UNIT)) {
    const res = await fagai.post('/api/projects', { name: `矩阵项目-${code}`, hostUnitId: ids[`unit:${code}`], totalInvestmentWan: 12000 });
    if (res.statusCode !== 201) throw new Error(`fixture project: ${res.body}`);
    ids[`project:${code}`] = res.json().id;
  }
  ids.attachment = (await t.app.inject({ method: 'POST', url: `/api/projects/${ids['project:ZJXQ']}/attachments?name=fixture.pdf`, payload: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 32)]), headers: { 'content-type': 'application/octet-stream', cookie: fagai.cookie, 'x-csrf-token': fagai.csrfToken } })).json().id;
  // One lead in each of those units too (the commerce bureau may register for any unit).
  const shangwu = agents.get('shangwu')!;
  for (const code of Object.keys(USER_IN_UNIT)) {
    const res = await shangwu.post('/api/leads', { title: `矩阵线索-${code}`, enterpriseName: `矩阵线索企业${code}有限公司`, source: 'other', firstContactDate: '2026-03-01', contactPhone: '13700000000', unitId: ids[`unit:${code}`] });
    if (res.statusCode !== 201 || res.json().conflict) throw new Error(`fixture lead: ${res.body}`);
    ids[`lead:${code}`] = res.json().id;
  }
  ids.handoff = (await shangwu.post(`/api/leads/${ids['lead:ZJ-SWJ-SZ']}/handoffs`, { toUnitId: ids.xinqu, reason: '矩阵流转', version: 1 })).json().id;
  ids.demoConflict = (await t.app.gj.db.selectFrom('leads').select('id').where('conflict_state', '=', 'open').executeTakeFirstOrThrow()).id;
  const xinquAgent = agents.get('xinqu')!;
  ids.activity = (await xinquAgent.post(`/api/leads/${ids['lead:ZJXQ']}/activities`, { type: 'visit', date: '2026-03-02', place: '苏州' })).json().id;
  ids.activityAttachment = (await t.app.inject({ method: 'POST', url: `/api/activities/${ids.activity}/attachments?name=fixture.pdf`, payload: PDF, headers: { 'content-type': 'application/octet-stream', cookie: xinquAgent.cookie, 'x-csrf-token': xinquAgent.csrfToken } })).json().id;
  ids.chain = (await t.app.gj.db.selectFrom('chains').select('id').where('code', '=', 'low-altitude').executeTakeFirstOrThrow()).id;
  ids.savedFilter = (await agents.get('xinqu')!.post('/api/saved-filters', { page: 'projects', name: '开工亿元以上', query: 'stage=started&above100m=true' })).json().id;
  // Dispatch: the demo's open period; every fixture project on this year's district list; a
  // period to lock, a locked one for late requests (one pending), a photo and a notice.
  PERIOD = (await t.app.gj.db.selectFrom('dispatch_periods').select('period').orderBy('period', 'desc').executeTakeFirstOrThrow()).period;
  for (const code of Object.keys(USER_IN_UNIT)) {
    const res = await fagai.put(`/api/dispatch/key-projects/${ids[`project:${code}`]}/${YEAR()}`, { levels: ['district'], planWan: 1200 });
    if (res.statusCode !== 204) throw new Error(`fixture key project: ${res.body}`);
  }
  // (Past months, locked by their default deadlines: a period is never opened for a month to come,
  // nor with a deadline already past; one request waits per unit and period, so the fixture's is in 2000-10.)
  await fagai.post('/api/dispatch/periods', { period: '2000-12' });
  await fagai.post('/api/dispatch/periods', { period: '2000-11' });
  await fagai.post('/api/dispatch/periods', { period: '2000-10' });
  ids.lateRequest = (await xinquAgent.post('/api/dispatch/periods/2000-10/late-requests', { unitId: ids.xinqu, reason: '矩阵补报' })).json().id;
  ids.dispatchPhoto = (await t.app.inject({ method: 'POST', url: `/api/dispatch/periods/${PERIOD}/projects/${ids['project:ZJXQ']}/photos?name=fixture.png`, payload: PNG, headers: { 'content-type': 'application/octet-stream', cookie: xinquAgent.cookie, 'x-csrf-token': xinquAgent.csrfToken } })).json().id;
  // In January the year has no ended month: last December gets the demo's targets and is published.
  const published = await t.app.gj.db.selectFrom('published_rankings').select('period').orderBy('period', 'desc').executeTakeFirst();
  if (published) PUBLISHED = published.period;
  else {
    const now = new Date(t.clock.now().getTime() + 8 * 3600_000);
    PUBLISHED = `${now.getUTCFullYear() - 1}-12`;
    const system = systemContext('matrix');
    const demo = await targetsOfYear(t.app.gj.db, now.getUTCFullYear());
    await setTargets(t.app.gj, system, now.getUTCFullYear() - 1, demo.map((d) => ({ unitId: d.unitId, indicatorCode: d.indicatorCode, value: Number(d.value) })));
    await publishRanking(t.app.gj, system, PUBLISHED);
  }
  ids.briefing = (await archiveBriefing(t.app.gj, systemContext('matrix'), PUBLISHED)).id;
  // One problem in each unit used here, raised on its behalf (the enterprise's concerns the enterprise).
  ids['unit:ZJ-ZGJ'] = await t.unitId('ZJ-ZGJ');
  const demoEnterprise = await t.app.gj.db.selectFrom('enterprises').select(['id', 'unit_id']).where('uscc', '=', DEMO_ENTERPRISE_USCC).executeTakeFirstOrThrow();
  const at = t.clock.now().toISOString();
  for (const code of Object.keys(USER_IN_UNIT)) {
    const unitId = ids[`unit:${code}`]!;
    const row = await t.app.gj.db
      .insertInto('problems')
      .values({ code: unique('WTM'), title: `矩阵问题-${code}`, category: 'other', description: '矩阵', project_id: null, enterprise_id: demoEnterprise.unit_id === unitId ? demoEnterprise.id : null, unit_id: unitId, raised_by: ids['user:fagai']!, raiser_unit_id: unitId, status: 'raised', lead_unit_id: null, due_date: null, assigned_at: null, answered_at: null, closed_at: null, rating: null, reminded_for: null, escalated_at: null, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[`problem:${code}`] = row.id;
  }
  ids.enterprise = demoEnterprise.id;
  for (const code of ['power-equipment', 'auto-parts']) ids[`chain:${code}`] = (await t.app.gj.db.selectFrom('chains').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  ids['unit:BANK-BOC'] = await t.unitId('BANK-BOC');
  ids.listedEnterprise = (await t.app.gj.db.selectFrom('enterprises').select('id').where('uscc', '=', '91321100MA1PE0001M').executeTakeFirstOrThrow()).id;
  ids.creditLine = (await t.app.gj.db.selectFrom('credit_lines').select('id').where('enterprise_id', '=', ids.listedEnterprise).executeTakeFirstOrThrow()).id;
  ids.enterpriseProject = (await t.app.gj.db.selectFrom('projects').select('id').where('code', '=', 'XM2023XQ003').executeTakeFirstOrThrow()).id;
  ids.evidence = (await t.app.inject({ method: 'POST', url: `/api/portal/projects/${ids.enterpriseProject}/evidence?stage=producing&reachedOn=${TODAY()}&kind=photo&name=fixture.png`, payload: PNG, headers: { 'content-type': 'application/octet-stream', cookie: agents.get('qiye')!.cookie, 'x-csrf-token': agents.get('qiye')!.csrfToken } })).json().id;
  ids.problemAttachment = (await upload({ t, agents, anonymous: async () => { throw new Error('unused'); }, ids } as Ctx, 'fagai', `/api/problems/${ids['problem:ZJXQ']}/attachments?name=fixture.png`, PNG)).json().id;
  ids.notification = (await t.app.gj.db.selectFrom('notifications').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  // A producing project of the demo (高新区's 蒋乔街道), for the returns (投产达效) routes.
  ids.producingProject = (await t.app.gj.db.selectFrom('projects').select('id').where('code', '=', 'XM2023GX003').executeTakeFirstOrThrow()).id;
  const anonymous = (method: string, url: string, body?: unknown) =>
    t.app.inject({ method: method as 'GET', url, remoteAddress: '10.8.1.1', ...(body === undefined ? {} : { payload: body as object }) });
  ctx = { t, agents, anonymous, ids };
});
afterAll(async () => ctx.t.close());

describe('authorisation matrix', () => {
  it('covers every registered route, and no route that does not exist', () => {
    const registered = new Set(ctx.t.app.gj.routes.map((r) => `${r.method} ${r.url}`));
    const covered = new Set(Object.keys(MATRIX));
    expect([...registered].filter((r) => !covered.has(r)), 'routes missing from the matrix').toEqual([]);
    expect([...covered].filter((r) => !registered.has(r)), 'matrix rows for routes that do not exist').toEqual([]);
  });

  // Reads before writes, so list counts see the seeded demo only.
  const ordered = Object.entries(MATRIX).sort(([a], [b]) => Number(!a.startsWith('GET')) - Number(!b.startsWith('GET')));
  for (const [route, probe] of ordered) {
    it(route, async () => {
      const failures: string[] = [];
      for (const caller of ['anonymous', ...ROLES] as Caller[]) {
        if (probe.target && caller !== 'anonymous') {
          for (const [rel, code] of Object.entries(RELATIVES[caller]) as [Relation, string][]) {
            const username = USER_IN_UNIT[code];
            if (probe.target === 'user' && !username) continue;
            const res = await probe.call(ctx, caller, { unitId: ctx.ids[`unit:${code}`]!, username: username ?? '', code });
            const base = probe.status[caller];
            const expected = base >= 400 || !probe.relation ? base : probe.relation(caller, rel);
            if (res.statusCode !== expected) failures.push(`${caller}/${rel}: ${res.statusCode} (expected ${expected}) ${res.body.slice(0, 120)}`);
          }
          continue;
        }
        const res = await probe.call(ctx, caller, probe.target ? { unitId: ctx.ids['unit:321100']!, username: 'leader', code: '321100' } : undefined);
        const expected = probe.status[caller];
        if (res.statusCode !== expected) failures.push(`${caller}: ${res.statusCode} (expected ${expected}) ${res.body.slice(0, 120)}`);
        const count = probe.count?.[caller];
        if (count !== undefined && res.statusCode === 200) {
          const body = res.json();
          const got = Array.isArray(body.items) ? body.items.length : -1;
          if (got !== count) failures.push(`${caller}: ${got} items (expected ${count})`);
          if (typeof body.total === 'number' && body.total !== count) failures.push(`${caller}: total ${body.total} (expected ${count})`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

/**
 * 三权分立 on oneself and on each other: every web route an administrator could use to change its
 * own (or another administrator's) roles, unit, status or password answers 403, and nothing moves.
 * Administrator accounts change only from the console (`gongjian users …`, cli.test.ts).
 */
describe('administrators\u2019 self-service', () => {
  type Probe = [who: 'admin' | 'secadmin' | 'auditor', what: string, method: 'PATCH' | 'PUT' | 'POST', url: (ids: Record<string, number>) => string, body: (ids: Record<string, number>) => unknown];
  const ADMINS = ['admin', 'secadmin', 'auditor'] as const;
  const SELF_SERVICE: Probe[] = ADMINS.flatMap((who): Probe[] => [
    [who, 'own roles (account form)', 'PATCH', (ids) => `/api/users/${ids[`user:${who}`]}`, (ids) => ({ roleIds: [ids['role:city_leader']] })],
    [who, 'own roles (grant page)', 'PUT', (ids) => `/api/users/${ids[`user:${who}`]}/roles`, (ids) => ({ roleIds: [ids['role:city_leader']] })],
    [who, 'own roles: another administrator kind', 'PUT', (ids) => `/api/users/${ids[`user:${who}`]}/roles`, (ids) => ({ roleIds: [ids[who === 'auditor' ? 'role:sec_admin' : 'role:audit_admin']] })],
    [who, 'own unit', 'PATCH', (ids) => `/api/users/${ids[`user:${who}`]}`, (ids) => ({ unitId: ids.xinqu })],
    [who, 'disable self', 'POST', (ids) => `/api/users/${ids[`user:${who}`]}/disable`, () => ({})],
    [who, 'reset own password', 'POST', (ids) => `/api/users/${ids[`user:${who}`]}/reset-password`, () => ({ password: 'Selfreset#Admin2026' })],
  ]);
  const ON_EACH_OTHER: Probe[] = [
    ['admin', 'reset the auditor\u2019s password', 'POST', (ids) => `/api/users/${ids['user:auditor']}/reset-password`, () => ({ password: 'Takeover#Audit2026' })],
    ['admin', 'disable the security admin', 'POST', (ids) => `/api/users/${ids['user:secadmin']}/disable`, () => ({})],
    ['admin', 'unlock the auditor', 'POST', (ids) => `/api/users/${ids['user:auditor']}/unlock`, () => ({})],
    ['admin', 'move the auditor', 'PATCH', (ids) => `/api/users/${ids['user:auditor']}`, (ids) => ({ unitId: ids.xinqu })],
    ['secadmin', 're-role the auditor', 'PUT', (ids) => `/api/users/${ids['user:auditor']}/roles`, (ids) => ({ roleIds: [ids['role:city_leader']] })],
    ['secadmin', 'make a business user an administrator', 'PUT', (ids) => `/api/users/${ids['user:xcl']}/roles`, (ids) => ({ roleIds: [ids['role:sys_admin']] })],
    ['secadmin', 'widen its own role', 'PATCH', (ids) => `/api/roles/${ids['role:sec_admin']}`, () => ({ permissions: ['security:role:read', 'security:role:write', 'security:user-role:write', 'security:policy:write', 'org:read', 'project:read'] })],
    ['secadmin', 'change the audit role\u2019s scope', 'PATCH', (ids) => `/api/roles/${ids['role:audit_admin']}`, () => ({ dataScope: 'unit' })],
    ['secadmin', 'create another administrator role', 'POST', () => '/api/roles', () => ({ code: 'matrix_sec2', name: '安全2', nameEn: 'Security 2', adminKind: 'security', dataScope: 'all', permissions: ['security:role:read'] })],
  ];

  it('refuses every administrator any change to its own roles, unit, status or password, and each other\u2019s', async () => {
    const rolesBefore = await ctx.t.app.gj.db.selectFrom('user_roles').selectAll().orderBy('user_id').orderBy('role_id').execute();
    const adminsBefore = await ctx.t.app.gj.db.selectFrom('users').select(['id', 'unit_id', 'disabled', 'password_hash']).where('username', 'in', [...ADMINS]).orderBy('id').execute();
    const failures: string[] = [];
    for (const [who, what, method, url, body] of [...SELF_SERVICE, ...ON_EACH_OTHER]) {
      const res = await send(ctx, who, method, url(ctx.ids), body(ctx.ids));
      if (res.statusCode !== 403) failures.push(`${who} / ${what}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect(await ctx.t.app.gj.db.selectFrom('user_roles').selectAll().orderBy('user_id').orderBy('role_id').execute()).toEqual(rolesBefore);
    expect(await ctx.t.app.gj.db.selectFrom('users').select(['id', 'unit_id', 'disabled', 'password_hash']).where('username', 'in', [...ADMINS]).orderBy('id').execute()).toEqual(adminsBefore);
  });
});

/**
 * Imports are ordinary writes row by row: a ledger row naming a record of a unit outside the
 * importer's scope (sibling, parent) is a row error and changes nothing; one naming a record in
 * scope (own, child) is an update. Every importer, both ledgers, committed.
 */
describe('imports naming other units\u2019 records', () => {
  const IMPORTERS = ['xinqu', 'gaoxin', 'jingkou', 'jkjd'] as const;
  const upload = (who: Role, kind: 'projects' | 'leads', file: Buffer) => {
    const agent = ctx.agents.get(who)!;
    return ctx.t.app.inject({ method: 'POST', url: `/api/${kind}/import?unitId=${ctx.ids[`unit:${OWN_UNIT(who)}`]}&commit=true`, payload: file, headers: { 'content-type': 'application/octet-stream', cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } });
  };
  const book = async (header: string[], rows: unknown[][]) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  it('turns a project code of a sibling or parent unit into a row error, and updates own and child units\u2019 projects', async () => {
    const db = ctx.t.app.gj.db;
    const failures: string[] = [];
    for (const who of IMPORTERS) {
      const relations = Object.entries(RELATIVES[who]) as [Relation, string][];
      const projects = await db.selectFrom('projects').select(['id', 'code', 'name', 'version']).where('id', 'in', relations.map(([, code]) => ctx.ids[`project:${code}`]!)).execute();
      const codeOf = (code: string) => projects.find((p) => p.id === ctx.ids[`project:${code}`])!;
      const rows = relations.map(([rel, code]) => [codeOf(code).code, `${who}改写${rel}`, 12000]);
      const report = (await upload(who, 'projects', await book(['项目编号', '项目名称', '总投资（万元）'], rows))).json();
      for (const [i, [rel, code]] of relations.entries()) {
        const inScope = rel === 'own' || rel === 'child';
        const refused = report.errors.some((e: { row: number }) => e.row === i + 2);
        if (refused === inScope) failures.push(`${who}/${rel}: ${refused ? 'refused' : 'accepted'}`);
        const after = await db.selectFrom('projects').select(['name', 'version']).where('id', '=', ctx.ids[`project:${code}`]!).executeTakeFirstOrThrow();
        if (!inScope && (after.name !== codeOf(code).name || after.version !== codeOf(code).version)) failures.push(`${who}/${rel}: another unit's project changed`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('turns a lead code of another unit into a row error: nothing created, nothing changed', async () => {
    const db = ctx.t.app.gj.db;
    const failures: string[] = [];
    for (const who of IMPORTERS) {
      const relations = (Object.entries(RELATIVES[who]) as [Relation, string][]).filter(([rel]) => rel !== 'own');
      const leads = await db.selectFrom('leads').select(['id', 'code', 'title', 'version']).where('id', 'in', relations.map(([, code]) => ctx.ids[`lead:${code}`]!)).execute();
      const before = Number((await db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const rows = leads.map((l) => [l.code, `${who}导入企业有限公司`, '改写项目', '展会', '2026-05-01']);
      const report = (await upload(who, 'leads', await book(['线索编号', '企业名称', '意向项目', '线索来源', '首次接洽日期'], rows))).json();
      if (report.errors?.length !== leads.length || report.created !== 0) failures.push(`${who}: ${JSON.stringify(report).slice(0, 200)}`);
      const after = await db.selectFrom('leads').select(['id', 'title', 'version']).where('id', 'in', leads.map((l) => l.id)).execute();
      for (const l of leads) if (JSON.stringify(after.find((a) => a.id === l.id)) !== JSON.stringify({ id: l.id, title: l.title, version: l.version })) failures.push(`${who}: lead ${l.code} changed`);
      const count = Number((await db.selectFrom('leads').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      if (count !== before) failures.push(`${who}: ${count - before} leads created`);
    }
    expect(failures).toEqual([]);
  });
});
