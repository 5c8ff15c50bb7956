import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isForeignKeyViolation } from '../../db/portable.js';
import { diffRows } from '../../platform/audit.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { deleteUnitRow, findUnit, insertUnit, moveSubtree, unitCodeTaken, unitInUse, updateUnitRow, type UnitRow } from './repo.js';
import { assertNotRoot, assertUsableParent } from './policy.js';
import type { CreateUnitBody, UpdateUnitBody } from './schema.js';

/* The one write path for the organisation tree: validate, write, audit, in one transaction each. */

async function loadForWrite(trx: Transaction<DB>, id: number): Promise<UnitRow> {
  const unit = await findUnit(trx, id);
  if (!unit) throw notFound();
  return unit;
}

export async function createUnit(gj: Services, ctx: RequestContext, body: CreateUnitBody): Promise<UnitRow> {
  return gj.db.transaction().execute(async (trx) => {
    assertUsableParent(await findUnit(trx, body.parentId));
    if (await unitCodeTaken(trx, body.code)) throw new AppError(409, 'UNIT_CODE_TAKEN', { code: body.code });
    const row = await insertUnit(trx, { code: body.code, name: body.name, kind: body.kind, parentId: body.parentId, sortOrder: body.sortOrder }, gj.clock.now());
    await gj.audit.append(trx, ctx, { action: 'unit.create', objectType: 'unit', objectId: row.id, detail: diffRows(null, row) });
    return row;
  });
}

export async function updateUnit(gj: Services, ctx: RequestContext, id: number, change: UpdateUnitBody): Promise<UnitRow> {
  return gj.db.transaction().execute(async (trx) => {
    const before = await loadForWrite(trx, id);
    if (change.code && change.code !== before.code && (await unitCodeTaken(trx, change.code))) throw new AppError(409, 'UNIT_CODE_TAKEN', { code: change.code });
    await updateUnitRow(trx, before.id, { code: change.code ?? before.code, name: change.name ?? before.name, kind: change.kind ?? before.kind, sort_order: change.sortOrder ?? before.sort_order, updated_at: gj.clock.now().toISOString() });
    const after = await loadForWrite(trx, before.id);
    await gj.audit.append(trx, ctx, { action: 'unit.update', objectType: 'unit', objectId: before.id, detail: diffRows(before, after) });
    return after;
  });
}

export async function moveUnit(gj: Services, ctx: RequestContext, id: number, parentId: number): Promise<UnitRow> {
  return gj.db.transaction().execute(async (trx) => {
    const unit = await loadForWrite(trx, id);
    assertNotRoot(unit);
    const parent = await findUnit(trx, parentId);
    assertUsableParent(parent, unit);
    await moveSubtree(trx, unit, parent, gj.clock.now());
    const after = await loadForWrite(trx, unit.id);
    await gj.audit.append(trx, ctx, { action: 'unit.move', objectType: 'unit', objectId: unit.id, detail: diffRows(unit, after) });
    return after;
  });
}

export async function setUnitDisabled(gj: Services, ctx: RequestContext, id: number, disabled: boolean): Promise<UnitRow> {
  return gj.db.transaction().execute(async (trx) => {
    const unit = await loadForWrite(trx, id);
    assertNotRoot(unit);
    await updateUnitRow(trx, unit.id, { disabled: disabled ? 1 : 0, updated_at: gj.clock.now().toISOString() });
    const after = await loadForWrite(trx, unit.id);
    await gj.audit.append(trx, ctx, { action: disabled ? 'unit.disable' : 'unit.enable', objectType: 'unit', objectId: unit.id, detail: diffRows(unit, after) });
    return after;
  });
}

export async function deleteUnit(gj: Services, ctx: RequestContext, id: number): Promise<void> {
  await gj.db.transaction().execute(async (trx) => {
    const unit = await loadForWrite(trx, id);
    assertNotRoot(unit);
    if (await unitInUse(trx, unit.id)) throw new AppError(409, 'UNIT_IN_USE', { name: unit.name });
    // Projects, leads, reports, targets… point at units too: what the check above does not list,
    // the database refuses, and that is the same answer.
    try {
      await deleteUnitRow(trx, unit.id);
    } catch (err) {
      if (isForeignKeyViolation(err)) throw new AppError(409, 'UNIT_IN_USE', { name: unit.name });
      throw err;
    }
    await gj.audit.append(trx, ctx, { action: 'unit.delete', objectType: 'unit', objectId: unit.id, detail: diffRows(unit, null) });
  });
}
