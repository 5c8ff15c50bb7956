import type { Transaction } from 'kysely';
import { stageIndex, type Stage } from '../../../../common/projects.js';
import { isFilingPeriod, isMonth, monthOfDay, monthsOfQuarter, periodEnd, periodOrder, periodWords, quarterOfDay, quarterOfPeriod, reachedOn, type ReturnStage } from '../../../../common/returns.js';
import { inTransaction, isUniqueViolation, lockKeys, LOCK_VERSIONS } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { chinaDay } from '../../platform/china-time.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { wanToUnits } from '../../platform/money.js';
import { changeStage } from '../projects/index.js';
import { canCommit, canFileReturns, canReadReturns } from './policy.js';
import { commitmentOf, filedOf, projectHead, ruleOn } from './repo.js';
import { capacityEvidence, returnsEvidence, rollUp } from './rules.js';
import type { CommitmentInput, QuarterInput } from './schema.js';

export type ReturnsDeps = Pick<Services, 'db' | 'clock' | 'audit' | 'dialect'>;

const yuan = (wan: number | null | undefined) => (wan === null || wan === undefined ? null : wanToUnits(wan));

/**
 * Serialises, per project, every write that judges its figures (filing a period, new commitments,
 * deciding a proposal) on PostgreSQL; SQLite runs one transaction at a time. It keeps a quarter one
 * way (a month and its quarter filed at once would both pass the check). Taken first, before any
 * row lock or the audit chain's head, so two of these writes never wait on each other crosswise: a
 * filing holding the audit head while a decision held the proposal row it was about to replace was
 * a deadlock (503), hence per project rather than per quarter. An import takes all its projects'
 * keys at once (sorted, by this same function) before its first filing.
 */
export function lockReturns(trx: Transaction<DB>, gj: Pick<Services, 'dialect'>, projectIds: number[]): Promise<void> {
  return lockKeys(trx, gj.dialect, LOCK_VERSIONS, projectIds.map((id) => `returns:${id}`));
}

/**
 * A project's commitments from its contract, set as a whole by whoever may edit the project.
 * Versioned: the first write creates version 1; a later one names the version it started from,
 * and of two at once one wins (a conditional update) while the other is told to reload.
 */
export async function setCommitments(gj: ReturnsDeps, ctx: RequestContext, projectId: number, input: CommitmentInput): Promise<{ version: number }> {
  try {
    return await inTransaction(gj.db, async (trx) => {
      const p = await projectHead(trx, projectId);
      if (!p || !canReadReturns(ctx, p)) throw notFound();
      if (!canCommit(ctx, p)) throw new AppError(403, 'FORBIDDEN');
      await lockReturns(trx, gj, [projectId]);
      const before = await commitmentOf(trx, projectId);
      if ((before?.version ?? 0) !== input.version) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: before?.version ?? 0 });
      const values = {
        design_output_yuan: yuan(input.designOutputWan),
        capacity_year: input.capacityYear ?? null,
        capacity_output_yuan: yuan(input.capacityOutputWan),
        capacity_tax_yuan: yuan(input.capacityTaxWan),
        returns_year: input.returnsYear ?? null,
        returns_output_yuan: yuan(input.returnsOutputWan),
        returns_tax_yuan: yuan(input.returnsTaxWan),
        jobs: input.jobs ?? null,
        land_centimu: input.landMu === null || input.landMu === undefined ? null : Math.round(input.landMu * 100),
        version: input.version + 1,
        updated_by: ctx.actor?.userId ?? null,
        updated_at: gj.clock.now().toISOString(),
      };
      if (!before) await trx.insertInto('project_commitments').values({ project_id: projectId, ...values }).execute();
      else {
        const moved = await trx.updateTable('project_commitments').set(values).where('project_id', '=', projectId).where('version', '=', before.version).executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: before.version + 1 });
      }
      await gj.audit.append(trx, ctx, { action: 'returns.commitments', objectType: 'project', objectId: projectId, detail: { code: p.code, name: p.name, from: before ? { ...before, updated_at: undefined } : null, to: { ...input, version: undefined } } });
      // New commitments can make figures already filed prove a stage.
      await proposeFrom(trx, gj, projectId);
      return { version: input.version + 1 };
    });
  } catch (err) {
    // Two first writes at once: the second insert meets the first's key.
    if (isUniqueViolation(err)) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: 1 });
    throw err;
  }
}

