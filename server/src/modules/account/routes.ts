import QRCode from 'qrcode';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { actorOf, errorBody, noContent, type App } from '../../platform/http.js';
import { verifyPassword } from '../../platform/password.js';
import { matchTotpStep, newTotpSecret, totpUri } from '../auth/index.js';
import { changeOwnPassword } from './service.js';

export async function accountRoutes(app: App) {
  const gj = app.gj;

  app.post(
    '/api/account/password',
    {
      config: { auth: { duringForcedChange: true } },
      schema: {
        tags: ['account'],
        summary: 'Change my password (ends my other sessions)',
        body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }),
        response: { 204: z.null(), 400: errorBody },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(gj, request.ctx, request.body.currentPassword, request.body.newPassword);
      request.audited = true;
      return noContent(reply);
    },
  );

  app.get(
    '/api/account/sessions',
    {
      config: { auth: {} },
      schema: {
        tags: ['account'],
        summary: 'My active sessions',
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: z.string(), lastSeenAt: z.string(), current: z.boolean() })) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await gj.db
        .selectFrom('sessions')
        .select(['id', 'public_id', 'ip', 'user_agent', 'created_at', 'last_seen_at'])
        .where('user_id', '=', actor.userId)
        .where('revoked_at', 'is', null)
        .orderBy('last_seen_at', 'desc')
        .limit(50)
        .execute();
      return {
        items: rows.map((r) => ({ id: r.public_id, ip: r.ip, userAgent: r.user_agent, createdAt: r.created_at, lastSeenAt: r.last_seen_at, current: r.id === actor.sessionId })),
      };
    },
  );

  app.delete(
    '/api/account/sessions/:sessionId',
    {
      config: { auth: {} },
      schema: { tags: ['account'], summary: 'End one of my sessions', params: z.object({ sessionId: z.string().min(4).max(40) }), response: { 204: z.null(), 404: errorBody } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await gj.db.transaction().execute(async (trx) => {
        const result = await trx
          .updateTable('sessions')
          .set({ revoked_at: gj.clock.now().toISOString() })
          .where('public_id', '=', request.params.sessionId)
          .where('user_id', '=', actor.userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) throw new AppError(404, 'SESSION_NOT_FOUND');
        await gj.audit.append(trx, request.ctx, { action: 'account.session-revoke', objectType: 'session', objectId: request.params.sessionId });
      });
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/account/mfa/setup',
    {
      config: { auth: { duringForcedChange: true } },
      schema: {
        tags: ['account'],
        summary: 'Start enrolling a TOTP second factor: a new secret and its QR code',
        response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const secret = newTotpSecret();
      const otpauthUrl = totpUri(secret, actor.username);
      // A pending secret replaces any earlier pending one; an enabled factor stays until replaced by a confirmed one.
      await gj.db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').select(['totp_enabled']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
        if (user.totp_enabled) throw new AppError(400, 'MFA_ALREADY_ENABLED');
        await trx.updateTable('users').set({ totp_secret_enc: gj.cipher.encrypt(secret), totp_last_step: null }).where('id', '=', actor.userId).execute();
        await gj.audit.append(trx, request.ctx, { action: 'account.mfa-setup', objectType: 'user', objectId: actor.userId });
      });
      request.audited = true;
      return { secret, otpauthUrl, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 200 }) };
    },
  );

  app.post(
    '/api/account/mfa/enable',
    {
      config: { auth: { duringForcedChange: true } },
      schema: { tags: ['account'], summary: 'Confirm the second factor with a first code', body: z.object({ code: z.string().trim().length(6) }), response: { 204: z.null(), 400: errorBody } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await gj.db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').select(['totp_secret_enc', 'totp_enabled']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
        const secret = gj.cipher.decryptOptional(user.totp_secret_enc);
        if (!secret || user.totp_enabled) throw new AppError(400, 'MFA_NOT_SET_UP');
        const step = matchTotpStep(secret, request.body.code, gj.clock.now());
        if (step === null) throw new AppError(400, 'MFA_CODE_INVALID');
        await trx.updateTable('users').set({ totp_enabled: 1, totp_last_step: step, updated_at: gj.clock.now().toISOString() }).where('id', '=', actor.userId).execute();
        await gj.audit.append(trx, request.ctx, { action: 'account.mfa-enable', objectType: 'user', objectId: actor.userId, detail: { totp_enabled: { from: 0, to: 1 } } });
      });
      request.audited = true;
      return noContent(reply);
    },
  );

  app.post(
    '/api/account/mfa/disable',
    {
      config: { auth: {} },
      schema: { tags: ['account'], summary: 'Turn the second factor off (not for administrators outside the demo)', body: z.object({ password: z.string().min(1).max(128) }), response: { 204: z.null(), 400: errorBody } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.adminKind && !gj.config.demo) throw new AppError(400, 'MFA_REQUIRED_FOR_ADMIN');
      await gj.db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('users').select(['password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
        if (!(await verifyPassword(user.password_hash, request.body.password))) throw new AppError(400, 'PASSWORD_CURRENT_WRONG');
        await trx.updateTable('users').set({ totp_enabled: 0, totp_secret_enc: null, totp_last_step: null, updated_at: gj.clock.now().toISOString() }).where('id', '=', actor.userId).execute();
        await gj.audit.append(trx, request.ctx, { action: 'account.mfa-disable', objectType: 'user', objectId: actor.userId, detail: { totp_enabled: { from: 1, to: 0 } } });
      });
      request.audited = true;
      return noContent(reply);
    },
  );
}
