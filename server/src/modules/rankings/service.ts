import { sql, type Kysely, type Transaction } from 'kysely';
import { monthEnd } from '../../../../common/targets.js';
import { LOCK_VERSIONS, lockKeys } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { systemContext, type RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { loadSettings } from '../../platform/settings.js';
import { notify, usersWith } from '../notifications/index.js';
import { chinaToday } from '../dispatch/index.js';
import { currentWatermark, indicatorValues, loadIndicators, type Watermark } from '../targets/index.js';
import { assertWriteTargets } from '../targets/index.js';
import { targetsOfYear } from '../targets/index.js';
import { scoreUnits, type SchemeDefinition, type ScoredUnit } from './scoring.js';

export type RankingsDeps = Pick<Services, 'db' | 'audit' | 'clock' | 'dialect'>;
type Db = Kysely<DB> | Transaction<DB>;

export interface Scheme {
  id: number;
  code: string;
  version: number;
  name: string;
  nameEn: string;
  definition: SchemeDefinition;
}

export interface Ranking {
  year: number;
  asOf: string;
  scheme: Scheme;
  /** indicator code → version counted. */
  indicatorVersions: Record<string, number>;
  /** 序时进度 at the as-of date: months elapsed ÷ 12 (as the dispatch lights count it), percent. */
  timeProgress: number;
  items: ScoredUnit[];
}

/** The scheme in force at a date: the newest version of the default scheme valid from then. */
export async function schemeInForce(db: Db, asOf: string, id?: number): Promise<Scheme> {
  let q = db.selectFrom('scoring_schemes').selectAll();
  q = id !== undefined ? q.where('id', '=', id) : q.where('code', '=', 'default').where('valid_from', '<=', asOf).orderBy('version', 'desc').limit(1);
  const row = await q.executeTakeFirst();
  if (!row) throw new Error('no scoring scheme in force');
  return { id: row.id, code: row.code, version: row.version, name: row.name, nameEn: row.name_en, definition: JSON.parse(row.definition) as SchemeDefinition };
}

/** 序时进度 at a date (domain.md): by month m, m/12 of the year, percent with one decimal. */
export function timeProgressAt(asOf: string): number {
  return Math.round((Number(asOf.slice(5, 7)) / 12) * 1000) / 10;
}

/**
 * Scores the units that have targets in a year, from the ledger as it stands (`watermark` null)
 * or as it stood at a watermark with the scheme and indicator versions a published ranking used.
 */
export async function computeRanking(
  db: Db,
  input: { year: number; asOf: string; watermark: Watermark | null; schemeId?: number; indicatorVersions?: Record<string, number>; alsoFor?: { id: number; path: string }[]; alsoIndicators?: string[] },
): Promise<Ranking & { alsoValues?: Awaited<ReturnType<typeof indicatorValues>> }> {
  const targets = await targetsOfYear(db, input.year, input.watermark?.targets ?? null);
  if (!targets.length) throw new AppError(404, 'RANKING_NO_TARGETS', { year: input.year });
  const scheme = await schemeInForce(db, input.asOf, input.schemeId);
  const used = new Set([...Object.keys(scheme.definition.weights), ...scheme.definition.bonuses.map((b) => b.indicator), ...scheme.definition.deductions.map((d) => d.indicator), ...targets.map((t) => t.indicatorCode)]);
  const loaded = await loadIndicators(db, input.indicatorVersions, input.asOf);
  const indicators = loaded.filter((i) => used.has(i.code));
  // Indicators asked for besides the scheme's (the dashboard shows every area indicator): in the same pass, not scored.
  const extra = loaded.filter((i) => !used.has(i.code) && input.alsoIndicators?.includes(i.code));
  const units = new Map<number, { id: number; name: string; path: string; targets: Record<string, number> }>();
  for (const t of targets) {
    const unit = units.get(t.unitId) ?? { id: t.unitId, name: t.unitName, path: t.unitPath, targets: {} };
    unit.targets[t.indicatorCode] = Number(t.value);
    units.set(t.unitId, unit);
  }
  // Units asked for besides the ranked ones (the dashboard's) are counted in the same pass.
  const values = await indicatorValues(db, { indicators: [...indicators, ...extra], year: input.year, asOf: input.asOf, units: [...units.values(), ...(input.alsoFor ?? [])], watermark: input.watermark });
  const items = scoreUnits(
    [...units.values()].map((u) => ({
      unitId: u.id,
      unitName: u.name,
      order: u.path,
      targets: u.targets,
      values: Object.fromEntries(indicators.map((i) => [i.code, values.get(u.id)?.get(i.code)?.value ?? null])),
    })),
    scheme.definition,
  );
  return { year: input.year, asOf: input.asOf, scheme, indicatorVersions: Object.fromEntries(indicators.map((i) => [i.code, i.version])), timeProgress: timeProgressAt(input.asOf), items, ...(input.alsoFor ? { alsoValues: values } : {}) };
}

/** A live ranking's as-of date must fall in its year and not after today (China time). */
export function assertAsOf(year: number, asOf: string, today: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)) || Number(asOf.slice(0, 4)) !== year || asOf > today) throw new AppError(400, 'RANKING_AS_OF_BAD');
}

