import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { scopeAllowsUnit } from '../../platform/scope.js';
import type { ProblemStatus } from '../../../../common/problems.js';

/**
 * Who may see and do what to a problem. A problem is read by:
 *  - a user whose data scope covers its answerable unit (`unit_id`: the project's host, else the
 *    raiser's unit or the enterprise's serving unit) — the district and its streets;
 *  - a user of a department that handles it (lead or co-handling), while and after it does;
 *  - an enterprise contact (scope `self`) of the enterprise it concerns — its own, nothing else;
 *  - a city-wide reader (leaders, the commission), and whoever raised it.
 * Everyone else gets 404, never 403: the problem does not exist for them.
 */
export interface ProblemRecord {
  id: number;
  unit_id: number;
  raised_by: number;
  raiser_unit_id: number;
  enterprise_id: number | null;
  lead_unit_id: number | null;
  status: string;
  /** Units handling it (lead and co-handling). */
  handlerUnitIds: number[];
}

/** The enterprise an enterprise contact speaks for (its contacts are users of the enterprise's own unit). */
export interface EnterpriseOfActor {
  id: number;
}

export function canReadProblem(actor: Actor, enterprise: EnterpriseOfActor | null, p: ProblemRecord): boolean {
  if (!actor.permissions.has('problem:read')) return false;
  const scope = actor.scope;
  if (scope.all || p.raised_by === actor.userId) return true;
  if (scopeAllowsUnit(scope, p.unit_id) || scopeAllowsUnit(scope, p.raiser_unit_id)) return true;
  if (p.handlerUnitIds.some((u) => scopeAllowsUnit(scope, u))) return true;
  return !!enterprise && p.enterprise_id === enterprise.id;
}

/** The WHERE of a scoped problem list: the same rule as `canReadProblem`, in SQL. */
export function problemReadable(eb: ExpressionBuilder<DB, 'problems'>, actor: Actor, enterprise: EnterpriseOfActor | null): Expression<SqlBool> {
  if (!actor.permissions.has('problem:read')) return sql<SqlBool>`1 = 0`;
  const scope = actor.scope;
  if (scope.all) return sql<SqlBool>`1 = 1`;
  const parts: Expression<SqlBool>[] = [eb('problems.raised_by', '=', actor.userId)];
  if (scope.unitIds.length) {
    parts.push(eb('problems.unit_id', 'in', scope.unitIds));
    parts.push(eb('problems.raiser_unit_id', 'in', scope.unitIds));
    parts.push(eb.exists(eb.selectFrom('problem_handlers as h').select('h.problem_id').whereRef('h.problem_id', '=', 'problems.id').where('h.unit_id', 'in', scope.unitIds)));
  }
  if (enterprise) parts.push(eb('problems.enterprise_id', '=', enterprise.id));
  return eb.or(parts);
}

/** 交办: the coordinating office (项目办) assigns, or reassigns while a department holds it. */
export function canAssign(actor: Actor, p: { status: string }): boolean {
  return actor.permissions.has('problem:assign') && (['raised', 'assigned', 'returned'] as ProblemStatus[]).includes(p.status as ProblemStatus);
}

/** 办理结果: a user of the lead department, while it holds the problem. */
export function canAnswer(actor: Actor, p: ProblemRecord): boolean {
  return actor.permissions.has('problem:handle') && p.lead_unit_id !== null && scopeAllowsUnit(actor.scope, p.lead_unit_id) && (p.status === 'assigned' || p.status === 'returned');
}

/**
 * 确认销号 or 退回: the raising side — the raiser, a contact of the enterprise it concerns, or a
 * colleague in the raiser's unit (the raiser may be on leave) — once the department has answered.
 */
export function canConfirm(actor: Actor, enterprise: EnterpriseOfActor | null, p: ProblemRecord): boolean {
  if (!actor.permissions.has('problem:write') || p.status !== 'answered') return false;
  if (p.raised_by === actor.userId) return true;
  if (enterprise) return p.enterprise_id === enterprise.id;
  return actor.unitId === p.raiser_unit_id;
}

/** Decisions of the leading group's meeting are recorded by the coordinating office. */
export function canDecide(actor: Actor, p: { status: string }): boolean {
  return actor.permissions.has('problem:assign') && p.status !== 'closed';
}

/** Evidence is added by anyone acting on the problem: the raising side, its handlers, the office. */
export function canAttach(actor: Actor, enterprise: EnterpriseOfActor | null, p: ProblemRecord): boolean {
  if (p.status === 'closed') return false;
  if (actor.permissions.has('problem:assign')) return true;
  if (actor.permissions.has('problem:handle') && p.handlerUnitIds.some((u) => scopeAllowsUnit(actor.scope, u))) return true;
  if (!actor.permissions.has('problem:write')) return false;
  if (p.raised_by === actor.userId) return true;
  if (enterprise) return p.enterprise_id === enterprise.id;
  return actor.unitId === p.raiser_unit_id || scopeAllowsUnit(actor.scope, p.unit_id);
}

/** The agenda and the department scorecard are the city's coordination papers, not an enterprise's. */
export function canReadCityPapers(actor: Actor): boolean {
  return actor.permissions.has('problem:read') && !actor.scope.self;
}

export function actionsFor(actor: Actor, enterprise: EnterpriseOfActor | null, p: ProblemRecord) {
  return { assign: canAssign(actor, p), answer: canAnswer(actor, p), confirm: canConfirm(actor, enterprise, p), decide: canDecide(actor, p), attach: canAttach(actor, enterprise, p) };
}
