import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Agent, type TestApp } from '../../../test/harness.js';

/**
 * The city's parks and gap list read every producing project in scope: more of them than SQLite
 * binds parameters in one statement (32,766) must not turn into a list of bound ids (it answered
 * 500 — `too many SQL variables` — before the figures were read through the scope's query).
 */
let t: TestApp;
let leader: Agent;
const COPIES = 33_000;

beforeAll(async () => {
  t = await createTestApp();
  leader = await t.login('leader');
  const { id: _id, ...model } = await t.app.gj.db.selectFrom('projects').selectAll().orderBy('id').limit(1).executeTakeFirstOrThrow();
  const rows = Array.from({ length: COPIES }, (_, i) => ({ ...model, code: `SCALE${String(i).padStart(7, '0')}`, stage: 'producing', status: 'normal' }));
  const chunk = Math.floor(30_000 / Object.keys(model).length);
  for (let i = 0; i < rows.length; i += chunk) await t.app.gj.db.insertInto('projects').values(rows.slice(i, i + chunk)).execute();
}, 120_000);
afterAll(async () => t.close());

describe('a city of more producing projects than one statement binds', () => {
  it('ranks the parks and lists the gaps as the city', async () => {
    const parks = await leader.get('/api/returns/parks?period=2026-Q3');
    expect(parks.statusCode, parks.body).toBe(200);
    const gaps = await leader.get('/api/returns/gaps');
    expect(gaps.statusCode, gaps.body).toBe(200);
    expect(gaps.json().items.length).toBeLessThanOrEqual(20);
  });
});
