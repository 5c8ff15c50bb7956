import { inTransaction, LOCK_VERSIONS, lockKeys } from '../../db/portable.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { unitsToWan, wanToUnits } from '../../platform/money.js';
import { enterpriseById } from '../enterprises/index.js';
import { bankChainIds } from '../key-enterprises/index.js';
import { canAssignChains, canReadBank, canWriteBank } from './policy.js';
import { bankUnit, creditLineById, listedChain, moveTotals } from './repo.js';
import type { CreditLineInput, MoveInput, PlanInput } from './schema.js';

type Deps = Pick<Services, 'db' | 'clock' | 'audit' | 'dialect'>;

const MAX_WAN = 100_000_000;
function units(wan: number): number {
  if (!(wan > 0) || wan > MAX_WAN) throw new AppError(400, 'CREDIT_AMOUNT_BAD', { value: wan });
  try {
    return wanToUnits(wan);
  } catch {
    throw new AppError(400, 'CREDIT_AMOUNT_BAD', { value: wan });
  }
}

/** The bank an actor records for: its own unit, which must be a bank. */
async function ownBank(gj: Deps, ctx: RequestContext) {
  const actor = ctx.actor!;
  const bank = await bankUnit(gj.db, actor.unitId);
  if (!bank || !canWriteBank(actor, bank.id)) throw new AppError(403, 'FORBIDDEN');
  return bank;
}

/**
 * A credit line (授信) a bank grants an enterprise. Only for an enterprise on the key list in force,
 * for the grant's year, of a chain the bank took that year (the chain given, or the first such).
 */
export async function grantCredit(gj: Deps, ctx: RequestContext, input: CreditLineInput): Promise<number> {
  const bank = await ownBank(gj, ctx);
  const amount = units(input.amountWan);
  const year = Number(input.grantedOn.slice(0, 4));
  return inTransaction(gj.db, async (trx) => {
    const enterprise = await enterpriseById(trx, input.enterpriseId);
    if (!enterprise) throw new AppError(403, 'CREDIT_NOT_ON_LIST', { year });
    const mine = await bankChainIds(trx, ctx.actor!.scope, year);
    const chainId = await listedChain(trx, enterprise.id, input.chainId ? mine.filter((c) => c === input.chainId) : mine, year);
    if (!chainId) throw new AppError(403, 'CREDIT_NOT_ON_LIST', { year });
    const at = gj.clock.now().toISOString();
    const row = await trx
      .insertInto('credit_lines')
      .values({ bank_unit_id: bank.id, enterprise_id: enterprise.id, chain_id: chainId, amount_yuan: amount, granted_on: input.grantedOn, term_months: input.termMonths ?? null, note: input.note ?? null, created_by: ctx.actor!.userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: 'credit.grant', objectType: 'credit_line', objectId: row.id, detail: { bank: bank.name, enterprise: enterprise.name, uscc: enterprise.uscc, chainId, amountWan: input.amountWan, grantedOn: input.grantedOn, termMonths: input.termMonths ?? null } });
    return row.id;
  });
}

/** Money drawn on, or repaid to, a credit line: never more drawn than granted, nor more repaid than drawn. */
export async function recordMove(gj: Deps, ctx: RequestContext, creditLineId: number, input: MoveInput): Promise<number> {
  const actor = ctx.actor!;
  const amount = units(input.amountWan);
  return inTransaction(gj.db, async (trx) => {
    const line = await creditLineById(trx, creditLineId);
    if (!line || !canReadBank(actor, line.bank_unit_id)) throw notFound();
    if (!canWriteBank(actor, line.bank_unit_id)) throw new AppError(403, 'FORBIDDEN');
    // Two moves on one line at once must both see the other's amount.
    await lockKeys(trx, gj.dialect, LOCK_VERSIONS, [`credit:${creditLineId}`]);
    const { drawn, repaid } = await moveTotals(trx, creditLineId);
    if (input.kind === 'drawn' && drawn + amount > Number(line.amount_yuan)) throw new AppError(400, 'CREDIT_OVERDRAWN', { drawn: unitsToWan(drawn + amount)!, amount: unitsToWan(line.amount_yuan)! });
    if (input.kind === 'repaid' && repaid + amount > drawn) throw new AppError(400, 'CREDIT_OVERREPAID', { repaid: unitsToWan(repaid + amount)!, drawn: unitsToWan(drawn)! });
    const at = gj.clock.now().toISOString();
    const row = await trx.insertInto('credit_moves').values({ credit_line_id: creditLineId, kind: input.kind, amount_yuan: amount, on_date: input.onDate, created_by: actor.userId, created_at: at }).returning('id').executeTakeFirstOrThrow();
    await gj.audit.append(trx, ctx, { action: `credit.${input.kind === 'drawn' ? 'draw' : 'repay'}`, objectType: 'credit_line', objectId: creditLineId, detail: { amountWan: input.amountWan, onDate: input.onDate, before: { drawnWan: unitsToWan(drawn), repaidWan: unitsToWan(repaid) } } });
    return row.id;
  });
}