/**
 * One period's figures of a producing project — a quarter's, or a month's where the unit files
 * monthly — filed by its host unit (or imported from the tax or statistics bureau's sheet). A
 * period not begun yet is refused; so is a month of a quarter filed whole, or a quarter some of
 * whose months were filed (a quarter is filed one way or the other). A period filed before is
 * corrected by naming the version it started from. Then the figures are judged: a stage they
 * prove (达产, 达效) is proposed to the unit, with the evidence.
 */
export async function filePeriod(gj: ReturnsDeps, ctx: RequestContext, projectId: number, period: string, input: QuarterInput, options: { trx?: Transaction<DB>; source?: 'filed' | 'import' } = {}): Promise<{ outcome: 'created' | 'updated' | 'unchanged'; version: number }> {
  if (!isFilingPeriod(period)) throw new AppError(400, 'RETURNS_PERIOD_BAD');
  const today = chinaDay(gj.clock.now());
  if (period > (isMonth(period) ? monthOfDay(today) : quarterOfDay(today))) throw new AppError(400, 'RETURNS_PERIOD_FUTURE', { period: periodWords(period, ctx.lang) });
  const quarter = quarterOfPeriod(period);
  const work = async (trx: Transaction<DB>) => {
    const p = await projectHead(trx, projectId);
    if (!p || !canReadReturns(ctx, p)) throw notFound();
    if (!canFileReturns(ctx, p.host_unit_id)) throw new AppError(403, 'FORBIDDEN');
    if (p.status === 'terminated') throw new AppError(400, 'PROJECT_TERMINATED');
    if (stageIndex(p.stage as Stage) < stageIndex('producing')) throw new AppError(400, 'RETURNS_NOT_PRODUCING');
    // The other way of filing the same quarter: a month and its quarter filed at once on PostgreSQL would both pass the check, so the project is locked first.
    await lockReturns(trx, gj, [projectId]);
    const otherWay = isMonth(period) ? [quarter] : monthsOfQuarter(quarter);
    const clash = await trx.selectFrom('project_returns').select('period').where('project_id', '=', projectId).where('period', 'in', otherWay).orderBy('period').executeTakeFirst();
    // Named as people name them, in the user's language (2026年二季度, May 2026), not by their codes.
    if (clash) throw new AppError(400, 'RETURNS_PERIOD_MIXED', { period: periodWords(period, ctx.lang), filed: periodWords(clash.period, ctx.lang) });
    const before = await trx.selectFrom('project_returns').selectAll().where('project_id', '=', projectId).where('period', '=', period).executeTakeFirst();
    const values = { output_yuan: wanToUnits(input.outputWan), tax_yuan: wanToUnits(input.taxWan), jobs: input.jobs ?? null };
    const at = gj.clock.now().toISOString();
    let outcome: 'created' | 'updated' | 'unchanged';
    let version: number;
    if (!before) {
      if (input.version !== undefined && input.version !== 0) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: 0 });
      await trx.insertInto('project_returns').values({ project_id: projectId, period, ...values, source: options.source ?? 'filed', version: 1, filed_by: ctx.actor?.userId ?? null, filed_at: at }).execute();
      outcome = 'created';
      version = 1;
    } else if (Number(before.output_yuan) === values.output_yuan && Number(before.tax_yuan) === values.tax_yuan && before.jobs === values.jobs) {
      return { outcome: 'unchanged' as const, version: before.version };
    } else {
      // A sheet corrects what it brings again; a person names the version they corrected.
      if (options.source !== 'import' && input.version !== before.version) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: before.version });
      const moved = await trx
        .updateTable('project_returns')
        .set({ ...values, source: options.source ?? 'filed', version: before.version + 1, filed_by: ctx.actor?.userId ?? null, filed_at: at })
        .where('id', '=', before.id)
        .where('version', '=', before.version)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: before.version + 1 });
      outcome = 'updated';
      version = before.version + 1;
    }
    await gj.audit.append(trx, ctx, {
      action: before ? 'returns.correct' : 'returns.file',
      objectType: 'project',
      objectId: projectId,
      detail: { code: p.code, period, source: options.source ?? 'filed', from: before ? { outputYuan: Number(before.output_yuan), taxYuan: Number(before.tax_yuan), jobs: before.jobs } : null, to: { outputYuan: values.output_yuan, taxYuan: values.tax_yuan, jobs: values.jobs } },
    });
    await proposeFrom(trx, gj, projectId);
    return { outcome, version };
  };
  try {
    return options.trx ? await work(options.trx) : await inTransaction(gj.db, work);
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(409, 'RETURNS_VERSION_CONFLICT', { current: 1 });
    throw err;
  }
}

