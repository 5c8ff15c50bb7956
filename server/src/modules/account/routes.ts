import QRCode from 'qrcode';
import { z } from 'zod';
import { actorOf, errorBody, noContent, type App } from '../../platform/http.js';
import { presentSession } from './presenter.js';
import { openSessionsOf } from './repo.js';
import { changePasswordBody, mfaCodeBody, mfaDisableBody, mfaSetupAnswer, sessionParams, sessionsAnswer } from './schema.js';
import { changeOwnPassword, disableMfa, enableMfa, endOwnSession, startMfaSetup } from './service.js';

export async function accountRoutes(app: App) {
  const gj = app.gj;

  app.post(
    '/api/account/password',
    { config: { auth: { duringForcedChange: true } }, schema: { tags: ['account'], summary: 'Change my password (ends my other sessions)', body: changePasswordBody, response: { 204: z.null(), 400: errorBody } } },
    async (request, reply) => {
      await changeOwnPassword(gj, request.ctx, request.body.currentPassword, request.body.newPassword);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get('/api/account/sessions', { config: { auth: {} }, schema: { tags: ['account'], summary: 'My active sessions', response: { 200: sessionsAnswer } } }, async (request) => {
    const actor = actorOf(request);
    return { items: (await openSessionsOf(gj.db, actor.userId)).map((row) => presentSession(row, actor.sessionId)) };
  });

  app.delete(
    '/api/account/sessions/:sessionId',
    { config: { auth: {} }, schema: { tags: ['account'], summary: 'End one of my sessions', params: sessionParams, response: { 204: z.null(), 404: errorBody } } },
    async (request, reply) => {
      await endOwnSession(gj, request.ctx, request.params.sessionId);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/account/mfa/setup',
    { config: { auth: { duringForcedChange: true } }, schema: { tags: ['account'], summary: 'Start enrolling a TOTP second factor: a new secret and its QR code', response: { 200: mfaSetupAnswer } } },
    async (request) => {
      const { secret, otpauthUrl } = await startMfaSetup(gj, request.ctx);
      request.audited = true;
      return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 200 }) };
    },
  );

  app.post(
    '/api/account/mfa/enable',
    { config: { auth: { duringForcedChange: true } }, schema: { tags: ['account'], summary: 'Confirm the second factor with a first code', body: mfaCodeBody, response: { 204: z.null(), 400: errorBody } } },
    async (request, reply) => {
      await enableMfa(gj, request.ctx, request.body.code);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/account/mfa/disable',
    { config: { auth: {} }, schema: { tags: ['account'], summary: 'Turn the second factor off (not for administrators outside the demo)', body: mfaDisableBody, response: { 204: z.null(), 400: errorBody } } },
    async (request, reply) => {
      await disableMfa(gj, request.ctx, request.body.password);
      request.audited = true;
      return noContent(reply);
    },
  );
}