/** A month can be published once it has ended. */
export function assertPublishable(period: string, today: string): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period) || period >= today.slice(0, 7)) throw new AppError(400, 'RANKING_PERIOD_BAD');
}

export interface PublishedRanking {
  id: number;
  period: string;
  version: number;
  ranking: Ranking;
  watermark: Watermark;
  publishedAt: string;
}

/**
 * Publishes a month's 赛马榜, frozen: the items, the scheme and indicator versions and the
 * watermark of every history it read. On PostgreSQL the histories are locked against writers for
 * the moment of publishing, so no transaction still in flight holds an id under the watermark
 * (it would appear later and change a recomputation). A republished month gets a new version.
 */
export async function publishRanking(gj: RankingsDeps, ctx: RequestContext, period: string, options: { trx?: Transaction<DB> } = {}): Promise<PublishedRanking> {
  assertWriteTargets(ctx);
  const now = gj.clock.now();
  assertPublishable(period, chinaToday(now));
  const year = Number(period.slice(0, 4));
  const asOf = monthEnd(period);
  const work = async (trx: Transaction<DB>) => {
    // One publisher of a period at a time: each reads the last version, then writes the next.
    await lockKeys(trx, gj.dialect, LOCK_VERSIONS, [`ranking:${period}`]);
    if (gj.dialect === 'postgres') {
      await sql`lock table project_history, project_stage_history, credit_history, dispatch_reports, target_versions, returns_history, land_history in share mode`.execute(trx);
    }
    const watermark = await currentWatermark(trx);
    const ranking = await computeRanking(trx, { year, asOf, watermark });
    const last = await trx.selectFrom('published_rankings').select((eb) => eb.fn.max<number>('version').as('v')).where('period', '=', period).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const publishedAt = now.toISOString();
    const row = await trx
      .insertInto('published_rankings')
      .values({ year, period, as_of: asOf, version, scheme_id: ranking.scheme.id, rule_version: Math.max(...(await loadIndicators(trx, ranking.indicatorVersions)).map((i) => i.ruleVersion)), indicator_versions: JSON.stringify(ranking.indicatorVersions), watermark: JSON.stringify(watermark), items: JSON.stringify(ranking.items), published_by: ctx.actor?.userId ?? null, published_at: publishedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'ranking.publish', objectType: 'ranking', objectId: row.id, detail: { period, version, asOf, scheme: `${ranking.scheme.code} v${ranking.scheme.version}`, top: ranking.items.slice(0, 3).map((i) => `${i.rank}. ${i.unitName} ${i.score}`) } });
    // Each ranked unit's people hear their place (once per period and version).
    for (const item of ranking.items) {
      const users = await usersWith(trx, 'target:read', [item.unitId]);
      await notify(trx, users, { kind: 'ranking-published', params: { period, unit: item.unitName, score: item.score, rank: item.rank }, link: `/rankings?period=${period}`, dedupKey: `ranking:${period}:${version}` }, publishedAt);
    }
    return { id: row.id, period, version, ranking, watermark, publishedAt };
  };
  return options.trx ? work(options.trx) : gj.db.transaction().execute(work);
}

export async function readPublished(db: Db, period: string, version?: number): Promise<PublishedRanking | null> {
  let q = db.selectFrom('published_rankings').selectAll().where('period', '=', period);
  q = version !== undefined ? q.where('version', '=', version) : q.orderBy('version', 'desc').limit(1);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  const scheme = await schemeInForce(db, row.as_of, row.scheme_id);
  return {
    id: row.id,
    period: row.period,
    version: row.version,
    watermark: JSON.parse(row.watermark) as Watermark,
    publishedAt: typeof row.published_at === 'string' ? row.published_at : new Date(row.published_at as unknown as string).toISOString(),
    ranking: { year: row.year, asOf: row.as_of, scheme, indicatorVersions: JSON.parse(row.indicator_versions) as Record<string, number>, timeProgress: timeProgressAt(row.as_of), items: JSON.parse(row.items) as ScoredUnit[] },
  };
}