/**
 * Judges a project's figures against its commitments by the rule in force, and proposes the next
 * stage they prove: 达产 for a producing project, then 达效. One open proposal at a time, kept
 * up to date with the figures (withdrawn when a correction falls below the mark); a stage the
 * unit dismissed is not proposed again on the same evidence, only on a later period's.
 */
export async function proposeFrom(trx: Transaction<DB>, gj: Pick<Services, 'clock'>, projectId: number): Promise<void> {
  const p = await projectHead(trx, projectId);
  if (!p || p.status === 'terminated') return;
  const c = await commitmentOf(trx, projectId);
  if (!c) return;
  // As filed (months where the unit files monthly), in time; and by quarter for 达产.
  const filed = ((await filedOf(trx, [projectId])).get(projectId) ?? []).sort((a, b) => periodOrder(a.period).localeCompare(periodOrder(b.period)));
  if (!filed.length) return;
  const quarters = rollUp(filed);
  const { version, rule } = await ruleOn(trx, periodEnd(filed[filed.length - 1]!.period));
  const commitment = { designOutputYuan: c.design_output_yuan === null ? null : Number(c.design_output_yuan), returnsTaxYuan: c.returns_tax_yuan === null ? null : Number(c.returns_tax_yuan), landCentimu: c.land_centimu };
  // A stage the unit dismissed is proposed again only on a later period's evidence.
  const dismissed = await trx.selectFrom('returns_proposals').select(['stage', 'period']).where('project_id', '=', projectId).where('state', '=', 'dismissed').execute();
  const after = (s: ReturnStage) => dismissed.filter((d) => d.stage === s).reduce((m, d) => (periodOrder(d.period) > m ? periodOrder(d.period) : m), '');
  let stage: ReturnStage | null = null;
  let evidence: unknown = null;
  let period = filed[filed.length - 1]!.period;
  // The earliest period at which it was proven: the stage's actual date is that period's end —
  // a quarter's for 达产 (judged on whole quarters), the month's or quarter's for 达效.
  if (p.stage === 'producing') {
    const from = after('capacity');
    for (const q of quarters.filter((x) => periodOrder(x.period) > from)) {
      const e = capacityEvidence(rule, commitment, quarters, q.period);
      if (e?.reached) {
        [stage, evidence, period] = ['capacity', e, q.period];
        break;
      }
    }
  }
  if (!stage && (p.stage === 'producing' || p.stage === 'capacity')) {
    const from = after('returns');
    // 达效 is not dated before 达产: a monthly filer's tax can reach the year's commitment in a month
    // before the quarter that proved 达产 ended, so only periods ending on or after 达产's date count.
    const capacityOn = p.stage === 'capacity' ? ((await trx.selectFrom('project_stages').select('actual_date').where('project_id', '=', projectId).where('stage', '=', 'capacity').executeTakeFirst())?.actual_date ?? '') : '';
    for (const f of filed.filter((x) => periodOrder(x.period) > from && periodEnd(x.period) >= capacityOn)) {
      const e = returnsEvidence(commitment, filed, f.period);
      if (e?.reached) {
        [stage, evidence, period] = ['returns', e, f.period];
        break;
      }
    }
  }
  const at = gj.clock.now().toISOString();
  // Figures corrected below the mark withdraw what they had proposed.
  if (!stage) {
    await trx.deleteFrom('returns_proposals').where('project_id', '=', projectId).where('state', '=', 'proposed').execute();
    return;
  }
  await trx.deleteFrom('returns_proposals').where('project_id', '=', projectId).where('state', '=', 'proposed').where('stage', '!=', stage).execute();
  const current = await trx.selectFrom('returns_proposals').select('id').where('project_id', '=', projectId).where('stage', '=', stage).where('state', '=', 'proposed').executeTakeFirst();
  if (current) {
    await trx.updateTable('returns_proposals').set({ period, evidence: JSON.stringify(evidence), rule_version: version }).where('id', '=', current.id).where('state', '=', 'proposed').execute();
    return;
  }
  await trx.insertInto('returns_proposals').values({ project_id: projectId, stage, period, evidence: JSON.stringify(evidence), rule_version: version, state: 'proposed', proposed_at: at, decided_by: null, decided_at: null, decision_reason: null }).execute();
}

