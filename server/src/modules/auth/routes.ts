import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf, errorBody, noContent, type App } from '../../platform/http.js';
import { SESSION_COOKIE, resolveSession } from '../../platform/sessions.js';
import { loadSettings } from '../../platform/settings.js';
import { AppError } from '../../platform/errors.js';
import { DEMO_ACCOUNTS } from '../../seed/demo-data.js';
import { meSchema, presentMe } from './presenter.js';
import { completeMfa, login, logout, type LoginOutcome } from './service.js';

const loginAnswer = z.union([
  z.object({ user: meSchema, csrfToken: z.string() }),
  z.object({ mfaRequired: z.literal(true), ticket: z.string() }),
]);

export async function authRoutes(app: App) {
  const gj = app.gj;

  /** Sets the cookie and answers with the user as the session sees it. */
  async function answer(outcome: LoginOutcome, reply: Pick<FastifyReply, 'setCookie'>) {
    if (outcome.kind === 'mfa') return { mfaRequired: true as const, ticket: outcome.ticket };
    reply.setCookie(SESSION_COOKIE, outcome.token, { httpOnly: true, sameSite: 'strict', secure: gj.config.https, path: '/' });
    const found = await resolveSession(gj.db, outcome.token, await loadSettings(gj.db), gj.clock.now(), gj.config.demo);
    if (found.kind !== 'ok') throw new AppError(401, 'UNAUTHENTICATED');
    return { user: presentMe(found.actor), csrfToken: outcome.csrfToken };
  }

  app.post(
    '/api/auth/login',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Password login; answers a session, or a ticket for the second factor',
        body: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(128) }),
        response: { 200: loginAnswer, 401: errorBody, 403: errorBody, 423: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      request.audited = true;
      return answer(await login(gj, request.ctx, request.body.username, request.body.password), reply);
    },
  );

  app.post(
    '/api/auth/mfa',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'Second factor: a TOTP code for the ticket of the password step',
        body: z.object({ ticket: z.string().min(10).max(100), code: z.string().trim().min(6).max(6) }),
        response: { 200: loginAnswer, 401: errorBody, 423: errorBody },
      },
    },
    async (request, reply) => {
      request.audited = true;
      return answer(await completeMfa(gj, request.ctx, request.body.ticket, request.body.code), reply);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { auth: { duringForcedChange: true } }, schema: { tags: ['auth'], summary: 'Ends this session' } },
    async (request, reply) => {
      await logout(gj, request.ctx);
      request.audited = true;
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return noContent(reply);
    },
  );

  app.get(
    '/api/auth/csrf',
    { config: { auth: { duringForcedChange: true } }, schema: { tags: ['auth'], summary: "This session's CSRF token", response: { 200: z.object({ csrfToken: z.string() }) } } },
    async (request) => ({ csrfToken: actorOf(request).csrfToken }),
  );

  app.get(
    '/api/me',
    { config: { auth: { duringForcedChange: true } }, schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: meSchema, 401: errorBody } } },
    async (request) => presentMe(actorOf(request)),
  );

  app.get(
    '/api/public/info',
    {
      config: { auth: { public: true } },
      schema: {
        tags: ['auth'],
        summary: 'What the login page shows: platform name, and in the demo the demo accounts',
        response: {
          200: z.object({
            platformName: z.string(),
            demo: z.boolean(),
            demoAccounts: z.array(z.object({ username: z.string(), displayName: z.string(), roleName: z.string(), roleNameEn: z.string(), unitName: z.string() })),
            demoPassword: z.string().nullable(),
          }),
        },
      },
    },
    async () => {
      const settings = await loadSettings(gj.db);
      const demo = gj.config.demo;
      return {
        platformName: settings.platformName,
        demo,
        demoAccounts: demo ? DEMO_ACCOUNTS.filter((a) => a.listed).map(({ username, displayName, roleName, roleNameEn, unitName }) => ({ username, displayName, roleName, roleNameEn, unitName })) : [],
        demoPassword: demo ? 'Gongjian@2026' : null,
      };
    },
  );
}