/** Recomputes a published ranking from the data as it stood when it was published. */
export async function recomputePublished(db: Db, published: PublishedRanking): Promise<{ items: ScoredUnit[]; equal: boolean }> {
  const again = await computeRanking(db, { year: published.ranking.year, asOf: published.ranking.asOf, watermark: published.watermark, schemeId: published.ranking.scheme.id, indicatorVersions: published.ranking.indicatorVersions });
  return { items: again.items, equal: JSON.stringify(again.items) === JSON.stringify(published.ranking.items) };
}

/**
 * The monthly schedule: on the publish day (a setting) or after, the month before is published
 * if it has not been and the year has targets. Runs once across instances (the jobs table).
 */
export async function publishDueRanking(gj: RankingsDeps): Promise<{ published: string | null }> {
  const now = gj.clock.now();
  const today = chinaToday(now);
  const settings = await loadSettings(gj.db);
  if (Number(today.slice(8, 10)) < settings.rankingPublishDay) return { published: null };
  const [y, m] = today.split('-').map(Number);
  const prev = m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
  if (await gj.db.selectFrom('published_rankings').select('id').where('period', '=', prev).executeTakeFirst()) return { published: null };
  if (!(await targetsOfYear(gj.db, Number(prev.slice(0, 4)))).length) return { published: null };
  await publishRanking(gj, systemContext('system:ranking-schedule'), prev);
  return { published: prev };
}

/** Adds a version of the default scoring scheme (weights, bonuses, deductions), valid from a date. */
export async function addSchemeVersion(gj: RankingsDeps, ctx: RequestContext, input: { validFrom: string; definition: SchemeDefinition; name?: string; nameEn?: string }): Promise<number> {
  assertWriteTargets(ctx);
  const d = input.definition;
  const ok = d && d.method === 'efficacy' && d.weights && Object.values(d.weights).every((w) => typeof w === 'number' && w >= 0 && w <= 1000) && Array.isArray(d.bonuses) && Array.isArray(d.deductions);
  if (!ok || !/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom)) throw new AppError(400, 'SCHEME_BAD');
  return gj.db.transaction().execute(async (trx) => {
    await lockKeys(trx, gj.dialect, LOCK_VERSIONS, ['scheme:default']);
    const last = await trx.selectFrom('scoring_schemes').selectAll().where('code', '=', 'default').orderBy('version', 'desc').limit(1).executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('scoring_schemes')
      .values({ code: 'default', version: last.version + 1, name: input.name ?? last.name, name_en: input.nameEn ?? last.name_en, definition: JSON.stringify(d), valid_from: input.validFrom, created_by: ctx.actor?.userId ?? null, created_at: gj.clock.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'ranking.scheme', objectType: 'scoring_scheme', objectId: row.id, detail: { version: last.version + 1, validFrom: input.validFrom, definition: d } });
    return row.id;
  });
}

/**
 * A new version of the counting rules (e.g. 亿元以上 raised): every indicator gets a new version
 * counting by it, so what was published before keeps counting by the old one.
 */
export async function addCountingRules(gj: RankingsDeps, ctx: RequestContext, input: { validFrom: string; definition: { above100mYuan: number; above10mUsd: number; above1bYuan: number; above100mUsd: number } }): Promise<number> {
  assertWriteTargets(ctx);
  const d = input.definition;
  if (!d || ![d.above100mYuan, d.above10mUsd, d.above1bYuan, d.above100mUsd].every((v) => Number.isInteger(v) && v > 0) || !/^\d{4}-\d{2}-\d{2}$/.test(input.validFrom)) throw new AppError(400, 'RULES_BAD');
  return gj.db.transaction().execute(async (trx) => {
    await lockKeys(trx, gj.dialect, LOCK_VERSIONS, ['counting-rules']);
    const last = await trx.selectFrom('counting_rules').select((eb) => eb.fn.max<number>('version').as('v')).executeTakeFirstOrThrow();
    const version = Number(last.v) + 1;
    const now = gj.clock.now().toISOString();
    await trx.insertInto('counting_rules').values({ version, valid_from: input.validFrom, definition: JSON.stringify(d), created_by: ctx.actor?.userId ?? null, created_at: now }).execute();
    const indicators = await loadIndicators(trx);
    if (indicators.length) {
      await trx
        .insertInto('indicators')
        .values(indicators.map((i) => ({ code: i.code, version: i.version + 1, name: i.name, name_en: i.nameEn, unit: i.unit, definition: JSON.stringify(i.definition), rule_version: version, created_by: ctx.actor?.userId ?? null, created_at: now })))
        .execute();
    }
    await gj.audit.append(trx, ctx, { action: 'ranking.counting-rules', objectType: 'counting_rules', objectId: version, detail: { validFrom: input.validFrom, definition: d } });
    return version;
  });
}
