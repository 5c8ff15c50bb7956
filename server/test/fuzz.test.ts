import { generateSync } from 'json-schema-faker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/seed/prng.js';
import { createTestApp, type Agent, type TestApp } from './harness.js';

/**
 * Every route fuzzed from its own OpenAPI schema: requests generated from the declared params,
 * query and body (valid ones, and the same broken on purpose — wrong types, missing fields, huge
 * or hostile values, random files), sent as each kind of user. No answer may be a 500 or show
 * internals. `FUZZ_REQUESTS` sets the number per database (CI runs 2,000; the drill in
 * docs/reliability.md runs 10,000); `FUZZ_SEED` replays a run.
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);

/** Routes that end or change the fuzzer's own sessions and credentials: not fuzzed here (auth.test.ts and account tests cover them). */
const SKIP = [/^\/api\/auth\//, /^\/api\/account\//, /^\/healthz$/];
/** What an answer must never show: stacks, SQL, the engine's words. */
const INTERNALS = /(\bat \S+ \(|SQLITE_|syntax error|node_modules|kysely|relation "|violates|duplicate key|TypeError|ReferenceError|RangeError|Cannot read prop|undefined is not)/i;

/** A small deterministic generator (the seeds' mulberry32), so a failing run can be replayed by its seed. */
const rng = mulberry32;

type Schema = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema: Schema; required?: boolean }[];
  body: Schema | null;
  binary: boolean;
}

const HOSTILE: unknown[] = ['', ' ', "' or 1=1 --", '"; drop table projects; --', '../../etc/passwd', '%00', '\u0000', '𠀀'.repeat(50), 'x'.repeat(10_000), '<script>alert(1)</script>', '=cmd|/c calc!A1', -1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, 1.5, '1e3', 'NaN', 'Infinity', true, null, [], {}, [[[[[]]]]], { a: { b: { c: { d: {} } } } }, '2026-02-30', '9999-99-99', '2026-13'];

let t: TestApp;
let agents: Agent[];
let operations: Operation[];
const ids: Record<string, number[]> = {};

async function pool(table: 'projects' | 'leads' | 'users' | 'units' | 'roles' | 'chains' | 'lead_handoffs' | 'activities' | 'notifications' | 'saved_filters') {
  return (await t.app.gj.db.selectFrom(table).select('id').orderBy('id').limit(30).execute()).map((r) => r.id);
}

beforeAll(async () => {
  t = await createTestApp();
  agents = [];
  for (const username of ['fagai', 'shangwu', 'xinqu', 'gaoxin', 'admin', 'secadmin', 'auditor']) agents.push(await t.login(username));
  for (const table of ['projects', 'leads', 'users', 'units', 'roles', 'chains', 'lead_handoffs', 'activities', 'notifications', 'saved_filters'] as const) ids[table] = await pool(table);
  const doc = t.app.swagger() as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema: Schema }> } }>> };
  operations = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (SKIP.some((s) => s.test(path))) continue;
    for (const [method, op] of Object.entries(ops)) {
      const json = op.requestBody?.content?.['application/json']?.schema ?? null;
      // Uploads (imports, attachments, photos) declare no JSON body: they get files.
      const binary = !json && method === 'post' && /(import|attachments|photos)$/.test(path);
      operations.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], body: json, binary });
    }
  }
}, 120_000);
afterAll(async () => t.close());

function fake(schema: Schema, seed: number): unknown {
  try {
    return generateSync(schema as never, { seed, optionalsProbability: 0.6, maxDepth: 4 });
  } catch {
    return {};
  }
}

/** A path parameter: mostly a real id (so the route gets past 404), else anything. */
function paramValue(name: string, path: string, schema: Schema, r: () => number, seed: number): string {
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  if (r() < 0.2) return encodeURIComponent(String(pick(HOSTILE)));
  if (name === 'period') return pick(['2026-10', '2026-11', '2025-12', '2000-01', '2026-00']);
  if (name === 'year') return pick(['2026', '2025', '1999']);
  const table = /attachmentId|photoId/.test(name) ? null : name === 'sessionId' ? null : /lead-handoffs/.test(path) ? 'lead_handoffs' : /lead-conflicts/.test(path) ? 'leads' : /activities\/\{id\}/.test(path) ? 'activities' : /notifications/.test(path) ? 'notifications' : /saved-filters/.test(path) ? 'saved_filters' : /^\/api\/(projects|dispatch)/.test(path) || name === 'projectId' ? 'projects' : /^\/api\/leads/.test(path) ? 'leads' : /^\/api\/users/.test(path) ? 'users' : /^\/api\/units/.test(path) ? 'units' : /^\/api\/roles/.test(path) ? 'roles' : /^\/api\/chains/.test(path) ? 'chains' : null;
  if (table && ids[table]!.length && r() < 0.85) return String(pick(ids[table]!));
  return encodeURIComponent(String(fake(schema, seed) ?? '1'));
}

