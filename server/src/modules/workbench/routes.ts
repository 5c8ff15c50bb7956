import { z } from 'zod';
import type { Permission } from '../../../../common/permissions.js';
import { chinaToday } from '../dispatch/index.js';
import { translate, type MessageKey } from '../../platform/i18n/index.js';
import { actorOf, type App, type Services } from '../../platform/http.js';
import { enterpriseOfActor } from '../enterprises/index.js';
import { problemTodoCounts } from '../problems/index.js';
import { dispatchDue, latestLights, leadCounts, pendingLateRequests } from './repo.js';

const todoSchema = z.object({ kind: z.string(), count: z.number(), link: z.string(), title: z.string(), detail: z.string().nullable(), urgent: z.boolean() });
export const workbenchSchema = z.object({
  todos: z.array(todoSchema),
  figures: z.object({ lights: z.object({ period: z.string(), green: z.number(), yellow: z.number(), red: z.number() }).nullable() }),
});

/**
 * 工作台: each person's to-do list — reports due, lights of my projects, leads and hand-offs past
 * their deadlines, approvals waiting for me — each a link to the rows, within the person's scope
 * and permissions; and the figures of my units at a glance.
 */
export async function workbenchRoutes(app: App) {
  const gj: Services = app.gj;
  app.get(
    '/api/workbench',
    { config: { auth: {} }, schema: { tags: ['workbench'], summary: 'My to-do list and figures, within my scope and permissions', response: { 200: workbenchSchema } } },
    async (request) => {
      const actor = actorOf(request);
      const has = (p: Permission) => actor.permissions.has(p);
      const say = (key: MessageKey, params: Record<string, unknown> = {}) => translate(request.ctx.lang, key, params);
      const todos: z.infer<typeof todoSchema>[] = [];
      const now = gj.clock.now();
      const today = chinaToday(now);
      if (has('dispatch:write')) {
        for (const p of await dispatchDue(gj.db, actor.scope, today)) {
          if (!p.missing) continue;
          const locked = p.locked_at !== null || today > p.deadline;
          todos.push({
            kind: locked ? 'dispatch-late' : 'dispatch-due',
            count: p.missing,
            link: `/dispatch/reports?period=${p.period}&state=missing`,
            title: say(locked ? 'WORKBENCH_REPORTS_LATE' : 'WORKBENCH_REPORTS_DUE', { period: p.period }),
            detail: say(!locked ? 'WORKBENCH_REPORTS_DUE_DETAIL' : p.grantedUntil ? 'WORKBENCH_REPORTS_GRANTED_DETAIL' : 'WORKBENCH_REPORTS_LATE_DETAIL', { missing: p.missing, deadline: p.deadline, until: p.grantedUntil ?? '' }),
            urgent: !locked && p.deadline <= chinaToday(new Date(now.getTime() + 3 * 86_400_000)),
          });
        }
      }
      let lights = null;
      if (has('dispatch:read')) {
        lights = await latestLights(gj.db, actor.scope);
        if (lights?.red) todos.push({ kind: 'lights-red', count: lights.red, link: `/dispatch/warnings?period=${lights.period}&level=red`, title: say('WORKBENCH_RED_LIGHTS', { period: lights.period }), detail: null, urgent: true });
        if (lights?.yellow) todos.push({ kind: 'lights-yellow', count: lights.yellow, link: `/dispatch/warnings?period=${lights.period}&level=yellow`, title: say('WORKBENCH_YELLOW_LIGHTS', { period: lights.period }), detail: null, urgent: false });
      }
      if (has('dispatch:manage')) {
        const pending = await pendingLateRequests(gj.db);
        if (pending) todos.push({ kind: 'late-requests', count: pending, link: '/dispatch/board', title: say('WORKBENCH_LATE_REQUESTS'), detail: null, urgent: true });
      }
      if (has('lead:read')) {
        const leads = await leadCounts(gj.db, gj.dialect, actor.scope, now.toISOString());
        if (leads.overdue) todos.push({ kind: 'leads-overdue', count: leads.overdue, link: '/leads?overdue=true', title: say('WORKBENCH_LEADS_OVERDUE'), detail: null, urgent: true });
        if (has('lead:write') && leads.handoffs) todos.push({ kind: 'handoffs', count: leads.handoffs, link: '/leads/handoffs', title: say('WORKBENCH_HANDOFFS_WAITING'), detail: null, urgent: false });
        if (has('lead:arbitrate') && leads.conflicts) todos.push({ kind: 'conflicts', count: leads.conflicts, link: '/leads/conflicts', title: say('WORKBENCH_CONFLICTS_WAITING'), detail: null, urgent: true });
      }
      if (has('problem:assign') || has('problem:handle') || has('problem:write')) {
        const enterprise = await enterpriseOfActor(gj.db, actor);
        const p = await problemTodoCounts(gj.db, actor, enterprise?.id ?? null, today);
        if (p.toAssign) todos.push({ kind: 'problems-to-assign', count: p.toAssign, link: '/problems?status=raised', title: say('WORKBENCH_PROBLEMS_TO_ASSIGN'), detail: null, urgent: true });
        if (p.escalated) todos.push({ kind: 'problems-escalated', count: p.escalated, link: '/problems/agenda', title: say('WORKBENCH_PROBLEMS_ESCALATED'), detail: null, urgent: true });
        if (p.held) todos.push({ kind: 'problems-held', count: p.held, link: '/problems?handling=mine', title: say('WORKBENCH_PROBLEMS_HELD'), detail: p.heldOverdue ? say('WORKBENCH_PROBLEMS_HELD_OVERDUE', { overdue: p.heldOverdue }) : null, urgent: p.heldOverdue > 0 });
        if (p.toConfirm) todos.push({ kind: 'problems-to-confirm', count: p.toConfirm, link: enterprise ? '/portal' : '/problems?status=answered', title: say('WORKBENCH_PROBLEMS_TO_CONFIRM'), detail: null, urgent: false });
      }
      return { todos, figures: { lights } };
    },
  );
}