/** Which chains a bank takes in a year (the regulator's assignment), replacing the year's set. */
export async function assignChains(gj: Deps, ctx: RequestContext, bankUnitId: number, year: number, chainIds: number[]): Promise<void> {
  if (!canAssignChains(ctx.actor!)) throw new AppError(403, 'FORBIDDEN');
  await inTransaction(gj.db, async (trx) => {
    const bank = await bankUnit(trx, bankUnitId);
    if (!bank) throw new AppError(400, 'BANK_NOT_FOUND');
    const known = await trx.selectFrom('chains').select('id').where('id', 'in', chainIds.length ? chainIds : [-1]).execute();
    if (known.length !== new Set(chainIds).size) throw new AppError(400, 'CHAIN_NOT_FOUND');
    const before = await trx.selectFrom('bank_chains').select('chain_id').where('bank_unit_id', '=', bankUnitId).where('year', '=', year).execute();
    await trx.deleteFrom('bank_chains').where('bank_unit_id', '=', bankUnitId).where('year', '=', year).execute();
    if (chainIds.length) await trx.insertInto('bank_chains').values([...new Set(chainIds)].map((chain_id) => ({ bank_unit_id: bankUnitId, chain_id, year }))).execute();
    await gj.audit.append(trx, ctx, { action: 'bank.assign-chains', objectType: 'unit', objectId: bankUnitId, detail: { year, from: before.map((b) => b.chain_id), to: [...new Set(chainIds)] } });
  });
}

/** 一链一方案 (no enterprise) or 一企一策 (for an enterprise on the chain's list): the bank's own plan of a year. */
export async function savePlan(gj: Deps, ctx: RequestContext, input: PlanInput): Promise<number> {
  const bank = await ownBank(gj, ctx);
  return inTransaction(gj.db, async (trx) => {
    const mine = await bankChainIds(trx, ctx.actor!.scope, input.year);
    if (!mine.includes(input.chainId)) throw notFound();
    if (input.enterpriseId && !(await listedChain(trx, input.enterpriseId, [input.chainId], input.year))) throw new AppError(403, 'CREDIT_NOT_ON_LIST', { year: input.year });
    const at = gj.clock.now().toISOString();
    const existing = await trx
      .selectFrom('bank_plans')
      .select(['id', 'text'])
      .where('bank_unit_id', '=', bank.id)
      .where('chain_id', '=', input.chainId)
      .where('year', '=', input.year)
      .where((eb) => (input.enterpriseId ? eb('enterprise_id', '=', input.enterpriseId) : eb('enterprise_id', 'is', null)))
      .executeTakeFirst();
    let id: number;
    if (existing) {
      await trx.updateTable('bank_plans').set({ text: input.text, updated_by: ctx.actor!.userId, updated_at: at }).where('id', '=', existing.id).execute();
      id = existing.id;
    } else {
      id = (await trx.insertInto('bank_plans').values({ bank_unit_id: bank.id, chain_id: input.chainId, year: input.year, enterprise_id: input.enterpriseId ?? null, text: input.text, updated_by: ctx.actor!.userId, updated_at: at }).returning('id').executeTakeFirstOrThrow()).id;
    }
    await gj.audit.append(trx, ctx, { action: 'bank.plan', objectType: 'bank_plan', objectId: id, detail: { chainId: input.chainId, year: input.year, enterpriseId: input.enterpriseId ?? null, from: existing?.text ?? null, to: input.text } });
    return id;
  });
}
