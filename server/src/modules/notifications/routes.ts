import { z } from 'zod';
import { translate, type MessageKey } from '../../platform/i18n/index.js';
import { actorOf, idParams, noContent, type App, type Services } from '../../platform/http.js';
import { inbox, readNotifications } from './service.js';

const TITLE: Record<string, (params: Record<string, string | number>) => MessageKey> = {
  'dispatch-reminder': () => 'NOTICE_DISPATCH_REMINDER',
  'dispatch-late-request': () => 'NOTICE_DISPATCH_LATE_REQUEST',
  'dispatch-late-decided': (p) => (p.decision === 'approved' ? 'NOTICE_DISPATCH_LATE_APPROVED' : 'NOTICE_DISPATCH_LATE_REFUSED'),
  'ranking-published': () => 'NOTICE_RANKING_PUBLISHED',
  'problem-raised': () => 'NOTICE_PROBLEM_RAISED',
  'problem-assigned': () => 'NOTICE_PROBLEM_ASSIGNED',
  'problem-answered': () => 'NOTICE_PROBLEM_ANSWERED',
  'problem-returned': () => 'NOTICE_PROBLEM_RETURNED',
  'problem-reminder': () => 'NOTICE_PROBLEM_REMINDER',
  'problem-escalated': () => 'NOTICE_PROBLEM_ESCALATED',
  'evidence-submitted': () => 'NOTICE_EVIDENCE_SUBMITTED',
  'problem-bank-reply': () => 'NOTICE_PROBLEM_BANK_REPLY',
  'evidence-decided': (p) => (p.decision === 'confirmed' ? 'NOTICE_EVIDENCE_CONFIRMED' : 'NOTICE_EVIDENCE_REJECTED'),
};

const notificationSchema = z.object({ id: z.number(), kind: z.string(), title: z.string(), link: z.string().nullable(), createdAt: z.string(), read: z.boolean() });

/** Every signed-in user's own inbox: nobody reads or marks another's. */
export async function notificationRoutes(app: App) {
  const gj: Services = app.gj;
  app.get(
    '/api/notifications',
    { config: { auth: {} }, schema: { tags: ['notifications'], summary: 'My notifications, newest first (the last 50), and my unread count', querystring: z.object({ unread: z.enum(['true', 'false']).optional() }), response: { 200: z.object({ items: z.array(notificationSchema), unread: z.number() }) } } },
    async (request) => {
      const { items, unread } = await inbox(gj.db, actorOf(request).userId, request.query.unread === 'true', 50);
      return {
        items: items.map((n) => {
          const params = JSON.parse(n.params) as Record<string, string | number>;
          return { id: n.id, kind: n.kind, title: translate(request.ctx.lang, TITLE[n.kind]?.(params) ?? 'NOT_FOUND', params), link: n.link, createdAt: new Date(n.created_at).toISOString(), read: n.read_at !== null };
        }),
        unread,
      };
    },
  );
  app.post(
    '/api/notifications/:id/read',
    { config: { auth: {} }, schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: idParams, response: { 204: z.null() } } },
    async (request, reply) => {
      actorOf(request);
      await readNotifications(gj, request.ctx, request.params.id);
      request.audited = true;
      return noContent(reply);
    },
  );
  app.post(
    '/api/notifications/read-all',
    { config: { auth: {} }, schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: { 204: z.null() } } },
    async (request, reply) => {
      actorOf(request);
      await readNotifications(gj, request.ctx, 'all');
      request.audited = true;
      return noContent(reply);
    },
  );
}
