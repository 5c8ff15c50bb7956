import type { Insertable, Transaction } from 'kysely';
import type { IndicatorUnit } from '../../../../common/targets.js';
import { TARGET_UNIT_KINDS } from '../../../../common/targets.js';
import { inTransaction, LOCK_VERSIONS, lockKeys } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { loadIndicators } from './indicators.js';
import { assertWriteTargets, TARGET_LIMITS } from './policy.js';
import { targetsOfYear } from './repo.js';

export type TargetsDeps = Pick<Services, 'db' | 'audit' | 'clock' | 'dialect'>;
type Trx = Transaction<DB>;

export interface TargetInput {
  unitId: number;
  indicatorCode: string;
  /** In the indicator's unit (个, 万元, %); null withdraws the target. */
  value: number | null;
}

const DECIMALS: Record<IndicatorUnit, number> = { count: 2, wan: 4, percent: 2, wanPerMu: 2 };

/** A target value as exact decimal text, or the reason it is not one. */
export function targetText(unit: IndicatorUnit, value: number): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > TARGET_LIMITS[unit]) throw new AppError(400, 'TARGET_VALUE_BAD', { value: String(value) });
  const text = value.toFixed(DECIMALS[unit]).replace(/\.?0+$/, '');
  if (Number(text) !== value) throw new AppError(400, 'TARGET_VALUE_BAD', { value: String(value) });
  return text;
}

/**
 * Sets a year's targets (the one write path: the form, the sheet import, the console, the seed).
 * Each change is a new version — the old value stays, so a ranking published before the change
 * is recomputed against the targets it saw. Unchanged values write nothing. One audit entry.
 */
export async function setTargets(gj: TargetsDeps, ctx: RequestContext, year: number, inputs: TargetInput[], options: { trx?: Trx; source?: 'form' | 'import' | 'console' | 'seed' } = {}): Promise<{ changed: number }> {
  assertWriteTargets(ctx);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError(400, 'TARGET_YEAR_BAD');
  const work = async (trx: Trx) => {
    // Two writers of one year would both compare against the same value in force and both write.
    await lockKeys(trx, gj.dialect, LOCK_VERSIONS, [`targets:${year}`]);
    const indicators = new Map((await loadIndicators(trx)).map((i) => [i.code, i]));
    const unitIds = [...new Set(inputs.map((i) => i.unitId))];
    const units = new Map((await trx.selectFrom('units').select(['id', 'kind', 'name']).where('id', 'in', unitIds.length ? unitIds : [-1]).execute()).map((u) => [u.id, u]));
    const current = new Map((await targetsOfYear(trx, year)).map((t) => [`${t.unitId}:${t.indicatorCode}`, t.value]));
    const now = gj.clock.now().toISOString();
    const rows: Insertable<DB['target_versions']>[] = [];
    const changes: { unit: string; indicator: string; from: string | null; to: string | null }[] = [];
    const seen = new Set<string>();
    for (const input of inputs) {
      const unit = units.get(input.unitId);
      if (!unit || !(TARGET_UNIT_KINDS as readonly string[]).includes(unit.kind)) throw new AppError(400, 'TARGET_UNIT_BAD', { unit: String(input.unitId) });
      const indicator = indicators.get(input.indicatorCode);
      if (!indicator) throw new AppError(400, 'TARGET_INDICATOR_BAD', { indicator: input.indicatorCode });
      const key = `${input.unitId}:${input.indicatorCode}`;
      if (seen.has(key)) throw new AppError(400, 'TARGET_DUPLICATE', { unit: unit.name, indicator: indicator.name });
      seen.add(key);
      const text = input.value === null ? null : targetText(indicator.unit, input.value);
      const before = current.get(key) ?? null;
      if (before === text) continue;
      rows.push({ unit_id: input.unitId, year, indicator_code: input.indicatorCode, value: text, source: options.source ?? 'form', recorded_by: ctx.actor?.userId ?? null, recorded_at: now });
      changes.push({ unit: unit.name, indicator: input.indicatorCode, from: before, to: text });
    }
    if (!rows.length) return { changed: 0 };
    await trx.insertInto('target_versions').values(rows).execute();
    await gj.audit.append(trx, ctx, { action: 'target.set', objectType: 'target', objectId: year, detail: { year, source: options.source ?? 'form', changes } });
    return { changed: rows.length };
  };
  return options.trx ? work(options.trx) : inTransaction(gj.db, work);
}