/**
 * The unit decides a proposed stage: confirmed, the project moves to it with the period's end as
 * its actual date — today, while the period is not over (`reachedOn`) — (the project's own stage
 * rule and version apply, in the same transaction); dismissed, with a reason. Two decisions at
 * once: one wins, the other is told it is decided.
 */
export async function decideProposal(gj: ReturnsDeps, ctx: RequestContext, proposalId: number, input: { decision: 'confirm' | 'dismiss'; reason?: string; projectVersion?: number }): Promise<void> {
  await inTransaction(gj.db, async (trx) => {
    const seen = await trx.selectFrom('returns_proposals').select('project_id').where('id', '=', proposalId).executeTakeFirst();
    if (!seen) throw notFound();
    const p = await projectHead(trx, seen.project_id);
    if (!p || !canReadReturns(ctx, p)) throw notFound();
    if (!canFileReturns(ctx, p.host_unit_id)) throw new AppError(403, 'FORBIDDEN');
    if (input.decision === 'dismiss' && !input.reason?.trim()) throw new AppError(400, 'RETURNS_REASON_REQUIRED');
    await lockReturns(trx, gj, [p.id]);
    // Read again under the lock: a filing that ran meanwhile may have moved the proposal to another period, or withdrawn it.
    const proposal = await trx.selectFrom('returns_proposals').selectAll().where('id', '=', proposalId).executeTakeFirst();
    if (!proposal) throw new AppError(409, 'RETURNS_PROPOSAL_DECIDED');
    const decided = await trx
      .updateTable('returns_proposals')
      .set({ state: input.decision === 'confirm' ? 'confirmed' : 'dismissed', decided_by: ctx.actor?.userId ?? null, decided_at: gj.clock.now().toISOString(), decision_reason: input.reason?.trim() || null })
      .where('id', '=', proposalId)
      .where('state', '=', 'proposed')
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) !== 1) throw new AppError(409, 'RETURNS_PROPOSAL_DECIDED');
    if (input.decision === 'confirm') {
      await changeStage({ ...gj, db: trx }, ctx, p.id, { stage: proposal.stage as Stage, actualDate: reachedOn(proposal.period, chinaDay(gj.clock.now())), version: input.projectVersion ?? p.version });
    }
    await gj.audit.append(trx, ctx, { action: input.decision === 'confirm' ? 'returns.confirm' : 'returns.dismiss', objectType: 'project', objectId: p.id, detail: { code: p.code, stage: proposal.stage, period: proposal.period, ruleVersion: proposal.rule_version, reason: input.reason ?? null } });
    // Confirming 达产 may make the figures prove 达效 next.
    if (input.decision === 'confirm') await proposeFrom(trx, gj, p.id);
  });
}