/** Breaks a valid value on purpose: a field of the wrong type, a field missing, a hostile value, or the whole body replaced. */
function mutate(value: unknown, r: () => number): unknown {
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  if (value === null || typeof value !== 'object' || r() < 0.15) return pick(HOSTILE);
  const copy: Record<string, unknown> = Array.isArray(value) ? { ...value } : { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const roll = r();
    if (keys.length && roll < 0.35) delete copy[pick(keys)];
    else if (keys.length && roll < 0.8) copy[pick(keys)] = pick(HOSTILE);
    else if (keys.length) copy[pick(keys)] = mutate(copy[pick(keys)], r);
    else copy[pick(['id', 'name', 'version', '__proto__', 'constructor'])] = pick(HOSTILE);
  }
  return Array.isArray(value) ? Object.values(copy) : copy;
}

function randomFile(r: () => number): { payload: Buffer; type: string } {
  const kinds = [
    () => ({ payload: Buffer.from(Array.from({ length: Math.floor(r() * 4000) }, () => Math.floor(r() * 256))), type: 'application/octet-stream' }),
    () => ({ payload: Buffer.from('504b0304140000000800' + '00'.repeat(40), 'hex'), type: 'application/octet-stream' }),
    () => ({ payload: Buffer.alloc(0), type: 'application/octet-stream' }),
    () => ({ payload: Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\u0003\u0004garbage\r\n--x--\r\n'), type: 'multipart/form-data; boundary=x' }),
    () => ({ payload: Buffer.from('not multipart at all'), type: 'multipart/form-data; boundary=zzz' }),
    () => ({ payload: Buffer.from('名称,金额\n项目,abc\n'), type: 'text/csv' }),
  ];
  return kinds[Math.floor(r() * kinds.length)]!();
}

describe('every route fuzzed from its schema', () => {
  it(`answers ${REQUESTS} generated requests without a 500 or internals`, async () => {
    const r = rng(SEED);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < REQUESTS; i++) {
      const op = operations[Math.floor(r() * operations.length)]!;
      let agent = agents[Math.floor(r() * agents.length)]!;
      const seed = SEED + i;
      let url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => paramValue(name, op.path, op.params.find((p) => p.name === name)?.schema ?? { type: 'string' }, r, seed));
      const queryParams = op.params.filter((p) => p.in === 'query');
      if (queryParams.length) {
        const schema = { type: 'object', properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema])), required: queryParams.filter((p) => p.required).map((p) => p.name) };
        let query = fake(schema, seed) as Record<string, unknown>;
        if (r() < 0.4) query = mutate(query, r) as Record<string, unknown>;
        if (query && typeof query === 'object' && !Array.isArray(query)) {
          const qs = new URLSearchParams();
          for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
          url += `?${qs}`;
        }
      }
      const headers: Record<string, string> = { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'accept-language': r() < 0.5 ? 'zh-CN' : 'en-US' };
      let payload: string | Buffer | undefined;
      let shown = '';
      if (op.binary) {
        const file = randomFile(r);
        payload = file.payload;
        headers['content-type'] = file.type;
        shown = `${file.type} ${file.payload.length} bytes`;
      } else if (op.body) {
        const valid = fake(op.body, seed);
        const body = r() < 0.5 ? valid : mutate(valid, r);
        payload = r() < 0.03 ? '{"unterminated": ' : JSON.stringify(body ?? null);
        headers['content-type'] = 'application/json';
        shown = payload.slice(0, 300);
      }
      let res;
      try {
        res = await t.app.inject({ method: op.method as 'GET', url, headers, payload });
      } catch (err) {
        // A streamed answer (an export) that broke off half-way.
        failures.push(`broken answer: ${op.method} ${url} as ${agent.username} (seed ${seed}) body ${shown} → ${(err as Error).message}`);
        continue;
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500 && res.statusCode !== 503) failures.push(`${res.statusCode} ${op.method} ${url} as ${agent.username} (seed ${seed}) body ${shown} → ${res.body.slice(0, 300)}`);
      else if ((res.headers['content-type'] ?? '').toString().includes('json') && INTERNALS.test(res.body)) failures.push(`internals: ${op.method} ${url} as ${agent.username} (seed ${seed}) → ${res.body.slice(0, 300)}`);
      // A fuzzed request may have ended a session (a disabled user, a revoked role): log in again, or drop that user.
      if (res.statusCode === 401) {
        try {
          agent = await t.login(agent.username);
          agents[agents.findIndex((a) => a.username === agent.username)] = agent;
        } catch {
          agents = agents.filter((a) => a.username !== agent.username);
          if (!agents.length) break;
        }
      }
    }
    console.log(`fuzz: ${REQUESTS} requests over ${operations.length} operations, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});
