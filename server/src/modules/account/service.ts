import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RequestContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { Services } from '../../platform/http.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../../platform/password.js';
import { revokeUserSessions } from '../../platform/sessions.js';
import { loadSettings } from '../../platform/settings.js';
import { matchTotpStep, newTotpSecret, totpUri } from '../auth/index.js';
import { revokeOwnSessionRow, secondFactorOf, writeSecondFactor } from './repo.js';
import { assertMayDisableMfa } from './policy.js';

/** Refuses a password that is one of the user's last N (argon2 hashes are salted: verify each). */
async function assertNotReused(db: Kysely<DB>, userId: number, password: string, count: number): Promise<void> {
  const recent = await db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId).orderBy('id', 'desc').limit(count).execute();
  for (const row of recent) {
    if (await verifyPassword(row.password_hash, password)) throw new AppError(400, 'PASSWORD_REUSED', { count });
  }
}

/**
 * Sets a new password after the policy and history checks. `forceChange` marks a password set by an
 * administrator: the user must replace it at the next login. Every other session of the user ends.
 */
export async function setPassword(
  gj: Services,
  trx: Transaction<DB>,
  ctx: RequestContext,
  user: { id: number; username: string },
  password: string,
  options: { forceChange: boolean; keepSessionId?: number; action: string; /** Who did it, when there is no session (the console). */ auditUsername?: string },
): Promise<void> {
  const settings = await loadSettings(trx);
  checkPasswordStrength(password, user.username);
  await assertNotReused(trx, user.id, password, settings.passwordHistoryCount);
  const now = gj.clock.now();
  const hash = await hashPassword(password);
  await trx
    .updateTable('users')
    .set({ password_hash: hash, password_changed_at: now.toISOString(), must_change_password: options.forceChange ? 1 : 0, updated_at: now.toISOString() })
    .where('id', '=', user.id)
    .execute();
  await trx.insertInto('password_history').values({ user_id: user.id, password_hash: hash, created_at: now.toISOString() }).execute();
  await revokeUserSessions(trx, user.id, now, options.keepSessionId);
  await gj.audit.append(trx, ctx, { action: options.action, objectType: 'user', objectId: user.id, ...(options.auditUsername ? { username: options.auditUsername } : {}), detail: { password_hash: 'changed', forceChange: options.forceChange } });
}

export async function changeOwnPassword(gj: Services, ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
  const actor = ctx.actor!;
  const user = await gj.db.selectFrom('users').select(['id', 'username', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, currentPassword))) throw new AppError(400, 'PASSWORD_CURRENT_WRONG');
  await gj.db.transaction().execute((trx) => setPassword(gj, trx, ctx, user, newPassword, { forceChange: false, keepSessionId: actor.sessionId, action: 'account.password-change' }));
}

/** Ends one of the caller's own sessions (never anybody else's). */
export async function endOwnSession(gj: Services, ctx: RequestContext, publicId: string): Promise<void> {
  const actor = ctx.actor!;
  await gj.db.transaction().execute(async (trx) => {
    if (!(await revokeOwnSessionRow(trx, actor.userId, publicId, gj.clock.now()))) throw new AppError(404, 'SESSION_NOT_FOUND');
    await gj.audit.append(trx, ctx, { action: 'account.session-revoke', objectType: 'session', objectId: publicId });
  });
}

/**
 * Starts enrolling a TOTP second factor: a new pending secret replaces any earlier pending one; an
 * enabled factor stays until turned off.
 */
export async function startMfaSetup(gj: Services, ctx: RequestContext): Promise<{ secret: string; otpauthUrl: string }> {
  const actor = ctx.actor!;
  const secret = newTotpSecret();
  await gj.db.transaction().execute(async (trx) => {
    if ((await secondFactorOf(trx, actor.userId)).totp_enabled) throw new AppError(400, 'MFA_ALREADY_ENABLED');
    await writeSecondFactor(trx, actor.userId, { totp_secret_enc: gj.cipher.encrypt(secret), totp_last_step: null });
    await gj.audit.append(trx, ctx, { action: 'account.mfa-setup', objectType: 'user', objectId: actor.userId });
  });
  return { secret, otpauthUrl: totpUri(secret, actor.username) };
}

export async function enableMfa(gj: Services, ctx: RequestContext, code: string): Promise<void> {
  const actor = ctx.actor!;
  await gj.db.transaction().execute(async (trx) => {
    const user = await secondFactorOf(trx, actor.userId);
    const secret = gj.cipher.decryptOptional(user.totp_secret_enc);
    if (!secret || user.totp_enabled) throw new AppError(400, 'MFA_NOT_SET_UP');
    const step = matchTotpStep(secret, code, gj.clock.now());
    if (step === null) throw new AppError(400, 'MFA_CODE_INVALID');
    await writeSecondFactor(trx, actor.userId, { totp_enabled: 1, totp_last_step: step, updated_at: gj.clock.now().toISOString() });
    await gj.audit.append(trx, ctx, { action: 'account.mfa-enable', objectType: 'user', objectId: actor.userId, detail: { totp_enabled: { from: 0, to: 1 } } });
  });
}

/** Turns the second factor off with the password; administrators must keep it outside the demo. */
export async function disableMfa(gj: Services, ctx: RequestContext, password: string): Promise<void> {
  const actor = ctx.actor!;
  assertMayDisableMfa(actor, gj.config.demo);
  await gj.db.transaction().execute(async (trx) => {
    const user = await secondFactorOf(trx, actor.userId);
    if (!(await verifyPassword(user.password_hash, password))) throw new AppError(400, 'PASSWORD_CURRENT_WRONG');
    await writeSecondFactor(trx, actor.userId, { totp_enabled: 0, totp_secret_enc: null, totp_last_step: null, updated_at: gj.clock.now().toISOString() });
    await gj.audit.append(trx, ctx, { action: 'account.mfa-disable', objectType: 'user', objectId: actor.userId, detail: { totp_enabled: { from: 1, to: 0 } } });
  });
}
